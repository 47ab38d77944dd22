"""``manage.py openrem_prune_exports [--days N] [--dry-run]``: export retention, on demand or from cron.

The same clean-up also runs whenever an export is started; this command is for sites that want it on a
schedule, want a different age once, or want to see what would go.
"""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from remapp.exports.jobs import fail_stalled_exports, prune_exports


class Command(BaseCommand):
    help = (
        "Fail exports whose worker died, delete finished and failed exports older than --days (default "
        "OPENREM_EXPORT_KEEP_DAYS) with their files, and delete left-over files under exports/."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--days", type=int, default=None,
                            help=f"keep exports this many days (default {settings.EXPORT_KEEP_DAYS}; 0 keeps them)")
        parser.add_argument("--dry-run", action="store_true", help="only say what would be deleted")

    def handle(self, *args, days: int | None, dry_run: bool, **options) -> None:
        if days is not None and days < 0:
            raise CommandError("--days must be 0 or more")
        stalled = 0 if dry_run else fail_stalled_exports()
        report = prune_exports(days, dry_run=dry_run)
        if stalled:
            self.stdout.write(f"Failed {stalled} export{'' if stalled == 1 else 's'} whose worker stopped.")
        self.stdout.write(f"{'Would delete' if dry_run else 'Deleted'} {report}.")
