"""A client we did not write: dcmtk's echoscu and storescu (Debian package dcmtk; CI installs it)."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from remapp.models import GeneralStudyModuleAttributes

from .conftest import spool_is_empty

pytestmark = pytest.mark.vendor


def dcmtk(tool: str, server, *arguments) -> subprocess.CompletedProcess:
    if shutil.which(tool) is None:
        pytest.skip(f"dcmtk's {tool} is not installed (apt-get install dcmtk)")
    command = [tool, "-aet", "MODALITY", "-aec", server.options.aet, "127.0.0.1", str(server.port), *arguments]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)


def test_echoscu_gets_an_answer(scp):
    result = dcmtk("echoscu", scp)
    assert result.returncode == 0, result.stderr


def test_storescu_sends_reports_and_images_that_show_up_as_studies(scp, vendor_file):
    names = ["CT-RDSR-Siemens_Flash-TAP-SS.dcm", "RF-RDSR-Philips_Allura.dcm", "MG-Im-GE_Seno_1_ForPresentation.dcm",
             "DX-Im-Carestream_DR7500-1.dcm", "CT-SC-Philips_Brilliance16P.dcm"]
    result = dcmtk("storescu", scp, *[str(vendor_file(name)) for name in names])
    assert result.returncode == 0, result.stderr
    assert spool_is_empty()
    assert sorted(GeneralStudyModuleAttributes.objects.values_list("modality_type", flat=True)) == \
        ["CT", "CT", "DX", "MG", "RF"]


def test_storescu_is_refused_for_a_wrong_sop_class(scp, tmp_path, vendor_file):
    import pydicom
    from pynetdicom.sop_class import CTImageStorage

    ds = pydicom.dcmread(vendor_file("CT-SC-Philips_Brilliance16P.dcm"))
    ds.SOPClassUID = ds.file_meta.MediaStorageSOPClassUID = CTImageStorage
    path = tmp_path / "ct-image.dcm"
    ds.save_as(path)
    result = dcmtk("storescu", scp, str(path))
    assert result.returncode != 0 or "no presentation context" in (result.stderr + result.stdout).lower()
    assert spool_is_empty() and not GeneralStudyModuleAttributes.objects.exists()
