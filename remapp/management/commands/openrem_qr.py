"""``manage.py openrem_qr``: find studies on a remote node and retrieve their dose objects."""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from remapp.models import DicomRemoteNode, QueryRun
from remapp.netdicom.qr import execute_run, start_run


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError as error:
        raise CommandError(f"not a date (YYYY-MM-DD): {text}") from error


class Command(BaseCommand):
    help = (
        "Query a configured remote node (C-FIND study, series, image) for studies in a date range and "
        "modality set, and retrieve (C-MOVE to our Store SCP) only their dose objects, skipping what is "
        "already imported. The Store SCP and a worker must be running to import what arrives."
    )

    def add_arguments(self, parser):
        parser.add_argument("--node", required=True, help="name of the remote node (web interface: DICOM nodes)")
        parser.add_argument("--date-from", type=_date, help="first study date, YYYY-MM-DD")
        parser.add_argument("--date-to", type=_date, help="last study date, YYYY-MM-DD")
        parser.add_argument("--modality", action="append", choices=["CT", "RF", "XA", "DX", "CR", "MG", "SR"],
                            help="modality in study; repeat for several (default CT)")
        parser.add_argument("--background", action="store_true", help="queue the run for the worker and return")
        parser.add_argument("--dry-run", action="store_true", help="query only: say what would be retrieved")

    def handle(self, *args, **options):
        try:
            node = DicomRemoteNode.objects.get(name=options["node"])
        except DicomRemoteNode.DoesNotExist as error:
            names = ", ".join(DicomRemoteNode.objects.values_list("name", flat=True)) or "none configured"
            raise CommandError(f"no remote node {options['node']!r} (known: {names})") from error
        values = {"node": node, "date_from": options["date_from"], "date_to": options["date_to"],
                  "modalities": options["modality"] or ["CT"]}
        if options["background"]:
            run = start_run(**values, user="command line")
            self.stdout.write(f"query/retrieve run {run.pk} queued")
            return
        run = QueryRun.objects.create(**{**values, "modalities": ",".join(values["modalities"])},
                                      requested_by="command line")
        run = execute_run(run.pk, dry_run=options["dry_run"], report=self._progress)
        self.stdout.write(f"{run.state}: {run.message}")
        if run.state == QueryRun.State.FAILED:
            raise CommandError(run.message)

    def _progress(self, run, study_uid, retrieval) -> None:
        if retrieval.empty:
            what = "nothing to retrieve"
        else:
            what = f"{len(retrieval.series)} series and {len(retrieval.instances)} single objects"
        self.stdout.write(f"study {run.studies_done}/{run.studies_found} {study_uid}: {what}")

