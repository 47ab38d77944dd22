"""Exports through the scale-out queue: OPENREM_TASK_BACKEND=rq, a real Redis server and `manage.py rqworker`.

Everything runs as a site would run it, in separate processes sharing a scratch SQLite database: migrate,
demo data, exports queued by the web's code path, one RQ worker in burst mode. Redis database 15 (or
$OPENREM_TEST_REDIS_URL) is emptied before and after. Skipped, saying why, where there is no Redis server.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
REDIS_URL = os.environ.get("OPENREM_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")

QUEUE_EXPORTS = """
from django.contrib.auth import get_user_model
from remapp.exports.jobs import start_export
user = get_user_model().objects.get(username="demo-exporter")
for fmt, params in (("xlsx", {}), ("csv", {"study_description": "head"}), ("csv", {"date_from": "soon"})):
    export = start_export(user=user, modality="CT", export_format=fmt, params=params)
    print(export.pk, export.status)
"""


@pytest.fixture
def redis_db():
    redis = pytest.importorskip("redis", reason="the rq extra is not installed: pip install .[rq]")
    pytest.importorskip("django_tasks_rq", reason="the rq extra is not installed: pip install .[rq]")
    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2)
    try:
        client.ping()
    except redis.exceptions.ConnectionError as exc:
        pytest.skip(f"no Redis server at {REDIS_URL} ({exc}); set OPENREM_TEST_REDIS_URL to use another")
    client.flushdb()
    yield client
    client.flushdb()


def _manage(env: dict[str, str], *args: str) -> str:
    completed = subprocess.run([sys.executable, "manage.py", *args], cwd=REPO, env=env,
                               capture_output=True, text=True, timeout=300)
    assert completed.returncode == 0, f"manage.py {' '.join(args)}:\n{completed.stdout}\n{completed.stderr}"
    return completed.stdout


def test_exports_run_on_an_rq_worker(redis_db, tmp_path):
    database = tmp_path / "openrem.sqlite3"
    media = tmp_path / "media"
    env = {
        **os.environ,
        "OPENREM_DATABASE_URL": f"sqlite:///{database}",
        "OPENREM_TASK_BACKEND": "rq",
        "OPENREM_REDIS_URL": REDIS_URL,
        "OPENREM_MEDIA_ROOT": str(media),
        "OPENREM_DATA_DIR": str(tmp_path / "data"),
        "OPENREM_LOG_TO_FILE": "false",
        "DJANGO_SETTINGS_MODULE": "openrem.settings",
    }
    _manage(env, "migrate", "--verbosity", "0")
    _manage(env, "openrem_demo", "--studies", "40")
    queued = [line.split() for line in _manage(env, "shell", "--verbosity", "0", "-c", QUEUE_EXPORTS).splitlines()]
    assert [status for _, status in queued] == ["pending"] * 3  # nothing ran in the "web" process
    assert redis_db.llen("rq:queue:default") == 3

    _manage(env, "rqworker", "--burst", "--job-class", "django_tasks_rq.Job", "default")

    with sqlite3.connect(database) as db:
        rows = db.execute("SELECT status, rows_total, rows_done, file, error FROM remapp_export ORDER BY id").fetchall()
        heads = db.execute(
            "SELECT count(*) FROM remapp_generalstudymoduleattributes "
            "WHERE modality_type = 'CT' AND study_description LIKE '%head%'"
        ).fetchone()[0]
        ct = db.execute("SELECT count(*) FROM remapp_generalstudymoduleattributes WHERE modality_type = 'CT'"
                        ).fetchone()[0]
    (book, book_total, book_done, book_file, _), (csv, _, csv_done, csv_file, _), failed = rows
    assert (book, book_total, book_done) == ("done", ct, ct) and ct > 0
    assert (csv, csv_done) == ("done", heads)
    assert (media / csv_file).read_text(encoding="utf-8-sig").count("\n") == heads + 1
    assert (media / book_file).stat().st_size > 0
    assert failed[0] == "failed" and "Date from: Enter a valid date" in failed[4]
    assert redis_db.llen("rq:queue:default") == 0
