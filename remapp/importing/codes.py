"""Coded values (ContentItemDescriptions) resolved to primary keys, with a per-process cache.

One file needs at most three statements for its codes (find, create the missing, find them again) and
none once the cache holds them. Keys enter the cache only when the transaction that saw them commits, so
a rolled-back import never leaves the cache pointing at rows that do not exist.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction

from remapp.models import ContentItemDescriptions

CodeKey = tuple[str, str]
_cache: dict[CodeKey, int] = {}


def clear_cache() -> None:
    """Forget every cached key (tests call this between databases)."""
    _cache.clear()


def _select(keys: set[CodeKey]) -> dict[CodeKey, int]:
    rows = ContentItemDescriptions.objects.filter(code_value__in={value for _, value in keys}).values_list(
        "pk", "coding_scheme_designator", "code_value"
    )
    return {(scheme, value): pk for pk, scheme, value in rows if (scheme, value) in keys}


def _storable(key: CodeKey) -> bool:
    """A code value and scheme the table can hold (PostgreSQL text cannot hold NUL)."""
    scheme, value = key
    return bool(value) and len(value) <= 64 and len(scheme) <= 64 and "\x00" not in scheme + value


def _meaning(code: Any) -> str:
    return (code.meaning or "").replace("\x00", "")[:255]


def resolve(codes: Iterable[Any]) -> dict[CodeKey, int]:
    """Primary keys of the given coded values (objects with ``key`` and ``meaning``), created if new."""
    # A code value or scheme longer than the column (64) is no code any table knows: left unresolved, so
    # the field stays empty, on PostgreSQL and SQLite alike.
    wanted = {code.key: code for code in codes if code is not None and _storable(code.key)}
    found = {k: _cache[k] for k in wanted if k in _cache}
    missing = set(wanted) - set(found)
    if not missing:
        return found
    fetched = _select(missing)
    absent = missing - set(fetched)
    if absent:
        # ignore_conflicts: another process may create the same code between our SELECT and INSERT.
        # Sorted, so two processes creating the same new codes take the index locks in the same order
        # (in opposite orders they could deadlock).
        ContentItemDescriptions.objects.bulk_create(
            [ContentItemDescriptions(coding_scheme_designator=k[0], code_value=k[1],
                                     code_meaning=_meaning(wanted[k])) for k in sorted(absent)],
            ignore_conflicts=True,
        )
        fetched.update(_select(absent))
    transaction.on_commit(lambda: _cache.update(fetched))
    found.update(fetched)
    return found


def get_or_create(scheme: str, value: str, meaning: str = "") -> ContentItemDescriptions:
    """One coded value as a model instance (for callers outside the bulk writer)."""
    from remapp.dicom.codes import normalise
    from remapp.dicom.sr import Coded

    key = normalise(scheme, value)
    pk = resolve([Coded(scheme, value, meaning, key)])[key]
    return ContentItemDescriptions.objects.get(pk=pk)
