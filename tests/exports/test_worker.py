"""Exports through the real database task backend and its worker (django-tasks-db ``db_worker``).

Two ways: the worker command run in this process (works on every database, including in-memory SQLite),
and the worker as a separate process, which needs a database another process can see (the PostgreSQL
test database; in-memory SQLite is skipped, saying why).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django_tasks_db.models import DBTaskResult

from remapp.exports.jobs import start_export
from remapp.models import Export, ExportStatus

from .factories import make_ct_study
from .helpers import read_xlsx

REPO = Path(__file__).resolve().parents[2]
DB_BACKEND = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def groups(transactional_db):
    """Transactional tests empty the database after each test, groups included: make them again."""
    from remapp.roles import ensure_groups

    ensure_groups()


@pytest.fixture
def db_tasks(settings):
    settings.TASKS = DB_BACKEND


@pytest.fixture
def studies(db_tasks):
    make_ct_study([{"protocol": "Head", "dlp": "850.25", "ctdivol": "55.1"}], description="CT Head")
    make_ct_study([{"protocol": "Chest", "dlp": "300", "ctdivol": "9"}], description="CT Chest")


def run_worker_in_process() -> None:
    call_command("db_worker", "--batch", "--no-startup-delay", "--interval", "0", verbosity=0)


def test_the_worker_runs_a_queued_export(personas, studies, media_root):
    export = start_export(user=personas["exporter"], modality="CT", export_format="xlsx",
                          params={"study_description": "head"})
    assert export.status == ExportStatus.PENDING  # queued, not run in the request
    assert DBTaskResult.objects.get(id=export.task_id).status == "READY"
    run_worker_in_process()
    export.refresh_from_db()
    assert export.status == ExportStatus.DONE and export.rows_done == 1
    assert DBTaskResult.objects.get(id=export.task_id).status == "SUCCESSFUL"
    header, row = read_xlsx(media_root / export.file.name)["All data"]
    assert dict(zip(header, row, strict=True))["Total DLP (mGy·cm)"] == 850.25


def test_a_failing_export_is_failed_in_the_job_and_the_queue(personas, studies, media_root):
    export = start_export(user=personas["exporter"], modality="CT", export_format="csv",
                          params={"date_to": "the end of the year"})
    run_worker_in_process()
    export.refresh_from_db()
    assert export.status == ExportStatus.FAILED
    assert "Date to: Enter a valid date" in export.error
    task = DBTaskResult.objects.get(id=export.task_id)
    assert task.status == "FAILED"
    assert "FilterError" in task.exception_class_path


def _worker_environment(media_root: Path) -> dict[str, str]:
    settings_dict = connection.settings_dict
    user = settings_dict["USER"]
    host = f"{settings_dict['HOST']}:{settings_dict['PORT'] or 5432}"
    env = {key: value for key, value in os.environ.items() if not key.startswith("PYTEST")}
    env.update({
        "OPENREM_DATABASE_URL": f"postgres://{user}@{host}/{settings_dict['NAME']}",
        "OPENREM_TASK_BACKEND": "db",
        "OPENREM_MEDIA_ROOT": str(media_root),
        "OPENREM_LOG_TO_FILE": "false",
        "OPENREM_DATA_DIR": str(media_root.parent / "data"),
    })
    if settings_dict["PASSWORD"]:
        env["PGPASSWORD"] = settings_dict["PASSWORD"]
    return env


def test_a_separate_worker_process_runs_exports_and_reports_failure(personas, studies, media_root):
    if connection.vendor != "postgresql":
        pytest.skip("a worker process cannot see an in-memory SQLite test database; "
                    "run with OPENREM_DATABASE_URL=postgres://... (the in-process worker tests cover SQLite)")
    good = start_export(user=personas["exporter"], modality="CT", export_format="csv", params={})
    book = start_export(user=personas["exporter"], modality="CT", export_format="xlsx", params={"order": "date"})
    bad = start_export(user=personas["exporter"], modality="CT", export_format="csv",
                       params={"date_from": "soon"})
    # One study per chunk: the worker reads the next chunk on its second connection (see iter_records).
    env = {**_worker_environment(media_root), "OPENREM_EXPORT_CHUNK_SIZE": "1"}
    completed = subprocess.run(
        [sys.executable, "manage.py", "db_worker", "--batch", "--no-startup-delay", "--interval", "0"],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=120,
    )
    assert completed.returncode == 0, completed.stderr
    good.refresh_from_db()
    book.refresh_from_db()
    bad.refresh_from_db()
    assert good.status == ExportStatus.DONE and good.rows_done == 2
    assert (media_root / good.file.name).read_text(encoding="utf-8-sig").count("\n") == 3
    assert book.status == ExportStatus.DONE and book.rows_done == 2
    sheets = read_xlsx(media_root / book.file.name)
    assert list(sheets) == ["Summary", "All data", "Chest", "Head"]
    header, *rows = sheets["All data"]
    dlp = header.index("Total DLP (mGy·cm)")
    assert [row[dlp] for row in rows] == [850.25, 300]
    assert bad.status == ExportStatus.FAILED and "Date from: Enter a valid date" in bad.error
    assert Export.objects.count() == 3
    assert list(media_root.rglob("openrem-sheet-*")) == []  # no temporary sheet left behind
