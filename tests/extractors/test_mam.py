"""Mammography image headers: every MG image of the vendor corpus, and synthetic cases the corpus lacks."""

from __future__ import annotations

import itertools

import pytest
from pydicom.uid import generate_uid

from remapp.extractors.mam import mam
from remapp.extractors.rdsr import rdsr
from remapp.importing import Status
from remapp.models import (
    AccumulatedMammographyXrayDose,
    GeneralStudyModuleAttributes,
    ImportedObject,
    IrradiationEventXrayData,
)
from remapp.testing import image_builder as b

from . import corpus as f
from .image_checks import code_of, events, imported, only_event, same, source, technique

pytestmark = pytest.mark.django_db

LEFT, RIGHT = ("SCT", "7771000"), ("SCT", "24028007")
CRANIO_CAUDAL = ("SCT", "399162004")
MOLYBDENUM, RHODIUM, TUNGSTEN, ALUMINUM = (("SCT", "71128006"), ("SCT", "59801003"), ("SCT", "26194003"),
                                            ("SCT", "12503006"))
GE_PAIR = ["MG-Im-GE_Seno_1_ForProcessing.dcm", "MG-Im-GE_Seno_1_ForPresentation.dcm",
           "MG-Im-GE_Seno_2_ForPresentation.dcm"]


@pytest.mark.vendor
def test_ge_senographe_image_gives_every_dose_value(vendor_file):
    study = imported(mam(vendor_file("MG-Im-GE-SenDS-scaled.dcm")))
    event = only_event(study)
    assert technique(event) == (29, 61, 51800)  # kVp, mA, Exposure in uAs (52 mAs rounded in the header)
    data = source(event)
    assert data.exposure_time == 834 and same(data.focal_spot_size, "0.3")
    assert code_of(data.anode_target_material) == RHODIUM
    assert [code_of(f.xray_filter_material) for f in data.xrayfilters_set.all()] == [RHODIUM]
    assert sorted(g.xray_grid.code_meaning for g in data.xraygrid_set.all()) == ["Focused grid",
                                                                                 "Reciprocating grid"]
    assert same(event.average_glandular_dose, "1.373")  # Organ Dose 0.01373 dGy
    assert same(event.entrance_exposure_at_rp, "5.071")  # Entrance Dose in mGy
    assert code_of(event.laterality) == LEFT and code_of(event.image_view) == CRANIO_CAUDAL
    mechanical = event.irradiationeventxraymechanicaldata_set.get()
    assert (mechanical.compression_thickness, mechanical.compression_force) == (53, 50)
    distances = mechanical.doserelateddistancemeasurements
    assert (distances.distance_source_to_detector, distances.distance_source_to_entrance_surface) == (660, 607)
    assert event.irradiationeventxraydetectordata_set.get().relative_xray_exposure == 5071
    assert event.acquisition_protocol == "ROUTINE"
    assert same(study.total_agd_left, "1.373") and study.total_agd_right is None
    equipment = study.generalequipmentmoduleattributes
    assert (equipment.institution_name, equipment.station_name) == ("中心医院", "SENODS01")
    assert same(study.patientstudymoduleattributes.patient_age_decimal, "0.003")  # 001D
    assert study.modality_type == "MG" and study.source_kind == "mg_image" and not study.test_patient


@pytest.mark.vendor
def test_hologic_secondary_capture_is_a_test_patient_with_tungsten_and_aluminium(vendor_file):
    study = imported(mam(vendor_file("MG-Im-Hologic-PropProj.dcm")))
    event = only_event(study)
    assert technique(event) == (28, 20, 6000)
    data = source(event)
    assert code_of(data.anode_target_material) == TUNGSTEN and data.exposure_time == 300
    (aluminium,) = data.xrayfilters_set.all()
    assert code_of(aluminium.xray_filter_material) == ALUMINUM
    assert same(aluminium.xray_filter_thickness_minimum, "0.7")
    assert same(event.average_glandular_dose, "0.26") and same(event.entrance_exposure_at_rp, "0.42")
    assert same(event.half_value_layer, "0.479")
    assert code_of(event.laterality) == RIGHT  # Hologic sends Laterality, not Image Laterality
    assert same(study.total_agd_right, "0.26")
    assert study.test_patient and study.patientmoduleattributes.not_patient_indicator == "phy"
    assert study.patientstudymoduleattributes.patient_age_decimal == 100
    assert study.study_description == "No Views" and study.operator_name == "Smith^Sally"


@pytest.mark.vendor
@pytest.mark.parametrize("order", list(itertools.permutations(GE_PAIR)))
def test_for_processing_and_for_presentation_of_one_exposure_are_one_event(vendor_file, order):
    results = [mam(vendor_file(name)) for name in order]
    assert [r.failed for r in results] == [False] * 3
    (study,) = GeneralStudyModuleAttributes.objects.all()
    stored = events(study)
    assert [technique(e)[0] for e in stored] == [26, 29]  # one event per exposure, in time order
    assert [float(e.average_glandular_dose) for e in stored] == [pytest.approx(0.547), pytest.approx(1.409)]
    assert study.number_of_events == 2 and same(study.total_agd_left, "1.956")
    assert ImportedObject.objects.filter(general_study_module_attributes=study).count() == 3
    (accumulated,) = AccumulatedMammographyXrayDose.objects.all()
    assert accumulated.laterality.code_meaning == "Left breast"
    assert same(accumulated.accumulated_average_glandular_dose, "1.956")


@pytest.mark.vendor
def test_the_same_image_twice_stores_nothing_new(vendor_file):
    path = vendor_file("MG-Im-GE_Seno_1_ForProcessing.dcm")
    first = mam(path)
    again = mam(path)
    assert again.status is Status.ALREADY_IMPORTED and again.study_pk == first.study_pk
    assert IrradiationEventXrayData.objects.count() == 1 and ImportedObject.objects.count() == 1


@pytest.mark.vendor
@pytest.mark.parametrize("name", ["DX-Im-GE_XR220-1.dcm", "MG-RDSR-Hologic_2D.dcm", "CT-SC-Philips_Brilliance16P.dcm"])
def test_other_objects_are_refused_and_nothing_is_stored(vendor_file, name):
    result = mam(vendor_file(name))
    assert result.status is Status.REFUSED and "not a mammography image" in result.reason
    assert not GeneralStudyModuleAttributes.objects.exists()


def test_unreadable_file_is_refused(tmp_path):
    path = tmp_path / "broken.dcm"
    path.write_bytes(b"DICM but not really")
    assert mam(path).status is Status.REFUSED
    assert mam(tmp_path / "missing.dcm").reason == "no such file"


# --- synthetic images ---------------------------------------------------------------------------------

def test_images_arriving_out_of_order_collect_into_one_study(tmp_path):
    study_uid = generate_uid()
    first = b.image(b.MG_DEFAULTS, study_uid, AcquisitionTime="090100", ImageLaterality="R")
    second = b.image(b.MG_DEFAULTS, study_uid, AcquisitionTime="090200", ImageLaterality="L",
                     OrganDose="0.0120")
    presented = b.derived_from(first)
    paths = [b.write(ds, tmp_path, f"{n}.dcm") for n, ds in enumerate([presented, second, first])]
    assert [mam(p).status for p in paths] == [Status.IMPORTED, Status.MERGED, Status.MERGED]
    study = GeneralStudyModuleAttributes.objects.get()
    assert [code_of(e.laterality) for e in events(study)] == [RIGHT, LEFT]
    assert same(study.total_agd_right, "1.5") and same(study.total_agd_left, "1.2")
    assert study.number_of_events == 2


def test_derived_image_without_source_reference_matches_on_moment_and_technique(tmp_path):
    original = b.image(b.MG_DEFAULTS, generate_uid())
    twin = b.derived_from(original)
    del twin.SourceImageSequence
    mam(b.write(original, tmp_path, "a.dcm"))
    assert mam(b.write(twin, tmp_path, "b.dcm")).status is Status.MERGED
    assert IrradiationEventXrayData.objects.count() == 1


def test_same_moment_with_other_technique_is_another_exposure(tmp_path):
    study_uid = generate_uid()
    mam(b.write(b.image(b.MG_DEFAULTS, study_uid), tmp_path, "a.dcm"))
    mam(b.write(b.image(b.MG_DEFAULTS, study_uid, KVP="31"), tmp_path, "b.dcm"))
    assert IrradiationEventXrayData.objects.count() == 2


def test_missing_dose_tags_still_record_the_exposure(tmp_path):
    ds = b.image(b.MG_DEFAULTS, generate_uid(), OrganDose=None, EntranceDoseInmGy=None, KVP=None,
                 ExposureInuAs=None, AnodeTargetMaterial=None, PatientAge=None)
    study = imported(mam(b.write(ds, tmp_path, "bare.dcm")))
    event = only_event(study)
    assert event.average_glandular_dose is None and event.entrance_exposure_at_rp is None
    assert not source(event).kvp_set.exists() and source(event).anode_target_material is None
    assert study.total_agd_right is None and study.number_of_events == 1
    # Age from birth date and study date; the birth date itself is not stored anywhere.
    assert float(study.patientstudymoduleattributes.patient_age_decimal) == pytest.approx(54.0, abs=0.01)


def test_entrance_dose_in_dgy_is_converted_and_zero_means_not_sent(tmp_path):
    study_uid = generate_uid()
    in_dgy = b.image(b.MG_DEFAULTS, study_uid, EntranceDoseInmGy=None, EntranceDose=1)
    zero = b.image(b.MG_DEFAULTS, study_uid, EntranceDoseInmGy=None, EntranceDose=0, AcquisitionTime="091000")
    mam(b.write(in_dgy, tmp_path, "a.dcm"))
    mam(b.write(zero, tmp_path, "b.dcm"))
    assert sorted(e.entrance_exposure_at_rp is None for e in IrradiationEventXrayData.objects.all()) == [
        False, True]
    assert IrradiationEventXrayData.objects.exclude(entrance_exposure_at_rp=None).get().entrance_exposure_at_rp == 100


@pytest.mark.vendor
def test_image_of_a_study_reported_by_rdsr_adds_no_events(vendor_file, tmp_path):
    report = vendor_file("MG-RDSR-Hologic_2D.dcm")
    study = imported(rdsr(report))
    before = study.number_of_events
    ds = b.image(b.MG_DEFAULTS, study.study_instance_uid)
    result = mam(b.write(ds, tmp_path, "img.dcm"))
    assert result.status is Status.MERGED and "dose report" in result.reason
    study.refresh_from_db()
    assert study.number_of_events == before and study.source_kind == "rdsr"
    assert ImportedObject.objects.filter(sop_instance_uid=ds.SOPInstanceUID).exists()


@pytest.mark.vendor
def test_a_dose_report_arriving_after_images_replaces_their_events(vendor_file, tmp_path):
    report = vendor_file("MG-RDSR-Hologic_2D.dcm")
    study_uid = f.read(report).StudyInstanceUID
    for n in range(3):  # more image events than the report has: the report still wins
        ds = b.image(b.MG_DEFAULTS, study_uid, AcquisitionTime=f"09{n}000")
        assert mam(b.write(ds, tmp_path, f"{n}.dcm")).failed is False
    result = rdsr(report)
    assert result.status is Status.MERGED
    study = GeneralStudyModuleAttributes.objects.get()
    assert study.source_kind == "rdsr" and study.number_of_events == 2
    assert not IrradiationEventXrayData.objects.filter(
        irradiation_event_uid__in=ImportedObject.objects.filter(source_kind="mg_image")
        .values("sop_instance_uid")).exists()
    report_agd = sum(f.num(event, "111631") for event in f.projection_events(f.read(report)))
    assert same(study.total_agd_left + study.total_agd_right, report_agd)  # the report's AGD only


def test_name_id_and_birth_date_are_stored_nowhere(tmp_path):
    from django.apps import apps

    ds = b.image(b.MG_DEFAULTS, generate_uid(), PatientName="Secret^Person", PatientID="ID-4711",
                 PatientBirthDate="19611224")
    imported(mam(b.write(ds, tmp_path, "private.dcm")))
    for model in apps.get_app_config("remapp").get_models():
        for row in model.objects.values():
            stored = " ".join(str(value) for value in row.values())
            assert not any(secret in stored for secret in ("Secret", "ID-4711", "19611224", "1961-12-24")), model
