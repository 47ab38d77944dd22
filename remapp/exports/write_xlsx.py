"""The XLSX layout (openpyxl write-only mode, so memory stays flat whatever the size):

1. "Summary": version, copyright, the filter used, and counts of study descriptions, requested procedures
   and acquisition protocols;
2. "All data": one study per row, events stretching to the right (the CSV layout);
3. one sheet per acquisition protocol, alphabetical: one event per row after its study's columns.

Write-only sheets stream to temporary files and can be appended in any order, but are saved in the order
they were created; so the protocols are counted first and their sheets created before any row is written.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from itertools import zip_longest
from pathlib import Path

from django.db.models import QuerySet
from openpyxl import Workbook
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from openrem import __version__

from .cells import XLSX_CONVERTERS, xlsx_text
from .plan import ExportPlan
from .source import protocol_counts, value_counts

SUMMARY = "Summary"
ALL_DATA = "All data"
NO_PROTOCOL = "(no protocol)"
COPYRIGHT = (
    "Exported by OpenREM, free software under the GNU General Public License version 3 or later. "
    "The dose data belong to the site that recorded them."
)
MAX_TITLE = 31
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


def write_xlsx(plan: ExportPlan, path: Path) -> int:
    """Write the export to ``path``; returns studies written."""
    spec = plan.spec
    workbook = Workbook(write_only=True)
    summary = workbook.create_sheet(SUMMARY)
    all_data = workbook.create_sheet(ALL_DATA)
    protocols = protocol_counts(spec, plan.queryset)
    names = [name for name, _ in protocols]
    titles = sheet_titles(names)
    sheets = {name: workbook.create_sheet(title) for name, title in zip(names, titles, strict=True)}

    study_titles = [col.title for col in spec.study_columns]
    all_data.append(study_titles + plan.event_headers())
    event_titles = [col.title for col in spec.all_event_columns]
    for sheet in sheets.values():
        sheet.append(study_titles + event_titles)

    written = _write_rows(plan, all_data, sheets, workbook)
    _write_summary(summary, plan, protocols)
    workbook.save(path)
    return written


def _write_rows(plan: ExportPlan, all_data: WriteOnlyWorksheet, sheets: dict[str, WriteOnlyWorksheet],
                workbook: Workbook) -> int:
    spec = plan.spec
    most = plan.max_events
    protocol_at = [col.path for col in spec.all_event_columns].index(spec.protocol_path)
    study_row, event_row = plan.row_converters(XLSX_CONVERTERS)
    for chunk in plan.records():
        for record in chunk:
            study = study_row(record.values)
            wide = list(study)
            for index, event in enumerate(record.events):
                cells = event_row(event)
                _protocol_sheet(sheets, workbook, event[protocol_at] or "").append(study + cells)
                if index < most:  # keep "All data" aligned with its header (see write_csv)
                    wide += cells
            all_data.append(wide)
    return plan.written


def _protocol_sheet(
    sheets: dict[str, WriteOnlyWorksheet], workbook: Workbook, name: str
) -> WriteOnlyWorksheet:
    """The protocol's sheet; one met only now (imported during the export) gets a sheet at the end."""
    sheet = sheets.get(name)
    if sheet is None:
        title = sheet_titles([name], taken=[SUMMARY, ALL_DATA, *(s.title for s in sheets.values())])[0]
        sheet = sheets[name] = workbook.create_sheet(title)
    return sheet


def _write_summary(sheet: WriteOnlyWorksheet, plan: ExportPlan, protocols: list[tuple[str, int]]) -> None:
    queryset: QuerySet = plan.queryset
    for row in (
        ["OpenREM version", __version__],
        ["Copyright", COPYRIGHT],
        ["Exported", dt.datetime.now().replace(microsecond=0)],
        ["Modality", plan.spec.label],
        ["Filter used", xlsx_text(plan.filter_description) or "none: all studies"],
        ["Studies", plan.total],
        [],
        ["Study description", "Studies", None, "Requested procedure", "Studies", None, "Protocol", "Events"],
    ):
        sheet.append(row)
    tables = zip_longest(
        _as_text(value_counts(queryset, "study_description")),
        _as_text(value_counts(queryset, "requested_procedure_code_meaning")),
        _as_text((name or NO_PROTOCOL, n) for name, n in protocols),
        fillvalue=(None, None),
    )
    for descriptions, requested, protocol in tables:
        sheet.append([*descriptions, None, *requested, None, *protocol])


def _as_text(counts: Iterable[tuple[str, int]]) -> list[tuple[str | None, int]]:
    """Names from DICOM files are untrusted text, here as in the data sheets."""
    return [(xlsx_text(name), n) for name, n in counts]
