"""``manage.py openrem_backup``: a consistent copy of the database while OpenREM keeps running."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connections


def backup_sqlite(source: str, target: Path) -> None:
    """Copy with SQLite's online backup API: consistent even while imports write."""
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)


def backup_postgres(db: dict, target: Path) -> None:
    """``pg_dump`` in its custom format, restorable with ``pg_restore``."""
    pg_dump = shutil.which("pg_dump")
    if pg_dump is None:
        raise CommandError("pg_dump not found: install the PostgreSQL client tools")
    command = [pg_dump, "--format=custom", "--no-owner", f"--file={target}", db["NAME"]]
    for option, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if db.get(key):
            command.append(f"{option}={db[key]}")
    env = {**os.environ, "PGPASSWORD": db.get("PASSWORD") or ""}
    result = subprocess.run(command, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise CommandError(f"pg_dump failed: {result.stderr.strip()}")


class Command(BaseCommand):
    help = ("Back up the database while OpenREM runs: SQLite through its online backup API, PostgreSQL "
            "with pg_dump (custom format). See docs/backup.md for restoring.")

    def add_arguments(self, parser):
        parser.add_argument("-o", "--output", help="backup file (default: <data dir>/backups/openrem-<time>.*)")
        parser.add_argument("--database", default="default", help="database alias (default: default)")

    def handle(self, *args, output=None, database="default", **options):
        db = connections[database].settings_dict
        vendor = connections[database].vendor
        suffix = {"sqlite": ".sqlite3", "postgresql": ".dump"}.get(vendor)
        if suffix is None:
            raise CommandError(f"no backup method for a {vendor} database")
        if output:
            target = Path(output)
        else:
            stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
            target = Path(settings.DATA_DIR) / "backups" / f"openrem-{stamp}{suffix}"
        target.parent.mkdir(parents=True, exist_ok=True)
        if target.exists():
            raise CommandError(f"{target} exists already; choose another file")
        if vendor == "sqlite":
            backup_sqlite(db["NAME"], target)
        else:
            backup_postgres(db, target)
        self.stdout.write(f"backup written to {target} ({target.stat().st_size:,} bytes)")
