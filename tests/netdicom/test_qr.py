"""Query/retrieve against a fake PACS holding some vendor files: only dose objects move, imported ones don't."""

from __future__ import annotations

import copy
import datetime as dt

import pydicom
import pytest
from django.core.management import CommandError, call_command
from pydicom.uid import generate_uid
from pynetdicom.sop_class import CTImageStorage

from remapp.extractors.rdsr import rdsr
from remapp.models import DicomRemoteNode, GeneralStudyModuleAttributes, ImportedObject, QueryRun
from remapp.netdicom import qr

from .fake_pacs import FakePacs

pytestmark = pytest.mark.vendor

HELD = ("CT-RDSR-Siemens-Multi-1.dcm", "CT-RDSR-Siemens-Multi-2.dcm", "CT-RDSR-Siemens-Multi-3.dcm",
        "CT-RDSR-Siemens_Flash-TAP-SS.dcm", "CT-RDSR-GEPixelMed.dcm",
        "MG-Im-GE_Seno_1_ForPresentation.dcm", "MG-Im-GE_Seno_1_ForProcessing.dcm")


def ct_images(template: pydicom.Dataset, count: int, study_uid: str | None = None) -> list[pydicom.Dataset]:
    """A CT image series (no dose data) in the template's study or a new one."""
    series_uid = generate_uid()
    out = []
    for _ in range(count):
        ds = copy.deepcopy(template)
        del ds.ContentSequence
        ds.SOPClassUID = ds.file_meta.MediaStorageSOPClassUID = CTImageStorage
        ds.SOPInstanceUID = ds.file_meta.MediaStorageSOPInstanceUID = generate_uid()
        ds.Modality = "CT"
        ds.SeriesInstanceUID = series_uid
        ds.StudyInstanceUID = study_uid or ds.StudyInstanceUID
        out.append(ds)
    return out


@pytest.fixture
def pacs(scp, vendor_file):
    held = [pydicom.dcmread(vendor_file(name)) for name in HELD]
    for report in (held[0], held[3], held[4]):
        held += ct_images(report, 8)  # the scan itself, beside its dose report: never retrieved
    held += ct_images(held[4], 12, study_uid=generate_uid())  # a CT study without any dose object
    server = FakePacs(held, destinations={"OPENREM": ("127.0.0.1", scp.port)}).start()
    yield server
    server.stop()


@pytest.fixture
def node(pacs):
    return DicomRemoteNode.objects.create(name="pacs", aet=pacs.aet, host="127.0.0.1", port=pacs.port)


def sent_uids(pacs) -> set[str]:
    return {uid for _level, uids in pacs.moves for uid in uids}


def uid_of(vendor_file, name: str) -> str:
    return str(pydicom.dcmread(vendor_file(name), stop_before_pixels=True).SOPInstanceUID)


def test_only_dose_objects_not_yet_imported_are_retrieved(node, pacs, vendor_file):
    rdsr(vendor_file("CT-RDSR-Siemens_Flash-TAP-SS.dcm"))  # a study imported before
    rdsr(vendor_file("CT-RDSR-Siemens-Multi-1.dcm"))  # the first report of a study with three
    run = QueryRun.objects.create(node=node, modalities="CT,MG")
    run = qr.execute_run(run.pk)

    assert run.state == QueryRun.State.DONE, run.message
    expected = {uid_of(vendor_file, name) for name in HELD[1:3] + HELD[4:]}
    assert sent_uids(pacs) == expected
    assert run.studies_found == 5
    assert run.studies_skipped == 1  # Flash-TAP-SS
    assert run.studies_without_dose == 1  # the CT study with images only
    assert run.objects_moved == len(expected) and run.objects_failed == 0
    assert set(ImportedObject.objects.values_list("sop_instance_uid", flat=True)) >= expected
    assert GeneralStudyModuleAttributes.objects.count() == 4


def test_a_second_run_retrieves_nothing(node, pacs):
    qr.execute_run(QueryRun.objects.create(node=node, modalities="CT,MG").pk)
    moves = len(pacs.moves)
    run = qr.execute_run(QueryRun.objects.create(node=node, modalities="CT,MG").pk)
    assert len(pacs.moves) == moves
    assert run.studies_skipped == 4 and run.objects_moved == 0


def test_date_range_and_modality_narrow_the_query(node, pacs, vendor_file):
    run = QueryRun.objects.create(node=node, modalities="CT", date_from=dt.date(2018, 1, 1),
                                  date_to=dt.date(2018, 12, 31))
    run = qr.execute_run(run.pk)
    assert run.studies_found == 1
    assert sent_uids(pacs) == {uid_of(vendor_file, name) for name in HELD[:3]}


def test_the_command_runs_a_query_and_reports(node, pacs, capsys):
    call_command("openrem_qr", "--node", "pacs", "--modality", "MG", "--date-from", "2013-01-01")
    out = capsys.readouterr().out
    assert "study 1/1 " in out and ": 2 series and 0 single objects" in out
    assert "done: 1 studies found" in out
    assert GeneralStudyModuleAttributes.objects.filter(modality_type="MG").count() == 1


def test_the_command_dry_run_moves_nothing(node, pacs, capsys):
    call_command("openrem_qr", "--node", "pacs", "--modality", "CT", "--dry-run")
    assert "would move 5 series" in capsys.readouterr().out
    assert pacs.moves == []


def test_the_command_names_the_known_nodes_when_given_a_wrong_one(node):
    with pytest.raises(CommandError, match="known: pacs"):
        call_command("openrem_qr", "--node", "nope")


def test_an_unreachable_node_fails_the_run_with_a_reason(transactional_db):
    node = DicomRemoteNode.objects.create(name="gone", aet="GONE", host="127.0.0.1", port=1)
    run = qr.execute_run(QueryRun.objects.create(node=node).pk)
    assert run.state == QueryRun.State.FAILED and "no association with GONE" in run.message
    assert qr.echo(node)[0] is False


def test_echo_reaches_the_pacs(node):
    ok, message = qr.echo(node)
    assert ok, message
