"""Backups are consistent while the system runs, and restore with the data intact."""

import shutil
import sqlite3
import subprocess
import uuid

import pytest
from django.core.management import call_command
from django.db import connection

from remapp.models import GeneralStudyModuleAttributes

pytestmark = pytest.mark.django_db(transaction=True)


def _sqlite_file_database(tmp_path, settings):
    """Point the test at a real SQLite file (the in-memory test database cannot be backed up)."""
    path = tmp_path / "live.db"
    call_command("migrate", verbosity=0)
    with sqlite3.connect(path) as live:
        connection.connection.backup(live)
    return path


@pytest.mark.skipif("connection.vendor != 'sqlite'", reason="SQLite backup; this run uses another database")
def test_sqlite_backup_while_a_writer_holds_an_open_transaction(tmp_path, settings):
    GeneralStudyModuleAttributes.objects.create(study_instance_uid="1.2.3", study_description="Chest")
    live_path = _sqlite_file_database(tmp_path, settings)
    writer = sqlite3.connect(live_path)
    writer.execute("BEGIN")
    writer.execute("UPDATE remapp_generalstudymoduleattributes SET study_description = 'half-done'")
    from remapp.management.commands.openrem_backup import backup_sqlite

    target = tmp_path / "backup.sqlite3"
    backup_sqlite(str(live_path), target)
    writer.rollback()
    writer.close()
    with sqlite3.connect(target) as restored:
        rows = restored.execute("SELECT study_instance_uid, study_description FROM "
                                "remapp_generalstudymoduleattributes").fetchall()
        assert restored.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    # The committed state is in the backup; the uncommitted change is not.
    assert rows == [("1.2.3", "Chest")]


@pytest.mark.skipif("connection.vendor != 'postgresql'", reason="pg_dump backup; this run uses SQLite")
def test_postgres_backup_restores_into_a_new_database(tmp_path):
    if shutil.which("pg_restore") is None:
        pytest.skip("pg_restore not installed")
    GeneralStudyModuleAttributes.objects.create(study_instance_uid="1.2.3", study_description="Chest",
                                                total_dlp="7.46")
    target = tmp_path / "openrem.dump"
    call_command("openrem_backup", output=str(target))
    db = connection.settings_dict
    restored = f"restore_{uuid.uuid4().hex[:12]}"
    base = ["--host", db["HOST"] or "127.0.0.1", "--username", db["USER"] or "postgres"]
    if db["PORT"]:
        base += ["--port", str(db["PORT"])]
    subprocess.run(["createdb", *base, restored], check=True)
    try:
        subprocess.run(["pg_restore", *base, "--no-owner", "--dbname", restored, str(target)], check=True)
        out = subprocess.run(["psql", *base, "-At", "-d", restored, "-c",
                              "SELECT study_instance_uid, total_dlp FROM remapp_generalstudymoduleattributes"],
                             check=True, capture_output=True, text=True).stdout.strip()
        assert out == "1.2.3|7.460000000000"
    finally:
        subprocess.run(["dropdb", *base, restored], check=False)


def test_backup_refuses_to_overwrite(tmp_path):
    existing = tmp_path / "exists.bak"
    existing.write_text("keep me")
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="exists already"):
        call_command("openrem_backup", output=str(existing))
    assert existing.read_text() == "keep me"
