"""``manage.py openrem_export --modality ct --format xlsx [filters] -o FILE``: exports for cron and scripts.

Runs in this process (no worker needed) through the same code as the web's background exports.
"""

from __future__ import annotations

import getpass
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from remapp.audit import record
from remapp.exports.columns import SPECS
from remapp.exports.core import export_studies
from remapp.exports.selection import FilterError, describe_filter, filter_names, studies_for_export
from remapp.models import AuditAction


class Command(BaseCommand):
    help = "Export the studies of one modality that match the filters to a CSV or XLSX file."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--modality", required=True, type=str.upper, choices=sorted(SPECS))
        parser.add_argument("--format", dest="export_format", required=True, type=str.lower,
                            choices=["csv", "xlsx"])
        parser.add_argument("-o", "--output", required=True, type=Path, help="File to write")
        # The list pages' filters, under the names their URLs use (--date-from for date_from ...).
        for name, label in filter_names().items():
            parser.add_argument(f"--{name.replace('_', '-')}", dest=name, metavar="VALUE", help=label)

    def handle(self, *args, modality: str, export_format: str, output: Path, **options) -> None:
        self.verbosity = options["verbosity"]
        params = {name: options[name] for name in filter_names() if options.get(name)}
        try:
            queryset = studies_for_export(modality, params)
            written = export_studies(
                modality=modality, export_format=export_format, queryset=queryset, out=output,
                filter_description=describe_filter(modality, params), progress=self._progress,
            )
        except FilterError as exc:
            raise CommandError(str(exc)) from exc
        # Command-line exports are audited too: the operating-system user stands in for the web user.
        record(AuditAction.EXPORT, username=f"{getpass.getuser()} (command line)",
               summary=f"{modality.upper()} {export_format.upper()} to {output}: {written} studies",
               modality=modality, format=export_format, filter=params, output=str(output))
        self.stdout.write(f"{written} {modality} studies written to {output}")

    def _progress(self, done: int, total: int) -> None:
        if self.verbosity > 1:
            sys.stderr.write(f"\r{done}/{total} studies")
