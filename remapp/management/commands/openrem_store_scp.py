"""``manage.py openrem_store_scp``: run the DICOM Store SCP until stopped (docs/dicom-network.md)."""

from __future__ import annotations

import signal

from django.core.management.base import BaseCommand, CommandError

from remapp.netdicom.scp import StoreScp, resolve_options


class Command(BaseCommand):
    help = (
        "Receive DICOM dose objects (RDSR, Enhanced/Comprehensive SR, MG, CR, DX, secondary capture) and "
        "import them through the task queue. Defaults: the web configuration, else OPENREM_SCP_AET, "
        "OPENREM_SCP_PORT, OPENREM_SCP_BIND."
    )

    def add_arguments(self, parser):
        parser.add_argument("--aet", help="our AE title (default OPENREM)")
        parser.add_argument("--port", type=int, help="TCP port to listen on (default 11112)")
        parser.add_argument("--bind", help="address to listen on (default 127.0.0.1; 0.0.0.0 for all)")

    def handle(self, *args, aet=None, port=None, bind=None, **options):
        scp = StoreScp(resolve_options(aet, port, bind))
        try:
            scp.start()
        except OSError as error:
            raise CommandError(f"cannot listen on {scp.options.bind}:{scp.options.port}: {error}") from error
        signal.signal(signal.SIGTERM, scp.request_stop)
        signal.signal(signal.SIGINT, scp.request_stop)
        self.stdout.write(f"Store SCP {scp.options.aet} listening on {scp.options.bind}:{scp.port}", ending="\n")
        self.stdout.flush()
        scp.run()
        self.stdout.write("Store SCP stopped")
