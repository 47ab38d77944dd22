"""Atomicity under faults: a database error in the middle of an import, or a SIGKILL of the importing
process, leaves no partial study; importing again completes the study exactly as an undisturbed import.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.apps import apps
from django.db import OperationalError

from remapp.extractors.mam import mam
from remapp.extractors.rdsr import rdsr
from remapp.importing import Status
from remapp.models import (
    CtXraySourceParameters,
    GeneralStudyModuleAttributes,
    IrradiationEventXrayData,
    IrradiationEventXraySourceData,
)

from . import pg

BIG_REPORT = "RF-Pat-Orientation-Modifier-Missing.dcm"  # 14,736 content items
KILLS = int(os.environ.get("OPENREM_KILL_ROUNDS", "2"))


def table_sizes() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in apps.get_app_config("remapp").get_models()}


def _failing_bulk_create(model, monkeypatch) -> None:
    """Make the bulk insert into ``model``'s table fail, as a dropped connection would, mid-import."""
    from django.db.models.query import QuerySet

    original = QuerySet.bulk_create

    def bulk_create(self, objs, *args, **kwargs):
        if self.model is model:
            raise OperationalError("injected: the server went away")
        return original(self, objs, *args, **kwargs)

    monkeypatch.setattr(QuerySet, "bulk_create", bulk_create)


@pytest.mark.django_db
@pytest.mark.vendor
@pytest.mark.parametrize(("name", "table"), [("CT-RDSR-Siemens-Multi-1.dcm", CtXraySourceParameters),
                                             ("RF-RDSR-Siemens-Zee.dcm", IrradiationEventXraySourceData)])
def test_a_database_error_mid_import_stores_nothing(name, table, vendor_file, monkeypatch):
    before = table_sizes()
    _failing_bulk_create(table, monkeypatch)
    result = rdsr(vendor_file(name))
    assert result.status is Status.REFUSED and "injected" in result.reason, result.line()
    assert result.line().startswith(str(vendor_file(name)))
    assert table_sizes() == before


@pytest.mark.django_db
@pytest.mark.vendor
def test_a_database_error_while_merging_leaves_the_stored_study_as_it_was(vendor_file, monkeypatch):
    assert rdsr(vendor_file("CT-RDSR-Siemens-Multi-1.dcm")).status is Status.IMPORTED
    before = table_sizes()
    study = GeneralStudyModuleAttributes.objects.values().get()
    _failing_bulk_create(CtXraySourceParameters, monkeypatch)
    result = rdsr(vendor_file("CT-RDSR-Siemens-Multi-3.dcm"))  # would become the primary: a deep merge
    assert result.status is Status.REFUSED, result.line()
    assert table_sizes() == before
    assert GeneralStudyModuleAttributes.objects.values().get() == study
    monkeypatch.undo()
    assert rdsr(vendor_file("CT-RDSR-Siemens-Multi-3.dcm")).status is Status.MERGED


@pytest.mark.django_db
def test_a_database_error_in_an_image_import_stores_nothing(tmp_path, monkeypatch):
    from remapp.testing import image_builder as ib

    path = ib.write(ib.image(ib.MG_DEFAULTS, "1.2.826.0.1.3680043.99.20"), tmp_path, "mg.dcm")
    before = table_sizes()
    _failing_bulk_create(IrradiationEventXrayData, monkeypatch)
    result = mam(path)
    assert result.status is Status.REFUSED and "injected" in result.reason
    assert table_sizes() == before


# --- SIGKILL ---------------------------------------------------------------------------------------------

def _command(env: dict, path: Path) -> list[str]:
    return [sys.executable, str(pg.REPO / "manage.py"), "openrem_rdsr", str(path)]


def _import(env: dict, path: Path) -> subprocess.CompletedProcess:
    return subprocess.run(_command(env, path), env=env, cwd=pg.REPO, capture_output=True, text=True, timeout=300)


def _kill_at(env: dict, path: Path, delay: float) -> bool:
    """Start the import, SIGKILL it after ``delay`` seconds; True if it was killed before finishing."""
    process = subprocess.Popen(_command(env, path), env=env, cwd=pg.REPO, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE)
    time.sleep(delay)
    finished = process.poll() is not None
    if not finished:
        process.send_signal(signal.SIGKILL)
    process.communicate(timeout=60)
    return not finished


def _kill_in_transaction(env: dict, path: Path, folder: Path, rng: random.Random) -> None:
    """Kill the import while its transaction is open, its rows written but not committed."""
    marker = folder / f"in-transaction-{time.monotonic_ns()}"
    process = subprocess.Popen([sys.executable, "-m", "tests.robustness.kill_worker", str(marker), str(path)],
                               env={**env, "PYTHONPATH": str(pg.REPO)}, cwd=pg.REPO, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while not marker.exists() and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.005)
    assert marker.exists(), "the import never reached its write"
    time.sleep(rng.uniform(0, 0.3))
    process.send_signal(signal.SIGKILL)
    process.communicate(timeout=60)


def _killed_then_rerun(env: dict, path: Path, snapshot, reference: dict, duration: float,
                       folder: Path) -> list[str]:
    """Kill imports (at a random moment; and inside the open transaction), check each time that nothing
    partial is left, then rerun and compare with the undisturbed import."""
    rng, notes = random.Random(), []
    for _ in range(KILLS):
        for moment in ("random", "in-transaction"):
            if moment == "random":
                delay = rng.uniform(0.2, duration)
                moment = f"{delay:.2f}s:{'killed' if _kill_at(env, path, delay) else 'finished'}"
            else:
                _kill_in_transaction(env, path, folder, rng)
            state = snapshot()
            # Nothing, or the whole study: never a study without all its events.
            assert state["studies"] == [] or state == reference, f"partial study after a kill ({moment})"
            if moment == "in-transaction":
                assert state["studies"] == [], "a kill before the commit left rows behind"
            notes.append(f"{moment}:{'whole' if state['studies'] else 'empty'}")
            done = _import(env, path)
            assert "Traceback" not in done.stdout + done.stderr, done.stderr
            assert snapshot() == reference, f"rerun after a kill ({moment}) differs from an undisturbed import"
            _empty(env)
    return notes


def _empty(env: dict) -> None:
    code = "from remapp.models import GeneralStudyModuleAttributes as S; S.objects.all().delete()"
    subprocess.run([sys.executable, str(pg.REPO / "manage.py"), "shell", "-c", code], env=env, cwd=pg.REPO,
                   check=True, timeout=120, capture_output=True)


def _reference(env: dict, path: Path, snapshot) -> tuple[dict, float]:
    started = time.monotonic()
    done = _import(env, path)
    duration = time.monotonic() - started
    assert done.returncode == 0, done.stdout + done.stderr
    reference = snapshot()
    assert reference["studies"] and reference["xray_events"]
    _empty(env)
    return reference, duration


@pytest.mark.vendor
def test_sigkill_mid_import_leaves_nothing_partial_on_sqlite(vendor_file, tmp_path):
    database = tmp_path / "kill.sqlite3"
    env = {**os.environ, "OPENREM_DATABASE_URL": f"sqlite:///{database}", "DJANGO_SETTINGS_MODULE": "openrem.settings"}
    subprocess.run([sys.executable, str(pg.REPO / "manage.py"), "migrate", "-v0"], env=env, cwd=pg.REPO, check=True)
    path = vendor_file(BIG_REPORT)
    reference, duration = _reference(env, path, lambda: pg.sqlite_snapshot(database))
    notes = _killed_then_rerun(env, path, lambda: pg.sqlite_snapshot(database), reference, duration,
                               tmp_path)
    print(f"\nSQLite kills: {notes}")


@pytest.mark.vendor
@pytest.mark.skipif(pg.server_url() is None, reason="needs PostgreSQL: run with OPENREM_DATABASE_URL=postgres://...")
def test_sigkill_mid_import_leaves_nothing_partial_on_postgresql(vendor_file, tmp_path):
    with pg.scratch_database() as name:
        pg.migrate(name)
        env = pg.environment(name)
        path = vendor_file(BIG_REPORT)
        reference, duration = _reference(env, path, lambda: pg.snapshot(name))
        notes = _killed_then_rerun(env, path, lambda: pg.snapshot(name), reference, duration, tmp_path)
    print(f"\nPostgreSQL kills: {notes}")
