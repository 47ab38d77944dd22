"""Philips CT dose-info secondary capture: the corpus file, compared with what its header says."""

from __future__ import annotations

import pytest

from remapp.extractors.ct_philips import ct_philips
from remapp.importing import Status
from remapp.models import CtAccumulatedDoseData, CtIrradiationEventData, GeneralStudyModuleAttributes

from .image_checks import imported, same

pytestmark = [pytest.mark.django_db, pytest.mark.vendor]

NAME = "CT-SC-Philips_Brilliance16P.dcm"


def _events(study):
    return list(CtIrradiationEventData.objects.filter(ct_radiation_dose__general_study_module_attributes=study)
                .select_related("ct_acquisition_type", "scanninglength").order_by("pk"))


def test_one_event_per_exposure_dose_item_with_total_dlp(vendor_file):
    study = imported(ct_philips(vendor_file(NAME)))
    assert study.modality_type == "CT" and study.source_kind == "ct_philips"
    assert study.number_of_events == 4
    assert same(study.total_dlp, "1102.44609")  # the image's own total (private ELSCINT1 DLP)
    assert same(study.max_ctdivol, "11.32941264247715")
    assert study.study_description == "CT Thorax & abdo & pelvis with contrast"
    equipment = study.generalequipmentmoduleattributes
    assert (equipment.manufacturer, equipment.manufacturer_model_name, equipment.station_name) == (
        "Philips", "Brilliance 16P", "PHILIPS-E71E3F0")
    events = _events(study)
    assert [e.acquisition_protocol for e in events] == ["", "PRE KIDNEYS", "30S KIDNEYS", "100S C/A/P"]
    assert [e.ct_acquisition_type.code_meaning for e in events] == [
        "Constant Angle Acquisition", "Spiral Acquisition", "Spiral Acquisition", "Spiral Acquisition"]
    assert [float(e.dlp) for e in events] == [0, 196.01, 248.585973, 657.85012]
    assert [e.scanninglength.scanning_length for e in events] == [700, 231, 173, 665]


def test_technique_of_an_event_in_model_units(vendor_file):
    study = imported(ct_philips(vendor_file(NAME)))
    event = _events(study)[1]  # PRE KIDNEYS
    assert same(event.mean_ctdivol, "7.200978719152135")
    assert same(event.exposure_time, "6.986")  # 6986 ms
    assert same(event.pitch_factor, "0.8355391387939453")
    assert (event.nominal_single_collimation_width, event.nominal_total_collimation_width) == (1.5, 24)
    source = event.ctxraysourceparameters_set.get()
    assert source.kvp == 120 and same(source.xray_tube_current, "165.044374")  # 165044.374 uA
    accumulated = CtAccumulatedDoseData.objects.get()
    assert accumulated.total_number_of_irradiation_events == 4


def test_the_same_image_twice_stores_nothing_new(vendor_file):
    ct_philips(vendor_file(NAME))
    again = ct_philips(vendor_file(NAME))
    assert again.status is Status.ALREADY_IMPORTED
    assert CtIrradiationEventData.objects.count() == 4


@pytest.mark.parametrize("name", ["MG-Im-Hologic-PropProj.dcm", "CT-RDSR-Siemens-Multi-1.dcm"])
def test_other_objects_are_refused(vendor_file, name):
    result = ct_philips(vendor_file(name))
    assert result.status is Status.REFUSED and "not a Philips CT dose-info image" in result.reason
    assert not GeneralStudyModuleAttributes.objects.exists()


def _earlier_partial_copy(vendor_file, tmp_path):
    """The same study's dose-info image as it was after its first two acquisitions."""
    import pydicom
    from pydicom.uid import generate_uid

    ds = pydicom.dcmread(vendor_file(NAME))
    ds.SOPInstanceUID = ds.file_meta.MediaStorageSOPInstanceUID = generate_uid()
    ds.ExposureDoseSequence = ds.ExposureDoseSequence[:2]
    ds.private_block(0x00E1, "ELSCINT1")[0x21].value = "196.01"
    ds.ContentTime = "090000"
    path = tmp_path / "partial.dcm"
    ds.save_as(path)
    return path


@pytest.mark.parametrize("partial_first", [True, False])
def test_a_later_cumulative_dose_image_replaces_an_earlier_one_in_any_order(vendor_file, tmp_path, partial_first):
    paths = [_earlier_partial_copy(vendor_file, tmp_path), vendor_file(NAME)]
    results = [ct_philips(p) for p in (paths if partial_first else paths[::-1])]
    assert [r.status for r in results] == [Status.IMPORTED, Status.MERGED]
    study = GeneralStudyModuleAttributes.objects.get()
    assert study.number_of_events == 4 and same(study.total_dlp, "1102.44609")
    assert CtIrradiationEventData.objects.count() == 4


@pytest.mark.parametrize("report_first", [True, False])
def test_a_ct_dose_report_and_the_philips_image_of_one_study_keep_only_the_report(vendor_file, tmp_path,
                                                                                   report_first):
    from remapp.extractors.rdsr import rdsr
    from remapp.testing.dicom_builder import CtEvent, ct_rdsr, save
    from remapp.testing.image_builder import study_uid_of

    study_uid = study_uid_of(vendor_file(NAME))
    report = save(ct_rdsr([CtEvent(dlp="100"), CtEvent(dlp="50")], total_dlp="150", study_uid=study_uid),
                  tmp_path / "report.dcm")
    steps = [lambda: rdsr(report), lambda: ct_philips(vendor_file(NAME))]
    for step in steps if report_first else steps[::-1]:
        assert step().failed is False
    study = GeneralStudyModuleAttributes.objects.get()
    assert study.source_kind == "rdsr" and study.number_of_events == 2 and same(study.total_dlp, "150")
