"""The one export entry point shared by the web (through the task queue), the task and the command."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.db.models import QuerySet

from ..models import ExportFormat
from .columns import spec_for
from .plan import DEFAULT_CHUNK_SIZE, ExportPlan, Progress
from .write_csv import write_csv
from .write_xlsx import write_xlsx

CONTENT_TYPES = {
    ExportFormat.CSV: "text/csv; charset=utf-8",
    ExportFormat.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def export_studies(
    *,
    modality: str,
    export_format: str,
    queryset: QuerySet,
    out: Path,
    filter_description: str = "",
    progress: Progress | None = None,
    chunk_size: int | None = None,
) -> int:
    """Write ``queryset``'s studies of ``modality`` to the file ``out``; returns the number of studies."""
    plan = ExportPlan(
        spec=spec_for(modality),
        queryset=queryset,
        filter_description=filter_description,
        chunk_size=chunk_size or getattr(settings, "EXPORT_CHUNK_SIZE", DEFAULT_CHUNK_SIZE),
        progress=progress,
    )
    if export_format == ExportFormat.CSV:
        # UTF-8 with a byte order mark: without it Excel reads the file as the local code page and garbles
        # units such as "mGy·cm".
        with open(out, "w", encoding="utf-8-sig", newline="") as handle:
            return write_csv(plan, handle)
    if export_format == ExportFormat.XLSX:
        return write_xlsx(plan, out)
    raise ValueError(f"unknown export format {export_format!r}; choose csv or xlsx")
