"""Views of the web interface. Reads go through selectors, writes through services."""

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Max
from django.shortcuts import render

from .. import roles
from ..models import GeneralStudyModuleAttributes, Modality


@login_required
def home(request):
    """Studies per modality; a user in no group is told why there is nothing to see."""
    if not request.user.has_perm(roles.PERM_VIEW):
        return render(request, "remapp/no_role.html", status=200)
    counts = dict(
        GeneralStudyModuleAttributes.objects.values_list("modality_type")
        .annotate(n=Count("pk"))
        .values_list("modality_type", "n")
    )
    latest = dict(
        GeneralStudyModuleAttributes.objects.values_list("modality_type")
        .annotate(latest=Max("study_date"))
        .values_list("modality_type", "latest")
    )
    modalities = [
        {"code": m.value, "label": m.label, "count": counts.get(m.value, 0), "latest": latest.get(m.value)}
        for m in Modality
    ]
    return render(request, "remapp/home.html", {"modalities": modalities})
