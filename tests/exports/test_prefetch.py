"""Reading the next chunk of an export on a second connection while this one is written (source.iter_records).

These tests commit their data (transaction=True): the reading thread has its own connection and sees only
committed rows, which is also why an export inside a transaction never prefetches.
"""

from __future__ import annotations

import threading

import pytest
from django.db import connection, transaction

from remapp.exports import source
from remapp.exports.columns import spec_for
from remapp.exports.selection import studies_for_export

from .factories import make_ct_study

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def five_studies():
    for number in range(5):
        make_ct_study(
            [{"protocol": "Head", "dlp": f"{100 + number}.5", "ctdivol": "40"},
             {"protocol": "Neck", "dlp": f"{200 + number}", "ctdivol": "12.25"}],
            description=f"CT study {number}",
        )


def _records(prefetch: bool, chunk_size: int = 2):
    spec = spec_for("CT")
    queryset = studies_for_export("CT", {"order": "date"})
    return [list(chunk) for chunk in source.iter_records(spec, queryset, chunk_size, prefetch=prefetch)]


def _open_connections() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()")
        return cursor.fetchone()[0]


def test_prefetching_reads_the_same_chunks_in_the_same_order(five_studies):
    plain = _records(prefetch=False)
    assert [len(chunk) for chunk in plain] == [2, 2, 1]
    assert _records(prefetch=True) == plain
    dlps = [event[source_index("dlp")] for chunk in plain for record in chunk for event in record.events]
    assert sorted(str(value.normalize()) for value in dlps[::2]) == ["100.5", "101.5", "102.5", "103.5", "104.5"]


def source_index(path: str) -> int:
    return [col.path for col in spec_for("CT").all_event_columns].index(path)


def test_the_reading_thread_ends_and_closes_its_connection(five_studies):
    if connection.vendor != "postgresql":
        pytest.skip("counts server connections in pg_stat_activity: PostgreSQL only")
    before = _open_connections()
    _records(prefetch=True, chunk_size=1)
    assert not [thread for thread in threading.enumerate() if thread.name.startswith("export-prefetch")]
    assert _open_connections() == before


def test_a_failed_read_fails_the_export(five_studies, monkeypatch):
    real = source.fetch_records
    calls = []

    def fail_second(spec, ids, *options):
        calls.append(ids)
        if len(calls) == 2:
            raise RuntimeError("database went away")
        return real(spec, ids, *options)

    monkeypatch.setattr(source, "fetch_records", fail_second)
    with pytest.raises(RuntimeError, match="database went away"):
        _records(prefetch=True)


def test_prefetching_only_where_a_second_connection_sees_the_same_data(settings):
    on_postgres = connection.vendor == "postgresql"
    assert source.can_prefetch() is on_postgres  # SQLite: one writer, and tests use an in-memory database
    with transaction.atomic():
        assert source.can_prefetch() is False  # uncommitted rows would be invisible to the other connection
    settings.EXPORT_PREFETCH = False
    assert source.can_prefetch() is False


def test_the_reading_connection_plans_for_index_reads(five_studies, monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("random_page_cost is a PostgreSQL planner setting")
    seen = []
    real = source.fetch_records

    def spy(spec, ids, *options):
        with connection.cursor() as cursor:  # the reading thread's own connection
            cursor.execute("SHOW random_page_cost")
            seen.append(cursor.fetchone()[0])
        return real(spec, ids, *options)

    with connection.cursor() as cursor:
        cursor.execute("SHOW random_page_cost")
        server = cursor.fetchone()[0]
    monkeypatch.setattr(source, "fetch_records", spy)
    _records(prefetch=True)
    assert seen == ["1.1" if float(server) > 1.1 else server] * 3
    with connection.cursor() as cursor:  # this connection keeps the server's setting
        cursor.execute("SHOW random_page_cost")
        assert cursor.fetchone()[0] == server
