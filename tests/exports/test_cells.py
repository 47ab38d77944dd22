"""Cell safety and spreadsheet rules: formula injection, plain numbers, Excel sheet names."""

from __future__ import annotations

from decimal import Decimal

import pytest

from remapp.exports.cells import neutralise, plain_number
from remapp.exports.write_xlsx import sheet_titles

from .factories import make_ct_study
from .helpers import export_file, read_csv_dicts, read_xlsx


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_formula_starts_are_neutralised(start):
    assert neutralise(start + "HYPERLINK(\"http://x\")") == "'" + start + 'HYPERLINK("http://x")'


def test_ordinary_text_is_untouched():
    assert neutralise("CT Head (w/o) = fine") == "CT Head (w/o) = fine"


@pytest.mark.parametrize(
    ("value", "text"),
    [(Decimal("12.500000000000"), "12.5"), (Decimal("100.000000000000"), "100"),
     (Decimal("0E-12"), "0"), (Decimal("-3.250"), "-3.25"), (Decimal("1E-7"), "0.0000001"), (None, ""),
     (7, "7")],
)
def test_numbers_are_plain(value, text):
    assert plain_number(value) == text


def test_sheet_titles_follow_excels_rules():
    names = ["A" * 40, "A" * 35, "a" * 31, "Summary", "what?/is:[this]*\\", "'quoted'", "", "History"]
    titles = sheet_titles(names)
    assert all(len(title) <= 31 for title in titles)
    assert titles[0] == "A" * 31
    assert titles[1] == "A" * 27 + " (2)"  # same first 31 characters: made unique
    assert titles[2] == "a" * 27 + " (3)"  # Excel compares sheet names ignoring case
    assert titles[3] == "Summary (2)"
    assert titles[4] == "what__is__this___"
    assert titles[5] == "quoted"
    assert titles[6] == "(no protocol)"
    assert titles[7] == "History (2)"
    assert len({t.casefold() for t in titles}) == len(titles)


@pytest.mark.django_db
def test_injected_dicom_strings_are_text_in_both_formats(tmp_path):
    make_ct_study([{"protocol": "=cmd|' /C calc'!A0", "dlp": "-1.5", "ctdivol": "1"}],
                  description="+SUM(A1:A9)", institution="@evil")
    (row,) = read_csv_dicts(export_file(tmp_path, "CT", "csv"))
    assert row["Study description"] == "'+SUM(A1:A9)"
    assert row["Institution"] == "'@evil"
    assert row["E1 Protocol"] == "'=cmd|' /C calc'!A0"
    assert row["E1 DLP (mGy·cm)"] == "-1.5"  # a negative number stays a number
    book = read_xlsx(export_file(tmp_path, "CT", "xlsx"))
    header, values = book["All data"]
    record = dict(zip(header, values, strict=True))
    assert record["Study description"] == "'+SUM(A1:A9)"
    assert record["E1 DLP (mGy·cm)"] == -1.5
    assert list(book)[2] == "=cmd|' _C calc'!A0"  # a sheet name is never evaluated, only made legal
    summary_cells = {cell for row in book["Summary"] for cell in row}
    assert "'+SUM(A1:A9)" in summary_cells and "+SUM(A1:A9)" not in summary_cells


@pytest.mark.django_db
def test_control_characters_do_not_break_the_workbook(tmp_path):
    # Not NUL: PostgreSQL refuses to store it, so it cannot reach an export.
    make_ct_study([{"protocol": "Head\x01", "dlp": "1", "ctdivol": "1"}], description="Bad\x08chars")
    book = read_xlsx(export_file(tmp_path, "CT", "xlsx"))
    assert dict(zip(*book["All data"], strict=True))["Study description"] == "Badchars"
