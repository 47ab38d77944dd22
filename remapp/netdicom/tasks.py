"""Background tasks of the DICOM network (Django tasks API; run by ``manage.py db_worker``)."""

from __future__ import annotations

import datetime as dt
import logging

from django.db import OperationalError, transaction
from django.utils import timezone
from django_tasks import task

from . import spool

logger = logging.getLogger(__name__)

RETRY_AFTER = dt.timedelta(seconds=2)


@task()
def import_received(name: str) -> str:
    """Import one object the Store SCP spooled (or a quarantined one an admin released).

    A busy or restarting database (SQLite's 'database is locked' under concurrent writers) is not the
    object's fault: the task queues itself again a little later, the object waiting in the spool.
    """
    from .importer import import_spooled

    try:
        return import_spooled(name).value
    except OperationalError as error:
        if not import_received.get_backend().supports_defer:
            raise
        logger.warning("import of %s postponed: %s", name, error)
        import_received.using(run_after=timezone.now() + RETRY_AFTER).enqueue(name)
        return "postponed"


@task()
def run_query(run_id: int) -> str:
    """Query a remote node and retrieve the dose objects it holds (see :mod:`remapp.netdicom.qr`)."""
    from .qr import execute_run

    return execute_run(run_id).state


def enqueue_import(name: str) -> bool:
    """Queue the import of a spooled object. A failure to queue loses nothing: the file stays in the spool
    and is queued again when the SCP or the worker next starts."""
    try:
        import_received.enqueue(name)
    except Exception:  # noqa: BLE001 - the database may be down; the spool is the source of truth
        logger.exception("could not queue the import of %s; it stays in the spool", name)
        return False
    return True


def enqueue_imports(names: list[str]) -> bool:
    """Queue several imports in one transaction: one write lock for a burst of objects (SQLite's writers
    queue up behind each other). All or nothing; False leaves every file waiting in the spool."""
    try:
        with transaction.atomic():
            for name in names:
                import_received.enqueue(name)
    except Exception:  # noqa: BLE001 - as enqueue_import
        logger.exception("could not queue %d imports; they stay in the spool", len(names))
        return False
    return True


def requeue_spool() -> int:
    """Queue every object waiting in the spool (at start-up: nothing received earlier is left behind).

    An object queued twice is imported once: the second task finds it gone from the spool.
    """
    names = spool.spooled()
    queued = sum(enqueue_import(name) for name in names)
    if names:
        logger.info("queued %d of %d objects left in the spool", queued, len(names))
    return queued
