"""Reads of the web interface (and of the exports): which studies, in which order, with which rows joined.

Views and exports call these and nothing else, so a list page and the export of that page can never
disagree about what "the current filter" means.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Max, Prefetch, QuerySet
from django.db.models.expressions import OrderBy

from ..models import (
    AccumulatedMammographyXrayDose,
    AccumulatedXrayDose,
    CtIrradiationEventData,
    CtRadiationDose,
    GeneralStudyModuleAttributes,
    IrradiationEventXrayData,
    IrradiationEventXraySourceData,
    Modality,
    XrayFilters,
)
from ..models.projection import ProjectionXrayRadiationDose
from .mod_filters import FILTERSETS, StudySummaryListFilter
from .modalities import modality as modality_spec

# The one-to-one rows every list row and every export row shows.
STUDY_JOINS = ("generalequipmentmoduleattributes", "patientstudymoduleattributes", "patientmoduleattributes")


@dataclass(frozen=True)
class StudySelection:
    """A filtered, ordered study queryset and the FilterSet that made it (its form shows the state)."""

    queryset: QuerySet
    filterset: StudySummaryListFilter

    @property
    def is_valid(self) -> bool:
        return not self.filterset.is_bound or self.filterset.form.is_valid()


def studies_for(modality: str, params: Any) -> StudySelection:
    """The studies of ``modality`` ("CT" or "ct" ...) that ``params`` (a QueryDict or dict) select.

    The order always ends with the primary key, in the direction of the first key, so that pages are
    stable and the default order walks the (modality_type, -study_datetime, -id) index.
    """
    spec = modality_spec(modality)
    filterset = FILTERSETS[spec.code](params or None)
    queryset = filterset.qs.select_related(*STUDY_JOINS)
    order = list(queryset.query.order_by) or ["-study_datetime"]
    first = order[0]
    descending = first.descending if isinstance(first, OrderBy) else str(first).startswith("-")
    tiebreak = "-pk" if descending else "pk"
    return StudySelection(queryset.order_by(*order, tiebreak), filterset)


def modality_counts() -> dict[str, int]:
    """Number of studies per modality code."""
    rows = GeneralStudyModuleAttributes.objects.values_list("modality_type").annotate(n=Count("pk"))
    return dict(rows.values_list("modality_type", "n"))


def equipment_summary() -> list[dict[str, Any]]:
    """One row per (modality, institution, manufacturer, model, station): study count and latest study."""
    prefix = "generalequipmentmoduleattributes__"
    keys = (
        "modality_type",
        prefix + "institution_name",
        prefix + "manufacturer",
        prefix + "manufacturer_model_name",
        prefix + "station_name",
    )
    rows = (
        GeneralStudyModuleAttributes.objects.values(*keys)
        .annotate(studies=Count("pk"), latest=Max("study_datetime"))
        .order_by(*keys)
    )
    return [{key.removeprefix(prefix): value for key, value in row.items()} for row in rows]


def _ct_tree() -> list[Prefetch | str]:
    events = (
        CtIrradiationEventData.objects.select_related(
            "ct_acquisition_type", "ctdiw_phantom_type", "scanninglength", "ctdosecheckdetails"
        )
        .prefetch_related("ctxraysourceparameters_set")
        .order_by("date_time_started", "pk")
    )
    doses = (
        CtRadiationDose.objects.select_related("ctaccumulateddosedata")
        .prefetch_related(Prefetch("ctirradiationeventdata_set", queryset=events))
        .order_by("pk")
    )
    return [Prefetch("ctradiationdose_set", queryset=doses)]


def _projection_tree() -> list[Prefetch | str]:
    filters = XrayFilters.objects.select_related("xray_filter_material", "xray_filter_type")
    sources = IrradiationEventXraySourceData.objects.select_related("anode_target_material").prefetch_related(
        "kvp_set",
        "xraytubecurrent_set",
        "pulsewidth_set",
        "exposure_set",
        Prefetch("xrayfilters_set", filters),
    )
    events = (
        IrradiationEventXrayData.objects.select_related(
            "acquisition_plane", "irradiation_event_type", "laterality", "image_view"
        )
        .prefetch_related(
            Prefetch("irradiationeventxraysourcedata_set", sources), "irradiationeventxraymechanicaldata_set"
        )
        .order_by("date_time_started", "pk")
    )
    breasts = AccumulatedMammographyXrayDose.objects.select_related("laterality").order_by("pk")
    planes = (
        AccumulatedXrayDose.objects.select_related(
            "acquisition_plane",
            "accumulatedprojectionxraydose",
            "accumulatedintegratedprojectionradiographydose",
        )
        .prefetch_related(Prefetch("accumulatedmammographyxraydose_set", breasts))
        .order_by("pk")
    )
    doses = ProjectionXrayRadiationDose.objects.prefetch_related(
        Prefetch("accumulatedxraydose_set", planes), Prefetch("irradiationeventxraydata_set", events)
    ).order_by("pk")
    return [Prefetch("projectionxrayradiationdose_set", queryset=doses)]


def study_with_events(modality: str, pk: int) -> GeneralStudyModuleAttributes | None:
    """One study of ``modality`` with its whole dose tree loaded in a fixed number of queries."""
    spec = modality_spec(modality)
    tree = _ct_tree() if spec.code == Modality.CT else _projection_tree()
    queryset = GeneralStudyModuleAttributes.objects.filter(modality_type=spec.code, pk=pk)
    return queryset.select_related(*STUDY_JOINS).prefetch_related(*tree).first()
