"""CSV exports, under the names the original used: each view queues a background CSV export of the
studies its list page's filter shows (see ``views.start_export_view``; the file writer is ``write_csv``)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse

from ..models import ExportFormat, Modality
from .views import start_export_view


def exportCT2excel(request: HttpRequest) -> HttpResponse:  # noqa: N802 - the original's name
    return start_export_view(request, Modality.CT, ExportFormat.CSV)


def exportFL2excel(request: HttpRequest) -> HttpResponse:  # noqa: N802
    return start_export_view(request, Modality.RF, ExportFormat.CSV)


def exportMG2excel(request: HttpRequest) -> HttpResponse:  # noqa: N802
    return start_export_view(request, Modality.MG, ExportFormat.CSV)


def exportDX2excel(request: HttpRequest) -> HttpResponse:  # noqa: N802
    return start_export_view(request, Modality.DX, ExportFormat.CSV)
