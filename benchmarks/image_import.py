#!/usr/bin/env python
"""Image-header import speed over the vendor corpus: SQL statements, wall time, pydicom's parse time.

    python benchmarks/image_import.py [--corpus DIR] [--repeat N]

Same set-up as rdsr_import.py (whose helpers it uses): each MG, CR/DX and Philips CT image is imported into
an empty study table, best of N runs. The merge case (a second image of a study already stored) is
measured too, as the last rows. See benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from rdsr_import import REPO, _best, _setup

IMPORTERS = {"MG-Im-": "remapp.extractors.mam.mam", "DX-Im-": "remapp.extractors.dx.dx",
             "CT-SC-Philips": "remapp.extractors.ct_philips.ct_philips"}


def _importer(name: str):
    path = next(target for prefix, target in IMPORTERS.items() if name.startswith(prefix))
    module, _, function = path.rpartition(".")
    return getattr(__import__(module, fromlist=[function]), function)


def _import(importer, path: Path, *, before: Path | None = None) -> tuple[float, int, object]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from remapp.models import GeneralStudyModuleAttributes

    GeneralStudyModuleAttributes.objects.all().delete()
    if before is not None:
        importer(before)
    with CaptureQueriesContext(connection) as queries:
        start = time.perf_counter()
        result = importer(path)
        wall = time.perf_counter() - start
    return wall, len(queries), result


def _row(path: Path, repeat: int, before: Path | None = None) -> str:
    import pydicom

    importer = _importer(path.name)
    read, _ = _best(lambda: pydicom.dcmread(path, stop_before_pixels=True), repeat)
    wall, statements, result = min((_import(importer, path, before=before) for _ in range(repeat)),
                                   key=lambda run: run[0])
    label = f"{path.name} after {before.name}" if before else path.name
    return (f"| {label} | {result.status.value} | {statements} | {wall * 1000:.1f} | {read * 1000:.1f} "
            f"| {'yes' if wall <= 1.5 * read + 0.020 else 'no'} |")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", default=str(REPO.parent / "shared" / "testdata" / "vendor"))
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    _setup()
    corpus = Path(args.corpus)
    files = sorted(p for prefix in IMPORTERS for p in corpus.glob(f"{prefix}*.dcm"))
    print("| file | result | SQL statements | import ms | dcmread (headers) ms | ≤ 1.5 × dcmread + 20 ms |")
    print("|---|---|---:|---:|---:|---|")
    for path in files:
        print(_row(path, args.repeat), flush=True)
    for first, second in (("MG-Im-GE_Seno_1_ForProcessing.dcm", "MG-Im-GE_Seno_1_ForPresentation.dcm"),
                          ("DX-Im-GE_XR220-1.dcm", "DX-Im-GE_XR220-2.dcm")):
        print(_row(corpus / second, args.repeat, before=corpus / first), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
