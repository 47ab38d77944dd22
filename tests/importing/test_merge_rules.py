"""Continued and cumulative reports of one study: whatever the import order, one study, each event once,
accumulated data from the most complete report (docs/import-rules.md)."""

from __future__ import annotations

from itertools import permutations

import pytest

from remapp.extractors.rdsr import rdsr
from remapp.importing import Status
from remapp.models import CtIrradiationEventData, GeneralStudyModuleAttributes, ImportedObject
from tests.extractors import corpus as f

pytestmark = [pytest.mark.django_db, pytest.mark.vendor]

CONTINUED = ["CT-RDSR-Siemens-Continued-1.dcm", "CT-RDSR-Siemens-Continued-2.dcm"]
MULTI = ["CT-RDSR-Siemens-Multi-1.dcm", "CT-RDSR-Siemens-Multi-2.dcm", "CT-RDSR-Siemens-Multi-3.dcm"]
DLP = {"mGy.cm": 1, "mGycm": 1}


def _file_events(datasets) -> dict[str, object]:
    """Event UID -> DLP as the report with the most events states it."""
    events = {}
    for ds in sorted(datasets, key=lambda d: len(f.ct_events(d))):
        for event in f.ct_events(ds):
            events[f.event_uid(event)] = f.num(f.child(event, "113829"), "113838", DLP)
    return events


def _import_in_order(vendor_file, order):
    results = [rdsr(vendor_file(name)) for name in order]
    assert results[0].status is Status.IMPORTED
    assert all(r.status is Status.MERGED for r in results[1:]), [r.line() for r in results]
    return results


def _check_one_study(datasets) -> GeneralStudyModuleAttributes:
    uids = {ds.StudyInstanceUID for ds in datasets}
    assert len(uids) == 1
    study = GeneralStudyModuleAttributes.objects.get()
    expected = _file_events(datasets)
    stored = list(CtIrradiationEventData.objects.filter(ct_radiation_dose__general_study_module_attributes=study))
    assert sorted(e.irradiation_event_uid for e in stored) == sorted(expected)
    for event in stored:
        assert f.close(event.dlp, expected[event.irradiation_event_uid])
    assert study.number_of_events == len(expected)
    assert study.importedobject_set.count() == len(datasets)
    return study


@pytest.mark.parametrize("order", list(permutations(CONTINUED)), ids=lambda o: "-".join(n[-5] for n in o))
def test_continued_reports_in_any_order(vendor_file, order):
    _import_in_order(vendor_file, order)
    datasets = [f.read(vendor_file(name)) for name in CONTINUED]
    study = _check_one_study(datasets)
    # Each continued report holds some of the events: the study total is the sum of all of them.
    assert f.close(study.total_dlp, sum(_file_events(datasets).values()))


@pytest.mark.parametrize("order", list(permutations(MULTI)), ids=lambda o: "-".join(n[-5] for n in o))
def test_cumulative_reports_in_any_order(vendor_file, order):
    _import_in_order(vendor_file, order)
    datasets = [f.read(vendor_file(name)) for name in MULTI]
    study = _check_one_study(datasets)
    most_complete = max(datasets, key=lambda d: len(f.ct_events(d)))
    assert f.close(study.total_dlp, f.num(f.child(most_complete, f.CT_ACCUMULATED), "113813", DLP))
    primary = ImportedObject.objects.get(is_complete=True)
    assert primary.sop_instance_uid == most_complete.SOPInstanceUID


def test_same_object_twice_is_already_imported(vendor_file):
    path = vendor_file("CT-RDSR-Siemens-Multi-2.dcm")
    first = rdsr(path)
    before = CtIrradiationEventData.objects.count()
    second = rdsr(path)
    assert (first.status, second.status) == (Status.IMPORTED, Status.ALREADY_IMPORTED)
    assert second.study_pk == first.study_pk
    assert CtIrradiationEventData.objects.count() == before
    assert ImportedObject.objects.count() == 1


def test_same_report_in_two_studies_is_two_studies(vendor_file):
    """Zee and Zee_adjusted share a SOP instance UID but name different studies."""
    results = [rdsr(vendor_file(n)) for n in ("RF-RDSR-Siemens-Zee.dcm", "RF-RDSR-Siemens-Zee_adjusted.dcm")]
    assert [r.status for r in results] == [Status.IMPORTED, Status.IMPORTED]
    assert GeneralStudyModuleAttributes.objects.count() == 2


@pytest.mark.parametrize("reverse", [False, True])
def test_continued_fluoroscopy_reports_in_either_order(tmp_path, reverse):
    """Projection reports merge by the same rules: union of events, totals summed when no report
    carried them all, per plane."""
    from decimal import Decimal

    from remapp.models import IrradiationEventXrayData
    from remapp.testing import dicom_builder as b

    uid = "1.2.826.0.1.3680043.99.1"
    first = b.projection_rdsr([b.ProjectionEvent(plane="A", dap="0.001", duration="10"),
                               b.ProjectionEvent(plane="B", dap="0.002", duration="5")],
                              totals={"A": {"dap": "0.001", "fluoro_time": "10"}, "B": {"dap": "0.002",
                                                                                    "fluoro_time": "5"}},
                              study_uid=uid, content_time="100000")
    second = b.projection_rdsr([b.ProjectionEvent(plane="A", dap="0.004", duration="7.5")],
                               totals={"A": {"dap": "0.004", "fluoro_time": "7.5"}}, study_uid=uid,
                               content_time="110000")
    paths = [b.save(first, tmp_path / "first.dcm"), b.save(second, tmp_path / "second.dcm")]
    results = [rdsr(p) for p in (reversed(paths) if reverse else paths)]
    assert [r.status for r in results] == [Status.IMPORTED, Status.MERGED]
    study = GeneralStudyModuleAttributes.objects.get()
    assert IrradiationEventXrayData.objects.count() == study.number_of_events == 3
    assert (study.total_dap_a, study.total_dap_b) == (Decimal("0.005"), Decimal("0.002"))
    assert study.total_dap == Decimal("0.007")
    assert study.total_fluoro_time == Decimal("22.5")  # no report's totals cover all: the events' durations
