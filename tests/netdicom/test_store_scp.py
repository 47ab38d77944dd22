"""The Store SCP receives every vendor file and the result equals a command-line import of the same files."""

from __future__ import annotations

import pydicom
import pynetdicom
import pytest
from pydicom.uid import generate_uid
from pynetdicom import evt
from pynetdicom.sop_class import CTImageStorage, Verification

from remapp.extractors.ct_philips import ct_philips
from remapp.extractors.dx import dx
from remapp.extractors.mam import mam
from remapp.extractors.rdsr import rdsr
from remapp.models import GeneralStudyModuleAttributes, StoreScpStatus
from remapp.netdicom import spool

from .conftest import associate, scu, send_files, spool_is_empty
from .fingerprint import study_fingerprints

pytestmark = pytest.mark.vendor


def command_line_importer(name: str):
    """The command a user would run for this file: openrem_rdsr.py, openrem_mg.py, openrem_dx.py, ..."""
    if name.startswith("MG-Im"):
        return mam
    if name.startswith("DX-Im"):
        return dx
    if name.startswith("CT-SC"):
        return ct_philips
    return rdsr


def test_every_vendor_file_sent_imports_as_on_the_command_line(scp, vendor_dir):
    files = sorted(vendor_dir.glob("*.dcm"))
    statuses = send_files(scp, files)
    assert statuses == [0x0000] * len(files)
    received = study_fingerprints()

    assert spool_is_empty()
    [refused] = spool.quarantined()
    assert refused.reason.startswith("refused: not a")
    quarantined_uid = pydicom.dcmread(spool.quarantine_dir() / refused.name).SOPInstanceUID
    assert quarantined_uid == pydicom.dcmread(vendor_dir / "ESR_non-dose.dcm").SOPInstanceUID

    GeneralStudyModuleAttributes.objects.all().delete()
    for path in files:
        command_line_importer(path.name)(str(path))
    assert study_fingerprints() == received
    assert len(received) >= 20


def test_echo_answers_success(scp):
    assoc = associate(scp)
    try:
        assert assoc.send_c_echo().Status == 0x0000
    finally:
        assoc.release()


def test_heartbeat_records_the_last_object_received(scp, vendor_file):
    send_files(scp, [vendor_file("CT-RDSR-Siemens-Multi-1.dcm")])
    scp._beat()
    status = StoreScpStatus.objects.get(pk=1)
    assert status.port == scp.port and status.received_count == 1
    assert status.last_received_sop_class == "1.2.840.10008.5.1.4.1.1.88.67"
    assert status.last_received_from == "TESTSCU"


def test_other_sop_classes_are_refused_at_association(scp, vendor_file):
    assoc = scu(contexts=(CTImageStorage, Verification)).associate("127.0.0.1", scp.port, ae_title="OPENREM")
    try:
        assert {c.abstract_syntax for c in assoc.rejected_contexts} == {CTImageStorage}
        ds = pydicom.dcmread(vendor_file("CT-RDSR-Siemens-Multi-1.dcm"))
        ds.SOPClassUID = CTImageStorage
        with pytest.raises(ValueError, match="presentation context"):
            assoc.send_c_store(ds)
        assert assoc.send_c_echo().Status == 0x0000
    finally:
        assoc.release()
    assert spool_is_empty() and not spool.quarantined()
    assert not GeneralStudyModuleAttributes.objects.exists()


def test_malformed_dataset_is_not_stored_and_the_scp_keeps_serving(scp, vendor_file, tmp_path, monkeypatch):
    monkeypatch.setattr(pynetdicom._config, "STORE_SEND_CHUNKED_DATASET", True)  # send the file's bytes as they are
    good = vendor_file("CT-RDSR-Siemens-Multi-1.dcm")
    bad = tmp_path / "bad.dcm"
    meta = pydicom.dcmread(good, stop_before_pixels=True).file_meta
    meta.MediaStorageSOPInstanceUID = generate_uid()
    empty = pydicom.Dataset()
    empty.file_meta = meta
    pydicom.dcmwrite(bad, empty, enforce_file_format=True)
    # Valid file meta, then an element claiming far more bytes than follow.
    bad.write_bytes(bad.read_bytes() + b"\x08\x00\x16\x00UI\xff\x7f1.2.3")
    assert send_files(scp, [bad]) != [0x0000]
    assert spool_is_empty() and not spool.quarantined()
    assert send_files(scp, [good]) == [0x0000]
    assert GeneralStudyModuleAttributes.objects.count() == 1


def test_abort_in_the_middle_of_a_transfer_stores_nothing(scp, vendor_file):
    big = pydicom.dcmread(vendor_file("RF-Pat-Orientation-Modifier-Missing.dcm"))
    assoc = associate(scp)
    sent = []

    def abort_after_first_data(event):
        if event.pdu.__class__.__name__ == "P_DATA_TF":
            sent.append(1)
            if len(sent) == 3:
                assoc.dul.socket.close()  # the connection drops mid-object, as when a modality is switched off

    assoc.bind(evt.EVT_PDU_SENT, abort_after_first_data)
    try:
        assoc.send_c_store(big)
    except Exception:  # noqa: BLE001, S110 - the SCU notices its own dropped socket in various ways
        pass
    assoc.abort()
    assert len(sent) >= 3
    assert spool_is_empty() and not GeneralStudyModuleAttributes.objects.exists()
    assert send_files(scp, [vendor_file("CT-RDSR-Siemens-Multi-1.dcm")]) == [0x0000]
