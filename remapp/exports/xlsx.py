"""Multi-sheet XLSX exports, named as in the original (``ctxlsx``) and one per other modality: each view
queues a background XLSX export (see ``views.start_export_view``; the file writer is ``write_xlsx``)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse

from ..models import ExportFormat, Modality
from .views import start_export_view


def ctxlsx(request: HttpRequest) -> HttpResponse:
    return start_export_view(request, Modality.CT, ExportFormat.XLSX)


def flxlsx(request: HttpRequest) -> HttpResponse:
    return start_export_view(request, Modality.RF, ExportFormat.XLSX)


def mgxlsx(request: HttpRequest) -> HttpResponse:
    return start_export_view(request, Modality.MG, ExportFormat.XLSX)


def dxxlsx(request: HttpRequest) -> HttpResponse:
    return start_export_view(request, Modality.DX, ExportFormat.XLSX)
