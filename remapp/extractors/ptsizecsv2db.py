"""Patient height and weight from a CSV export (RIS, EPR), added to studies already imported.

``csv2db(csvfile, id_column, height_column, weight_column, si_uid=False)`` is the seed's entry point; the
command is ``openrem_ptsizecsv.py [-s] [-v] CSVFILE ID HEIGHT WEIGHT``. Rules (docs/ptsize-csv.md):

* columns are found by their titles (exactly, else ignoring case, spaces and quotes); the file may start
  with a byte order mark, use commas or semicolons, quote fields and end lines the Windows way;
* rows match studies on accession number, or with ``si_uid`` on study instance UID;
* height is in centimetres in the CSV and stored in metres; weight is in kilograms;
* a value is stored only where the study has none: the modality's own value is never overwritten, and a
  second import of the same file changes nothing;
* a bad value, a blank cell or an unmatched row costs that value or row only, with a message saying which.
"""

from __future__ import annotations

import csv
import io
import os
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.db import transaction

from remapp.models import GeneralStudyModuleAttributes, PatientStudyModuleAttributes

# Plausible ranges; outside them the value is rejected with a message (the row's other value still counts).
HEIGHT_CM = (Decimal(20), Decimal(260))
WEIGHT_KG = (Decimal("0.3"), Decimal(500))
CM_PER_M = Decimal(100)
ENCODINGS = ("utf-8-sig", "cp1252")
LOOKUP_CHUNK = 500


class CsvError(Exception):
    """The file as a whole cannot be used (unreadable, no such column); nothing is stored."""


@dataclass
class CsvRow:
    line: int
    key: str
    height: Decimal | None = None  # metres
    weight: Decimal | None = None  # kilograms


@dataclass
class CsvReport:
    rows: int = 0
    studies_updated: int = 0
    heights_stored: int = 0
    weights_stored: int = 0
    unmatched: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    details: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return (f"{self.rows} rows read: {self.studies_updated} studies updated ({self.heights_stored} heights, "
                f"{self.weights_stored} weights stored), {len(self.unmatched)} rows matched no study, "
                f"{len(self.problems)} values rejected")


# --- reading the file (no database) ------------------------------------------------------------------

def decode(data: bytes) -> str:
    """The file's text: UTF-8 (a BOM is dropped), else Windows-1252, what spreadsheet exports use."""
    for encoding in ENCODINGS:
        try:
            # NUL is never part of a value (and PostgreSQL cannot compare text holding it): dropped.
            return data.decode(encoding).replace("\x00", "")
        except UnicodeDecodeError:
            continue
    raise CsvError("the file is neither UTF-8 nor Windows-1252 text")


def dialect_of(text: str) -> type[csv.Dialect] | csv.Dialect:
    """Comma or semicolon, whichever the header line splits on (semicolons: spreadsheets in comma-decimal
    locales)."""
    first = text.splitlines()[0] if text else ""
    try:
        return csv.Sniffer().sniff(first, delimiters=",;")
    except csv.Error:
        return csv.excel


def _normal(title: str) -> str:
    return "".join(title.replace('"', "").replace("'", "").split()).lower()


def find_column(titles: list[str], wanted: str) -> int | None:
    """Index of the column titled ``wanted``: exact first, else ignoring case, spaces and quotes."""
    stripped = [t.strip() for t in titles]
    if wanted.strip() in stripped:
        return stripped.index(wanted.strip())
    normal = [_normal(t) for t in titles]
    return normal.index(_normal(wanted)) if _normal(wanted) in normal else None


def parse_number(cell: str) -> Decimal | None:
    """A number as typed in a spreadsheet: '172', '172.5', '172,5' (decimal comma). None if blank."""
    cell = cell.strip()
    if not cell:
        return None
    if "," in cell and "." not in cell:
        cell = cell.replace(",", ".")
    try:
        value = Decimal(cell)
    except InvalidOperation as error:
        raise ValueError(f"{cell!r} is not a number") from error
    if not value.is_finite():
        raise ValueError(f"{cell!r} is not a number")
    return value


def _checked(cell: str, limits: tuple[Decimal, Decimal], what: str, unit: str) -> Decimal | None:
    value = parse_number(cell)
    if value is None:
        return None
    if not limits[0] <= value <= limits[1]:
        hint = " (heights must be in cm, not m)" if what == "height" and value < 3 else ""
        raise ValueError(f"{what} {cell.strip()} {unit} is outside {limits[0]}-{limits[1]} {unit}{hint}")
    return value


def read_rows(text: str, id_column: str, height_column: str, weight_column: str,
              problems: list[str]) -> list[CsvRow]:
    """Every data row as (key, height in m, weight in kg); rejected values go to ``problems``."""
    reader = csv.reader(io.StringIO(text, newline=""), dialect_of(text))
    titles = next(reader, None)
    if not titles:
        raise CsvError("the file is empty")
    columns = {name: find_column(titles, name) for name in (id_column, height_column, weight_column)}
    if columns[id_column] is None:
        raise CsvError(f"no column titled {id_column!r}; columns are: {', '.join(titles)}")
    missing = [name for name in (height_column, weight_column) if columns[name] is None]
    if len(missing) == 2:
        raise CsvError(f"no column titled {height_column!r} or {weight_column!r}; "
                       f"columns are: {', '.join(titles)}")
    problems.extend(f"no column titled {name!r}: that value is not imported" for name in missing)
    return [row for row in (_row(reader.line_num, cells, columns, (id_column, height_column, weight_column),
                                 problems) for cells in reader) if row is not None]


def _cell(cells: list[str], index: int | None) -> str:
    return cells[index] if index is not None and index < len(cells) else ""


def _row(line: int, cells: list[str], columns: dict, names: tuple[str, str, str],
         problems: list[str]) -> CsvRow | None:
    if not any(c.strip() for c in cells):
        return None  # blank line
    id_column, height_column, weight_column = names
    key = _cell(cells, columns[id_column]).strip()
    if not key:
        problems.append(f"line {line}: no {id_column}; row skipped")
        return None
    row = CsvRow(line, key)
    try:
        height = _checked(_cell(cells, columns[height_column]), HEIGHT_CM, "height", "cm")
        row.height = height / CM_PER_M if height is not None else None
    except ValueError as error:
        problems.append(f"line {line} ({key}): {error}; height not stored")
    try:
        row.weight = _checked(_cell(cells, columns[weight_column]), WEIGHT_KG, "weight", "kg")
    except ValueError as error:
        problems.append(f"line {line} ({key}): {error}; weight not stored")
    return row


# --- storing ------------------------------------------------------------------------------------------

def _studies_by_key(keys: list[str], si_uid: bool) -> dict[str, list[int]]:
    """Study primary keys per CSV key, fetched in chunks (one query per 500 rows, not one per row)."""
    field_name = "study_instance_uid" if si_uid else "accession_number"
    found: dict[str, list[int]] = {}
    for start in range(0, len(keys), LOOKUP_CHUNK):
        chunk = keys[start:start + LOOKUP_CHUNK]
        for pk, key in GeneralStudyModuleAttributes.objects.filter(**{f"{field_name}__in": chunk}).values_list(
                "pk", field_name):
            found.setdefault(key, []).append(pk)
    return found


def _fill(study_pk: int, row: CsvRow, report: CsvReport) -> None:
    """Store the row's values where this study has none."""
    patient, _ = PatientStudyModuleAttributes.objects.select_for_update().get_or_create(
        general_study_module_attributes_id=study_pk)
    changed = []
    if row.height is not None and patient.patient_size is None:
        patient.patient_size = row.height
        changed.append("patient_size")
        report.heights_stored += 1
    if row.weight is not None and patient.patient_weight is None:
        patient.patient_weight = row.weight
        changed.append("patient_weight")
        report.weights_stored += 1
    if changed:
        patient.save(update_fields=changed)
        report.studies_updated += 1
        stored = ", ".join("height" if name == "patient_size" else "weight" for name in changed)
        report.details.append(f"line {row.line} ({row.key}): study {study_pk}: stored {stored}")
    elif row.height is None and row.weight is None:
        report.details.append(f"line {row.line} ({row.key}): no height or weight given")
    else:
        report.details.append(f"line {row.line} ({row.key}): study {study_pk} already has its values; "
                              "nothing stored")


def csv2db(csvfile: str | os.PathLike, id_column: str, height_column: str, weight_column: str, *,
           si_uid: bool = False) -> CsvReport:
    """Add heights and weights from ``csvfile`` to the matching studies; the report says what happened.

    Raises CsvError when the file as a whole cannot be used (then nothing is stored).
    """
    try:
        text = decode(Path(csvfile).read_bytes())
    except OSError as error:
        raise CsvError(f"cannot read {csvfile}: {error.strerror or error}") from error
    report = CsvReport()
    try:
        rows = read_rows(text, id_column, height_column, weight_column, report.problems)
    except csv.Error as error:  # e.g. a field over the csv module's size limit: the file is not a table
        raise CsvError(f"not a readable CSV file ({error})") from error
    report.rows = len(rows)
    studies = _studies_by_key(sorted({row.key for row in rows}), si_uid)
    what = "study instance UID" if si_uid else "accession number"
    for row in rows:
        matches = studies.get(row.key)
        if not matches:
            report.unmatched.append(f"line {row.line}: no study with {what} {row.key}")
            continue
        for study_pk in matches:
            # One transaction per study: a failure on one row leaves the others stored.
            with transaction.atomic():
                _fill(study_pk, row, report)
    return report
