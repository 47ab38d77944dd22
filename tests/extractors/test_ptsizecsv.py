"""Patient height and weight from CSV: matching, units, validation, odd files, idempotence."""

from __future__ import annotations

from decimal import Decimal

import pytest

from remapp.cli import ptsizecsv_main
from remapp.extractors.ptsizecsv2db import CsvError, csv2db, parse_number
from remapp.models import GeneralStudyModuleAttributes, PatientStudyModuleAttributes

pytestmark = pytest.mark.django_db


def _study(uid: str, accession: str, size: str | None = None,
           weight: str | None = None) -> GeneralStudyModuleAttributes:
    study = GeneralStudyModuleAttributes.objects.create(study_instance_uid=uid, accession_number=accession)
    if size or weight:
        PatientStudyModuleAttributes.objects.create(
            general_study_module_attributes=study, patient_size=Decimal(size) if size else None,
            patient_weight=Decimal(weight) if weight else None)
    return study


def _patient(study) -> PatientStudyModuleAttributes:
    return PatientStudyModuleAttributes.objects.get(general_study_module_attributes=study)


def _csv(tmp_path, text: str, encoding: str = "utf-8", name: str = "ris.csv"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


@pytest.fixture
def studies():
    return {"a": _study("1.2.3.1", "ACC1"), "b": _study("1.2.3.2", "ACC2"),
            "c": _study("1.2.3.3", "ACC3", size="1.80", weight="90")}


def test_by_accession_height_in_cm_becomes_metres(tmp_path, studies):
    path = _csv(tmp_path, "Accession,Height,Weight\nACC1,172.5,81.2\nACC2,160,\n")
    report = csv2db(path, "Accession", "Height", "Weight")
    assert (_patient(studies["a"]).patient_size, _patient(studies["a"]).patient_weight) == (
        Decimal("1.725"), Decimal("81.2"))
    assert _patient(studies["b"]).patient_size == Decimal("1.6") and _patient(studies["b"]).patient_weight is None
    assert (report.rows, report.studies_updated, report.heights_stored, report.weights_stored) == (2, 2, 2, 1)


def test_by_study_instance_uid(tmp_path, studies):
    path = _csv(tmp_path, "StudyInstanceUID,HEIGHT,weight\n1.2.3.2,155,60\nACC1,170,70\n")
    report = csv2db(path, "StudyInstanceUID", "HEIGHT", "weight", si_uid=True)
    assert _patient(studies["b"]).patient_weight == 60
    assert report.unmatched == ["line 3: no study with study instance UID ACC1"]
    assert not PatientStudyModuleAttributes.objects.filter(general_study_module_attributes=studies["a"]).exists()


def test_existing_values_are_kept_and_reimport_changes_nothing(tmp_path, studies):
    path = _csv(tmp_path, "Accession,Height,Weight\nACC3,150,50\nACC1,172,80\n")
    csv2db(path, "Accession", "Height", "Weight")
    assert (_patient(studies["c"]).patient_size, _patient(studies["c"]).patient_weight) == (
        Decimal("1.8"), Decimal("90"))  # the modality's values win
    before = list(PatientStudyModuleAttributes.objects.order_by("pk").values())
    again = csv2db(path, "Accession", "Height", "Weight")
    assert again.studies_updated == 0 and list(PatientStudyModuleAttributes.objects.order_by("pk").values()) == before


def test_odd_file_bom_semicolons_quotes_crlf_decimal_comma_and_title_spelling(tmp_path, studies):
    text = '"Accession No";"Patient Height (cm)";"Weight, kg"\r\n"ACC1";"172,5";"80,4"\r\n\r\nACC2;165;\r\n'
    path = _csv(tmp_path, "\ufeff" + text)
    report = csv2db(path, "accession no", "patient height (cm)", "WEIGHT, KG")
    assert _patient(studies["a"]).patient_size == Decimal("1.725")
    assert _patient(studies["a"]).patient_weight == Decimal("80.4")
    assert _patient(studies["b"]).patient_size == Decimal("1.65")
    assert report.problems == [] and report.rows == 2


def test_windows_1252_file(tmp_path, studies):
    path = _csv(tmp_path, "Accession,Größe,Gewicht\nACC1,180,75\n", encoding="cp1252")
    csv2db(path, "Accession", "Größe", "Gewicht")
    assert _patient(studies["a"]).patient_size == Decimal("1.8")


def test_bad_rows_are_reported_and_good_rows_still_stored(tmp_path, studies):
    path = _csv(tmp_path, "Accession,Height,Weight\n,170,70\nACC1,1.72,abc\nACC2,999,65\nACC3x,170,70\n")
    report = csv2db(path, "Accession", "Height", "Weight")
    assert report.problems == [
        "line 2: no Accession; row skipped",
        "line 3 (ACC1): height 1.72 cm is outside 20-260 cm (heights must be in cm, not m); height not stored",
        "line 3 (ACC1): 'abc' is not a number; weight not stored",
        "line 4 (ACC2): height 999 cm is outside 20-260 cm; height not stored",
    ]
    assert report.unmatched == ["line 5: no study with accession number ACC3x"]
    assert _patient(studies["b"]).patient_weight == 65 and _patient(studies["b"]).patient_size is None


def test_missing_columns(tmp_path, studies):
    path = _csv(tmp_path, "Accession,Height\nACC1,170\n")
    report = csv2db(path, "Accession", "Height", "Weight")
    assert report.problems == ["no column titled 'Weight': that value is not imported"]
    assert _patient(studies["a"]).patient_size == Decimal("1.7")
    with pytest.raises(CsvError, match="no column titled 'Acc'"):
        csv2db(path, "Acc", "Height", "Weight")
    with pytest.raises(CsvError, match="cannot read"):
        csv2db(tmp_path / "absent.csv", "Accession", "Height", "Weight")


def test_one_accession_on_two_studies_fills_both(tmp_path):
    first, second = _study("9.1", "SAME"), _study("9.2", "SAME")
    csv2db(_csv(tmp_path, "Accession,Height,Weight\nSAME,170,70\n"), "Accession", "Height", "Weight")
    assert _patient(first).patient_weight == _patient(second).patient_weight == 70


@pytest.mark.parametrize(("cell", "value"), [("172", Decimal(172)), (" 172.5 ", Decimal("172.5")),
                                             ("172,5", Decimal("172.5")), ("", None)])
def test_parse_number(cell, value):
    assert parse_number(cell) == value


def test_command_output_and_exit_status(tmp_path, studies, capsys):
    path = _csv(tmp_path, "Accession,Height,Weight\nACC1,170,70\nNOPE,170,70\n")
    assert ptsizecsv_main([str(path), "Accession", "Height", "Weight", "-v"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == f"line 2 (ACC1): study {studies['a'].pk}: stored height, weight"
    assert out[1] == "line 3: no study with accession number NOPE"
    assert out[-1].endswith("2 rows read: 1 studies updated (1 heights, 1 weights stored), "
                            "1 rows matched no study, 0 values rejected")
    assert ptsizecsv_main([str(path), "nope", "Height", "Weight"]) == 1
    with pytest.raises(SystemExit):
        ptsizecsv_main(["--help"])
    assert "centimetres" in capsys.readouterr().out
