"""Eight importing processes at once on PostgreSQL end exactly where one serial import ends.

Each round: a scratch database (tests/robustness/pg.py), eight worker processes (each its own Python,
django.setup() and connection) importing overlapping random subsets of the corpus in random orders —
the Siemens Multi and Continued series, GE mammography image pairs, radiography images, the Philips
dose image, and a synthetic mammography study whose RDSR races its own images — all released at one
moment. The end state (studies, summaries, objects, events with their doses, every table's size) must
equal a serial import of the same files, and no worker may report a refusal or a traceback.

``OPENREM_CONCURRENCY_ROUNDS`` (default 2) sets the number of rounds; docs/robustness.md has the figure
of a longer run.
"""

from __future__ import annotations

import os
import random
import subprocess
import sys
import time
from pathlib import Path

import pytest

from remapp.testing import dicom_builder as b
from remapp.testing import image_builder as ib

from . import pg

pytestmark = [pytest.mark.vendor, pytest.mark.skipif(pg.server_url() is None, reason=(
    "needs PostgreSQL: run with OPENREM_DATABASE_URL=postgres://... (SQLite serialises writers with a "
    "database lock; the multi-process test makes scratch databases on that server)"))]

WORKERS = 8
ROUNDS = int(os.environ.get("OPENREM_CONCURRENCY_ROUNDS", "2"))
VENDOR = {
    "rdsr": ["CT-RDSR-Siemens-Multi-1.dcm", "CT-RDSR-Siemens-Multi-2.dcm", "CT-RDSR-Siemens-Multi-3.dcm",
             "CT-RDSR-Siemens-Continued-1.dcm", "CT-RDSR-Siemens-Continued-2.dcm", "CT-RDSR-GEPixelMed.dcm",
             "RF-RDSR-Siemens-Zee.dcm", "RF-RDSR-Siemens-Zee_adjusted.dcm", "MG-RDSR-Hologic_2D.dcm"],
    "mg": ["MG-Im-GE_Seno_1_ForProcessing.dcm", "MG-Im-GE_Seno_1_ForPresentation.dcm",
           "MG-Im-GE_Seno_2_ForPresentation.dcm", "MG-Im-GE-SenDS-scaled.dcm"],
    "dx": ["DX-Im-GE_XR220-1.dcm", "DX-Im-GE_XR220-2.dcm", "DX-Im-GE_XR220-3.dcm",
           "DX-Im-Carestream_DR7500-1.dcm", "DX-Im-Carestream_DR7500-2.dcm"],
    "ctphilips": ["CT-SC-Philips_Brilliance16P.dcm"],
}


def synthetic_race(folder: Path) -> list[str]:
    """A mammography study sent both ways: its RDSR and two of its images (the report must win, whoever
    commits first: docs/import-rules.md)."""
    study = "1.2.826.0.1.3680043.99.77"
    report = b.projection_rdsr([b.ProjectionEvent(agd="1.1", breast="L", fluoro=False),
                                b.ProjectionEvent(agd="1.3", breast="R", fluoro=False)], kind="MG", study_uid=study)
    items = [f"rdsr:{b.save(report, folder / 'race-rdsr.dcm')}"]
    for side in ("L", "R"):
        image = ib.image(ib.MG_DEFAULTS, study, ImageLaterality=side)
        items.append(f"mg:{ib.write(image, folder, f'race-{side}.dcm')}")
    return items


@pytest.fixture(scope="module")
def corpus(vendor_dir, tmp_path_factory) -> list[str]:
    folder = tmp_path_factory.mktemp("race")
    files = [f"{kind}:{vendor_dir / name}" for kind, names in VENDOR.items() for name in names]
    return files + synthetic_race(folder)


@pytest.fixture(scope="module")
def template():
    with pg.scratch_database() as name:
        pg.migrate(name)
        yield name


def run_workers(database: str, assignments: list[list[str]], folder: Path) -> list[subprocess.CompletedProcess]:
    go = folder / f"go-{time.monotonic_ns()}"
    env = pg.environment(database)
    processes = [subprocess.Popen([sys.executable, "-m", "tests.robustness.import_worker", str(go), *files],
                                  cwd=pg.REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                 for files in assignments]
    time.sleep(1.5)  # every worker has set Django up and waits for the signal
    go.touch()
    done = []
    for process in processes:
        out, err = process.communicate(timeout=300)
        done.append(subprocess.CompletedProcess(process.args, process.returncode, out, err))
    return done


def overlapping_subsets(files: list[str], rng: random.Random) -> list[list[str]]:
    """Eight shuffled subsets: every file in at least two of them, most in more."""
    subsets: list[list[str]] = [[] for _ in range(WORKERS)]
    for file in files:
        for worker in rng.sample(range(WORKERS), rng.randint(2, WORKERS)):
            subsets[worker].append(file)
    for subset in subsets:
        rng.shuffle(subset)
    return subsets


@pytest.fixture(scope="module")
def serial(template, corpus, tmp_path_factory) -> dict:
    with pg.scratch_database(template) as name:
        [result] = run_workers(name, [corpus], tmp_path_factory.mktemp("serial"))
        assert result.returncode == 0, result.stdout + result.stderr
        return pg.snapshot(name)


@pytest.mark.parametrize("round_number", range(ROUNDS))
def test_eight_processes_end_where_a_serial_import_ends(round_number, template, corpus, serial, tmp_path):
    seed = random.SystemRandom().randrange(2**32)
    with pg.scratch_database(template) as name:
        results = run_workers(name, overlapping_subsets(corpus, random.Random(seed)), tmp_path)
        for result in results:
            assert "Traceback" not in result.stdout + result.stderr, f"seed {seed}: {result.stderr}"
            assert result.returncode == 0 and ": refused" not in result.stdout, f"seed {seed}:\n{result.stdout}"
        state = pg.snapshot(name)
    for part in serial:
        assert state[part] == serial[part], f"seed {seed}: {part} differs from the serial import"
    assert len(serial["studies"]) == len({row[0] for row in serial["studies"]})  # one row per study UID
