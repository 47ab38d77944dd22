"""``manage.py openrem_worker``: the database task worker, after queueing whatever waits in the spool.

Exactly ``db_worker`` (same options) plus one step at start: a worker killed in the middle of an import
leaves that task marked running and the object in the spool; queueing the spool again picks it up.
"""

from __future__ import annotations

from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand

from remapp.netdicom.tasks import requeue_spool


class Command(DbWorkerCommand):
    help = "Run queued tasks (db_worker), first queueing any received DICOM objects still in the spool."

    def handle(self, *args, **options):
        requeue_spool()
        return super().handle(*args, **options)
