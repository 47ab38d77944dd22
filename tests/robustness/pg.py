"""Scratch PostgreSQL databases for tests that run importers in separate processes (each process has its
own connection, so the pytest test database, inside one transaction, will not do).

Each database is named ``robust_<random>``, migrated once as a template and copied per round, and dropped
afterwards. The server is the one OPENREM_DATABASE_URL points at; on SQLite these tests skip.
"""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

REPO = Path(__file__).resolve().parents[2]


def server_url() -> str | None:
    url = os.environ.get("OPENREM_DATABASE_URL", "")
    return url if url.startswith(("postgres://", "postgresql://")) else None


def url_for(name: str) -> str:
    parts = urlsplit(server_url())
    return urlunsplit(parts._replace(path=f"/{name}"))


def connect(name: str = "postgres"):
    import psycopg2

    parts = urlsplit(server_url())
    connection = psycopg2.connect(host=parts.hostname, port=parts.port or 5432, user=parts.username,
                                  password=parts.password, dbname=name)
    connection.autocommit = True
    return connection


@contextmanager
def scratch_database(template: str | None = None) -> Iterator[str]:
    """A new empty (or ``template``-copied) database; its name, dropped on exit."""
    name = f"robust_{uuid.uuid4().hex[:12]}"
    admin = connect()
    try:
        with admin.cursor() as cursor:
            cursor.execute(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
        yield name
    finally:
        with admin.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


def environment(name: str) -> dict[str, str]:
    return {**os.environ, "OPENREM_DATABASE_URL": url_for(name), "DJANGO_SETTINGS_MODULE": "openrem.settings",
            "PYTHONPATH": str(REPO)}


def migrate(name: str) -> None:
    subprocess.run([sys.executable, str(REPO / "manage.py"), "migrate", "-v0"], env=environment(name),
                   cwd=REPO, check=True, timeout=300)


def _rows(cursor, sql: str) -> list[tuple]:
    cursor.execute(sql)
    return [tuple(str(v) if isinstance(v, Decimal) else v for v in row) for row in cursor.fetchall()]


def snapshot(name: str) -> dict:
    """Everything the import rules decide, in a form two databases can be compared by: per study its
    summary columns, objects (with the primary) and events (with their doses), plus every table's size."""
    connection = connect(name)
    try:
        return snapshot_of(connection, "SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
    finally:
        connection.close()


def sqlite_snapshot(path: Path) -> dict:
    """:func:`snapshot` of a SQLite database file."""
    import sqlite3

    connection = sqlite3.connect(path)
    try:
        return snapshot_of(connection, "SELECT name FROM sqlite_master WHERE type = 'table'")
    finally:
        connection.close()


_UNCOUNTED = ("remapp_auditlog", "remapp_exportjob", "remapp_contentitemdescriptions")


def snapshot_of(connection, tables_sql: str) -> dict:
    cursor = connection.cursor()
    try:
        state = {part: _rows(cursor, query) for part, query in _QUERIES.items()}
        cursor.execute(tables_sql)
        tables = sorted(t for (t,) in cursor.fetchall() if t.startswith("remapp_") and t not in _UNCOUNTED)
        sizes = {}
        for table in tables:  # names from the catalogue, not from input
            cursor.execute(f'SELECT count(*) FROM "{table}"')  # noqa: S608
            sizes[table] = cursor.fetchone()[0]
    finally:
        cursor.close()
    return {**state, "table_sizes": sizes}


_QUERIES = {
    "studies": """
        SELECT study_instance_uid, modality_type, source_kind, number_of_events, total_dlp, max_ctdivol,
               total_dap, total_dap_a, total_dap_b, total_rp_dose, total_fluoro_time, total_agd_left,
               total_agd_right, total_agd_both, study_description, accession_number
        FROM remapp_generalstudymoduleattributes ORDER BY study_instance_uid""",
    "objects": """
        SELECT s.study_instance_uid, o.sop_instance_uid, o.is_complete, o.number_of_events
        FROM remapp_importedobject o JOIN remapp_generalstudymoduleattributes s
          ON s.id = o.general_study_module_attributes_id ORDER BY 1, 2""",
    "ct_events": """
        SELECT s.study_instance_uid, e.irradiation_event_uid, e.mean_ctdivol, e.dlp, e.acquisition_protocol
        FROM remapp_ctirradiationeventdata e JOIN remapp_ctradiationdose d ON d.id = e.ct_radiation_dose_id
        JOIN remapp_generalstudymoduleattributes s ON s.id = d.general_study_module_attributes_id
        ORDER BY 1, 2, 3, 4, 5""",
    "xray_events": """
        SELECT s.study_instance_uid, e.irradiation_event_uid, e.dose_area_product, e.dose_rp,
               e.average_glandular_dose
        FROM remapp_irradiationeventxraydata e
        JOIN remapp_projectionxrayradiationdose d ON d.id = e.projection_xray_radiation_dose_id
        JOIN remapp_generalstudymoduleattributes s ON s.id = d.general_study_module_attributes_id
        ORDER BY 1, 2, 3, 4, 5""",
}
