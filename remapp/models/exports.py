"""Export jobs: one row per CSV or XLSX export a user asked for, run by the task queue."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import models


class ExportFormat(models.TextChoices):
    CSV = "csv", "CSV"
    XLSX = "xlsx", "XLSX"


class ExportStatus(models.TextChoices):
    PENDING = "pending", "Waiting for a worker"
    RUNNING = "running", "Running"
    DONE = "done", "Done"
    FAILED = "failed", "Failed"


class Export(models.Model):
    """An export job: what was asked for, how far it has got, and the file it made.

    The filter is stored as the query string parameters of the list page, so the worker rebuilds the
    same QuerySet the user saw; ``filter_description`` is the human-readable version for the file.
    """

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="exports")
    modality = models.CharField(max_length=8)
    export_format = models.CharField(max_length=8, choices=ExportFormat.choices)
    filter_params = models.JSONField(default=dict, blank=True)
    filter_description = models.TextField(blank=True, default="")
    status = models.CharField(max_length=16, choices=ExportStatus.choices, default=ExportStatus.PENDING)
    task_id = models.CharField(max_length=64, blank=True, default="")
    rows_total = models.PositiveIntegerField(null=True, blank=True, help_text="Studies to export")
    rows_done = models.PositiveIntegerField(default=0, help_text="Studies written so far")
    file = models.FileField(upload_to="exports/", max_length=255, blank=True)
    size = models.PositiveBigIntegerField(null=True, blank=True, help_text="File size [bytes]")
    error = models.TextField(blank=True, default="", help_text="Why the export failed")
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(
        null=True, blank=True, help_text="When the worker running it last reported progress"
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            # The Exports page: WHERE owner_id = ? ORDER BY created_at DESC
            models.Index(fields=["owner", "-created_at"], name="export_owner_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.modality} {self.export_format} export {self.pk} ({self.status})"

    @property
    def waiting_too_long(self) -> bool:
        """Queued for EXPORT_STALE_MINUTES and not started: most likely no worker is running."""
        from django.utils import timezone

        limit = timezone.now() - timedelta(minutes=settings.EXPORT_STALE_MINUTES)
        return self.status == ExportStatus.PENDING and self.created_at < limit

    @property
    def is_active(self) -> bool:
        return self.status in (ExportStatus.PENDING, ExportStatus.RUNNING)

    @property
    def percent_done(self) -> int:
        if not self.rows_total:
            return 100 if self.status == ExportStatus.DONE else 0
        return min(100, round(100 * self.rows_done / self.rows_total))
