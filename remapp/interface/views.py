"""Views of the web interface: authorisation first, reads through selectors, writes through services."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_http_methods

from .. import roles
from ..models import GeneralStudyModuleAttributes
from . import columns, details, selectors, services
from .access import require_perm
from .modalities import BY_CODE, MODALITIES, ModalitySpec

PAGE_SIZES = (25, 50, 100, 200)
# Parameters of a list URL that are not filters: kept out of the FilterSet and of the export links.
NOT_FILTERS = ("page", "per_page")


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Studies per modality and per piece of equipment; a user in no group is told why there is nothing."""
    if not request.user.has_perm(roles.PERM_VIEW):
        return render(request, "remapp/no_role.html")
    counts = selectors.modality_counts()
    modalities = [(spec, f"{counts.get(spec.code, 0):,}") for spec in MODALITIES.values()]
    equipment = [
        dict(
            row,
            spec=BY_CODE[row["modality_type"]],
            query=_equipment_query(row),
            studies_text=f"{row['studies']:,}",
        )
        for row in selectors.equipment_summary()
        if row["modality_type"] in BY_CODE
    ]
    return render(request, "remapp/home.html", {"modalities": modalities, "equipment": equipment})


def _equipment_query(row: dict) -> str:
    """The list filter that selects one piece of equipment (the filters are 'contains', so close enough)."""
    names = {
        "institution": "institution_name",
        "manufacturer": "manufacturer",
        "model_name": "manufacturer_model_name",
        "station_name": "station_name",
    }
    return urlencode({param: row[key] for param, key in names.items() if row[key]})


def _filter_params(request: HttpRequest) -> QueryDict:
    params = request.GET.copy()
    for name in NOT_FILTERS:
        params.pop(name, None)
    return params


def _per_page(request: HttpRequest) -> int:
    try:
        value = int(request.GET.get("per_page", PAGE_SIZES[0]))
    except ValueError:
        return PAGE_SIZES[0]
    return value if value in PAGE_SIZES else PAGE_SIZES[0]


@require_perm(roles.PERM_VIEW)
def study_list(request: HttpRequest, modality: ModalitySpec) -> HttpResponse:
    """One modality's studies, filtered by the URL's query string, one page at a time."""
    params = _filter_params(request)
    selection = selectors.studies_for(modality.code, params)
    page = Paginator(selection.queryset, _per_page(request)).get_page(request.GET.get("page"))
    fields = columns.list_columns(modality.code)
    if not selection.is_valid:
        messages.error(request, "Some filters could not be used; correct the highlighted fields.")
    return render(
        request,
        "remapp/study_list.html",
        {
            "modality": modality,
            "filter": selection.filterset,
            "page": page,
            "total": f"{page.paginator.count:,}",
            "headings": columns.headings(fields, params),
            "rows": columns.rows(fields, page.object_list),
            "filter_query": params.urlencode(),
            "filter_invalid": not selection.is_valid,
            "per_page": _per_page(request),
            "page_sizes": PAGE_SIZES,
        },
    )


@require_perm(roles.PERM_VIEW)
def study_detail(request: HttpRequest, modality: ModalitySpec, pk: int) -> HttpResponse:
    study = selectors.study_with_events(modality.code, pk)
    if study is None:
        raise Http404("No such study")
    context = {"modality": modality, "study": study, **details.detail_sections(study)}
    return render(request, "remapp/study_detail.html", context)


def _list_url(modality: ModalitySpec, query: str) -> str:
    """The list page, with a filter query string re-encoded so only parameters, never a host, get through."""
    url = reverse("remapp:study_list", kwargs={"modality": modality})
    query = QueryDict(query).urlencode()
    return f"{url}?{query}" if query else url


@require_perm(roles.PERM_DELETE)
@require_http_methods(["GET", "POST"])
def study_delete(request: HttpRequest, modality: ModalitySpec, pk: int) -> HttpResponse:
    """GET: the confirmation page. POST (with CSRF, checked by the middleware): delete, back to the list."""
    study = get_object_or_404(
        GeneralStudyModuleAttributes.objects.select_related(*selectors.STUDY_JOINS),
        pk=pk,
        modality_type=modality.code,
    )
    back = request.POST.get("next_query", request.GET.get("next_query", ""))
    if request.method == "POST":
        described = services.study_delete(study=study, user=request.user,
                                          remote_addr=request.META.get("REMOTE_ADDR"))
        messages.success(request, f"Deleted {described}.")
        return redirect(_list_url(modality, back))
    return render(
        request,
        "remapp/study_delete.html",
        {"modality": modality, "study": study, "next_query": back, "cancel_url": _list_url(modality, back)},
    )
