"""The export's own sheet writer (remapp.exports.xlsx_rows), read back with openpyxl as Excel would see it."""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from decimal import Decimal

import pytest
from openpyxl import Workbook, load_workbook

from remapp.exports.xlsx_rows import MAX_TEXT, CellRenderer, add_row_sheet


def _save(tmp_path, *batches, header=False):
    workbook = Workbook(write_only=True)
    renderer = CellRenderer(workbook)
    sheet = add_row_sheet(workbook, "Data", renderer, folder=tmp_path, header=header)
    for batch in batches:
        sheet.add_rows(batch)
    path = tmp_path / "book.xlsx"
    workbook.save(path)
    return path


def _cells(path):
    return [list(row) for row in load_workbook(path)["Data"].iter_rows(values_only=True)]


def test_values_come_back_with_their_types(tmp_path):
    row = [
        "CT Head", 12.93, Decimal("850.250000000000"), 120, True, False,
        dt.date(2024, 1, 10), dt.time(8, 30, 15), dt.datetime(2024, 1, 10, 8, 30, 15),
    ]
    [back] = _cells(_save(tmp_path, [row]))
    assert back == [
        "CT Head", 12.93, 850.25, 120, True, False,
        dt.datetime(2024, 1, 10), dt.time(8, 30, 15), dt.datetime(2024, 1, 10, 8, 30, 15),
    ]
    assert [type(value) for value in back[1:4]] == [float, float, int]


def test_numbers_keep_every_digit_a_double_holds(tmp_path):
    values = [0.1 + 0.2, 1e-12, 123456789.123456789, Decimal("0.000012345678"), -3.25, 2**53 + 1]
    [back] = _cells(_save(tmp_path, [values]))
    assert back == [0.1 + 0.2, 1e-12, 123456789.123456789, 0.000012345678, -3.25, 2**53 + 1]


def test_text_is_escaped_and_keeps_its_spaces_and_line_breaks(tmp_path):
    texts = ["<b>&amp;</b> \"quoted\" 'single'", "  padded  ", "line 1\r\nline 2", "Åström µGy·m²"]
    [back] = _cells(_save(tmp_path, [texts]))
    assert back == texts


def test_text_xml_cannot_hold_is_dropped_and_long_text_is_cut_to_excels_limit(tmp_path):
    [back] = _cells(_save(tmp_path, [["bell\x07 and nul\x00 gone", "x" * (MAX_TEXT + 10), "\x01\x02"]]))
    assert back[0] == "bell and nul gone"
    assert back[1] == "x" * MAX_TEXT
    assert len(back) == 2  # nothing left of the third: no cell at all


def test_formula_like_text_stays_text(tmp_path):
    """Inline strings are never formulas (the export also prefixes an apostrophe: see test_cells)."""
    path = _save(tmp_path, [["=1+1", "@SUM(A1)"]])
    assert _cells(path) == [["=1+1", "@SUM(A1)"]]
    with zipfile.ZipFile(path) as archive:
        assert b"<f>" not in archive.read("xl/worksheets/sheet1.xml")


def test_empty_values_leave_gaps_and_columns_stay_in_place(tmp_path):
    nan, inf = float("nan"), float("inf")
    back = _cells(_save(tmp_path, [[None, 1, None, nan, inf, Decimal("NaN"), 7], [], ["after"]]))
    assert back[0] == [None, 1, None, None, None, None, 7]
    assert back[1] == [None] * 7  # the empty row is kept: later rows do not move up
    assert back[2][0] == "after"


def test_rows_are_numbered_across_batches_and_wide_rows_reach_far_columns(tmp_path):
    wide = list(range(1, 800))  # past column "ADR"
    path = _save(tmp_path, [["a"], ["b"]], [["c"], wide])
    back = _cells(path)
    assert [row[0] for row in back] == ["a", "b", "c", 1]
    assert back[3][798] == 799
    assert load_workbook(path)["Data"].max_column == 799


def test_every_cell_names_its_reference(tmp_path):
    """Optional in the standard, but several readers need it."""
    path = _save(tmp_path, [["a", None, 3]])
    with zipfile.ZipFile(path) as archive:
        xml = archive.read("xl/worksheets/sheet1.xml").decode()
    assert re.findall(r"<c\b[^>]*>", xml) == ['<c r="A1" t="inlineStr">', '<c r="C1" t="n">']
    assert re.findall(r"<row\b[^>]*>", xml) == ['<row r="1">']


def test_a_header_row_is_frozen_and_gets_filter_buttons(tmp_path):
    path = _save(tmp_path, [["Protocol", "DLP"], ["Head", 850.25]], [["Chest", 300], ["Abdomen", 410.5, "extra"]],
                 header=True)
    sheet = load_workbook(path)["Data"]
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:C4"  # as wide as the widest row, down to the last
    with zipfile.ZipFile(path) as archive:
        workbook_xml = archive.read("xl/workbook.xml").decode()
    assert "_xlnm._FilterDatabase" in workbook_xml and "'Data'!$A$1:$C$4" in workbook_xml

    plain = load_workbook(_save(tmp_path, [["title"], [1]]))["Data"]
    assert plain.freeze_panes is None and plain.auto_filter.ref is None


def test_dates_with_a_time_zone_or_unknown_types_are_refused(tmp_path):
    workbook = Workbook(write_only=True)
    renderer = CellRenderer(workbook)
    with pytest.raises(TypeError, match="time zones"):
        renderer.cells([dt.datetime(2024, 1, 1, tzinfo=dt.UTC)])
    with pytest.raises(TypeError, match="cannot write list"):
        renderer.cells([[1, 2]])


def test_rendered_cells_repeat_on_any_row(tmp_path):
    """A study's cells are rendered once and placed beside each of its events."""
    workbook = Workbook(write_only=True)
    renderer = CellRenderer(workbook)
    sheet = add_row_sheet(workbook, "Data", renderer, folder=tmp_path)
    study = renderer.cells(["Study 1", 42.5])
    sheet.add_rendered([study + renderer.cells([f"event {n}"], 2) for n in (1, 2, 3)])
    workbook.save(tmp_path / "book.xlsx")
    assert _cells(tmp_path / "book.xlsx") == [["Study 1", 42.5, f"event {n}"] for n in (1, 2, 3)]


def test_temporary_files_are_removed_when_saved_and_when_discarded(tmp_path):
    _save(tmp_path, [["saved"]])
    assert sorted(path.name for path in tmp_path.iterdir()) == ["book.xlsx"]

    workbook = Workbook(write_only=True)
    sheet = add_row_sheet(workbook, "Data", CellRenderer(workbook), folder=tmp_path)
    sheet.add_rows([["never saved"]])
    assert len(list(tmp_path.glob("openrem-sheet-*.xml"))) == 1
    sheet.discard()
    assert list(tmp_path.glob("openrem-sheet-*.xml")) == []
