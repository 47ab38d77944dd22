"""``python manage.py openrem_rdsr FILE...``: the same import as the openrem_rdsr.py command."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from remapp.cli import run_batch
from remapp.extractors.rdsr import rdsr


class Command(BaseCommand):
    help = "Import DICOM radiation dose structured reports (files, quoted glob patterns or directories)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("files", nargs="+", metavar="FILE")

    def handle(self, *args, files: list[str], **options) -> None:
        # The raw stream: OutputWrapper would add a newline to each of print()'s writes.
        if run_batch(rdsr, files, out=self.stdout._out):
            raise CommandError("some files were not imported (see above)")
