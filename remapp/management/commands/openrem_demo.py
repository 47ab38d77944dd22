"""``manage.py openrem_demo``: a living dashboard for a new install — demo studies and one user per role."""

from __future__ import annotations

import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand

from remapp import roles
from remapp.demo.studies import import_demo
from remapp.models import GeneralStudyModuleAttributes

DEMO_USERS = {"demo-viewer": roles.VIEW_GROUP, "demo-exporter": roles.EXPORT_GROUP,
              "demo-admin": roles.ADMIN_GROUP}


class Command(BaseCommand):
    help = ("Import synthetic demo studies (CT, fluoroscopy, radiography, mammography dose reports made by the "
            "test builder and imported by the real importer) and create the users demo-viewer, demo-exporter "
            "and demo-admin, printing their passwords once. Not for a production database.")

    def add_arguments(self, parser):
        parser.add_argument("--studies", type=int, default=300, help="how many demo studies (default 300)")
        parser.add_argument("--seed", type=int, default=2026, help="random seed: the same seed, the same demo")
        parser.add_argument("--if-empty", action="store_true", help="do nothing if there are studies already")
        parser.add_argument("--no-users", action="store_true", help="do not create the demo users")

    def handle(self, *args, studies: int, seed: int, if_empty: bool, no_users: bool, **options):
        if if_empty and GeneralStudyModuleAttributes.objects.exists():
            self.stdout.write("There are studies already; no demo data added.")
            return
        tally = import_demo(studies, seed=seed)
        self.stdout.write(f"Demo studies: {', '.join(f'{n} {status}' for status, n in sorted(tally.items()))}")
        if not no_users:
            self._users()

    def _users(self) -> None:
        user_model = get_user_model()
        for username, group in DEMO_USERS.items():
            if user_model.objects.filter(username=username).exists():
                self.stdout.write(f"User {username} exists already; its password is unchanged.")
                continue
            password = secrets.token_urlsafe(9)
            user = user_model.objects.create_user(username, password=password)
            user.groups.add(Group.objects.get(name=group))
            self.stdout.write(f"User {username:14} ({group:11}) password: {password}   (shown only this once)")
