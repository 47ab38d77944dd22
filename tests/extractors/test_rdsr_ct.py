"""Every CT dose report in the vendor corpus, imported alone and compared with the file."""

from __future__ import annotations

import pytest

from remapp.extractors.rdsr import rdsr
from remapp.importing import Status
from remapp.models import CtIrradiationEventData, GeneralStudyModuleAttributes

from . import corpus as f

pytestmark = [pytest.mark.django_db, pytest.mark.vendor]

CT_FILES = [
    "CT-ESR-GE_Optima.dcm", "CT-ESR-GE_VCT.dcm", "CT-RDSR-GEPixelMed.dcm", "CT-RDSR-Siemens-Continued-1.dcm",
    "CT-RDSR-Siemens-Continued-2.dcm", "CT-RDSR-Siemens-Multi-1.dcm", "CT-RDSR-Siemens-Multi-2.dcm",
    "CT-RDSR-Siemens-Multi-3.dcm", "CT-RDSR-Siemens_Flash-QA-DS.dcm", "CT-RDSR-Siemens_Flash-TAP-SS.dcm",
    "CT-RDSR-ToshibaPixelMed.dcm", "CT-RDSR-Toshiba_DoseCheck.dcm", "CT-RDSR-Toshiba_MultiValSD.dcm",
]
DLP_FACTORS = {"mGy.cm": 1, "mGycm": 1}


@pytest.fixture(params=CT_FILES)
def imported(request, vendor_file):
    path = vendor_file(request.param)
    result = rdsr(path)
    assert result.status is Status.IMPORTED, result.reason
    return f.read(path), GeneralStudyModuleAttributes.objects.get(pk=result.study_pk)


def test_study_header_matches_file(imported):
    ds, study = imported
    assert study.modality_type == "CT"
    assert study.study_date.strftime("%Y%m%d") == ds.StudyDate
    assert study.accession_number == str(ds.get("AccessionNumber", ""))
    equipment = study.generalequipmentmoduleattributes
    assert equipment.manufacturer == ds.Manufacturer
    assert equipment.manufacturer_model_name == ds.get("ManufacturerModelName", "")
    assert equipment.station_name == ds.get("StationName", "")
    assert equipment.institution_name == (ds.get("InstitutionName") or "")
    assert equipment.software_versions == f.joined(ds, "SoftwareVersions")
    assert study.test_patient is f.test_markers(ds)


def test_every_event_with_its_dose_values(imported):
    ds, study = imported
    file_events = f.ct_events(ds)
    stored = {e.irradiation_event_uid: e for e in
              CtIrradiationEventData.objects.filter(ct_radiation_dose__general_study_module_attributes=study)}
    assert study.number_of_events == len(file_events) == len(stored)
    for event in file_events:
        row = stored[f.event_uid(event)]
        ct_dose = f.child(event, "113829")
        assert f.close(row.mean_ctdivol, f.num(ct_dose, "113830"))
        assert f.close(row.dlp, f.num(ct_dose, "113838", DLP_FACTORS))
        assert row.acquisition_protocol == (f.text(event, "125203") or "")
        parameters = f.child(event, "113822")
        assert f.close(row.exposure_time, f.num(parameters, "113824"))
        assert row.ctxraysourceparameters_set.count() == len(f.children(parameters, "113831"))
        started = f.text(event, "111526")
        if started:
            assert row.date_time_started == f.dicom_datetime(started)


def test_scope_of_accumulation_and_its_uid(imported):
    from remapp.models import CtRadiationDose

    ds, study = imported
    dose = CtRadiationDose.objects.get(general_study_module_attributes=study)
    scope = f.child(ds, "113705")
    assert dose.scope_of_accumulation.code_meaning == f.code(ds, "113705")
    uid_item = (scope.get("ContentSequence") or [None])[0]
    assert dose.scope_uid == str(uid_item.UID)
    assert dose.uid_type.code_value == f.code_value(uid_item)


def test_total_dlp_and_largest_ctdivol(imported):
    ds, study = imported
    accumulated = f.child(ds, f.CT_ACCUMULATED)
    assert f.close(study.total_dlp, f.num(accumulated, "113813", DLP_FACTORS))
    ctdis = [f.num(f.child(e, "113829"), "113830") for e in f.ct_events(ds)]
    assert f.close(study.max_ctdivol, max(c for c in ctdis if c is not None))


def test_dual_source_events_keep_both_sources(vendor_file):
    path = vendor_file("CT-RDSR-Siemens_Flash-QA-DS.dcm")
    ds = f.read(path)
    rdsr(path)
    for event in f.ct_events(ds):
        sources = f.children(f.child(event, "113822"), "113831")
        row = CtIrradiationEventData.objects.get(irradiation_event_uid=f.event_uid(event))
        stored = {s.identification_of_the_xray_source: s for s in row.ctxraysourceparameters_set.all()}
        assert len(stored) == len(sources)
        for source in sources:
            assert f.close(stored[f.text(source, "113832")].kvp, f.num(source, "113733"))
            assert f.close(stored[f.text(source, "113832")].xray_tube_current, f.num(source, "113734"))
    assert any(len(f.children(f.child(e, "113822"), "113831")) == 2 for e in f.ct_events(ds))


def test_dose_check_alerts_and_notifications(vendor_file):
    path = vendor_file("CT-RDSR-Toshiba_DoseCheck.dcm")
    ds = f.read(path)
    rdsr(path)
    checked = 0
    for event in f.ct_events(ds):
        alert = f.child(f.child(event, "113829"), "113900")
        if alert is None:
            continue
        row = CtIrradiationEventData.objects.get(irradiation_event_uid=f.event_uid(event)).ctdosecheckdetails
        assert f.close(row.ctdivol_alert_value, f.num(alert, "113904"))
        assert row.ctdivol_alert_value_configured is (f.code(alert, "113902") == "Yes")
        assert row.dlp_alert_value_configured is (f.code(alert, "113901") == "Yes")
        notification = f.child(f.child(event, "113829"), "113908")
        assert row.dlp_notification_value_configured is (f.code(notification, "113909") == "Yes")
        checked += 1
    assert checked


def test_toshiba_slash_separated_values_are_all_read(vendor_file):
    """Toshiba joins a DS multi-value with '/' (here a standard deviation); every part is read."""
    from decimal import Decimal

    from remapp.dicom.sr import parse_content

    path = vendor_file("CT-RDSR-Toshiba_MultiValSD.dcm")
    ds = f.read(path)
    found = []

    def walk(items):
        for item in items:
            measured = item.get("MeasuredValueSequence")
            if measured and "/" in str(measured[0].NumericValue):
                found.append((f.code_value(item), str(measured[0].NumericValue)))
            walk(item.get("ContentSequence") or [])

    walk(ds.ContentSequence)
    assert found, "the file should hold a '/'-joined value"
    concept, raw = found[0]
    node = next(parse_content(ds).search(("DCM", concept)))
    assert node.values == [Decimal(part) for part in raw.split("/")]
    assert rdsr(path).status is Status.IMPORTED
