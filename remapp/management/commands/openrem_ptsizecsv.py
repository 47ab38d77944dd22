"""``manage.py openrem_ptsizecsv [-s] [-v 2] CSVFILE ID HEIGHT WEIGHT``: same as ``openrem_ptsizecsv.py``
(Django's own ``-v/--verbosity`` takes the place of ``--verbose``: ``-v 2`` lists what each row stored)."""

import argparse

from django.core.management.base import BaseCommand, CommandError

from remapp.image_cli import ptsize_parser, run_ptsize


class Command(BaseCommand):
    help = ptsize_parser().description

    def add_arguments(self, parser):
        parser.add_argument("-s", "--si-uid", action="store_true",
                            help="match on study instance UID instead of accession number")
        parser.add_argument("csvfile")
        parser.add_argument("id", help="title of the accession number (or, with -s, study instance UID) column")
        parser.add_argument("height", help="title of the height column, in cm")
        parser.add_argument("weight", help="title of the weight column, in kg")

    def handle(self, *args, **options):
        namespace = argparse.Namespace(csvfile=options["csvfile"], id=options["id"], height=options["height"],
                                       weight=options["weight"], si_uid=options["si_uid"],
                                       verbose=options["verbosity"] > 1)
        if run_ptsize(namespace, self.stdout):
            raise CommandError("the file could not be imported")
