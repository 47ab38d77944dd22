"""Export jobs as services: start one (queue it), run one (in the worker), find and delete them."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from pathlib import Path

from django.conf import settings
from django.db.models import QuerySet
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
    Export.objects.filter(pk=export.pk).update(task_id=str(result.id))
    export.refresh_from_db()
    return export


def run_export(export_id: int) -> int:
    """Write the export's file under MEDIA_ROOT; on failure record why, then re-raise for the queue."""
    export = Export.objects.get(pk=export_id)
    Export.objects.filter(pk=export_id).update(status=ExportStatus.RUNNING, started_at=timezone.now())
    final = _file_path(export)
    partial = final.with_name(final.name + ".part")  # never downloadable half-written
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


def _progress(export_id: int, done: int, total: int) -> None:
    Export.objects.filter(pk=export_id).update(rows_done=done, rows_total=total)


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
