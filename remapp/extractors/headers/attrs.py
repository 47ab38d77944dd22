"""Tolerant readers of single header attributes, for values the study-level reader
(``remapp.extractors.header``) does not cover: multi-valued numbers, one quantity sent in several units,
private attributes, moments.

Vendor headers are often malformed (a DS holding ``"1.06,0.206"``, empty values, attributes missing).
Each reader returns None (or an empty list) rather than raising, so one bad attribute costs that value
only, never the whole image.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from pydicom.dataset import Dataset
from pydicom.multival import MultiValue

from remapp.dicom.dcmdatetime import combine, make_date, make_date_time, make_time
from remapp.dicom.values import parse_decimal

from ..header import text

Zone = str | dt.tzinfo | None

# Some vendors separate multiple values with commas or slashes instead of the DICOM backslash.
_SEPARATORS = re.compile(r"[\\,/]")


def raw(ds: Dataset, keyword: str) -> Any:
    """The attribute's value, or None when it is absent, empty or unreadable."""
    try:
        element = ds.get(keyword)
    except Exception:  # noqa: BLE001 - pydicom raises many kinds on malformed values
        return None
    value = getattr(element, "value", element)
    if value is None or value == "" or (isinstance(value, list | MultiValue) and len(value) == 0):
        return None
    return value


def _pieces(value: Any) -> list[Any]:
    parts = value if isinstance(value, list | MultiValue) else [value]
    found: list[Any] = []
    for part in parts:
        # DS/IS values keep the string they were read from: use it, so no digit is lost or invented.
        original = getattr(part, "original_string", None)
        part = original.decode() if isinstance(original, bytes) else original or part
        if isinstance(part, str):
            found.extend(p.strip() for p in _SEPARATORS.split(part))
        else:
            found.append(part)
    return [p for p in found if p != ""]


def texts(ds: Dataset, keyword: str) -> list[str]:
    """A multi-valued string attribute as a list, split on backslash, comma or slash."""
    value = raw(ds, keyword)
    return [] if value is None else [str(p) for p in _pieces(value)]


def to_decimal(value: Any) -> Decimal | None:
    """One number as an exact Decimal (a float goes through repr, the shortest string that round-trips)."""
    if value is None:
        return None
    pieces = _pieces(value)
    if not pieces:
        return None
    first = pieces[0]
    return parse_decimal(repr(first) if type(first) is float else str(first))


def decimals(ds: Dataset, keyword: str) -> list[Decimal]:
    """Every number of a (possibly multi-valued, possibly comma-separated) numeric attribute."""
    value = raw(ds, keyword)
    if value is None:
        return []
    numbers = (to_decimal(p) for p in _pieces(value))
    return [n for n in numbers if n is not None]


def number(ds: Dataset, keyword: str) -> Decimal | None:
    """The first number of a numeric attribute, or None."""
    values = decimals(ds, keyword)
    return values[0] if values else None


def first_number(ds: Dataset, candidates: Iterable[tuple[str, Decimal]]) -> Decimal | None:
    """The first attribute present among ``(keyword, factor)`` pairs, multiplied into the wanted unit.

    Headers often carry one quantity in several units (Exposure in mAs, Exposure in uAs, ...); callers
    list the finest unit first, because the coarse ones are integers that have lost digits.
    """
    for keyword, factor in candidates:
        value = number(ds, keyword)
        if value is not None:
            return value * factor
    return None


def moment(ds: Dataset, zone: Zone, dt_keyword: str, da_keyword: str, tm_keyword: str) -> dt.datetime | None:
    """An aware moment from a DT attribute, or else from a DA and TM pair (local to ``zone``)."""
    found = make_date_time(text(ds, dt_keyword), zone)
    if found is not None:
        return found
    return combine(make_date(text(ds, da_keyword)), make_time(text(ds, tm_keyword)), zone)


def private(ds: Dataset, group: int, creator: str, offset: int) -> Any:
    """A private attribute's value by its creator's name, wherever the block was reserved; else None."""
    try:
        element = ds.private_block(group, creator)[offset]
    except (KeyError, ValueError):
        return None
    return element.value if element.value not in ("", None) else None
