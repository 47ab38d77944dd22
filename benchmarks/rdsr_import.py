#!/usr/bin/env python
"""RDSR import speed over the vendor corpus: SQL statements, wall time, and pydicom's parse time.

    python benchmarks/rdsr_import.py [--corpus DIR] [--repeat N] [--markdown]

Uses OPENREM_DATABASE_URL when set, else a fresh SQLite database in a temporary folder. Each file is
imported into an empty study table (the coded-value table stays warm, as in a running system); the best
of N runs is reported. See benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))


def _setup() -> None:
    if "OPENREM_DATABASE_URL" not in os.environ:
        folder = tempfile.mkdtemp(prefix="openrem-bench-")
        os.environ["OPENREM_DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "openrem.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _best(function, repeat: int) -> tuple[float, object]:
    best, result = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        result = function()
        best = min(best, time.perf_counter() - start)
    return best, result


def _pydicom_times(path: Path, repeat: int) -> tuple[float, float]:
    """dcmread alone (sequences left unparsed), and dcmread plus reading every content item."""
    import pydicom

    from remapp.dicom.sr import parse_content

    read, _ = _best(lambda: pydicom.dcmread(path), repeat)
    full, _ = _best(lambda: parse_content(pydicom.dcmread(path)), repeat)
    return read, full


def _import_once(path: Path) -> tuple[float, int, object]:
    from django.db import connection

    from remapp.extractors.rdsr import rdsr
    from remapp.models import GeneralStudyModuleAttributes

    GeneralStudyModuleAttributes.objects.all().delete()
    count = [0]

    def counter(execute, sql, params, many, context):
        count[0] += 1
        return execute(sql, params, many, context)

    start = time.perf_counter()
    with connection.execute_wrapper(counter):
        result = rdsr(path)
    return time.perf_counter() - start, count[0], result


def measure(path: Path, repeat: int) -> dict:
    read, full = _pydicom_times(path, repeat)
    runs = [_import_once(path) for _ in range(repeat)]
    wall, statements, result = min(runs, key=lambda run: run[0])
    # pydicom's parse time of a file is dcmread plus reading its content items: dcmread alone leaves
    # defined-length sequences as raw bytes (README). The strict column compares with dcmread alone.
    target = 1.5 * full + 0.020
    return {"file": path.name, "status": result.status.value, "events": result.events, "statements": statements,
            "wall": wall, "dcmread": read, "full_parse": full, "target": target, "met": wall <= target,
            "strict": wall <= 1.5 * read + 0.020}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", default=str(REPO.parent / "shared" / "testdata" / "vendor"))
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("names", nargs="*", help="only these corpus files (default: every SR)")
    args = parser.parse_args(argv)
    _setup()
    import pydicom

    files = [p for p in sorted(Path(args.corpus).glob("*.dcm")) if (not args.names or p.name in args.names)
             and pydicom.dcmread(p, stop_before_pixels=True, specific_tags=["Modality"]).get("Modality") == "SR"]
    print("| file | result | events | SQL statements | import ms | dcmread ms | dcmread + all items ms |"
          " target ms | met | met vs dcmread alone |")
    print("|---|---|---:|---:|---:|---:|---:|---:|---|---|")
    totals = {"wall": 0.0, "dcmread": 0.0, "full_parse": 0.0}
    for path in files:
        row = measure(path, args.repeat)
        for key in totals:
            totals[key] += row[key]
        print(f"| {row['file']} | {row['status']} | {row['events']} | {row['statements']} | {row['wall'] * 1000:.1f} "
              f"| {row['dcmread'] * 1000:.1f} | {row['full_parse'] * 1000:.1f} | {row['target'] * 1000:.1f} "
              f"| {'yes' if row['met'] else 'no'} | {'yes' if row['strict'] else 'no'} |", flush=True)
    print(f"| **all {len(files)} files** | | | | {totals['wall'] * 1000:.0f} | {totals['dcmread'] * 1000:.0f} "
          f"| {totals['full_parse'] * 1000:.0f} | | | |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
