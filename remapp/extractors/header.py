"""Study-level modules of a DICOM object: General Study, Patient, Patient Study, General Equipment.

Shared by every importer that reads a DICOM file (issue 4's image importers use it too). Values are read
tolerantly: a missing or malformed attribute gives an empty value, never an exception. Patient name, ID
and birth date are read only to derive the age and the test/QA markers.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from pydicom.dataset import Dataset
from pydicom.multival import MultiValue

from remapp.dicom.dcmdatetime import combine, make_date, make_time
from remapp.dicom.patient import age_from_dates, age_from_dicom, not_patient_markers
from remapp.dicom.values import parse_decimal


def text(ds: Dataset, keyword: str, max_length: int = 255) -> str:
    """A string attribute ('' when absent, empty or unreadable); multi-values joined with backslashes."""
    try:
        value = ds.get(keyword)
    except Exception:  # noqa: BLE001 - a malformed vendor value must not stop the import
        return ""
    if value is None:
        return ""
    if isinstance(value, MultiValue | list | tuple):
        value = "\\".join(str(part) for part in value)
    return str(value).strip()[:max_length]


def number(ds: Dataset, keyword: str) -> Decimal | None:
    return parse_decimal(text(ds, keyword))


def _code_item(ds: Dataset, keyword: str) -> Dataset | None:
    try:
        sequence = ds.get(keyword)
    except Exception:  # noqa: BLE001
        return None
    return sequence[0] if sequence else None


def study_values(ds: Dataset, zone: str | dt.tzinfo | None) -> dict[str, Any]:
    """General Study module, plus performing physician, operator and procedure codes."""
    date, time = make_date(text(ds, "StudyDate")), make_time(text(ds, "StudyTime"))
    procedure = _code_item(ds, "ProcedureCodeSequence")
    request = _code_item(ds, "RequestAttributesSequence")
    requested = _code_item(request, "RequestedProcedureCodeSequence") if request else None
    requested = requested or _code_item(ds, "RequestedProcedureCodeSequence")
    return {
        "study_date": date, "study_time": time, "study_datetime": combine(date, time, zone),
        "referring_physician_name": text(ds, "ReferringPhysicianName", 324),
        "study_id": text(ds, "StudyID", 64), "accession_number": text(ds, "AccessionNumber", 64),
        "study_description": text(ds, "StudyDescription"),
        "physician_of_record": text(ds, "PhysiciansOfRecord", 324),
        "name_of_physician_reading_study": text(ds, "NameOfPhysiciansReadingStudy", 324),
        "performing_physician_name": text(ds, "PerformingPhysicianName", 324),
        "operator_name": text(ds, "OperatorsName", 324),
        "procedure_code_value": text(procedure, "CodeValue", 64) if procedure else "",
        "procedure_code_meaning": text(procedure, "CodeMeaning") if procedure else "",
        "requested_procedure_code_value": text(requested, "CodeValue", 64) if requested else "",
        "requested_procedure_code_meaning": text(requested, "CodeMeaning") if requested else "",
    }


def patient_values(ds: Dataset) -> dict[str, Any]:
    """Patient module without name, ID or birth date: only sex and which test/QA markers matched."""
    return {
        "patient_sex": text(ds, "PatientSex", 16),
        "not_patient_indicator": not_patient_markers(text(ds, "PatientName", 1000),
                                                     text(ds, "PatientID")),
    }


def patient_study_values(ds: Dataset) -> dict[str, Any]:
    """Patient Study module; age from PatientAge, else from birth date and study date."""
    age = text(ds, "PatientAge", 8)
    decimal_age = age_from_dicom(age)
    if decimal_age is None:
        birth = make_date(text(ds, "PatientBirthDate"))
        decimal_age = age_from_dates(birth, make_date(text(ds, "StudyDate")))
    return {
        "patient_age": age, "patient_age_decimal": decimal_age,
        "patient_size": number(ds, "PatientSize"), "patient_weight": number(ds, "PatientWeight"),
        "admitting_diagnosis_description": text(ds, "AdmittingDiagnosesDescription"),
    }


def equipment_values(ds: Dataset) -> dict[str, Any]:
    """General Equipment module."""
    return {
        "manufacturer": text(ds, "Manufacturer"), "institution_name": text(ds, "InstitutionName"),
        "institution_address": text(ds, "InstitutionAddress", 10_000),
        "station_name": text(ds, "StationName"),
        "institutional_department_name": text(ds, "InstitutionalDepartmentName"),
        "manufacturer_model_name": text(ds, "ManufacturerModelName"),
        "device_serial_number": text(ds, "DeviceSerialNumber"),
        "software_versions": text(ds, "SoftwareVersions"), "gantry_id": text(ds, "GantryID", 64),
        "spatial_resolution": number(ds, "SpatialResolution"),
        "date_of_last_calibration": make_date(text(ds, "DateOfLastCalibration")),
        "time_of_last_calibration": make_time(text(ds, "TimeOfLastCalibration")),
    }


def content_datetime(ds: Dataset, zone: str | dt.tzinfo | None) -> dt.datetime | None:
    """When the object was made (ContentDate/Time, else SeriesDate/Time)."""
    date = make_date(text(ds, "ContentDate")) or make_date(text(ds, "SeriesDate"))
    time = make_time(text(ds, "ContentTime")) or make_time(text(ds, "SeriesTime"))
    return combine(date, time, zone)
