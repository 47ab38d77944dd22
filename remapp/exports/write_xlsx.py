"""The XLSX layout (openpyxl write-only mode, so memory stays flat whatever the size):

1. "Summary": version, copyright, the filter used, and counts of study descriptions, requested procedures
   and acquisition protocols;
2. "All data": one study per row, events stretching to the right (the CSV layout);
3. one sheet per acquisition protocol, alphabetical: one event per row after its study's columns.

Write-only sheets stream to temporary files and can be appended in any order, but are saved in the order
they were created; so the protocols are counted first and their sheets created before any row is written.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from itertools import zip_longest
from pathlib import Path

from django.db.models import QuerySet
from django.utils import timezone
from openpyxl import Workbook

from openrem import __version__

from .cells import XLSX_CONVERTERS, local_naive, xlsx_text
from .plan import ExportPlan
from .source import protocol_counts, value_counts
from .xlsx_rows import CellRenderer, RowSheet, add_row_sheet

SUMMARY = "Summary"
ALL_DATA = "All data"
NO_PROTOCOL = "(no protocol)"
COPYRIGHT = (
    "Exported by OpenREM, free software under the GNU General Public License version 3 or later. "
    "The dose data belong to the site that recorded them."
)
MAX_TITLE = 31
OTHER_PROTOCOLS = "Other protocols"
MAX_ROWS = 1_048_576  # Excel's limits per sheet
# Each write-only sheet keeps a temporary file open until the workbook is saved: past this many protocols
# the rarest share one sheet, so a site with thousands of protocol names cannot run out of file handles.
MAX_PROTOCOL_SHEETS = 250
MAX_COLUMNS = 16_384
# Excel refuses these characters in a sheet name, "History" as a name, and a leading or trailing apostrophe.
_FORBIDDEN = re.compile(r"[\[\]:*?/\\\x00-\x1f]")


def sheet_titles(names: Iterable[str], taken: Iterable[str] = (SUMMARY, ALL_DATA)) -> list[str]:
    """A legal, unique (ignoring case, as Excel does) sheet title for each name, in order."""
    used = {title.casefold() for title in taken} | {"history"}
    titles = []
    for name in names:
        base = _FORBIDDEN.sub("_", name).strip("'").strip() or NO_PROTOCOL
        title = base[:MAX_TITLE]
        number = 2
        while title.casefold() in used:
            suffix = f" ({number})"
            title = base[: MAX_TITLE - len(suffix)].rstrip() + suffix
            number += 1
        used.add(title.casefold())
        titles.append(title)
    return titles


class TooLargeForExcel(ValueError):
    """The export would need more rows than an Excel sheet has."""


def write_xlsx(plan: ExportPlan, path: Path) -> int:
    """Write the export to ``path``; returns studies written.

    The sheets stream to temporary files beside ``path`` (not the system's temporary folder, which may be
    small or in memory) until the workbook is saved; they are removed whether or not that happens."""
    protocols = protocol_counts(plan.spec, plan.queryset)
    _check_rows(plan.total, protocols)
    workbook = Workbook(write_only=True)
    try:
        written = _write_workbook(workbook, plan, protocols, path.parent)
        workbook.save(path)
    finally:
        for sheet in workbook.worksheets:
            sheet.discard()
    return written


def _write_workbook(workbook: Workbook, plan: ExportPlan, protocols: list[tuple[str, int]], folder: Path) -> int:
    spec = plan.spec
    renderer = CellRenderer(workbook)

    def new_sheet(title: str) -> RowSheet:
        return add_row_sheet(workbook, title, renderer, folder=folder, header=title != SUMMARY)

    summary = new_sheet(SUMMARY)
    all_data = new_sheet(ALL_DATA)
    names = _own_sheet_protocols(protocols)
    titles = sheet_titles(names, taken=[SUMMARY, ALL_DATA, OTHER_PROTOCOLS])
    sheets: dict[str | None, RowSheet] = {name: new_sheet(title) for name, title in zip(names, titles, strict=True)}

    study_titles = [col.title for col in spec.study_columns]
    all_data.append(study_titles + plan.event_headers(all_data_events(plan)))
    protocol_header = study_titles + [col.title for col in spec.all_event_columns]
    for sheet in sheets.values():
        sheet.append(protocol_header)

    written = _write_rows(plan, all_data, sheets, lambda: new_sheet(OTHER_PROTOCOLS), protocol_header)
    _write_summary(summary, plan, protocols)
    return written


def _own_sheet_protocols(protocols: list[tuple[str, int]]) -> list[str]:
    """The protocols that get a sheet of their own, alphabetical: all of them, or the most frequent ones."""
    if len(protocols) <= MAX_PROTOCOL_SHEETS:
        return [name for name, _ in protocols]
    frequent = sorted(protocols, key=lambda row: -row[1])[:MAX_PROTOCOL_SHEETS]
    keep = {name for name, _ in frequent}
    return [name for name, _ in protocols if name in keep]


def _check_rows(studies: int, protocols: list[tuple[str, int]]) -> None:
    """Fail before writing anything rather than hand over a workbook Excel cannot open."""
    largest = max([studies, *(n for _, n in protocols)])
    if largest + 1 > MAX_ROWS:  # + the header row
        raise TooLargeForExcel(
            f"a sheet would need {largest + 1:,} rows and Excel has {MAX_ROWS:,}: "
            "export to CSV, or narrow the filter (e.g. a shorter date range)"
        )


def all_data_events(plan: ExportPlan) -> int:
    """Event groups on "All data": as many as fit in Excel's 16,384 columns (every event is always on its
    protocol sheet)."""
    room = (MAX_COLUMNS - len(plan.spec.study_columns)) // len(plan.spec.all_event_columns)
    return min(plan.max_events, room)


def _write_rows(plan: ExportPlan, all_data: RowSheet, sheets: dict[str | None, RowSheet],
                other_sheet: Callable[[], RowSheet], protocol_header: list[str]) -> int:
    """Each chunk's rows are collected per sheet and handed over in one go. A study's cells are rendered
    once, for its "All data" row and every row of its events on the protocol sheets."""
    spec = plan.spec
    most = all_data_events(plan)
    protocol_at = [col.path for col in spec.all_event_columns].index(spec.protocol_path)
    study_row, event_row = plan.row_converters(XLSX_CONVERTERS)
    cells = all_data.renderer.cells
    study_width = len(spec.study_columns)
    event_width = len(spec.all_event_columns)
    for chunk in plan.records():
        wide_rows = []
        by_sheet: dict[RowSheet, list[str]] = {}
        for record in chunk:
            study = cells(study_row(record.values))
            wide = [study]
            for index, event in enumerate(record.events):
                values = event_row(event)
                sheet = _protocol_sheet(sheets, other_sheet, event[protocol_at] or "", protocol_header)
                by_sheet.setdefault(sheet, []).append(study + cells(values, study_width))
                if index < most:  # keep "All data" aligned with its header (see write_csv)
                    wide.append(cells(values, study_width + index * event_width))
            wide_rows.append("".join(wide))
        all_data.add_rendered(wide_rows)
        for sheet, rows in by_sheet.items():
            sheet.add_rendered(rows)
    return plan.written


def _protocol_sheet(
    sheets: dict[str | None, RowSheet], other_sheet: Callable[[], RowSheet], name: str, header: list[str]
) -> RowSheet:
    """The protocol's own sheet, or "Other protocols" (the last sheet) for the rare ones beyond
    MAX_PROTOCOL_SHEETS and any protocol imported while the export ran."""
    sheet = sheets.get(name)
    if sheet is None:
        sheet = sheets.get(None)  # None: never a protocol name (a missing one is "")
        if sheet is None:
            sheet = sheets[None] = other_sheet()
            sheet.append(header)
    return sheet


def _write_summary(sheet: RowSheet, plan: ExportPlan, protocols: list[tuple[str, int]]) -> None:
    queryset: QuerySet = plan.queryset
    sheet.add_rows([
        ["OpenREM version", __version__],
        ["Copyright", COPYRIGHT],
        ["Exported", local_naive(timezone.now()).replace(microsecond=0)],
        ["Modality", plan.spec.label],
        ["Filter used", xlsx_text(plan.filter_description) or "none: all studies"],
        ["Studies", plan.total],
        *_column_note(plan),
        *_protocol_note(protocols),
        [],
        ["Study description", "Studies", None, "Requested procedure", "Studies", None, "Protocol", "Events"],
    ])
    tables = zip_longest(
        _as_text(value_counts(queryset, "study_description")),
        _as_text(value_counts(queryset, "requested_procedure_code_meaning")),
        _as_text((name or NO_PROTOCOL, n) for name, n in protocols),
        fillvalue=(None, None),
    )
    sheet.add_rows([*descriptions, None, *requested, None, *protocol] for descriptions, requested, protocol in tables)


def _column_note(plan: ExportPlan) -> list[list[str]]:
    shown = all_data_events(plan)
    if shown == plan.max_events:
        return []
    return [["Note", f"{ALL_DATA} shows the first {shown} events of each study (Excel's {MAX_COLUMNS:,} "
                     f"columns; the largest study has {plan.max_events}); every event is on its protocol sheet."]]


def _protocol_note(protocols: list[tuple[str, int]]) -> list[list[str]]:
    if len(protocols) <= MAX_PROTOCOL_SHEETS:
        return []
    return [["Note", f"The {len(protocols) - MAX_PROTOCOL_SHEETS:,} least frequent protocols share the sheet "
                     f"\"{OTHER_PROTOCOLS}\" (at most {MAX_PROTOCOL_SHEETS} protocol sheets)."]]


def _as_text(counts: Iterable[tuple[str, int]]) -> list[tuple[str | None, int]]:
    """Names from DICOM files are untrusted text, here as in the data sheets."""
    return [(xlsx_text(name), n) for name, n in counts]
