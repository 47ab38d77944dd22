"""What is not a dose report is refused with its reason, and nothing is stored."""

from __future__ import annotations

import pytest

from remapp.extractors.rdsr import rdsr
from remapp.importing import Status
from remapp.models import ContentItemDescriptions, GeneralStudyModuleAttributes
from remapp.testing import dicom_builder as b

pytestmark = pytest.mark.django_db

NOT_SR = ["CT-SC-Philips_Brilliance16P.dcm", "DX-Im-GE_XR220-1.dcm", "MG-Im-Hologic-PropProj.dcm",
          "MG-Im-GE_Seno_1_ForProcessing.dcm"]


def _refused(path, reason_part: str) -> None:
    result = rdsr(path)
    assert result.status is Status.REFUSED
    assert reason_part in result.reason
    assert result.failed
    assert not GeneralStudyModuleAttributes.objects.exists()
    assert not ContentItemDescriptions.objects.exists()


@pytest.mark.vendor
def test_non_dose_enhanced_sr_is_refused(vendor_file):
    _refused(vendor_file("ESR_non-dose.dcm"), "not a radiation dose report (document title LN 18748-4")


@pytest.mark.vendor
@pytest.mark.parametrize("name", NOT_SR)
def test_images_are_refused(vendor_file, name):
    _refused(vendor_file(name), "not a structured report")


def test_unreadable_files_are_refused(tmp_path):
    (tmp_path / "empty.dcm").write_bytes(b"")
    _refused(tmp_path / "empty.dcm", "empty file")
    (tmp_path / "text.dcm").write_text("hello, this is not DICOM")
    _refused(tmp_path / "text.dcm", "not a readable DICOM file")
    _refused(tmp_path / "missing.dcm", "no such file")


def test_file_cut_inside_the_content_is_refused(tmp_path):
    path = b.save(b.ct_rdsr([b.CtEvent() for _ in range(5)]), tmp_path / "ct.dcm")
    data = path.read_bytes()
    path.write_bytes(data[: len(data) * 2 // 3])
    _refused(path, "truncated")
