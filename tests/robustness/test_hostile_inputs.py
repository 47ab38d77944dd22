"""Every importer against the generated hostile corpus (tests/robustness/hostile.py): a refused file says
why, names the file and stores nothing; a tolerated one imports with the bad value dropped or cleaned;
nothing raises. The rules per case: docs/robustness.md."""

from __future__ import annotations

import copy
from pathlib import Path

import pydicom
import pytest
from django.apps import apps
from pydicom.dataset import Dataset
from pydicom.tag import Tag

from remapp.extractors.ct_philips import ct_philips
from remapp.extractors.dx import dx
from remapp.extractors.mam import mam
from remapp.extractors.rdsr import rdsr
from remapp.importing import Status
from remapp.models import GeneralStudyModuleAttributes
from remapp.testing import image_builder as ib

from . import hostile as h

pytestmark = pytest.mark.django_db

# Count of cases tried in this session, for the figure in docs/robustness.md (printed at the end).
TRIED: dict[str, int] = {}

MG_DOSE = ("OrganDose", "EntranceDoseInmGy", "KVP", "ExposureInuAs", "BodyPartThickness", "CompressionForce")
DX_DOSE = ("ImageAndFluoroscopyAreaDoseProduct", "KVP", "Exposure", "ExposureTime", "ExposureIndex")
PHILIPS_DOSE = ("ExposureDoseSequence", "KVP")
VENDOR_TRUNCATED = {
    rdsr: ["CT-RDSR-Siemens-Multi-1.dcm", "RF-RDSR-Philips_Azurion.dcm", "MG-RDSR-Hologic_2D.dcm",
           "DX-RDSR-Canon_CXDI.dcm"],
    mam: ["MG-Im-GE_Seno_1_ForProcessing.dcm", "MG-Im-Hologic-PropProj.dcm"],
    dx: ["DX-Im-GE_XR220-1.dcm", "DX-Im-Carestream_DRX.dcm"],
    ct_philips: ["CT-SC-Philips_Brilliance16P.dcm"],
}


def stored_rows() -> int:
    """Rows in every table of the app: a refused file must leave this unchanged."""
    return sum(model.objects.count() for model in apps.get_app_config("remapp").get_models())


def run_cases(importer, cases, folder: Path, reference_events: int) -> list[str]:
    """Import each case on its own; the list of broken promises (empty when all held)."""
    failures: list[str] = []
    for case in cases:
        TRIED[importer.__name__] = TRIED.get(importer.__name__, 0) + 1
        path = folder / f"{importer.__name__}-{case.name}.dcm"
        path.write_bytes(case.data)
        before = stored_rows()
        try:
            result = importer(path)
        except Exception as error:  # noqa: BLE001 - the point of the test
            failures.append(f"{case.name}: raised {type(error).__name__}: {error}")
            continue
        problem = judge(case, result, path, before, reference_events)
        if problem:
            failures.append(f"{case.name}: {problem} -- {result.line()}")
        GeneralStudyModuleAttributes.objects.all().delete()
    return failures


def judge(case: h.Case, result, path: Path, before: int, reference_events: int) -> str:
    if not result.line().startswith(str(path)):
        return "result line does not name the file"
    if result.status is Status.REFUSED:
        if not result.reason:
            return "refused without a reason"
        if stored_rows() != before:
            return "refused but rows were stored"
        return "" if case.expect in (h.REFUSED, h.EITHER) else "refused, expected a tolerant import"
    if case.expect == h.REFUSED:
        return "imported, expected a refusal"
    if result.status is not Status.IMPORTED:
        return f"status {result.status}"
    if case.expect == h.EITHER and result.events != reference_events:
        return f"partial import: {result.events} events, the whole file has {reference_events}"
    if case.check:
        try:
            case.check(GeneralStudyModuleAttributes.objects.get(pk=result.study_pk))
        except AssertionError as error:
            return f"stored value wrong: {error}"
    return ""


def reference(importer, data: bytes, folder: Path) -> int:
    path = folder / "reference.dcm"
    path.write_bytes(data)
    result = importer(path)
    assert result.status is Status.IMPORTED, result.line()
    GeneralStudyModuleAttributes.objects.all().delete()
    return result.events


@pytest.mark.filterwarnings("ignore")
def test_rdsr_importer_survives_the_hostile_corpus(tmp_path):
    events = reference(rdsr, h.encode(h.b.ct_rdsr([h.b.CtEvent()], total_dlp="250.25")), tmp_path)
    failures = run_cases(rdsr, h.rdsr_cases(), tmp_path, events)
    assert not failures, "\n".join(failures)


def _image_test(importer, ds, dose, other, tmp_path):
    events = reference(importer, h.encode(ds), tmp_path)
    failures = run_cases(importer, h.image_cases(ds, dose, other), tmp_path, events)
    assert not failures, "\n".join(failures)


@pytest.mark.filterwarnings("ignore")
def test_mammography_importer_survives_the_hostile_corpus(tmp_path):
    _image_test(mam, ib.image(ib.MG_DEFAULTS, "1.2.826.0.1.3680043.99.1"), MG_DOSE, "DX", tmp_path)


@pytest.mark.filterwarnings("ignore")
def test_radiography_importer_survives_the_hostile_corpus(tmp_path):
    _image_test(dx, ib.image(ib.DX_DEFAULTS, "1.2.826.0.1.3680043.99.2"), DX_DOSE, "MG", tmp_path)


@pytest.mark.vendor
@pytest.mark.filterwarnings("ignore")
def test_philips_ct_importer_survives_the_hostile_corpus(tmp_path, vendor_file):
    ds = pydicom.dcmread(vendor_file("CT-SC-Philips_Brilliance16P.dcm"), stop_before_pixels=True)
    cases = list(h.image_cases(ds, PHILIPS_DOSE, "MR"))
    for case in cases:
        # The Philips importer decides on Image Type and Manufacturer, not Modality: a 60,000-character
        # manufacturer is no longer Philips (refused), another modality with DOSE_INFO still is.
        if case.name in ("huge-strings", "other-modality"):
            case.expect = h.EITHER
    # Each acquisition item damaged in turn: its CTDIvol garbled, then the item emptied.
    for index in range(len(ds.ExposureDoseSequence)):
        garbled = copy.deepcopy(ds)
        item = garbled.ExposureDoseSequence[index]
        tag = Tag("CTDIvol")
        item._dict[tag] = h.RawDataElement(tag, "FD", 3, b"abc", 0, False, True)
        cases.append(h.Case(f"item-{index}-ctdivol-garbled", h.encode(garbled), h.EITHER))
        emptied = copy.deepcopy(ds)
        emptied.ExposureDoseSequence[index] = Dataset()
        cases.append(h.Case(f"item-{index}-empty", h.encode(emptied), h.TOLERATED))
    events = reference(ct_philips, h.encode(ds), tmp_path)
    failures = run_cases(ct_philips, cases, tmp_path, events)
    assert not failures, "\n".join(failures)


@pytest.mark.vendor
@pytest.mark.filterwarnings("ignore")
@pytest.mark.parametrize("importer", list(VENDOR_TRUNCATED), ids=lambda i: i.__name__)
def test_vendor_files_cut_anywhere_are_refused_or_whole(importer, vendor_file, tmp_path):
    failures = []
    for name in VENDOR_TRUNCATED[importer]:
        data = vendor_file(name).read_bytes()
        events = reference(importer, data, tmp_path)
        failures += [f"{name} {f}" for f in run_cases(importer, h.truncations(data, 60), tmp_path, events)]
    assert not failures, "\n".join(failures)


def test_report_the_number_of_hostile_inputs_tried():
    """Not a check: prints the figure for docs/robustness.md (run with -s)."""
    print(f"\nhostile inputs tried: {sum(TRIED.values())} {TRIED}")
