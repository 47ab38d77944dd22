"""A Store SCP on a free localhost port, a spool in a temporary folder, and a pynetdicom SCU."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydicom.uid import ExplicitVRLittleEndian, ImplicitVRLittleEndian
from pynetdicom import AE
from pynetdicom.sop_class import Verification

from remapp.netdicom import scp as scp_module
from remapp.netdicom import spool
from remapp.netdicom.scp import ScpOptions, StoreScp
from remapp.netdicom.sopclasses import ACCEPTED

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
DATABASE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
TIMEOUT = 30  # every network wait in these tests is bounded


@pytest.fixture
def dicom_dir(tmp_path, settings) -> Path:
    settings.OPENREM_DICOM_DIR = tmp_path / "dicom"
    return settings.OPENREM_DICOM_DIR


@pytest.fixture
def immediate_tasks(settings):
    """Tasks run inside the call that queues them: an import is done when C-STORE answers."""
    settings.TASKS = IMMEDIATE


@pytest.fixture
def database_tasks(settings):
    """Tasks wait in the database until a worker runs them."""
    settings.TASKS = DATABASE


@pytest.fixture
def start_scp(transactional_db, dicom_dir, monkeypatch):
    """``start_scp()`` -> a running StoreScp on a free port; all are stopped after the test."""
    monkeypatch.setattr(scp_module, "HEARTBEAT_SECONDS", 0.5)
    running = []

    def start(aet: str = "OPENREM", *, queue_inline: bool = False) -> StoreScp:
        server = StoreScp(ScpOptions(aet=aet, port=0, bind="127.0.0.1"), queue_inline=queue_inline).start()
        running.append(server)
        return server

    yield start
    for server in running:
        server.stop()


@pytest.fixture
def scp(start_scp, immediate_tasks) -> StoreScp:
    """Imports run before each C-STORE is answered: what was sent is in the database when sending returns."""
    return start_scp(queue_inline=True)


def scu(contexts=(*ACCEPTED, Verification)) -> AE:
    """An SCU proposing each SOP class once per common transfer syntax, so files go as they are stored."""
    ae = AE(ae_title="TESTSCU")
    for context in contexts:
        for syntax in (ExplicitVRLittleEndian, ImplicitVRLittleEndian):
            ae.add_requested_context(context, syntax)
    ae.acse_timeout = ae.dimse_timeout = ae.network_timeout = TIMEOUT
    return ae


def associate(server: StoreScp, ae: AE | None = None):
    assoc = (ae or scu()).associate("127.0.0.1", server.port, ae_title=server.options.aet)
    assert assoc.is_established, "the SCP did not accept the association"
    return assoc


def send_files(server: StoreScp, paths) -> list[int]:
    """C-STORE each file over one association; the status of each."""
    assoc = associate(server)
    try:
        return [assoc.send_c_store(Path(path)).Status for path in paths]
    finally:
        assoc.release()
        assert server.drain(TIMEOUT), "received objects were not queued in time"


def spool_is_empty() -> bool:
    return spool.spooled() == []


@pytest.fixture(autouse=True)
def _fast_passwords(settings) -> None:
    """Personas hashed cheaply, as in tests/interface."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
