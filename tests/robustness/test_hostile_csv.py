"""The patient-size CSV importer against hostile files: a file it cannot use is refused with the reason
(CsvError, nothing stored); a bad row or value costs that row or value only; nothing raises."""

from __future__ import annotations

from decimal import Decimal

import pytest

from remapp.cli import ptsizecsv_main
from remapp.extractors.ptsizecsv2db import CsvError, csv2db
from remapp.models import GeneralStudyModuleAttributes, PatientStudyModuleAttributes

pytestmark = pytest.mark.django_db

HEADER = b"Accession,Height,Weight\r\n"
REFUSED_FILES = {
    "zero-byte": b"",
    "binary": bytes(range(256)) * 16,
    "undecodable": HEADER + b"ACC1,\x81\x8d\x8f\x90\x9d,80\r\n",  # neither UTF-8 nor Windows-1252
    "no-such-columns": b"a,b,c\r\n1,2,3\r\n",
    "header-only-garbage": b"\x00\x00\x00\r\n",
    "dicom-file": b"\x00" * 128 + b"DICM" + b"\x02\x00\x00\x00UL\x04\x00\x00\x00\x00\x00",
    "huge-field": HEADER + b'"' + b"A" * 200_000 + b'",170,80\r\n',  # beyond the csv module's field limit
}
# Files with bad rows: the good row (ACC1) still stores 1.70 m and 80 kg.
TOLERATED_FILES = {
    "nan-inf-negative": HEADER + b"ACC1,170,80\r\nACC2,NaN,-Infinity\r\nACC3,-170,1e400\r\n",
    "text-values": HEADER + b"ACC1,170,80\r\nACC2,tall,heavy\r\n",
    "huge-numbers": HEADER + b"ACC1,170,80\r\nACC2,1" + b"0" * 5000 + b",1E+999999\r\n",
    "short-and-long-rows": HEADER + b"ACC1,170,80\r\nACC2\r\nACC3,1,2,3,4,5,6\r\n",
    "nul-bytes": HEADER + b"ACC1,170,80\r\nAC\x00C2,17\x000,80\r\n",
    "unbalanced-quotes": HEADER + b"ACC1,170,80\r\n\"ACC2,170,80\r\n",
    "huge-key": HEADER + b"ACC1,170,80\r\n" + b"K" * 100_000 + b",170,80\r\n",
    "mixed-line-ends": HEADER + b"ACC1,170,80\rACC2,160,70\nACC3,150,60\r\n",
    "latin1": "Accession;Height;Weight\r\nACC1;170;80\r\nACCÉ;170;80\r\n".encode("cp1252"),
    "utf16": "Accession,Height,Weight\r\nACC1,170,80\r\n".encode("utf-16"),
}


@pytest.fixture
def study():
    return GeneralStudyModuleAttributes.objects.create(study_instance_uid="1.2.3.1", accession_number="ACC1")


def _stored(study) -> tuple:
    patient = PatientStudyModuleAttributes.objects.filter(general_study_module_attributes=study).first()
    return (patient.patient_size, patient.patient_weight) if patient else (None, None)


@pytest.mark.parametrize("name", REFUSED_FILES)
def test_an_unusable_csv_is_refused_with_the_reason(tmp_path, study, name, capsys):
    path = tmp_path / f"{name}.csv"
    path.write_bytes(REFUSED_FILES[name])
    with pytest.raises(CsvError):
        csv2db(path, "Accession", "Height", "Weight")
    assert _stored(study) == (None, None)
    assert ptsizecsv_main([str(path), "Accession", "Height", "Weight"]) == 1
    out = capsys.readouterr()
    assert out.out.startswith(f"{path}: refused: ") and "Traceback" not in out.out + out.err


@pytest.mark.parametrize("name", TOLERATED_FILES)
def test_bad_rows_cost_only_themselves(tmp_path, study, name, capsys):
    path = tmp_path / f"{name}.csv"
    path.write_bytes(TOLERATED_FILES[name])
    if name == "utf16":  # a UTF-16 export is not one of the encodings the command reads
        with pytest.raises(CsvError):
            csv2db(path, "Accession", "Height", "Weight")
        return
    report = csv2db(path, "Accession", "Height", "Weight")
    assert _stored(study) == (Decimal("1.70"), Decimal("80")), report.problems
    assert ptsizecsv_main([str(path), "Accession", "Height", "Weight"]) == 0
    assert "Traceback" not in capsys.readouterr().err
