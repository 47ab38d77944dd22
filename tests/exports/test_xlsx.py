"""XLSX exports read back with openpyxl: sheets, their order, summary counts, numbers as numbers."""

from __future__ import annotations

import datetime as dt

import pytest
from openpyxl import load_workbook

from openrem import __version__

from .helpers import export_file, read_xlsx

pytestmark = pytest.mark.django_db


@pytest.fixture
def ct_book(ct_studies, tmp_path):
    return read_xlsx(export_file(tmp_path, "CT", "xlsx"))


def test_sheets_are_summary_all_data_then_protocols_alphabetically(ct_book):
    # "Chest/Abdo: [contrast]" loses the characters Excel refuses in sheet names.
    assert list(ct_book) == ["Summary", "All data", "Chest_Abdo_ _contrast_", "Head", "Scout"]


def test_summary_has_version_filter_and_counts(ct_book):
    summary = ct_book["Summary"]
    assert summary[0][:2] == ("OpenREM version", __version__)
    assert summary[1][0] == "Copyright"
    assert ("Filter used", "study description: CT") in [row[:2] for row in summary]
    assert ("Studies", 2) in [row[:2] for row in summary]
    header_at = next(i for i, row in enumerate(summary) if row and row[0] == "Study description")
    table = summary[header_at + 1:]
    assert ("CT Chest Abdomen Pelvis", 1) in [row[:2] for row in table]
    assert ("Chest/Abdo: [contrast]", 2) in [row[6:8] for row in table]  # protocol names keep their text
    assert ("Scout", 1) in [row[6:8] for row in table]


def test_all_data_has_one_study_per_row_with_numbers_as_numbers(ct_book):
    header, head, cap = ct_book["All data"]
    row = dict(zip(header, head, strict=True))
    assert row["Total DLP (mGy·cm)"] == 850.25
    assert isinstance(row["Total DLP (mGy·cm)"], float)
    assert row["Study date"] == dt.datetime(2024, 1, 10)  # a real date cell
    assert row["E1 Protocol"] == "Head" and row["E2 Protocol"] is None
    cap_row = dict(zip(header, cap, strict=True))
    assert cap_row["E3 DLP (mGy·cm)"] == 300.75 and cap_row["E3 kVp"] == 100
    assert cap_row["Test patient"] is False


def test_protocol_sheet_has_one_event_per_row_with_its_study(ct_book):
    header, *rows = ct_book["Chest_Abdo_ _contrast_"]
    assert header[0] == "Institution" and header[-1] == "Exposure time per rotation (s)"
    assert len(rows) == 2  # one study, two events of this protocol: two rows
    records = [dict(zip(header, row, strict=True)) for row in rows]
    assert [r["DLP (mGy·cm)"] for r in records] == [400, 300.75]
    assert {r["Study description"] for r in records} == {"CT Chest Abdomen Pelvis"}
    assert {r["Total DLP (mGy·cm)"] for r in records} == {706.25}


def test_a_filter_changes_the_workbook(ct_studies, tmp_path):
    book = read_xlsx(export_file(tmp_path, "CT", "xlsx", {"study_description": "head"}))
    assert list(book) == ["Summary", "All data", "Head"]
    assert len(book["All data"]) == 2


@pytest.mark.parametrize(
    ("modality", "sheets", "column", "value"),
    [
        ("RF", ["Summary", "All data", "Fluoro Abdo"], "Total DAP (Gy·m²)", 0.0012),
        ("DX", ["Summary", "All data", "Chest PA"], "Total DAP (Gy·m²)", 0.00008),
        ("MG", ["Summary", "All data", "LCC", "RCC"], "AGD right (mGy)", 1.25),
    ],
)
def test_every_modality_exports_to_xlsx(projection_studies, tmp_path, modality, sheets, column, value):
    book = read_xlsx(export_file(tmp_path, modality, "xlsx"))
    assert list(book) == sheets
    header, row = book["All data"]
    assert dict(zip(header, row, strict=True))[column] == value


def test_mg_protocol_sheet_rows(projection_studies, tmp_path):
    book = read_xlsx(export_file(tmp_path, "MG", "xlsx"))
    header, row = book["LCC"]
    record = dict(zip(header, row, strict=True))
    assert (record["Laterality"], record["AGD (mGy)"]) == ("Left", 1.5)


def test_all_data_keeps_within_excels_columns(ct_studies, tmp_path, monkeypatch):
    from remapp.exports import write_xlsx
    from remapp.exports.columns import CT

    # Room for two event groups only: the three-event study's last event stays on its protocol sheet.
    monkeypatch.setattr(write_xlsx, "MAX_COLUMNS", len(CT.study_columns) + 2 * len(CT.all_event_columns) + 3)
    book = read_xlsx(export_file(tmp_path, "CT", "xlsx"))
    header = book["All data"][0]
    assert "E2 Protocol" in header and "E3 Protocol" not in header
    assert any(row[0] == "Note" and "first 2 events" in row[1] for row in book["Summary"])
    assert len(book["Chest_Abdo_ _contrast_"]) == 3  # both events there, the third one included


def test_an_export_too_large_for_excel_fails_before_writing(ct_studies, tmp_path, monkeypatch):
    from remapp.exports import write_xlsx

    monkeypatch.setattr(write_xlsx, "MAX_ROWS", 2)  # a header and one study
    with pytest.raises(write_xlsx.TooLargeForExcel, match="export to CSV, or narrow the filter"):
        export_file(tmp_path, "CT", "xlsx")
    assert not (tmp_path / "export.xlsx").exists()


def test_rare_protocols_share_one_sheet_past_the_limit(ct_studies, tmp_path, monkeypatch):
    from remapp.exports import write_xlsx

    monkeypatch.setattr(write_xlsx, "MAX_PROTOCOL_SHEETS", 1)
    book = read_xlsx(export_file(tmp_path, "CT", "xlsx"))
    # "Chest/Abdo: [contrast]" (two events) keeps its sheet; Head and Scout (one each) share the last one.
    assert list(book) == ["Summary", "All data", "Chest_Abdo_ _contrast_", "Other protocols"]
    header, *rows = book["Other protocols"]
    assert sorted(dict(zip(header, row, strict=True))["Protocol"] for row in rows) == ["Head", "Scout"]
    assert any(row[0] == "Note" and "2 least frequent protocols" in row[1] for row in book["Summary"])


def test_data_sheets_keep_their_titles_in_view_with_filter_buttons(ct_studies, tmp_path):
    workbook = load_workbook(export_file(tmp_path, "CT", "xlsx"))
    assert [sheet.freeze_panes for sheet in workbook.worksheets] == [None, "A2", "A2", "A2", "A2"]
    all_data = workbook["All data"]
    assert all_data.auto_filter.ref == f"A1:{all_data.cell(1, all_data.max_column).column_letter}3"
    assert workbook["Chest_Abdo_ _contrast_"].auto_filter.ref.endswith("3")  # header and two events
    assert workbook["Summary"].auto_filter.ref is None


def test_a_failed_workbook_leaves_no_temporary_sheets(ct_studies, tmp_path, monkeypatch):
    from remapp.exports import write_xlsx

    def broken_summary(*args):
        raise RuntimeError("disk full")

    monkeypatch.setattr(write_xlsx, "_write_summary", broken_summary)
    with pytest.raises(RuntimeError, match="disk full"):
        export_file(tmp_path, "CT", "xlsx")
    assert list(tmp_path.iterdir()) == []  # the sheets streamed beside the file are gone, and no file
