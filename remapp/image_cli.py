"""Command-line pieces of the image-header and patient-size imports: the patient-size command
(``openrem_ptsizecsv.py``, ``manage.py openrem_ptsizecsv``) and the ``manage.py`` image import commands.
The console entry points and the batch runner are in ``remapp/cli.py``."""

from __future__ import annotations

import argparse
from typing import TextIO


def say(out: TextIO, line: str) -> None:
    """One line, flushed; works for sys.stdout and Django's OutputWrapper alike."""
    out.write(line + "\n")
    out.flush()


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

    from remapp.cli import IMAGE_IMPORTERS, image_description, run_batch

    importer_path = IMAGE_IMPORTERS[prog][0]

    class Command(BaseCommand):
        help = image_description(prog)

        def add_arguments(self, parser):
            parser.add_argument("files", nargs="+", metavar="FILE", help="DICOM files, folders or glob patterns")

        def handle(self, *args, **options):
            module, _, function = importer_path.rpartition(".")
            importer = getattr(__import__(module, fromlist=[function]), function)
            # The raw stream: OutputWrapper would add a newline to each of print()'s writes.
            if run_batch(importer, options["files"], out=self.stdout._out):
                raise CommandError("some files were refused")

    return Command
