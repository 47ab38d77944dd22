"""Turning database values into cells: plain numbers, ISO dates, and text that cannot become a formula.

Spreadsheet programs run a cell that starts with ``=``, ``+``, ``-`` or ``@`` as a formula (and tab or CR
can smuggle one past a first check), so a crafted DICOM string could otherwise execute in the reader's
Excel. Such text gets a leading apostrophe, the usual neutralisation; numbers are never touched, so a
negative dose stays a number.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any

from django.utils import timezone
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from .columns import Column, Kind

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

Converter = Callable[[Any], Any]
RowConverter = Callable[[Sequence[Any]], list[Any]]


def neutralise(value: str) -> str:
    """Text that a spreadsheet will show as text, never evaluate."""
    if value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def plain_number(value: Decimal | int | float | str | None) -> str:
    """``Decimal('12.500000000000')`` (a DecimalField's scale) as ``12.5``; never exponent notation. Text is
    taken as it is: the database made it plain already (``source.PlainNumberText``)."""
    if value is None:
        return ""
    if type(value) is str:
        return value
    # str() is the fast path (this runs for most cells); Decimal switches to exponent form for tiny values.
    text = str(value)
    if "E" in text and isinstance(value, Decimal):
        text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
        return "0" if text in ("", "-0") else text
    return text


def local_naive(value: dt.datetime) -> dt.datetime:
    """Excel has no time zones: write the site's local time."""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return value.replace(tzinfo=None)


def _csv_text(value: str | None) -> str:
    return neutralise(value) if value else ""


def _csv_iso(value: dt.date | dt.time | None) -> str:
    return value.isoformat() if value is not None else ""


def _csv_datetime(value: dt.datetime | None) -> str:
    return local_naive(value).isoformat() if value is not None else ""


def _csv_flag(value: bool | None) -> str:
    return "" if value is None else ("yes" if value else "no")


def xlsx_text(value: str | None) -> str | None:
    """Neutralised text without the control characters XML (so XLSX) cannot hold."""
    if not value:
        return None
    return neutralise(ILLEGAL_CHARACTERS_RE.sub("", value))


def _xlsx_datetime(value: dt.datetime | None) -> dt.datetime | None:
    return local_naive(value) if value is not None else None


CSV_CONVERTERS: dict[Kind, Converter] = {
    Kind.TEXT: _csv_text,
    Kind.NUMBER: plain_number,
    Kind.DATE: _csv_iso,
    Kind.TIME: _csv_iso,
    Kind.DATETIME: _csv_datetime,
    Kind.FLAG: _csv_flag,
}

# None: written as they come (numbers, Decimals included, dates and times are cells of their own type).
XLSX_CONVERTERS: dict[Kind, Converter | None] = {
    Kind.TEXT: xlsx_text,
    Kind.NUMBER: None,
    Kind.DATE: None,
    Kind.TIME: None,
    Kind.DATETIME: _xlsx_datetime,
    Kind.FLAG: None,
}


def row_converter(columns: Sequence[Column], converters: dict[Kind, Converter | None],
                  as_they_are: Sequence[bool] = ()) -> RowConverter:
    """A function that converts one row of values of ``columns``, looked up once, not per cell; columns
    whose converter is None, or flagged in ``as_they_are``, are copied as they are."""
    keep = list(as_they_are) or [False] * len(columns)
    funcs = [None if kept else converters[col.kind] for col, kept in zip(columns, keep, strict=True)]
    work = [(index, func) for index, func in enumerate(funcs) if func is not None]
    if len(work) == len(funcs):
        def convert_all(values: Sequence[Any]) -> list[Any]:
            return [func(value) for func, value in zip(funcs, values, strict=True)]

        return convert_all

    def convert_some(values: Sequence[Any]) -> list[Any]:
        row = list(values)
        for index, func in work:
            row[index] = func(row[index])
        return row

    return convert_some
