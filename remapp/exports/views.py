"""Export pages: start an export, the Exports page with progress, download and delete.

Every view needs PERM_EXPORT (exportgroup, admingroup); the server decides, whatever a template shows.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from .. import roles
from ..interface.access import require_perm
from ..models import ExportStatus
from .columns import spec_for
from .core import CONTENT_TYPES
from .jobs import delete_export, exports_for, fail_stalled_exports, get_export_for, sees_all_exports, start_export
from .selection import FilterError, describe_filter, studies_for_export


@require_perm(roles.PERM_EXPORT)
@require_http_methods(["GET", "POST"])
def start_export_view(request: HttpRequest, modality: str, export_format: str) -> HttpResponse:
    """GET: confirm what will be exported (a link must not start work); POST: queue the export.

    The filter comes in the query string, exactly as the list page that links here shows it.
    """
    spec = spec_for(modality)
    params = request.GET.dict()
    try:
        count = studies_for_export(spec.modality, params).count()
    except FilterError as exc:
        messages.error(request, str(exc))
        return redirect("remapp:exports")
    if request.method == "GET":
        context = {
            "spec": spec, "format": export_format, "count": count, "query": request.GET.urlencode(),
            "filter_description": describe_filter(spec.modality, params),
        }
        return render(request, "remapp/exports_start.html", context)
    start_export(user=request.user, modality=spec.modality, export_format=export_format,
                          params=params)
    studies = "1 study" if count == 1 else f"{count:,} studies"
    messages.success(request, f"{spec.label} {export_format.upper()} export of {studies} started.")
    return redirect("remapp:exports")


@require_perm(roles.PERM_EXPORT)
@require_GET
def exports_list(request: HttpRequest) -> HttpResponse:
    fail_stalled_exports()
    exports = list(exports_for(request.user)[:200])
    context = {
        "keep_days": settings.EXPORT_KEEP_DAYS,
        "exports": exports,
        "show_owner": sees_all_exports(request.user),
        # The page reloads itself while something is still running, so progress moves without scripts.
        "refresh": any(export.is_active for export in exports),
        "exports_page": True,
    }
    return render(request, "remapp/exports.html", context)


@require_perm(roles.PERM_EXPORT)
@require_GET
def export_download(request: HttpRequest, pk: int) -> FileResponse:
    export = get_export_for(request.user, pk)
    if export.status != ExportStatus.DONE or not export.file:
        raise Http404("This export has no file (yet)")
    try:
        handle = export.file.open("rb")
    except FileNotFoundError:
        raise Http404("The export's file is missing") from None
    return FileResponse(handle, as_attachment=True, filename=export.file.name.rsplit("/", 1)[-1],
                        content_type=CONTENT_TYPES.get(export.export_format))


@require_perm(roles.PERM_EXPORT)
@require_POST
def export_delete(request: HttpRequest, pk: int) -> HttpResponse:
    export = get_export_for(request.user, pk)
    delete_export(export)
    messages.success(request, "Export deleted.")
    return redirect("remapp:exports")
