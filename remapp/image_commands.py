"""The image-header and patient-size commands: ``openrem_mg.py``, ``openrem_dx.py``,
``openrem_ctphilips.py``, ``openrem_ptsizecsv.py`` (and their ``manage.py`` equivalents).

Output and exit status follow the RDSR command: one line per file (imported, already imported, merged,
refused and why), a summary, exit status 0 only if no file was refused. Kept apart from ``remapp/cli.py``
(the RDSR branch's batch runner) until the two are merged; then the file loop here should become theirs.
"""

from __future__ import annotations

import argparse
import glob
import os
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import TextIO

IMPORTERS = {
    # prog: (module, function, what it imports)
    "openrem_mg.py": ("remapp.extractors.mam", "mam",
                      "mammography image headers (GE Senographe, Hologic Selenia, Siemens, ...)"),
    "openrem_dx.py": ("remapp.extractors.dx", "dx", "radiography (CR and DX) image headers"),
    "openrem_ctphilips.py": ("remapp.extractors.ct_philips", "ct_philips",
                             "Philips CT dose-info images (secondary captures listing each acquisition)"),
}


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "openrem.settings")
    import django

    django.setup()


def expand(arguments: Iterable[str]) -> Iterator[str]:
    """Files named, matched by a glob (for shells that do not expand them), or found in a folder, sorted."""
    for argument in arguments:
        path = Path(argument)
        if path.is_dir():
            yield from sorted(str(p) for p in path.rglob("*") if p.is_file())
        elif not path.exists() and glob.has_magic(argument):
            yield from sorted(glob.glob(argument, recursive=True)) or [argument]
        else:
            yield argument


def say(out: TextIO, line: str) -> None:
    """One line, flushed (a long batch shows progress); works for sys.stdout and Django's OutputWrapper."""
    out.write(line + "\n")
    out.flush()


def import_parser(prog: str, what: str) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=prog,
        description=f"Import {what} into OpenREM. Each file is one transaction; a file already imported "
                    "stores nothing new; images of one study collect into one study, each exposure once. "
                    "See docs/image-imports.md.",
        epilog="Prints one line per file and a summary. Exit status 0 when no file was refused, 1 otherwise.",
    )
    parser.add_argument("files", nargs="+", metavar="FILE", help="DICOM files, folders or glob patterns")
    return parser


def run_imports(importer: Callable, files: Iterable[str], out: TextIO) -> int:
    """Import each file; print its line and a summary. Returns the exit status."""
    counts: Counter[str] = Counter()
    for name in expand(files):
        result = importer(name)
        counts[result.status.value] += 1
        say(out, result.line())
    say(out, f"{sum(counts.values())} files: " + ", ".join(f"{n} {s}" for s, n in sorted(counts.items())))
    return 1 if counts["refused"] else 0


def image_main(prog: str, argv: Sequence[str] | None = None, out: TextIO | None = None) -> int:
    module, function, what = IMPORTERS[prog]
    args = import_parser(prog, what).parse_args(argv)
    setup_django()
    from importlib import import_module

    return run_imports(getattr(import_module(module), function), args.files, out or sys.stdout)


def mg_main(argv: Sequence[str] | None = None) -> int:
    return image_main("openrem_mg.py", argv)


def dx_main(argv: Sequence[str] | None = None) -> int:
    return image_main("openrem_dx.py", argv)


def ctphilips_main(argv: Sequence[str] | None = None) -> int:
    return image_main("openrem_ctphilips.py", argv)


def ptsize_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="openrem_ptsizecsv.py",
        description="Add patient height and weight from a CSV file (for example a RIS export) to studies "
                    "already in OpenREM. Rows match studies by accession number, or with -s by study "
                    "instance UID. Height must be in centimetres (stored in metres), weight in kilograms. "
                    "A value is stored only where the study has none, so importing a file twice changes "
                    "nothing. Comma or semicolon separated, quoted or not, with or without a byte order "
                    "mark; blank cells are skipped. See docs/ptsize-csv.md.",
        epilog="Example: openrem_ptsizecsv.py -s MyRISExport.csv StudyInstanceUID HEIGHT weight. Rows that "
               "match no study and rejected values are always listed. Exit status 0 when the file could "
               "be read, 1 when it could not (no such file or column).",
    )
    parser.add_argument("-s", "--si-uid", action="store_true",
                        help="match on study instance UID instead of accession number")
    parser.add_argument("-v", "--verbose", action="store_true", help="also say what was stored for each row")
    parser.add_argument("csvfile", help="the CSV file")
    parser.add_argument("id", help="title of the accession number column (study instance UID column with -s); "
                                   "quote it if it has spaces")
    parser.add_argument("height", help="title of the height column, in cm")
    parser.add_argument("weight", help="title of the weight column, in kg")
    return parser


def ptsizecsv_main(argv: Sequence[str] | None = None, out: TextIO | None = None) -> int:
    args = ptsize_parser().parse_args(argv)
    setup_django()
    return run_ptsize(args, out or sys.stdout)


def run_ptsize(args: argparse.Namespace, out: TextIO) -> int:
    from remapp.extractors.ptsizecsv2db import CsvError, csv2db

    try:
        report = csv2db(args.csvfile, args.id, args.height, args.weight, si_uid=args.si_uid)
    except CsvError as error:
        say(out, f"{args.csvfile}: refused: {error}")
        return 1
    for line in (report.details if args.verbose else []) + report.problems + report.unmatched:
        say(out, line)
    say(out, f"{args.csvfile}: {report.summary()}")
    return 0


def import_command(prog: str) -> type:
    """The ``manage.py`` command class for one image importer (``remapp/management/commands``)."""
    from django.core.management.base import BaseCommand, CommandError

    module, function, what = IMPORTERS[prog]

    class Command(BaseCommand):
        help = f"Import {what}; one line per file, then a summary (same as {prog})."

        def add_arguments(self, parser):
            parser.add_argument("files", nargs="+", metavar="FILE", help="DICOM files, folders or glob patterns")

        def handle(self, *args, **options):
            from importlib import import_module

            if run_imports(getattr(import_module(module), function), options["files"], self.stdout):
                raise CommandError("some files were refused")

    return Command
