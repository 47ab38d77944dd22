"""CSV exports read back with the csv module: headers, rows, values, numbers as plain numbers."""

from __future__ import annotations

import pytest

from .helpers import export_file, read_csv, read_csv_dicts

pytestmark = pytest.mark.django_db


def test_ct_csv_has_one_row_per_study_with_events_to_the_right(ct_studies, tmp_path):
    rows = read_csv(export_file(tmp_path, "CT", "csv"))
    header = rows[0]
    assert header[:5] == ["Institution", "Manufacturer", "Model", "Station name", "Accession number"]
    assert header[-1] == "E3 Exposure time per rotation (s)"  # three groups: the widest study has three
    assert header.count("E1 Protocol") == 1 and "E4 Protocol" not in header
    assert len(rows) == 3  # header + two studies, oldest first


def test_ct_csv_values_are_exact_and_plain(ct_studies, tmp_path):
    head, cap = read_csv_dicts(export_file(tmp_path, "CT", "csv"))
    assert head["Study description"] == "CT Head"
    assert head["Total DLP (mGy·cm)"] == "850.25"
    assert head["Study date"] == "2024-01-10"
    assert head["Age (years)"] == "54.5"
    assert head["Height (m)"] == "1.65" and head["Mass (kg)"] == "70.5"
    assert head["Test patient"] == "no"
    assert head["E1 Protocol"] == "Head" and head["E1 DLP (mGy·cm)"] == "850.25"
    assert head["E2 Protocol"] == ""  # a one-event study leaves later groups empty
    assert cap["Total DLP (mGy·cm)"] == "706.25"
    assert [cap[f"E{n} Protocol"] for n in (1, 2, 3)] == ["Scout", "Chest/Abdo: [contrast]",
                                                         "Chest/Abdo: [contrast]"]
    assert cap["E3 kVp"] == "100" and cap["E3 CTDIvol (mGy)"] == "9.25"
    assert cap["E1 Type"] == "Helical Acquisition"


def test_csv_is_utf8_with_tidy_unit_titles(ct_studies, tmp_path):
    raw = export_file(tmp_path, "CT", "csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # byte order mark, so Excel reads UTF-8
    assert "Total DLP (mGy·cm)".encode() in raw


def test_csv_never_has_patient_name_or_id_columns(ct_studies, tmp_path):
    header = " ".join(read_csv(export_file(tmp_path, "CT", "csv"))[0]).lower()
    assert "name" not in header.replace("station name", "")
    assert "patient id" not in header


def test_a_filter_changes_the_export(ct_studies, tmp_path):
    rows = read_csv_dicts(export_file(tmp_path, "CT", "csv", {"study_description": "head"}))
    assert [row["Study description"] for row in rows] == ["CT Head"]
    rows = read_csv_dicts(export_file(tmp_path, "CT", "csv", {"date_from": "2024-02-01"}))
    assert [row["Study description"] for row in rows] == ["CT Chest Abdomen Pelvis"]


def test_an_empty_export_has_only_the_header(db, tmp_path):
    rows = read_csv(export_file(tmp_path, "CT", "csv"))
    assert len(rows) == 1 and rows[0][0] == "Institution"


@pytest.mark.parametrize(
    ("modality", "column", "value"),
    [
        ("RF", "Total DAP (Gy·m²)", "0.0012"),
        ("RF", "Total fluoroscopy time (s)", "35.5"),
        ("DX", "Total DAP (Gy·m²)", "0.00008"),
        ("MG", "AGD left (mGy)", "1.5"),
        ("MG", "AGD both (mGy)", "2.75"),
    ],
)
def test_projection_csv_study_doses(projection_studies, tmp_path, modality, column, value):
    (row,) = read_csv_dicts(export_file(tmp_path, modality, "csv"))
    assert row[column] == value


def test_projection_event_values(projection_studies, tmp_path):
    (rf,) = read_csv_dicts(export_file(tmp_path, "RF", "csv"))
    assert rf["E1 DAP (Gy·m²)"] == "0.0012"
    assert rf["E1 kVp"] == "75"  # the mean of the pulses' 70 and 80 kV
    (mg,) = read_csv_dicts(export_file(tmp_path, "MG", "csv"))
    assert (mg["E1 Laterality"], mg["E1 AGD (mGy)"]) == ("Right", "1.25")
    assert (mg["E2 Laterality"], mg["E2 AGD (mGy)"]) == ("Left", "1.5")
    assert mg["E1 Compressed thickness (mm)"] == "45"
