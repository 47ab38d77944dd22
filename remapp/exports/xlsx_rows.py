"""Fast sheets for openpyxl's write-only workbooks: the data sheets of an XLSX export.

openpyxl builds the workbook (the package, its styles, the workbook part), but its write-only ``append``
makes a cell object per value and writes it through lxml one element at a time, about 4 µs a cell: with
some 270 cells per CT study that alone capped an export near 1,000 studies a second. A ``RowSheet``
renders whole rows as SpreadsheetML text instead and streams them to its own temporary file, which
openpyxl then packs into the workbook as it does its own sheets' files.

What is written is what openpyxl writes for the same values: numbers as numbers (the shortest text that
reads back as the same double), text as inline strings, booleans as booleans, and dates, times and
datetimes as serial numbers carrying the number formats openpyxl registers for them, so that Excel, and
openpyxl reading the file, see real dates. Every cell carries its reference ("B7"): optional in the
standard, but some readers need it.

This relies on how openpyxl 3.1 saves a write-only sheet (``closed``, ``close()``, then ``_writer.out``,
``_writer._rels`` and ``_writer.cleanup()``); requirements pin ``openpyxl<3.2`` and the export tests read
every sheet back with openpyxl.
"""

from __future__ import annotations

import datetime as dt
import math
import os
import tempfile
from collections.abc import Iterable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.packaging.relationship import RelationshipList
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import to_excel
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.xml.constants import SHEET_MAIN_NS

MAX_TEXT = 32_767  # characters Excel holds in one cell
_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;"})
_SAMPLES = {dt.datetime: dt.datetime(2000, 1, 1, 12), dt.date: dt.date(2000, 1, 1), dt.time: dt.time(12)}
_HEAD = f'<?xml version="1.0" encoding="UTF-8"?>\n<worksheet xmlns="{SHEET_MAIN_NS}">'
# A header row (the column titles) stays in view while scrolling, and gets filter buttons (the autoFilter
# element after the rows, and the hidden name openpyxl writes for a sheet's auto_filter).
_FROZEN_HEADER = (
    '<sheetViews><sheetView workbookViewId="0">'
    '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'
    '<selection pane="bottomLeft" activeCell="A2" sqref="A2"/>'
    "</sheetView></sheetViews>"
)


ROW = "\x00"  # stands for the row number in rendered cells; XML cannot hold it, so no value contains it


class CellRenderer:
    """Renders values as a workbook's cells. The row number is left as ``ROW``, so that cells that repeat on
    several rows (a study's, beside each of its events) are rendered once."""

    def __init__(self, workbook) -> None:
        # Dates need a number format, i.e. one of the workbook's cell styles: the one openpyxl gives them.
        sheet = WriteOnlyWorksheet(workbook, "styles")  # not added to the workbook
        self._date_styles = {kind: WriteOnlyCell(sheet, value=sample).style_id for kind, sample in _SAMPLES.items()}
        self._epoch = workbook.epoch
        self._refs: list[str] = []  # column letters, then ROW

    def cells(self, values: Sequence[Any], first_column: int = 0) -> str:
        """Cells for ``values`` from column ``first_column`` (0 is A): None (no cell), str, int, float, Decimal,
        bool, date, time or naive datetime."""
        refs = self._refs
        while len(refs) < first_column + len(values):
            refs.append(get_column_letter(len(refs) + 1) + ROW)
        cells = []
        add = cells.append
        for ref, value in zip(refs[first_column:], values):  # noqa: B905 (refs may be longer)
            if value is None:
                continue
            kind = type(value)
            if kind is Decimal:
                if value.is_finite():  # Excel has no NaN or infinity: an empty cell, as openpyxl writes
                    add(f'<c r="{ref}" t="n"><v>{float(value)!r}</v></c>')
            elif kind is str:
                add(_text_cell(ref, value))
            elif kind is float:
                if math.isfinite(value):
                    add(f'<c r="{ref}" t="n"><v>{value!r}</v></c>')
            elif kind is int:
                add(f'<c r="{ref}" t="n"><v>{value}</v></c>')
            elif kind is bool:
                add(f'<c r="{ref}" t="b"><v>{int(value)}</v></c>')
            elif kind in self._date_styles:
                add(self._date_cell(ref, kind, value))
            elif isinstance(value, str):
                add(_text_cell(ref, str(value)))
            else:
                raise TypeError(f"cannot write {kind.__name__} value {value!r} to a spreadsheet cell")
        return "".join(cells)

    def _date_cell(self, ref: str, kind: type, value: dt.date | dt.time | dt.datetime) -> str:
        if getattr(value, "tzinfo", None) is not None:
            raise TypeError("Excel has no time zones: convert datetimes to the site's local time first")
        return f'<c r="{ref}" s="{self._date_styles[kind]}" t="n"><v>{to_excel(value, self._epoch)!r}</v></c>'


def _text_cell(ref: str, value: str) -> str:
    value = ILLEGAL_CHARACTERS_RE.sub("", value)[:MAX_TEXT]
    if not value:
        return ""
    space = ' xml:space="preserve"' if value != value.strip() else ""
    return f'<c r="{ref}" t="inlineStr"><is><t{space}>{value.translate(_ESCAPES)}</t></is></c>'


class RowSheet(WriteOnlyWorksheet):
    """A write-only worksheet written a batch of rows at a time, from values (``add_rows``) or from cells
    already rendered by the workbook's ``CellRenderer`` (``add_rendered``)."""

    def __init__(self, parent, title: str | None, renderer: CellRenderer, *, folder: Path | None = None,
                 header: bool = False) -> None:
        super().__init__(parent, title)
        self.renderer = renderer
        self.rows_written = 0
        self.width = 0  # the widest row given as values (the header row's width)
        self._header = header
        self._writer = _SheetFile(self, folder)
        self._writer.write(_HEAD + (_FROZEN_HEADER if header else "") + "<sheetData>")

    @property
    def closed(self) -> bool:
        return self._writer.closed

    def add_rows(self, rows: Iterable[Sequence[Any]]) -> None:
        """Append rows of values (see ``CellRenderer.cells``)."""
        cells = self.renderer.cells
        rendered = []
        for values in rows:
            self.width = max(self.width, len(values))
            rendered.append(cells(values))
        self.add_rendered(rendered)

    def add_rendered(self, rows: Iterable[str]) -> None:
        """Append rows given as rendered cells, one string per row."""
        first = self.rows_written + 1
        text = []
        for number, cells in enumerate(rows, first):
            row = str(number)
            text.append(f'<row r="{row}">{cells.replace(ROW, row)}</row>')
        self.rows_written += len(text)
        self._writer.write("".join(text))

    def append(self, row: Sequence[Any]) -> None:
        self.add_rows([row])

    def close(self) -> None:
        tail = "</sheetData>"
        if self._header and self.width and self.rows_written:
            self.auto_filter.ref = f"A1:{get_column_letter(self.width)}{self.rows_written}"
            tail += f'<autoFilter ref="{self.auto_filter.ref}"/>'
        self._writer.write(tail + "</worksheet>")
        self._writer.close()

    def discard(self) -> None:
        """Close and delete the temporary file of a workbook that will not be saved."""
        self._writer.close()
        self._writer.cleanup()


class _SheetFile:
    """Stands in for openpyxl's WorksheetWriter: the sheet's XML, streamed to a temporary file that the
    workbook's ``save()`` packs and then removes (``cleanup``)."""

    def __init__(self, sheet: RowSheet, folder: Path | None) -> None:
        sheet._hyperlinks = []
        sheet._comments = []
        self._rels = RelationshipList()
        self._file = tempfile.NamedTemporaryFile(  # noqa: SIM115 (open until the workbook is saved)
            "w", encoding="utf-8", newline="", prefix="openrem-sheet-", suffix=".xml", dir=folder, delete=False
        )
        self.out = self._file.name

    @property
    def closed(self) -> bool:
        return self._file.closed

    def write(self, text: str) -> None:
        self._file.write(text)

    def close(self) -> None:
        self._file.close()

    def cleanup(self) -> None:
        try:
            os.remove(self.out)
        except FileNotFoundError:
            pass


def add_row_sheet(workbook, title: str, renderer: CellRenderer, *, folder: Path | None = None,
                  header: bool = False) -> RowSheet:
    """A new ``RowSheet`` at the end of a write-only workbook (what ``create_sheet`` does for its own);
    ``header``: its first row holds column titles (frozen, with filter buttons)."""
    sheet = RowSheet(workbook, title, renderer, folder=folder, header=header)
    workbook._add_sheet(sheet)
    return sheet
