"""A batch of hostile files and one good file: the good one imports, every file gets exactly one line,
the exit status is non-zero, and no Python traceback reaches the user."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from remapp.cli import run_batch
from remapp.extractors.ct_philips import ct_philips
from remapp.extractors.dx import dx
from remapp.extractors.mam import mam
from remapp.extractors.rdsr import rdsr
from remapp.models import GeneralStudyModuleAttributes
from remapp.testing import image_builder as ib

from . import hostile as h

REPO = Path(__file__).resolve().parents[2]
GOOD = {
    rdsr: lambda: h.encode(h.b.ct_rdsr([h.b.CtEvent()], total_dlp="250.25")),
    mam: lambda: h.encode(ib.image(ib.MG_DEFAULTS, "1.2.826.0.1.3680043.99.3")),
    dx: lambda: h.encode(ib.image(ib.DX_DEFAULTS, "1.2.826.0.1.3680043.99.4")),
}


def hostile_folder(folder: Path, good: bytes, *, truncated: bool = True) -> Path:
    """Every byte-level hostile case, a few truncations and the good file, in one folder."""
    folder.mkdir()
    cases = [*h.byte_cases(good), *(list(h.truncations(good, 8))[:6] if truncated else [])]
    for case in cases:
        (folder / f"{case.name}.dcm").write_bytes(case.data)
    (folder / "zz-good.dcm").write_bytes(good)
    return folder


def _check_output(text: str, folder: Path) -> None:
    lines = text.strip().splitlines()
    files = sorted(p for p in folder.iterdir())
    assert len(lines) == len(files) + 1, text  # one line per file, then the summary
    assert "Traceback" not in text
    assert lines[-2].startswith(str(folder / "zz-good.dcm") + ": imported"), text
    assert all(": refused: " in line for line in lines[:-2]), text
    assert lines[-1] == f"{len(files)} files: 1 imported, {len(files) - 1} refused"


@pytest.mark.django_db
@pytest.mark.filterwarnings("ignore")
@pytest.mark.parametrize("importer", list(GOOD), ids=lambda i: i.__name__)
def test_a_hostile_batch_continues_past_every_bad_file(importer, tmp_path, capsys):
    folder = hostile_folder(tmp_path / "batch", GOOD[importer]())
    out = io.StringIO()
    assert run_batch(importer, [str(folder)], out=out) == 1
    _check_output(out.getvalue(), folder)
    assert "Traceback" not in capsys.readouterr().err
    assert GeneralStudyModuleAttributes.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.vendor
@pytest.mark.filterwarnings("ignore")
def test_a_hostile_batch_of_philips_images_continues(tmp_path, vendor_file):
    # No truncations: this file's header ends early, and a cut in its pixel data leaves a whole header.
    folder = hostile_folder(tmp_path / "batch", vendor_file("CT-SC-Philips_Brilliance16P.dcm").read_bytes(),
                            truncated=False)
    out = io.StringIO()
    assert run_batch(ct_philips, [str(folder)], out=out) == 1
    _check_output(out.getvalue(), folder)


def test_the_command_prints_no_traceback_and_fails(tmp_path):
    """The real command in its own process (warnings, logging and all), on a file database."""
    folder = hostile_folder(tmp_path / "batch", GOOD[rdsr]())
    env = {**os.environ, "OPENREM_DATABASE_URL": f"sqlite:///{tmp_path / 'cli.sqlite3'}",
           "DJANGO_SETTINGS_MODULE": "openrem.settings"}
    manage = [sys.executable, str(REPO / "manage.py")]
    subprocess.run([*manage, "migrate", "-v0"], env=env, check=True, cwd=REPO)
    done = subprocess.run([*manage, "openrem_rdsr", str(folder)], env=env, cwd=REPO, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode != 0
    _check_output(done.stdout, folder)
    assert "Traceback" not in done.stderr, done.stderr
