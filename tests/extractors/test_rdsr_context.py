"""Observer context (TID 1002), person and device participants (TID 1020/1021) and calibration, for every
dose report in the corpus, compared with the file."""

from __future__ import annotations

import pytest

from remapp.extractors.rdsr import rdsr
from remapp.importing import Status
from remapp.models import Calibration, DeviceParticipant, ObserverContext, PersonParticipant

from . import corpus as f
from .test_rdsr_ct import CT_FILES
from .test_rdsr_dx_mg import DX_FILES, MG_FILES
from .test_rdsr_rf import RF_FILES

pytestmark = [pytest.mark.django_db, pytest.mark.vendor]


def _everywhere(ds, value: str) -> list:
    found = []

    def walk(items):
        for item in items:
            if f.code_value(item) == value:
                found.append(item)
            walk(item.get("ContentSequence") or [])

    walk(ds.ContentSequence)
    return found


@pytest.mark.parametrize("name", CT_FILES + RF_FILES + DX_FILES + MG_FILES)
def test_participants_observer_and_calibration(vendor_file, name):
    path = vendor_file(name)
    assert rdsr(path).status is Status.IMPORTED
    ds = f.read(path)
    persons = _everywhere(ds, "113870")
    assert sorted(p.person_name for p in PersonParticipant.objects.all()) == \
        sorted(str(p.get("PersonName", "")) for p in persons)
    roles = sorted(f.code(p, "113875") or "" for p in persons)
    assert sorted(p.person_role_in_procedure.code_meaning if p.person_role_in_procedure else ""
                  for p in PersonParticipant.objects.all()) == roles
    # At the root a device role is part of the device observer context (TID 1004).
    devices = [d for d in _everywhere(ds, "113876") if d not in f.children(ds, "113876")]
    assert DeviceParticipant.objects.count() == len(devices)
    assert sorted(d.device_serial_number for d in DeviceParticipant.objects.all()) == \
        sorted(f.text(d, "113880") or "" for d in devices)
    observer = ObserverContext.objects.first()
    assert (observer.device_observer_name if observer else "") == (f.text(ds, "121013") or "")
    assert (observer.device_observer_uid if observer else "") == (f.text(ds, "121012") or "")
    if f.code(ds, "113876"):
        assert observer.device_role_in_procedure.code_meaning == f.code(ds, "113876")
    calibrations = _everywhere(ds, "122505")
    assert sorted(c.calibration_factor for c in Calibration.objects.all() if c.calibration_factor is not None) == \
        sorted(f.num(c, "122322") for c in calibrations if f.num(c, "122322") is not None)
    assert sorted(c.calibration_protocol for c in Calibration.objects.all()) == \
        sorted(f.text(c, "113720") or "" for c in calibrations)
