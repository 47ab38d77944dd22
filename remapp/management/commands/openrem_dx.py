"""``manage.py openrem_dx FILE...``: the same import as the ``openrem_dx.py`` command."""

from django.core.management.base import BaseCommand, CommandError

from remapp.image_commands import IMPORTERS, run_imports

PROG = "openrem_dx.py"


class Command(BaseCommand):
    help = f"Import {IMPORTERS[PROG][2]}; one line per file, then a summary."

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", metavar="FILE", help="DICOM files, folders or glob patterns")

    def handle(self, *args, **options):
        from importlib import import_module

        module, function, _ = IMPORTERS[PROG]
        if run_imports(getattr(import_module(module), function), options["files"], self.stdout):
            raise CommandError("some files were refused")
