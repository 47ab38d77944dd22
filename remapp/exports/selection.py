"""Which studies an export holds: the list page's filter, rebuilt from its query-string parameters.

The worker runs long after the request, so an export stores the parameters, not a QuerySet. The list
pages' FilterSets (``remapp.interface.mod_filters``, issue 5) are the single source of truth for what the
parameters mean; until that branch is merged, ``_basic_filter`` understands the same parameter names for
the common filters, so links built by the list pages keep their meaning.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from django.db.models import QuerySet

from ..models import GeneralStudyModuleAttributes

EQUIPMENT = "generalequipmentmoduleattributes__"

# URL parameter -> model path, case-insensitive "contains" (the names the list pages use).
CONTAINS = {
    "study_description": "study_description",
    "requested_procedure": "requested_procedure_code_meaning",
    "procedure": "procedure_code_meaning",
    "accession_number": "accession_number",
    "institution": EQUIPMENT + "institution_name",
    "manufacturer": EQUIPMENT + "manufacturer",
    "model_name": EQUIPMENT + "manufacturer_model_name",
    "station_name": EQUIPMENT + "station_name",
}
DATES = {"date_from": "study_date__gte", "date_to": "study_date__lte"}
IGNORED = {"page", "per_page", "o"}  # paging and ordering do not change which studies are exported


class FilterError(ValueError):
    """A filter parameter cannot be understood (e.g. a date that is not yyyy-mm-dd)."""


def clean_params(params: Mapping[str, str]) -> dict[str, str]:
    """The parameters that select studies, without blanks, paging or ordering."""
    return {key: str(value).strip() for key, value in params.items()
            if key not in IGNORED and str(value).strip()}


def studies_for_export(modality: str, params: Mapping[str, str]) -> QuerySet:
    """The modality's studies that the filter ``params`` selects, oldest first."""
    queryset = GeneralStudyModuleAttributes.objects.filter(modality_type=modality.upper())
    return _basic_filter(queryset, clean_params(params)).order_by("study_datetime", "pk")


def _basic_filter(queryset: QuerySet, params: dict[str, str]) -> QuerySet:
    lookups: dict[str, object] = {}
    for key, value in params.items():
        if key in CONTAINS:
            lookups[f"{CONTAINS[key]}__icontains"] = value
        elif key in DATES:
            lookups[DATES[key]] = _date(key, value)
        elif key == "test_patient":
            lookups["test_patient"] = value == "only"
        elif key == "acquisition_protocol":
            # Any event's protocol (CT lists filter on it).
            lookups["ctradiationdose__ctirradiationeventdata__acquisition_protocol__icontains"] = value
        else:
            raise FilterError(f"unknown filter {key!r}")
    queryset = queryset.filter(**lookups)
    return queryset.distinct() if "acquisition_protocol" in params else queryset


def _date(key: str, value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise FilterError(f"{key} must be a date written yyyy-mm-dd, not {value!r}") from None


def describe_filter(params: Mapping[str, str]) -> str:
    """The filter in words, for the export's summary sheet and the Exports page."""
    cleaned = clean_params(params)
    return "; ".join(f"{key.replace('_', ' ')}: {value}" for key, value in sorted(cleaned.items()))
