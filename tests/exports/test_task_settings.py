"""OPENREM_TASK_BACKEND picks the task queue; anything else stops start-up with a clear message."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def settings_with(tmp_path: Path, **environ: str) -> subprocess.CompletedProcess:
    # Importing the module is enough: django.setup() would also import the chosen backend's packages.
    code = ("import openrem.settings as s; print(s.TASKS['default']['BACKEND']); "
            "print('django_rq' in s.INSTALLED_APPS, getattr(s, 'RQ_QUEUES', {}).get('default'))")
    env = {**os.environ, "OPENREM_DATA_DIR": str(tmp_path), "OPENREM_LOG_TO_FILE": "false", **environ}
    return subprocess.run([sys.executable, "-c", code], cwd=REPO, env=env, capture_output=True, text=True)


@pytest.mark.parametrize(
    ("backend", "expected"),
    [
        ("db", "django_tasks_db.DatabaseBackend\nFalse None"),
        ("immediate", "django_tasks.backends.immediate.ImmediateBackend\nFalse None"),
        ("RQ", "django_tasks_rq.RQBackend\nTrue {'URL': 'redis://cache.example:6380/2'}"),
    ],
)
def test_task_backend_setting(tmp_path, backend, expected):
    result = settings_with(tmp_path, OPENREM_TASK_BACKEND=backend, OPENREM_REDIS_URL="redis://cache.example:6380/2")
    assert result.stdout.strip() == expected, result.stderr


def test_database_queue_is_the_default(tmp_path):
    env_without = {key: value for key, value in os.environ.items() if key != "OPENREM_TASK_BACKEND"}
    code = "import openrem.settings as s; print(s.TASKS['default']['BACKEND'])"
    result = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True,
                            env={**env_without, "OPENREM_DATA_DIR": str(tmp_path), "OPENREM_LOG_TO_FILE": "false"})
    assert result.stdout.strip() == "django_tasks_db.DatabaseBackend", result.stderr


def test_unknown_task_backend_is_refused(tmp_path):
    result = settings_with(tmp_path, OPENREM_TASK_BACKEND="celery")
    assert result.returncode != 0
    assert "OPENREM_TASK_BACKEND must be one of db, rq, immediate, not 'celery'" in result.stderr
