"""Two importers at once on reports of one study: the unique constraints decide, the loser retries."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections  # noqa: F401 - connection is used by skipif

from remapp.extractors.rdsr import rdsr
from remapp.importing import Status
from remapp.models import CtIrradiationEventData, GeneralStudyModuleAttributes
from tests.extractors import corpus as f

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.vendor]


@pytest.mark.skipif("connection.vendor == 'sqlite'",
                    reason="SQLite serialises writers with a database lock, not with unique constraints")
def test_simultaneous_reports_of_one_study_make_one_study(vendor_file):
    names = ["CT-RDSR-Siemens-Multi-2.dcm", "CT-RDSR-Siemens-Multi-3.dcm", "CT-RDSR-Siemens-Multi-1.dcm"]
    start = threading.Barrier(len(names))
    results = {}

    def run(name):
        try:
            start.wait()
            results[name] = rdsr(vendor_file(name))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(name,)) for name in names]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    statuses = sorted(result.status.value for result in results.values())
    assert statuses == ["imported", "merged", "merged"], [r.line() for r in results.values()]
    assert GeneralStudyModuleAttributes.objects.count() == 1
    assert CtIrradiationEventData.objects.count() == 3
    assert all(r.status is not Status.REFUSED for r in results.values())
    most_complete = f.read(vendor_file("CT-RDSR-Siemens-Multi-3.dcm"))
    expected = f.num(f.child(most_complete, f.CT_ACCUMULATED), "113813", {"mGy.cm": 1, "mGycm": 1})
    assert f.close(GeneralStudyModuleAttributes.objects.get().total_dlp, expected)
