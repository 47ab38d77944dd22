"""Importing one spooled object: the importer chosen by SOP class, what is kept, what is quarantined."""

from __future__ import annotations

import pydicom
import pytest

from remapp.models import GeneralStudyModuleAttributes
from remapp.netdicom import spool
from remapp.netdicom.importer import Outcome, import_spooled

pytestmark = [pytest.mark.vendor, pytest.mark.django_db]


def spooled(path) -> str:
    return spool.spool(path.read_bytes())


@pytest.mark.parametrize(("name", "modality"), [
    ("CT-RDSR-GEPixelMed.dcm", "CT"), ("CT-ESR-GE_Optima.dcm", "CT"), ("MG-Im-GE_Seno_1_ForProcessing.dcm", "MG"),
    ("DX-Im-GE_XR220-1.dcm", "DX"), ("DX-Im-Carestream_DRX.dcm", "DX"), ("CT-SC-Philips_Brilliance16P.dcm", "CT"),
    ("MG-Im-Hologic-PropProj.dcm", "MG"),
])
def test_each_kind_goes_to_its_importer_and_leaves_the_spool(dicom_dir, vendor_file, name, modality):
    assert import_spooled(spooled(vendor_file(name))) is Outcome.IMPORTED
    assert list(GeneralStudyModuleAttributes.objects.values_list("modality_type", flat=True)) == [modality]
    assert spool.spooled() == [] and not spool.kept_dir().exists()


def test_objects_are_kept_whole_when_configured(dicom_dir, vendor_file, settings):
    settings.OPENREM_SCP_KEEP_PIXELS = True
    name = spooled(vendor_file("DX-Im-GE_XR220-1.dcm"))
    import_spooled(name)
    kept = spool.kept_dir() / name
    assert "PixelData" in pydicom.dcmread(kept)


def test_a_secondary_capture_of_another_modality_is_quarantined_with_the_reason(dicom_dir, vendor_file, tmp_path):
    ds = pydicom.dcmread(vendor_file("CT-SC-Philips_Brilliance16P.dcm"))
    ds.Modality = "OT"
    ds.save_as(tmp_path / "ot.dcm")
    name = spooled(tmp_path / "ot.dcm")
    assert import_spooled(name) is Outcome.QUARANTINED
    [item] = spool.quarantined()
    assert item.name == name and "no importer for SOP class 1.2.840.10008.5.1.4.1.1.7 modality OT" in item.reason


def test_an_object_already_handled_is_gone(dicom_dir):
    assert import_spooled("20260101T000000000000-0123456789abcdef.dcm") is Outcome.GONE


def test_names_that_are_not_ours_are_refused(dicom_dir):
    with pytest.raises(ValueError, match="not a spool file name"):
        import_spooled("../secret.dcm")
