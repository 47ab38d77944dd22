"""Export jobs as services: start one (queue it), run one (in the worker), find and delete them."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from .. import roles
from ..audit import record
from ..models import AuditAction, Export, ExportFormat, ExportStatus
from .columns import spec_for
from .core import export_studies
from .selection import clean_params, describe_filter, studies_for_export

logger = logging.getLogger(__name__)

EXPORT_DIR = "exports"


def start_export(*, user, modality: str, export_format: str, params: Mapping[str, str]) -> Export:
    """Record the job and hand it to the task queue; the worker fills in progress and the file."""
    from .tasks import run_export_task  # the task module imports this one

    spec = spec_for(modality)
    if export_format not in ExportFormat.values:
        raise ValueError(f"unknown export format {export_format!r}")
    cleaned = clean_params(params)
    export = Export.objects.create(
        owner=user, modality=spec.modality, export_format=export_format,
        filter_params=cleaned, filter_description=describe_filter(spec.modality, cleaned),
    )
    record(AuditAction.EXPORT, user=user if getattr(user, "pk", None) else None,
           summary=f"{spec.modality} {export_format.upper()}: {export.filter_description}",
           export_id=export.pk, modality=spec.modality, format=export_format, filter=cleaned)
    result = run_export_task.enqueue(export.pk)
    _tidy_up()
    Export.objects.filter(pk=export.pk).update(task_id=str(result.id))
    export.refresh_from_db()
    return export


def _tidy_up() -> None:
    """Retention runs whenever an export is started: no cron job to forget. It must never stop one."""
    try:
        prune_exports()
    except Exception:  # noqa: BLE001 (logged; the new export goes ahead)
        logger.exception("export retention failed")


def run_export(export_id: int) -> int:
    """Write the export's file under MEDIA_ROOT; on failure record why, then re-raise for the queue."""
    export = Export.objects.get(pk=export_id)
    now = timezone.now()
    Export.objects.filter(pk=export_id).update(status=ExportStatus.RUNNING, started_at=now, heartbeat_at=now)
    final = _file_path(export)
    partial = _partial_path(final)
    try:
        written = export_studies(
            modality=export.modality,
            export_format=export.export_format,
            queryset=studies_for_export(export.modality, export.filter_params),
            out=partial,
            filter_description=export.filter_description,
            progress=lambda done, total: _progress(export_id, done, total),
        )
        partial.replace(final)
    except BaseException as exc:  # a stopped worker (Ctrl+C, SIGTERM twice) must not leave "Running"
        partial.unlink(missing_ok=True)
        _fail(export_id, exc)
        raise
    _finish(export_id, final, written)
    return written


def _file_path(export: Export) -> Path:
    folder = Path(settings.MEDIA_ROOT) / EXPORT_DIR
    folder.mkdir(parents=True, exist_ok=True)
    stamp = timezone.localtime(export.created_at).strftime("%Y%m%d-%H%M%S")
    return folder / f"{export.modality.lower()}-export-{stamp}-{export.pk}.{export.export_format}"


def _partial_path(final: Path) -> Path:
    return final.with_name(final.name + ".part")  # never downloadable half-written


def _progress(export_id: int, done: int, total: int) -> None:
    Export.objects.filter(pk=export_id).update(rows_done=done, rows_total=total, heartbeat_at=timezone.now())


def _fail(export_id: int, exc: BaseException) -> None:
    logger.exception("export %s failed", export_id)
    reason = f"{type(exc).__name__}: {exc}" if isinstance(exc, Exception) else "the worker was stopped"
    Export.objects.filter(pk=export_id).update(
        status=ExportStatus.FAILED, error=reason, finished_at=timezone.now()
    )


def _finish(export_id: int, path: Path, written: int) -> None:
    updated = Export.objects.filter(pk=export_id).update(
        status=ExportStatus.DONE,
        file=f"{EXPORT_DIR}/{path.name}",
        size=path.stat().st_size,
        rows_done=written,
        finished_at=timezone.now(),
    )
    if not updated:  # the user deleted the job while it ran: do not leave its file behind
        path.unlink(missing_ok=True)


def sees_all_exports(user) -> bool:
    """Administrators (admingroup, superusers) see everybody's exports; others only their own."""
    return user.is_superuser or user.has_perm(roles.PERM_DELETE)


def exports_for(user) -> QuerySet:
    exports = Export.objects.select_related("owner")
    return exports if sees_all_exports(user) else exports.filter(owner=user)


def get_export_for(user, pk: int) -> Export:
    """The export, if this user may see it; 404 otherwise, so others' exports are not even confirmed."""
    try:
        return exports_for(user).get(pk=pk)
    except Export.DoesNotExist:
        raise Http404("No such export") from None


def delete_export(export: Export) -> None:
    if export.file:
        export.file.delete(save=False)
    export.delete()


def fail_stalled_exports() -> int:
    """Fail the running exports whose worker has reported nothing for EXPORT_STALE_MINUTES: it was killed
    (SIGKILL, out of memory, the machine restarted) before it could say so. Returns how many."""
    minutes = settings.EXPORT_STALE_MINUTES
    cutoff = timezone.now() - timedelta(minutes=minutes)
    stalled = Export.objects.filter(
        Q(heartbeat_at__lt=cutoff) | Q(heartbeat_at__isnull=True, started_at__lt=cutoff),
        status=ExportStatus.RUNNING,
    )
    failed = 0
    for export in stalled:
        last = timezone.localtime(export.heartbeat_at or export.started_at)
        reason = (f"The worker stopped reporting progress at {last:%Y-%m-%d %H:%M} and did not come back within "
                  f"{minutes} minutes: it was probably stopped or ran out of memory. Start the export again.")
        # Only if it is still running and still silent: a worker that reports now keeps its export.
        if stalled.filter(pk=export.pk).update(status=ExportStatus.FAILED, error=reason,
                                               finished_at=timezone.now()):
            _partial_path(_file_path(export)).unlink(missing_ok=True)
            logger.warning("export %s failed: no progress since %s", export.pk, last)
            failed += 1
    return failed


@dataclass
class PruneReport:
    exports: int = 0  # export jobs deleted, with their files
    orphans: int = 0  # files under exports/ that no job owns (a killed worker's partial files)
    bytes: int = 0  # disk space freed

    def __str__(self) -> str:
        return (f"{self.exports} old export{'' if self.exports == 1 else 's'} and {self.orphans} "
                f"left-over file{'' if self.orphans == 1 else 's'}, {self.bytes:,} bytes")


ORPHAN_AGE = timedelta(days=1)  # a file being written is never this old


def prune_exports(keep_days: int | None = None, *, dry_run: bool = False) -> PruneReport:
    """Delete finished and failed exports older than ``keep_days`` (EXPORT_KEEP_DAYS; 0 keeps them), with
    their files, and files under exports/ that belong to no export and are a day old."""
    days = settings.EXPORT_KEEP_DAYS if keep_days is None else keep_days
    report = PruneReport()
    now = timezone.now()
    if days > 0:
        old = Export.objects.filter(
            created_at__lt=now - timedelta(days=days), status__in=[ExportStatus.DONE, ExportStatus.FAILED]
        )
        for export in old:
            report.exports += 1
            report.bytes += export.size or 0
            if not dry_run:
                delete_export(export)
    folder = Path(settings.MEDIA_ROOT) / EXPORT_DIR
    if folder.is_dir():
        owned = set(Export.objects.exclude(file="").values_list("file", flat=True))
        for path in folder.iterdir():
            info = path.stat()
            young = now.timestamp() - info.st_mtime < ORPHAN_AGE.total_seconds()
            if not path.is_file() or young or f"{EXPORT_DIR}/{path.name}" in owned:
                continue
            report.orphans += 1
            report.bytes += info.st_size
            if not dry_run:
                path.unlink(missing_ok=True)
    if (report.exports or report.orphans) and not dry_run:
        logger.info("export retention: deleted %s", report)
    return report
