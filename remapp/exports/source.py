"""Reading the studies of an export in chunks, with a fixed number of queries per chunk.

Rows are fetched as tuples (``values_list``), not model instances: an export of 100,000 studies touches
millions of values and building a model object for each would cost more than writing the file.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import CharField, Count, F, Field, ForeignObject, Func, Lookup, QuerySet

from .columns import STUDY_LINK, ChildColumns, Column, Kind, ModalitySpec, Reduce


@dataclass(frozen=True)
class StudyRecord:
    """One study's values (spec.study_columns order) and its events' (spec.all_event_columns order)."""

    values: tuple[Any, ...]
    events: list[tuple[Any, ...]]


# A chunk also ends when its studies hold this many events: a fluoroscopy study may have hundreds, and
# memory must stay bounded by the chunk, not by how busy a room was.
EVENTS_PER_CHUNK = 20_000
# Ids per "IN (...)" list: far below SQLite's 32,766 variables, and short enough for PostgreSQL to plan well.
IDS_PER_QUERY = 10_000


class AnyOf(Lookup):
    """``field__any_of=ids``: ``field = ANY(%s)`` with the ids as one array parameter on PostgreSQL, where
    Django's ``__in`` prepares, quotes and sends each of a chunk's tens of thousands of ids one by one;
    ``IN (...)`` elsewhere."""

    lookup_name = "any_of"
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        lhs, params = self.process_lhs(compiler, connection)
        ids = list(self.rhs)
        if not ids:
            raise EmptyResultSet
        if connection.vendor == "postgresql":
            return f"{lhs} = ANY(%s)", [*params, ids]
        return f"{lhs} IN ({', '.join(['%s'] * len(ids))})", [*params, *ids]


Field.register_lookup(AnyOf)
ForeignObject.register_lookup(AnyOf)  # related fields keep lookups of their own


def iter_chunks(queryset: QuerySet, chunk_size: int, events_per_chunk: int = EVENTS_PER_CHUNK
                ) -> Iterator[list[int]]:
    """Primary keys of the queryset in its own order, at most ``chunk_size`` studies (or about
    ``events_per_chunk`` events, from the studies' summary column) at a time.

    ``iterator()`` streams the ids (a server-side cursor on PostgreSQL), so memory does not grow with the
    size of the export.
    """
    chunk: list[int] = []
    events = 0
    for pk, number_of_events in queryset.values_list("pk", "number_of_events").iterator(chunk_size=chunk_size):
        chunk.append(pk)
        events += number_of_events or 1
        if len(chunk) >= chunk_size or events >= events_per_chunk:
            yield chunk
            chunk, events = [], 0
    if chunk:
        yield chunk


def iter_records(spec: ModalitySpec, queryset: QuerySet, chunk_size: int, prefetch: bool = False,
                 numbers_as_text: bool = False) -> Iterator[list[StudyRecord]]:
    """The export's studies with their events, one list per chunk: 3 + len(spec.children) queries each
    (more only for a chunk of more than IDS_PER_QUERY events).

    With ``prefetch`` the next chunk is read on a second database connection, in a thread, while the
    caller writes this one: the database's work and the file's overlap. That connection sees committed
    data only, so prefetching is for a worker outside any transaction (see ``can_prefetch``)."""
    chunks = iter_chunks(queryset, chunk_size)
    if not prefetch:
        for ids in chunks:
            yield fetch_records(spec, ids, numbers_as_text)
        return
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="export-prefetch") as reader:
        try:
            reader.submit(_plan_for_index_reads).result()
            pending: Future | None = None
            for ids in chunks:
                following = reader.submit(fetch_records, spec, ids, numbers_as_text)
                if pending is not None:
                    yield pending.result()
                pending = following
            if pending is not None:
                yield pending.result()
        finally:
            reader.submit(_close_thread_connection)  # runs after any pending read


# The reading connection's queries fetch a chunk's few thousand rows by their foreign keys. With
# PostgreSQL's default random_page_cost (4, for spinning disks) the planner would rather read a whole
# child table and hash it, once per chunk, than look the rows up in its index: three times slower on a
# warm server, and slower still as the table grows. This connection alone plans for fast random reads
# (1.1, the usual SSD setting); a server already set lower keeps its value.
INDEX_READ_PAGE_COST = 1.1


def _plan_for_index_reads() -> None:
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("SHOW random_page_cost")
        if float(cursor.fetchone()[0]) > INDEX_READ_PAGE_COST:
            cursor.execute(f"SET random_page_cost = {INDEX_READ_PAGE_COST}")


def _close_thread_connection() -> None:
    connection.close()  # looked up in the calling thread: that thread's own connection


def can_format_numbers() -> bool:
    """Whether the database can hand over numbers as plain text (``PlainNumberText``: trim_scale is new
    in PostgreSQL 13; older servers get Python's formatting)."""
    if connection.vendor != "postgresql":
        return False
    connection.ensure_connection()
    return connection.pg_version >= 130000


def can_prefetch() -> bool:
    """Whether a second connection would see what this one sees: PostgreSQL, outside a transaction."""
    return (
        getattr(settings, "EXPORT_PREFETCH", True)
        and connection.vendor == "postgresql"
        and not connection.in_atomic_block
    )


def fetch_records(spec: ModalitySpec, ids: Sequence[int], numbers_as_text: bool = False) -> list[StudyRecord]:
    studies = _study_values(spec, ids, numbers_as_text)
    events = _event_values(spec, ids, numbers_as_text)
    return [StudyRecord(studies[pk], events.get(pk, [])) for pk in ids if pk in studies]


class PlainNumberText(Func):
    """A number as its shortest plain text, made by PostgreSQL (13 or later): ``850.250000000000`` as
    ``850.25``, ``100.000`` as ``100``, never an exponent; what ``cells.plain_number`` makes of a Decimal,
    without building one per value in Python."""

    template = "trim_scale(%(expressions)s)::text"
    output_field = CharField()


def _arrives_as_text(col: Column, reduce: Reduce = Reduce.FIRST) -> bool:
    """Whether a column comes as text when numbers are asked for as text: every number, except the means
    of child rows (taken in Python, of Decimals)."""
    return col.kind is Kind.NUMBER and reduce is Reduce.FIRST


def text_columns(spec: ModalitySpec) -> tuple[list[bool], list[bool]]:
    """``_arrives_as_text`` for the study columns and for ``spec.all_event_columns``."""
    study = [_arrives_as_text(col) for col in spec.study_columns]
    events = [_arrives_as_text(col) for col in spec.event_columns]
    for child in spec.children:
        events += [_arrives_as_text(col, child.reduce) for col in child.columns]
    return study, events


def _selected(columns: Sequence[Column], numbers_as_text: bool, reduce: Reduce = Reduce.FIRST
              ) -> list[str | Func]:
    return [PlainNumberText(F(col.path)) if numbers_as_text and _arrives_as_text(col, reduce) else col.path
            for col in columns]


def _study_values(spec: ModalitySpec, ids: Sequence[int], numbers_as_text: bool) -> dict[int, tuple[Any, ...]]:
    from ..models import GeneralStudyModuleAttributes

    selected = _selected(spec.study_columns, numbers_as_text)
    rows = GeneralStudyModuleAttributes.objects.filter(pk__any_of=ids).values_list("pk", *selected)
    return {row[0]: row[1:] for row in rows}


def _event_values(spec: ModalitySpec, ids: Sequence[int], numbers_as_text: bool
                  ) -> dict[int, list[tuple[Any, ...]]]:
    """Each study's events in the order they happened, with the reduced child values appended.

    Study -> dose report -> event -> child, each step a lookup on the previous step's ids: as one join,
    PostgreSQL hash-joined the whole event table for every chunk, so a chunk cost more as the table grew.
    """
    study_of = dict(
        spec.parent_model.objects.filter(**{f"{STUDY_LINK}__any_of": ids}).values_list("pk", STUDY_LINK)
    )
    selected = _selected(spec.event_columns, numbers_as_text)
    rows = list(
        spec.event_model.objects.filter(**{f"{spec.event_parent}__any_of": list(study_of)})
        .order_by(spec.event_parent, "date_time_started", "pk")
        .values_list(spec.event_parent, "pk", *selected)
    )
    event_ids = [row[1] for row in rows]
    children = [_child_values(child, event_ids, numbers_as_text) for child in spec.children]
    blanks = [(None,) * len(child.columns) for child in spec.children]
    by_study: dict[int, list[tuple[Any, ...]]] = defaultdict(list)
    for parent_pk, event_pk, *values in rows:
        extra: tuple[Any, ...] = ()
        for found, blank in zip(children, blanks, strict=True):
            extra += found.get(event_pk, blank)
        by_study[study_of[parent_pk]].append((*values, *extra))
    return by_study


def _child_values(child: ChildColumns, event_ids: Sequence[int], numbers_as_text: bool) -> dict[int, tuple]:
    """One tuple of values per event id, from all of the chunk's rows of a child table."""
    reduce = _first_per_event if child.reduce is Reduce.FIRST else _mean_per_event
    selected = _selected(child.columns, numbers_as_text, child.reduce)
    found: dict[int, tuple] = {}
    for start in range(0, len(event_ids), IDS_PER_QUERY):
        rows = (
            child.model.objects.filter(**{f"{child.to_event}__any_of": event_ids[start:start + IDS_PER_QUERY]})
            .order_by(child.to_event, "pk")
            .values_list(child.to_event, *selected)
        )
        found.update(reduce(rows))  # slices hold whole events: an event's rows never span two slices
    return found


def _first_per_event(rows: Iterable[tuple]) -> dict[int, tuple]:
    found: dict[int, tuple] = {}
    for event_pk, *values in rows:
        found.setdefault(event_pk, tuple(values))
    return found


def _mean_per_event(rows: Iterable[tuple]) -> dict[int, tuple]:
    """The mean of each column over an event's rows, ignoring empty values."""
    sums: dict[int, list[list[Decimal]]] = {}
    for event_pk, *values in rows:
        columns = sums.setdefault(event_pk, [[] for _ in values])
        for bucket, value in zip(columns, values, strict=True):
            if value is not None:
                bucket.append(value)
    return {pk: tuple(_mean(bucket) for bucket in columns) for pk, columns in sums.items()}


def _mean(values: list[Decimal]) -> Decimal | None:
    if not values:
        return None
    if len(values) == 1:
        return values[0]
    return sum(values, Decimal(0)) / len(values)


def max_events_per_study(spec: ModalitySpec, queryset: QuerySet) -> int:
    """How many event column groups the one-row-per-study layout needs."""
    most = (
        spec.event_model.objects.filter(**{f"{spec.event_to_study}__in": queryset.values("pk")})
        .values(spec.event_to_study)
        .annotate(n=Count("pk"))
        .order_by("-n")
        .values_list("n", flat=True)
        .first()
    )
    return most or 0


def protocol_counts(spec: ModalitySpec, queryset: QuerySet) -> list[tuple[str, int]]:
    """Events per acquisition protocol in the export, alphabetical ignoring case."""
    rows = (
        spec.event_model.objects.filter(**{f"{spec.event_to_study}__in": queryset.values("pk")})
        .order_by()
        .values_list(spec.protocol_path)
        .annotate(n=Count("pk"))
    )
    return sorted(((name or "", n) for name, n in rows), key=lambda row: (row[0].casefold(), row[0]))


def value_counts(queryset: QuerySet, path: str) -> list[tuple[str, int]]:
    """How often each value of ``path`` occurs, most frequent first, for the XLSX summary sheet."""
    rows = queryset.order_by().values_list(path).annotate(n=Count("pk", distinct=True)).order_by("-n", path)
    return [(value or "", n) for value, n in rows]
