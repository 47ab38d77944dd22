"""Every fluoroscopy dose report in the vendor corpus, imported alone and compared with the file."""

from __future__ import annotations

import pytest

from remapp.models import IrradiationEventXrayData

from . import corpus as f
from .projection_checks import check_events, check_header, check_plane_totals, import_file, stored_events

pytestmark = [pytest.mark.django_db, pytest.mark.vendor]

RF_FILES = [
    "Dual-RDSR-RF.dcm", "RF-No-kVp-and-others.dcm", "RF-Pat-Orientation-Modifier-Missing.dcm",
    "RF-RDSR-Eurocolumbus.dcm", "RF-RDSR-GE-OECEliteMiniView.dcm", "RF-RDSR-GE.dcm", "RF-RDSR-Philips_Allura.dcm",
    "RF-RDSR-Philips_Azurion.dcm", "RF-RDSR-Siemens-Zee.dcm", "RF-RDSR-Siemens-Zee_adjusted.dcm",
]


_import = import_file


@pytest.mark.parametrize("name", RF_FILES)
def test_fluoroscopy_report_matches_file(vendor_file, name):
    ds, study = _import(vendor_file, name)
    check_header(ds, study, "RF")
    check_events(ds, study)
    check_plane_totals(ds, study)
    fluoro = [f.num(a, "113730") for a in f.children(ds, f.ACCUMULATED)]
    assert f.close(study.total_fluoro_time, sum(t for t in fluoro if t is not None) if any(fluoro) else
                   (0 if fluoro and fluoro[0] is not None else None))


def test_pulse_level_values_become_one_row_each(vendor_file):
    """Eurocolumbus sends many kVp, mA and pulse width values per event: each is kept."""
    ds, study = _import(vendor_file, "RF-RDSR-Eurocolumbus.dcm")
    stored = stored_events(study)
    many = 0
    for event in f.projection_events(ds):
        source = stored[f.event_uid(event)].irradiationeventxraysourcedata_set.get()
        kvps = f.all_numbers(event, "113733")
        assert sorted(k.kvp for k in source.kvp_set.all()) == sorted(kvps)
        assert sorted(m.xray_tube_current for m in source.xraytubecurrent_set.all()) == \
            sorted(f.all_numbers(event, "113734"))
        assert sorted(p.pulse_width for p in source.pulsewidth_set.all()) == sorted(f.all_numbers(event, "113793"))
        many += len(kvps) > 1
    assert many, "the file should hold events with several kVp values"


def test_integrated_device_type_with_fluoroscopy_events_is_rf(vendor_file):
    ds, study = _import(vendor_file, "RF-RDSR-Philips_Azurion.dcm")
    assert f.code(ds, "122142") == "Integrated Projection Radiography System"
    assert study.modality_type == "RF"
    stored = stored_events(study)
    thick = [e for e in f.projection_events(ds) if f.num(e, "111638") is not None]
    assert thick
    for event in thick:
        assert f.close(stored[f.event_uid(event)].patient_equivalent_thickness, f.num(event, "111638"))


def test_report_without_template_identifier_is_recognised(vendor_file):
    ds, study = _import(vendor_file, "RF-RDSR-GE-OECEliteMiniView.dcm")
    assert "ContentTemplateSequence" not in ds
    assert study.number_of_events == len(f.projection_events(ds)) > 0
    stored = stored_events(study)
    labelled = [e for e in f.projection_events(ds) if f.child(e, "113605") is not None]
    assert labelled
    for event in labelled:
        label = f.child(event, "113605")
        row = stored[f.event_uid(event)]
        assert row.irradiation_event_label == str(label.TextValue)
        assert row.label_type.code_meaning == f.code(label, "113606")


def test_philips_private_shutters_give_the_collimated_field(vendor_file):
    ds, study = _import(vendor_file, "RF-RDSR-Philips_Allura.dcm")
    event = f.projection_events(ds)[0]
    shutters = f.child(event, "005")
    detector = f.child(event, "023")
    width = min(f.num(shutters, "007") + f.num(shutters, "008"), f.num(detector, "024"))
    height = min(f.num(shutters, "006") + f.num(shutters, "009"), f.num(detector, "025"))
    source = IrradiationEventXrayData.objects.get(irradiation_event_uid=f.event_uid(event)) \
        .irradiationeventxraysourcedata_set.get()
    assert f.close(source.collimated_field_width, width)
    assert f.close(source.collimated_field_height, height)
    assert f.close(source.collimated_field_area, width * height / 1_000_000)


def test_philips_protocol_comes_from_the_private_application_name(vendor_file):
    ds, study = _import(vendor_file, "RF-RDSR-Philips_Allura.dcm")
    stored = stored_events(study)
    private_only = [e for e in f.projection_events(ds) if f.text(e, "125203") is None and f.text(e, "029")]
    assert private_only, "the file should hold events named only by the private item"
    for event in f.projection_events(ds):
        expected = f.text(event, "125203") or f.text(event, "029") or ""
        assert stored[f.event_uid(event)].acquisition_protocol == expected


def test_empty_angles_from_ge_are_missing(vendor_file):
    ds, study = _import(vendor_file, "RF-RDSR-GE.dcm")
    stored = stored_events(study)
    empty = [e for e in f.projection_events(ds)
             if f.child(e, "112011") is not None and not f.child(e, "112011").get("MeasuredValueSequence")]
    assert empty, "the file should hold events with an empty primary angle"
    for event in empty:
        mechanical = stored[f.event_uid(event)].irradiationeventxraymechanicaldata_set.first()
        assert mechanical is None or mechanical.positioner_primary_angle is None
        assert f.close(stored[f.event_uid(event)].dose_area_product, f.num(event, "122130", f.TO_GY_M2))


def test_filters_and_mechanical_data(vendor_file):
    ds, study = _import(vendor_file, "RF-RDSR-Siemens-Zee.dcm")
    stored = stored_events(study)
    for event in f.projection_events(ds):
        row = stored[f.event_uid(event)]
        source = row.irradiationeventxraysourcedata_set.get()
        filters = f.children(event, "113771")
        assert source.xrayfilters_set.count() == len(filters)
        assert sorted(x.xray_filter_thickness_maximum for x in source.xrayfilters_set.all()
                      if x.xray_filter_thickness_maximum is not None) == \
            sorted(f.num(x, "113773") for x in filters if f.num(x, "113773") is not None)
        assert f.close(source.pulse_rate, f.num(event, "113791"))
        mechanical = row.irradiationeventxraymechanicaldata_set.get()
        assert f.close(mechanical.positioner_primary_angle, f.num(event, "112011"))
        distances = mechanical.doserelateddistancemeasurements
        assert f.close(distances.distance_source_to_detector, f.num(event, "113750"))
