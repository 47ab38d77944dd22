"""Which studies an export holds: the list page's filter, rebuilt from its query-string parameters.

The worker runs long after the request, so an export stores the parameters, not a QuerySet, and hands
them to the list pages' own selector (``remapp.interface.selectors.studies_for`` and its FilterSets): a
list page and its export can never disagree about what the filter means, nor about the order.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.db.models import QuerySet

from ..interface.mod_filters import FILTERSETS
from ..interface.modalities import modality as modality_spec
from ..interface.selectors import studies_for

NOT_FILTERS = {"page", "per_page"}  # paging does not change which studies are exported
ORDERING = "order"  # the FilterSets' ordering parameter: it orders the export, it does not filter it


class FilterError(ValueError):
    """A filter parameter cannot be understood (e.g. a date that is not yyyy-mm-dd)."""


def clean_params(params: Mapping[str, str]) -> dict[str, str]:
    """The parameters that select and order studies, without blanks or paging."""
    return {key: str(value).strip() for key, value in params.items()
            if key not in NOT_FILTERS and str(value).strip()}


def studies_for_export(modality: str, params: Mapping[str, str]) -> QuerySet:
    """The modality's studies that the list page shows for ``params``, in the list's order."""
    selection = studies_for(modality, clean_params(params))
    if not selection.is_valid:
        form = selection.filterset.form
        problems = [f"{_label(modality, name)}: {' '.join(errors)}" for name, errors in form.errors.items()]
        raise FilterError("; ".join(problems))
    return selection.queryset


def filter_names() -> dict[str, str]:
    """Every filter parameter of any modality with its label (for the command line)."""
    names: dict[str, str] = {}
    for filterset in FILTERSETS.values():
        for name, declared in filterset.base_filters.items():
            names.setdefault(name, str(declared.label or name))
    return names


def describe_filter(modality: str, params: Mapping[str, str]) -> str:
    """The filter in words, for the export's summary sheet and the Exports page."""
    cleaned = clean_params(params)
    return "; ".join(f"{_label(modality, key)}: {value}" for key, value in cleaned.items() if key != ORDERING)


def _label(modality: str, name: str) -> str:
    declared = FILTERSETS[modality_spec(modality).code].base_filters.get(name)
    return str(declared.label) if declared is not None and declared.label else name.replace("_", " ")
