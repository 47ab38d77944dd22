"""Every radiography and mammography dose report in the vendor corpus, compared with the file."""

from __future__ import annotations

import pytest

from remapp.models import AccumulatedMammographyXrayDose

from . import corpus as f
from .projection_checks import check_events, check_header, check_plane_totals, import_file, stored_events

pytestmark = [pytest.mark.django_db, pytest.mark.vendor]

DX_FILES = ["DX-RDSR-Canon_CXDI.dcm", "DX-RDSR-Carestream_DRXEvolution.dcm", "Dual-RDSR-DX.dcm"]
MG_FILES = ["MG-RDSR-Hologic_2D.dcm", "MG-RDSR-Hologic_mix.dcm"]
LATERALITY_FIELD = {"Left breast": "total_agd_left", "Right breast": "total_agd_right",
                    "Both breasts": "total_agd_both"}


_import = import_file


@pytest.mark.parametrize("name", DX_FILES)
def test_radiography_report_matches_file(vendor_file, name):
    ds, study = _import(vendor_file, name)
    check_header(ds, study, "DX")
    check_events(ds, study)
    check_plane_totals(ds, study)
    stored = stored_events(study)
    for event in f.projection_events(ds):
        detector = stored[f.event_uid(event)].irradiationeventxraydetectordata_set.first()
        if f.num(event, "113845") is not None:
            assert f.close(detector.exposure_index, f.num(event, "113845"))
            assert f.close(detector.deviation_index, f.num(event, "113847"))
        assert sorted(k.kvp for k in stored[f.event_uid(event)].irradiationeventxraysourcedata_set.get()
                      .kvp_set.all()) == sorted(f.all_numbers(event, "113733"))


def test_empty_numeric_items_are_stored_as_missing(vendor_file):
    """Canon CXDI sends Dose (RP) items with an empty MeasuredValueSequence: no value, no failure."""
    ds, study = _import(vendor_file, "DX-RDSR-Canon_CXDI.dcm")
    event = f.projection_events(ds)[0]
    dose_rp = f.child(event, "113738")
    assert dose_rp is not None and not dose_rp.get("MeasuredValueSequence")
    stored = stored_events(study)[f.event_uid(event)]
    assert stored.dose_rp is None
    assert f.close(stored.dose_area_product, f.num(event, "122130", f.TO_GY_M2))
    assert study.total_rp_dose is None


@pytest.mark.parametrize("name", MG_FILES)
def test_mammography_report_matches_file(vendor_file, name):
    ds, study = _import(vendor_file, name)
    check_header(ds, study, "MG")
    check_events(ds, study)
    stored = stored_events(study)
    for event in f.projection_events(ds):
        row = stored[f.event_uid(event)]
        assert f.close(row.average_glandular_dose, f.num(event, "111631"))
        assert f.close(row.entrance_exposure_at_rp, f.num(event, "111636"))
        mechanical = row.irradiationeventxraymechanicaldata_set.get()
        assert f.close(mechanical.compression_thickness, f.num(event, "111633"))
        source = row.irradiationeventxraysourcedata_set.get()
        assert source.anode_target_material.code_meaning == f.code(event, "111632")
        assert sorted(e.exposure for e in source.exposure_set.all()) == sorted(f.all_numbers(event, "113736"))
        assert (row.image_view.code_meaning if row.image_view else None) == f.code(event, "111031")


@pytest.mark.parametrize("name", MG_FILES)
def test_accumulated_agd_per_breast(vendor_file, name):
    ds, study = _import(vendor_file, name)
    expected = {}
    for accumulated in f.children(ds, f.ACCUMULATED):
        for agd in f.children(accumulated, "111637"):
            laterality = f.code(agd, "G-C171")
            expected[laterality] = agd.MeasuredValueSequence[0].NumericValue
    assert expected
    stored = {row.laterality.code_meaning: row.accumulated_average_glandular_dose
              for row in AccumulatedMammographyXrayDose.objects.filter(
                  accumulated_xray_dose__projection_xray_radiation_dose__general_study_module_attributes=study)}
    assert set(stored) == set(expected)
    for laterality, value in expected.items():
        assert f.close(stored[laterality], value)
        assert f.close(getattr(study, LATERALITY_FIELD[laterality]), value)
