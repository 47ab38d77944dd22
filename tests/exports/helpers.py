"""Export a queryset to a file and read it back, as a user's spreadsheet program would."""

from __future__ import annotations

import csv
from pathlib import Path

from openpyxl import load_workbook

from remapp.exports.core import export_studies
from remapp.exports.selection import studies_for_export


def export_file(tmp_path: Path, modality: str, fmt: str, params: dict | None = None) -> Path:
    """Export with the list page's filter ``params``, oldest study first (lists default to newest)."""
    out = tmp_path / f"export.{fmt}"
    queryset = studies_for_export(modality, {"order": "date", **(params or {})})
    export_studies(modality=modality, export_format=fmt, queryset=queryset,
                   out=out, filter_description="study description: CT", chunk_size=1)
    return out


def read_csv(path: Path) -> list[list[str]]:
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle))


def read_csv_dicts(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def read_xlsx(path: Path) -> dict[str, list[tuple]]:
    """Every sheet's rows, in sheet order (dicts keep insertion order), padded to the widest row.

    Write-only sheets store no empty cells, so a row read back ends at its last value.
    """
    workbook = load_workbook(path, read_only=True)
    book = {}
    for sheet in workbook.worksheets:
        rows = list(sheet.iter_rows(values_only=True))
        width = max((len(row) for row in rows), default=0)
        book[sheet.title] = [tuple(row) + (None,) * (width - len(row)) for row in rows]
    return book
