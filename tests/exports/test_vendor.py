"""Real vendor dose reports, imported, exported and read back: the files' own values reach the cells."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

import pytest

from remapp.exports.write_xlsx import sheet_titles
from remapp.extractors.rdsr import rdsr
from remapp.importing import Status
from remapp.models import GeneralStudyModuleAttributes

from ..extractors import corpus as f
from .helpers import export_file, read_csv, read_csv_dicts, read_xlsx

pytestmark = [pytest.mark.django_db, pytest.mark.vendor]


def imported(vendor_file, name: str) -> tuple:
    path = vendor_file(name)
    result = rdsr(path)
    assert result.status is Status.IMPORTED, result.reason
    return f.read(path), GeneralStudyModuleAttributes.objects.get(pk=result.study_pk)


def test_siemens_ct_report_exports_its_dlp_and_protocols(vendor_file, tmp_path):
    ds, study = imported(vendor_file, "CT-RDSR-Siemens-Multi-1.dcm")
    events = f.ct_events(ds)
    total_dlp = f.num(f.child(ds, f.CT_ACCUMULATED), "113813")

    header, row = read_csv(export_file(tmp_path, "CT", "csv"))
    record = dict(zip(header, row, strict=True))
    assert Decimal(record["Total DLP (mGy·cm)"]) == total_dlp
    assert f"E{len(events)} DLP (mGy·cm)" in header and f"E{len(events) + 1} DLP (mGy·cm)" not in header
    assert record["Manufacturer"] == ds.Manufacturer
    event_dlps = sorted(Decimal(record[f"E{n} DLP (mGy·cm)"]) for n in range(1, len(events) + 1))
    assert event_dlps == sorted(f.num(f.child(e, "113829"), "113838") for e in events)

    book = read_xlsx(export_file(tmp_path, "CT", "xlsx"))
    protocols = Counter(f.text(e, "125203") or "" for e in events)
    names = sorted(protocols, key=lambda name: (name.casefold(), name))
    assert list(book) == ["Summary", "All data", *sheet_titles(names)]
    for name, title in zip(names, sheet_titles(names), strict=True):
        assert len(book[title]) - 1 == protocols[name]  # header + one row per event
    all_data = dict(zip(*book["All data"], strict=True))
    assert all_data["Total DLP (mGy·cm)"] == pytest.approx(float(total_dlp))


@pytest.mark.parametrize(
    ("name", "modality", "column", "field"),
    [
        ("RF-RDSR-Philips_Allura.dcm", "RF", "Total DAP (Gy·m²)", "total_dap"),
        ("DX-RDSR-Canon_CXDI.dcm", "DX", "Total DAP (Gy·m²)", "total_dap"),
        ("MG-RDSR-Hologic_2D.dcm", "MG", "AGD left (mGy)", "total_agd_left"),
    ],
)
def test_projection_reports_export_their_doses(vendor_file, tmp_path, name, modality, column, field):
    ds, study = imported(vendor_file, name)
    (record,) = read_csv_dicts(export_file(tmp_path, modality, "csv"))
    stored = getattr(study, field)
    assert stored is not None
    assert Decimal(record[column]) == stored
    events = f.projection_events(ds)
    assert record[f"E{len(events)} Protocol"] is not None
    header, row = read_xlsx(export_file(tmp_path, modality, "xlsx"))["All data"]
    value = dict(zip(header, row, strict=True))[column]
    assert isinstance(value, float) and value == pytest.approx(float(stored))
