"""The Store SCP receiving the same study twice at once ends exactly where a serial import ends."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from remapp.extractors.rdsr import rdsr
from remapp.models import GeneralStudyModuleAttributes, ImportedObject

from .conftest import send_files

SERIES = ["CT-RDSR-Siemens-Multi-1.dcm", "CT-RDSR-Siemens-Multi-2.dcm", "CT-RDSR-Siemens-Multi-3.dcm",
          "CT-RDSR-Siemens-Continued-1.dcm", "CT-RDSR-Siemens-Continued-2.dcm"]


def _state() -> dict[str, tuple]:
    return {
        study.study_instance_uid: (study.number_of_events, study.total_dlp, study.max_ctdivol,
                                   sorted(study.importedobject_set.values_list("sop_instance_uid", flat=True)))
        for study in GeneralStudyModuleAttributes.objects.all()
    }


def test_two_associations_sending_the_same_studies_at_once(scp, vendor_file):
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        # Two writers on the in-memory test database (shared cache) get "database table is locked" at once,
        # where a site's SQLite file waits for the lock (and serialises the imports): nothing to learn here.
        pytest.skip("needs PostgreSQL or an SQLite file: the in-memory SQLite test database cannot wait for "
                    "a lock; run with OPENREM_DATABASE_URL=postgres://...")
    paths = [vendor_file(name) for name in SERIES]
    statuses: list[list[int]] = []
    errors: list[BaseException] = []

    def sender(order):
        try:
            statuses.append(send_files(scp, order))
        except BaseException as error:  # reported below, with the thread's own traceback lost otherwise
            errors.append(error)

    # Imports run inside each association's handler thread, so the two orders race in the writer.
    threads = [threading.Thread(target=sender, args=(order,)) for order in (paths, list(reversed(paths)))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert not errors, errors
    assert statuses == [[0x0000] * len(paths)] * 2
    concurrent = _state()
    assert ImportedObject.objects.count() == len(paths)  # each object once, whoever got there first

    GeneralStudyModuleAttributes.objects.all().delete()
    for path in paths:
        rdsr(path)
    assert concurrent == _state()
    assert sorted(events for events, *_ in concurrent.values()) == [3, 4]
