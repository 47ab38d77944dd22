"""The seed's helper API, tolerant of missing, empty and malformed values."""

from __future__ import annotations

import datetime as dt

import pytest
from pydicom.dataset import Dataset

from remapp.models import ContentItemDescriptions, GeneralStudyModuleAttributes, ImportedObject
from remapp.tools import check_uid, dcmdatetime, get_values, not_patient_indicators


def _dataset(**values) -> Dataset:
    ds = Dataset()
    for keyword, value in values.items():
        setattr(ds, keyword, value)
    return ds


def test_get_value_kw_and_num():
    ds = _dataset(StudyDescription="Chest", AccessionNumber="")
    assert get_values.get_value_kw("StudyDescription", ds) == "Chest"
    assert get_values.get_value_kw("AccessionNumber", ds) is None
    assert get_values.get_value_kw("StationName", ds) is None
    assert get_values.get_value_kw("StudyDescription", None) is None
    assert get_values.get_value_num(0x00081030, ds) == "Chest"
    assert get_values.get_value_num(0x00081010, ds) is None


def test_sequence_code_value_and_meaning():
    code = _dataset(CodeValue="113704", CodeMeaning="Projection X-Ray", CodingSchemeDesignator="DCM")
    ds = _dataset(ProcedureCodeSequence=[code], RequestedProcedureCodeSequence=[])
    assert get_values.get_seq_code_value("ProcedureCodeSequence", ds) == "113704"
    assert get_values.get_seq_code_meaning("ProcedureCodeSequence", ds) == "Projection X-Ray"
    assert get_values.get_seq_code_value("RequestedProcedureCodeSequence", ds) is None
    assert get_values.get_seq_code_meaning("AnatomicRegionSequence", ds) is None


@pytest.mark.django_db
def test_get_or_create_cid_creates_once():
    first = get_values.get_or_create_cid("113704", "Projection X-Ray")
    second = get_values.get_or_create_cid("113704", "another spelling")
    assert first.pk == second.pk
    assert first.code_meaning == "Projection X-Ray"
    assert ContentItemDescriptions.objects.count() == 1
    assert get_values.get_or_create_cid("", "nothing") is None


@pytest.mark.django_db
def test_check_uid():
    study = GeneralStudyModuleAttributes.objects.create(study_instance_uid="1.2.3")
    ImportedObject.objects.create(general_study_module_attributes=study, sop_instance_uid="1.2.3.4")
    assert check_uid.check_uid("1.2.3") == 1
    assert check_uid.check_uid("1.2.9") == 0
    assert check_uid.check_uid("1.2.3.4", level="Sop") == 1
    assert check_uid.check_uid("") == 0


def test_dates_and_times(settings):
    settings.TIME_ZONE = "Europe/London"
    assert dcmdatetime.make_date("20180427") == dt.date(2018, 4, 27)
    assert dcmdatetime.make_date("2018.04.27") == dt.date(2018, 4, 27)
    assert dcmdatetime.make_date("20181327") is None
    assert dcmdatetime.make_date("") is None
    assert dcmdatetime.make_time("101253.977") == dt.time(10, 12, 53, 977000)
    assert dcmdatetime.make_time("1012") == dt.time(10, 12)
    assert dcmdatetime.make_time("nonsense") is None
    summer = dcmdatetime.make_date_time("20180427101253.5")
    assert summer.utcoffset() == dt.timedelta(hours=1)  # naive: the site's zone, British Summer Time
    offset = dcmdatetime.make_date_time("20180427101253.123456-0500")
    assert offset.utcoffset() == dt.timedelta(hours=-5)
    assert offset.microsecond == 123456
    ds = _dataset(StudyDate="20160512", StudyTime="100648", AcquisitionDateTime="20160512100648+0200")
    assert dcmdatetime.get_date("StudyDate", ds) == dt.date(2016, 5, 12)
    assert dcmdatetime.get_time("StudyTime", ds) == dt.time(10, 6, 48)
    assert dcmdatetime.get_date_time("AcquisitionDateTime", ds).utcoffset() == dt.timedelta(hours=2)
    assert dcmdatetime.get_date("SeriesDate", ds) is None


@pytest.mark.parametrize(("name", "patient_id", "expected"), [
    ("Doe^Jane", "12345", None),
    ("PHYSICS^Test", "x", "phy, test"),
    ("Doe^Jane", "QA-2019", "qa"),
    ("", "", None),
])
def test_not_patient_indicators_name_only_the_markers(name, patient_id, expected):
    assert not_patient_indicators.get_not_pt(_dataset(PatientName=name, PatientID=patient_id)) == expected
