"""Realistic synthetic dose reports for the demo: built with the test builder, imported by the real importer.

Every demo study is an RDSR that goes through ``rdsr()``, so the demo shows exactly what an import of a
real report gives. Values are drawn from a seeded generator: the same seed gives the same demo.
"""

from __future__ import annotations

import random
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from pydicom.dataset import Dataset

from remapp.testing.dicom_builder import CtEvent, ProjectionEvent, ct_rdsr, projection_rdsr, save


@dataclass(frozen=True)
class Room:
    institution: str
    manufacturer: str
    model: str
    station: str


ROOMS = {
    "CT": [Room("Royal Infirmary", "SIEMENS", "SOMATOM Definition Flash", "CT01"),
           Room("Royal Infirmary", "GE MEDICAL SYSTEMS", "Revolution CT", "CT02"),
           Room("Community Hospital", "TOSHIBA", "Aquilion ONE", "CTCOMM")],
    "RF": [Room("Royal Infirmary", "Siemens", "AXIOM-Artis", "CATHLAB1"),
           Room("Royal Infirmary", "Philips", "Azurion", "IR1")],
    "DX": [Room("Royal Infirmary", "CARESTREAM", "DRX-Evolution", "XR1"),
           Room("Community Hospital", "Canon Inc.", "CXDI Control Software NE", "XRCOMM")],
    "MG": [Room("Breast Unit", "HOLOGIC, Inc.", "Selenia Dimensions", "MAMMO1")],
}

# (study description, [(protocol, CTDIvol mGy median, scan length mm)])
CT_EXAMS = [
    ("CT Head", [("Head routine", 50.0, 160)]),
    ("CT Chest", [("Topogram", 0.1, 500), ("Thorax routine", 8.0, 350)]),
    ("CT Chest Abdomen Pelvis", [("Topogram", 0.15, 700), ("CAP portal venous", 11.0, 650)]),
    ("CT Abdomen Pelvis", [("Topogram", 0.12, 550), ("Abdomen pre-contrast", 10.0, 450),
                           ("Abdomen arterial", 12.0, 450)]),
    ("CT Coronary angiogram", [("Calcium score", 3.0, 120), ("Cardiac CTA", 25.0, 140)]),
]
RF_EXAMS = [("Coronary angiogram", "Cardiac", 12), ("PCI", "Cardiac", 25), ("Barium swallow", "Swallow", 6),
            ("Hepatic embolisation", "Abdomen", 30)]
DX_EXAMS = [("Chest PA", [("Chest PA", 0.8)]), ("Knee", [("Knee AP", 0.2), ("Knee lateral", 0.2)]),
            ("Lumbar spine", [("L-spine AP", 1.5), ("L-spine lateral", 3.0)]),
            ("Pelvis", [("Pelvis AP", 1.8)])]
MG_EXAMS = [("Screening mammography", ["L", "L", "R", "R"]), ("Symptomatic mammography", ["L", "L"])]


def _draw(rng: random.Random, median: float, spread: float = 0.35) -> float:
    """A positive dose around ``median``: doses are roughly log-normal."""
    return median * rng.lognormvariate(0.0, spread)


def _fmt(value: float, digits: int = 4) -> str:
    return f"{value:.{digits}g}"


def _total(values: Iterable[str]) -> str:
    """The exact sum of decimal strings, as a report's accumulated value would be."""
    return str(sum((Decimal(v) for v in values), Decimal(0)))


def _header(rng: random.Random, modality: str, day: date, description: str, n: int) -> dict:
    room = rng.choice(ROOMS[modality])
    hour, minute = rng.randint(8, 18), rng.randint(0, 59)
    qa = rng.random() < 0.03
    age = rng.randint(45, 75) if modality == "MG" else rng.randint(18, 92)
    return {
        "study_date": day.strftime("%Y%m%d"), "study_time": f"{hour:02d}{minute:02d}00",
        "content_time": f"{min(hour + 1, 23):02d}{minute:02d}00",
        "accession": f"DEMO{modality}{n:05d}", "description": description,
        "patient_name": "QA^Phantom" if qa else "Demo^Patient", "patient_id": "QA1" if qa else f"P{n:06d}",
        "patient_age": f"{age:03d}Y", "manufacturer": room.manufacturer, "model": room.model,
        "station": room.station, "institution": room.institution,
    }


def _started(day: date, header: dict, minutes: int) -> str:
    hour, minute = int(header["study_time"][:2]), int(header["study_time"][2:4]) + minutes
    return f"{day:%Y%m%d}{hour + minute // 60:02d}{minute % 60:02d}00"


def ct_study(rng: random.Random, day: date, n: int) -> Dataset:
    description, series = rng.choice(CT_EXAMS)
    header = _header(rng, "CT", day, description, n)
    events = []
    for i, (protocol, ctdi, length) in enumerate(series):
        ctdivol = _draw(rng, ctdi)
        scan = length * rng.uniform(0.85, 1.15)
        events.append(CtEvent(protocol=protocol, ctdivol=_fmt(ctdivol), dlp=_fmt(ctdivol * scan / 10),
                              scanning_length=_fmt(scan), exposure_time=_fmt(rng.uniform(2, 12), 3),
                              sources=[("A", rng.choice(["100", "120", "120", "140"]),
                                        str(rng.randint(80, 450)))],
                              started=_started(day, header, 2 + 3 * i)))
    return ct_rdsr(events, total_dlp=_total(e.dlp for e in events), **header)


def rf_study(rng: random.Random, day: date, n: int) -> Dataset:
    description, protocol, runs = rng.choice(RF_EXAMS)
    header = _header(rng, "RF", day, description, n)
    events = []
    for i in range(max(2, int(_draw(rng, runs, 0.4)))):
        fluoro = rng.random() < 0.7
        dap = _draw(rng, 2.5e-5 if fluoro else 6e-5, 0.8)
        events.append(ProjectionEvent(
            dap=_fmt(dap), dose_rp=_fmt(dap * rng.uniform(30, 60)), fluoro=fluoro,
            protocol=f"{protocol} {'fluoro' if fluoro else 'acquisition'}",
            kvp=[str(rng.randint(65, 95))], tube_current=[_fmt(rng.uniform(5, 400), 3)],
            pulse_width=[_fmt(rng.uniform(3, 8), 2)], duration=_fmt(rng.uniform(2, 60), 3) if fluoro else None,
            started=_started(day, header, i)))
    totals = {"single": {"dap": _total(e.dap for e in events), "dose_rp": _total(e.dose_rp for e in events),
                         "fluoro_time": _total(e.duration for e in events if e.duration)}}
    return projection_rdsr(events, kind="RF", totals=totals, **header)


def dx_study(rng: random.Random, day: date, n: int) -> Dataset:
    description, views = rng.choice(DX_EXAMS)
    header = _header(rng, "DX", day, description, n)
    events = [ProjectionEvent(dap=_fmt(_draw(rng, dap_cgycm2 * 1e-4)), dose_rp=None, fluoro=False,
                              protocol=protocol, kvp=[str(rng.randint(60, 125))],
                              tube_current=[_fmt(rng.uniform(100, 500), 3)], pulse_width=[],
                              started=_started(day, header, i))
              for i, (protocol, dap_cgycm2) in enumerate(views)]
    totals = {"single": {"dap": _total(e.dap for e in events)}}
    return projection_rdsr(events, kind="DX", totals=totals, **header)


def mg_study(rng: random.Random, day: date, n: int) -> Dataset:
    description, breasts = rng.choice(MG_EXAMS)
    header = _header(rng, "MG", day, description, n)
    events = []
    for i, side in enumerate(breasts):
        dose = _draw(rng, 1.4, 0.3)
        view = "CC" if i % 2 == 0 else "MLO"
        events.append(ProjectionEvent(dap=None, dose_rp=None, fluoro=False, agd=_fmt(dose), breast=side,
                                      protocol=f"{'Left' if side == 'L' else 'Right'} {view}",
                                      kvp=[str(rng.randint(26, 34))], tube_current=[_fmt(rng.uniform(80, 180), 3)],
                                      pulse_width=[], started=_started(day, header, i)))
    totals = {"single": {f"agd_{side}": _total(e.agd for e in events if e.breast == side)
                         for side in sorted({e.breast for e in events})}}
    return projection_rdsr(events, kind="MG", totals=totals, **header)


BUILDERS = {"CT": ct_study, "RF": rf_study, "DX": dx_study, "MG": mg_study}
# A busy department's mix: radiography most, then CT, mammography and fluoroscopy.
MIX = [("DX", 0.4), ("CT", 0.3), ("MG", 0.2), ("RF", 0.1)]


def demo_reports(count: int, *, seed: int = 2026, today: date | None = None) -> Iterator[Dataset]:
    """``count`` dose reports over the last year, modalities in a realistic mix."""
    rng = random.Random(seed)  # noqa: S311 - demo values, not secrets
    today = today or date.today()
    for n in range(count):
        modality = rng.choices([m for m, _ in MIX], weights=[w for _, w in MIX])[0]
        day = today - timedelta(days=rng.randint(0, 365))
        yield BUILDERS[modality](rng, day, n)


def import_demo(count: int, *, seed: int = 2026) -> dict[str, int]:
    """Build and import ``count`` reports; returns how many studies of each result."""
    from remapp.extractors.rdsr import rdsr

    tally: dict[str, int] = {}
    with tempfile.TemporaryDirectory(prefix="openrem-demo-") as folder:
        for i, report in enumerate(demo_reports(count, seed=seed)):
            result = rdsr(save(report, Path(folder) / f"demo-{i:05d}.dcm"))
            tally[result.status.value] = tally.get(result.status.value, 0) + 1
            if result.status.value == "refused":
                raise RuntimeError(f"demo report {i} was refused: {result.reason}")
    return tally
