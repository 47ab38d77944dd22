"""Nothing is lost when the worker is down, killed mid-import, or the SCP restarts."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from remapp.models import GeneralStudyModuleAttributes
from remapp.netdicom import spool

from .conftest import send_files, spool_is_empty

pytestmark = pytest.mark.vendor

FILES = ("CT-RDSR-Siemens-Multi-1.dcm", "DX-Im-GE_XR220-1.dcm", "MG-RDSR-Hologic_2D.dcm")


def leave_in_spool(vendor_file) -> None:
    """Files in the spool with no task waiting for them."""
    for name in FILES:
        spool.spool(vendor_file(name).read_bytes())


def assert_all_imported() -> None:
    assert spool_is_empty() and not spool.quarantined()
    assert GeneralStudyModuleAttributes.objects.count() == len(FILES)


def run_worker() -> None:
    """The real database worker, until the queue is empty."""
    call_command("openrem_worker", "--batch", "--no-startup-delay", verbosity=0)


def test_objects_received_while_the_worker_is_down_are_imported_when_it_starts(start_scp, database_tasks,
                                                                               vendor_file):
    server = start_scp()
    assert send_files(server, [vendor_file(name) for name in FILES]) == [0x0000] * len(FILES)
    assert len(spool.spooled()) == len(FILES)  # received and safe on disk, nothing imported yet
    assert not GeneralStudyModuleAttributes.objects.exists()
    run_worker()
    assert_all_imported()


def test_objects_whose_task_was_lost_are_imported_when_the_worker_starts(transactional_db, dicom_dir,
                                                                        database_tasks, vendor_file):
    # As after a worker killed mid-import (its task stays 'running') or an SCP that died between writing
    # the spool and queueing.
    leave_in_spool(vendor_file)
    run_worker()
    assert_all_imported()


def test_the_scp_queues_what_an_earlier_run_left_in_the_spool(start_scp, immediate_tasks, vendor_file):
    leave_in_spool(vendor_file)
    start_scp()
    assert_all_imported()


def test_a_file_queued_twice_is_imported_once(start_scp, database_tasks, vendor_file):
    server = start_scp()
    send_files(server, [vendor_file(FILES[0])])
    from remapp.netdicom.tasks import requeue_spool

    assert requeue_spool() == 1  # now two tasks for one file
    run_worker()
    assert spool_is_empty() and not spool.quarantined()
    assert GeneralStudyModuleAttributes.objects.count() == 1


def test_a_busy_database_postpones_the_import_and_keeps_the_object(db, dicom_dir, database_tasks, monkeypatch,
                                                                   vendor_file):
    from django.db import OperationalError
    from django_tasks_db.models import DBTaskResult

    from remapp.netdicom import importer
    from remapp.netdicom.tasks import import_received

    name = spool.spool(vendor_file(FILES[0]).read_bytes())

    def locked(_name):
        raise OperationalError("database is locked")

    monkeypatch.setattr(importer, "import_spooled", locked)
    assert import_received.call(name) == "postponed"
    assert spool.spooled() == [name] and not spool.quarantined()
    assert DBTaskResult.objects.filter(run_after__isnull=False, args_kwargs__args=[name]).count() == 1


def test_the_command_says_why_it_cannot_listen(transactional_db, dicom_dir, immediate_tasks):
    import socket

    from django.core.management import CommandError

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        with pytest.raises(CommandError, match="cannot listen on 127.0.0.1"):
            call_command("openrem_store_scp", "--port", str(taken.getsockname()[1]))
