"""Assertions shared by the fluoroscopy, radiography and mammography corpus tests: every event and
every per-plane total of a projection report, compared with the file."""

from __future__ import annotations

from remapp.extractors.rdsr import rdsr
from remapp.importing import Status
from remapp.models import AccumulatedProjectionXrayDose, GeneralStudyModuleAttributes, IrradiationEventXrayData

from . import corpus as f


def import_file(vendor_file, name: str):
    """Import one corpus file; (pydicom dataset, stored study)."""
    path = vendor_file(name)
    result = rdsr(path)
    assert result.status is Status.IMPORTED, result.reason
    return f.read(path), GeneralStudyModuleAttributes.objects.get(pk=result.study_pk)


def stored_events(study: GeneralStudyModuleAttributes) -> dict[str, IrradiationEventXrayData]:
    rows = IrradiationEventXrayData.objects.filter(
        projection_xray_radiation_dose__general_study_module_attributes=study)
    return {row.irradiation_event_uid: row for row in rows.select_related("acquisition_plane")}


def check_header(ds, study: GeneralStudyModuleAttributes, modality: str) -> None:
    assert study.modality_type == modality
    assert study.study_date.strftime("%Y%m%d") == ds.StudyDate
    equipment = study.generalequipmentmoduleattributes
    assert equipment.manufacturer == ds.get("Manufacturer", "")
    assert equipment.manufacturer_model_name == ds.get("ManufacturerModelName", "")
    assert equipment.station_name == ds.get("StationName", "")
    # Institution names in other character sets (Arabic, Japanese) decoded as pydicom decodes them.
    assert equipment.institution_name == (ds.get("InstitutionName") or "")
    assert study.test_patient is f.test_markers(ds)


def check_events(ds, study: GeneralStudyModuleAttributes) -> int:
    """Every event once, with its DAP, dose at RP, plane, protocol and type; returns the event count."""
    file_events = f.projection_events(ds)
    stored = stored_events(study)
    assert study.number_of_events == len(file_events) == len(stored)
    for event in file_events:
        row = stored[f.event_uid(event)]
        assert f.close(row.dose_area_product, f.num(event, "122130", f.TO_GY_M2))
        assert f.close(row.dose_rp, f.num(event, "113738"))
        assert (row.acquisition_plane.code_meaning if row.acquisition_plane else None) == f.code(event, "113764")
        assert (row.irradiation_event_type.code_meaning if row.irradiation_event_type else None) == \
            f.code(event, "113721")
        if f.text(event, "125203"):
            assert row.acquisition_protocol == f.text(event, "125203")
        started = f.text(event, "111526")
        if started:
            assert row.date_time_started == f.dicom_datetime(started)
    return len(file_events)


def check_plane_totals(ds, study: GeneralStudyModuleAttributes) -> None:
    """Accumulated DAP, dose at RP and fluoro time per plane, and the study summary built from them."""
    rows = AccumulatedProjectionXrayDose.objects.filter(
        accumulated_xray_dose__projection_xray_radiation_dose__general_study_module_attributes=study)
    by_plane = {row.accumulated_xray_dose.acquisition_plane.code_meaning: row for row in rows}
    expected_dap = expected_rp = None
    for accumulated in f.children(ds, f.ACCUMULATED):
        dap = f.num(accumulated, "113722", f.TO_GY_M2)
        if dap is None:
            continue
        row = by_plane[f.code(accumulated, "113764")]
        assert f.close(row.dose_area_product_total, dap)
        assert f.close(row.dose_rp_total, f.num(accumulated, "113725"))
        assert f.close(row.total_fluoro_time, f.num(accumulated, "113730"))
        assert f.close(row.fluoro_dose_area_product_total, f.num(accumulated, "113726", f.TO_GY_M2))
        expected_dap = dap + (expected_dap or 0)
        rp = f.num(accumulated, "113725")
        expected_rp = expected_rp if rp is None else rp + (expected_rp or 0)
    if expected_dap is not None:
        assert f.close(study.total_dap, expected_dap)
        assert f.close(study.total_rp_dose, expected_rp)
