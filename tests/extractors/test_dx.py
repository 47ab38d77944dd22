"""Radiography (CR/DX) image headers: every DX image of the vendor corpus, and synthetic cases."""

from __future__ import annotations

import pytest
from pydicom.uid import generate_uid

from remapp.extractors.dx import dx
from remapp.importing import Status
from remapp.models import GeneralStudyModuleAttributes, IrradiationEventXrayData
from remapp.testing import image_builder as b

from .image_checks import code_of, events, imported, only_event, same, source, technique

pytestmark = pytest.mark.django_db

ANTERO_POSTERIOR = ("SCT", "399348003")
ALUMINUM, COPPER = ("SCT", "12503006"), ("SCT", "66925006")
GE_XR220 = ["DX-Im-GE_XR220-1.dcm", "DX-Im-GE_XR220-2.dcm", "DX-Im-GE_XR220-3.dcm"]


@pytest.mark.vendor
def test_kodak_cr_images_collect_into_one_study_with_dap_in_gy_m2(vendor_file):
    dx(vendor_file("DX-Im-Carestream_DR7500-1.dcm"))
    study = imported(dx(vendor_file("DX-Im-Carestream_DR7500-2.dcm")), Status.MERGED)
    first, second = events(study)
    # Image and Fluoroscopy Area Dose Product is in dGy·cm²: 11.013 dGy·cm² = 0.00011013 Gy·m².
    assert same(first.dose_area_product, "0.00011013") and same(second.dose_area_product, "0.00010157")
    assert same(study.total_dap, "0.0002117") and study.number_of_events == 2
    assert technique(first) == (80, 500, 10000) and source(first).exposure_time == 19
    assert technique(second) == (80, 500, 9000) and source(second).exposure_time == 18
    filters = [(code_of(f.xray_filter_material), f.xray_filter_thickness_minimum, f.xray_filter_thickness_maximum)
               for f in source(second).xrayfilters_set.order_by("pk")]
    # Kodak writes '1.06,0.206' (commas, not backslashes) for two filters' thicknesses.
    assert [(m, float(lo), float(hi)) for m, lo, hi in filters] == [(ALUMINUM, 1.06, 0.94), (COPPER, 0.206, 0.194)]
    data = source(first)
    assert same(data.grid_focal_distance, "1828.8") and same(data.focal_spot_size, "1.2")
    assert sorted(g.xray_grid.code_meaning for g in data.xraygrid_set.all()) == ["Focused grid",
                                                                                 "Reciprocating grid"]
    assert first.irradiationeventxraydetectordata_set.get().relative_xray_exposure == 1460
    assert study.test_patient and study.patientmoduleattributes.not_patient_indicator == "phy"
    assert study.modality_type == "DX" and study.source_kind == "dx_image"
    assert study.generalequipmentmoduleattributes.station_name == "KODAK7500"


@pytest.mark.vendor
def test_carestream_drx_exposure_and_deviation_index(vendor_file):
    path = vendor_file("DX-Im-Carestream_DRX.dcm")
    study = imported(dx(path))
    event = only_event(study)
    assert event.irradiation_event_uid == "1.3.6.1.4.1.5962.99.1.886610039.3649959.1495535261815.5.0"
    detector = event.irradiationeventxraydetectordata_set.get()
    assert same(detector.exposure_index, "256.88") and same(detector.target_exposure_index, "226.22")
    assert same(detector.deviation_index, "0.55")
    assert same(detector.sensitivity, "9452.552734375")
    assert same(event.dose_area_product, "0.00000633")  # 0.633 dGy·cm²
    assert technique(event) == (100, 250, 1000)  # Exposure in uAs preferred to mAs
    assert code_of(event.image_view) == ANTERO_POSTERIOR
    assert event.anatomical_structure.code_value == "51185008"  # SNM3 T-D3000 chest, as SNOMED CT
    assert study.study_description == "XR CHEST" and event.acquisition_protocol == "AP"
    assert not study.test_patient and study.patientstudymoduleattributes.patient_age_decimal is None


@pytest.mark.vendor
def test_ge_xr220_three_exposures_of_one_study(vendor_file):
    results = [dx(vendor_file(name)) for name in reversed(GE_XR220)]
    assert [r.status for r in results] == [Status.IMPORTED, Status.MERGED, Status.MERGED]
    study = GeneralStudyModuleAttributes.objects.get()
    stored = events(study)
    assert [technique(e)[2] for e in stored] == [1040, 2040, 5040]
    assert [float(e.irradiationeventxraysourcedata_set.get().kvp_set.get().kvp) for e in stored] == [
        pytest.approx(69.639999), pytest.approx(69.860001), pytest.approx(69.959999)]
    detectors = [e.irradiationeventxraydetectordata_set.get() for e in stored]
    assert [float(d.deviation_index) for d in detectors] == [-9.3, -6.1, -1.8]
    assert [float(d.exposure_index) for d in detectors] == [51.745061, 108.843060, 286.828227]
    assert {float(d.target_exposure_index) for d in detectors} == {438.469173}
    assert same(study.total_dap, "0.0000328")  # (0.41 + 0.82 + 2.05) dGy·cm²
    assert study.accession_number == "00938475" and study.patientmoduleattributes.patient_sex == "M"
    assert study.patientstudymoduleattributes.patient_age_decimal == 56
    assert all(code_of(e.image_view) == ANTERO_POSTERIOR for e in stored)
    assert stored[0].anatomical_structure.code_meaning == "Abdomen"
    assert stored[0].acquisition_protocol == "ABD_1_VIEW"
    assert study.generalequipmentmoduleattributes.manufacturer_model_name == "Optima XR220"


@pytest.mark.vendor
def test_mammography_image_is_refused(vendor_file):
    result = dx(vendor_file("MG-Im-Hologic-PropProj.dcm"))
    assert result.status is Status.REFUSED and "not a radiography" in result.reason


def test_dap_header_in_dgy_cm2_is_stored_in_gy_m2(tmp_path):
    ds = b.image(b.DX_DEFAULTS, generate_uid(), ImageAndFluoroscopyAreaDoseProduct="25")
    study = imported(dx(b.write(ds, tmp_path, "dap.dcm")))
    event = only_event(study)
    assert same(event.dose_area_product, "0.00025") and same(study.total_dap, "0.00025")
    assert technique(event) == (81, 320, 4000)  # Exposure (mAs) becomes µAs
    assert event.image_view.code_meaning == "postero-anterior"
    assert event.anatomical_structure.code_meaning == "Chest"


def test_missing_dose_tags_still_record_the_exposure(tmp_path):
    ds = b.image(b.DX_DEFAULTS, generate_uid(), ImageAndFluoroscopyAreaDoseProduct=None, KVP=None,
                 ExposureIndex=None, TargetExposureIndex=None, DeviationIndex=None, ViewPosition=None)
    study = imported(dx(b.write(ds, tmp_path, "bare.dcm")))
    event = only_event(study)
    assert event.dose_area_product is None and event.image_view is None
    assert not event.irradiationeventxraydetectordata_set.exists()
    assert study.total_dap is None and study.number_of_events == 1


def test_same_image_twice_and_out_of_order_study(tmp_path):
    study_uid = generate_uid()
    late = b.image(b.DX_DEFAULTS, study_uid, AcquisitionTime="101500", ImageAndFluoroscopyAreaDoseProduct="10")
    early = b.image(b.DX_DEFAULTS, study_uid, AcquisitionTime="100500", ImageAndFluoroscopyAreaDoseProduct="5")
    paths = [b.write(late, tmp_path, "late.dcm"), b.write(early, tmp_path, "early.dcm")]
    statuses = [dx(p).status for p in paths + paths]
    assert statuses == [Status.IMPORTED, Status.MERGED, Status.ALREADY_IMPORTED, Status.ALREADY_IMPORTED]
    study = GeneralStudyModuleAttributes.objects.get()
    assert [float(e.dose_area_product) for e in events(study)] == [0.00005, 0.0001]
    assert IrradiationEventXrayData.objects.count() == 2 and same(study.total_dap, "0.00015")
