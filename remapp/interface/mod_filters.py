"""django-filter FilterSets of the four study lists; the export issue reuses them unchanged.

Which filter a parameter gets is data (``CONTAINS_FILTERS``, ``ORDERING``), the shared behaviour lives
in one base class, and each modality adds only what is its own (CT: the protocol of any event).
An invalid form (a bad date, letters in an age) filters to nothing, and the form's errors say why:
showing every study while the user believes a filter applies would be worse.
"""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.db.models.expressions import OrderBy

from ..models import CtIrradiationEventData, GeneralStudyModuleAttributes, Modality

EQUIPMENT = "generalequipmentmoduleattributes__"
PATIENT_STUDY = "patientstudymoduleattributes__"

# URL parameter: (model path, label). All are case-insensitive "contains".
CONTAINS_FILTERS: dict[str, tuple[str, str]] = {
    "study_description": ("study_description", "Study description"),
    "requested_procedure": ("requested_procedure_code_meaning", "Requested procedure"),
    "procedure": ("procedure_code_meaning", "Procedure"),
    "accession_number": ("accession_number", "Accession number"),
    "institution": (EQUIPMENT + "institution_name", "Institution"),
    "manufacturer": (EQUIPMENT + "manufacturer", "Manufacturer"),
    "model_name": (EQUIPMENT + "manufacturer_model_name", "Model name"),
    "station_name": (EQUIPMENT + "station_name", "Station name"),
}

# Ordering choices: (model path, URL value, label). "-value" is the descending choice.
COMMON_ORDERING = (
    ("study_datetime", "date", "Study date and time"),
    ("study_description", "description", "Study description"),
    (EQUIPMENT + "institution_name", "institution", "Institution"),
    (EQUIPMENT + "manufacturer_model_name", "model", "Model name"),
    (PATIENT_STUDY + "patient_age_decimal", "age", "Patient age"),
    ("number_of_events", "events", "Number of events"),
)
ORDERING: dict[str, tuple[tuple[str, str, str], ...]] = {
    Modality.CT: (("total_dlp", "dlp", "Total DLP"), ("max_ctdivol", "ctdivol", "Maximum CTDIvol")),
    Modality.RF: (
        ("total_dap", "dap", "Total DAP"),
        ("total_rp_dose", "rp_dose", "Total RP dose"),
        ("total_fluoro_time", "fluoro_time", "Fluoroscopy time"),
    ),
    Modality.MG: (("total_agd_left", "agd_left", "AGD left"), ("total_agd_right", "agd_right", "AGD right")),
    Modality.DX: (("total_dap", "dap", "Total DAP"),),
}

TEST_PATIENT_CHOICES = (("exclude", "Exclude test patients"), ("only", "Only test patients"))


class DateInput(forms.DateInput):
    """The browser's own date picker; it submits yyyy-mm-dd whatever the locale shows."""

    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")


class StudyFilterForm(forms.Form):
    """Checks what spans two fields (a range that ends before it starts); Bootstrap classes on widgets."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for bound in self:
            select = isinstance(bound.field.widget, forms.Select)
            css = "form-select form-select-sm" if select else "form-control form-control-sm"
            if bound.errors:
                css += " is-invalid"
                bound.field.widget.attrs["aria-describedby"] = f"{bound.auto_id}_error"
            bound.field.widget.attrs["class"] = css

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        for low, high, what in (("date_from", "date_to", "date"), ("age_from", "age_to", "age")):
            if data.get(low) is not None and data.get(high) is not None and data[low] > data[high]:
                raise forms.ValidationError(f"The {what} range ends before it starts.")
        return data


def _contains(path: str, label: str) -> django_filters.CharFilter:
    return django_filters.CharFilter(field_name=path, lookup_expr="icontains", label=label)


class NullsLastOrderingFilter(django_filters.OrderingFilter):
    """Values not sent (NULL) sort last in either direction; SQLite and PostgreSQL disagree otherwise."""

    def get_ordering_value(self, param: str) -> OrderBy:
        descending = param.startswith("-")
        field = F(self.param_map.get(param.lstrip("-"), param.lstrip("-")))
        return field.desc(nulls_last=True) if descending else field.asc(nulls_last=True)


def _ordering(modality: str) -> django_filters.OrderingFilter:
    choices = COMMON_ORDERING + ORDERING[modality]
    return NullsLastOrderingFilter(
        fields=tuple((path, param) for path, param, _ in choices),
        field_labels={path: label for path, _, label in choices},
        label="Order by",
        empty_label="Newest first",
    )


# The "contains" filters first, so they lead the form; built from the table above.
_ContainsFilters = django_filters.filterset.FilterSetMetaclass(
    "_ContainsFilters",
    (django_filters.FilterSet,),
    {"__module__": __name__, **{name: _contains(*spec) for name, spec in CONTAINS_FILTERS.items()}},
)


class StudySummaryListFilter(_ContainsFilters):  # type: ignore[misc, valid-type]
    """What every study list filters on. Subclasses set ``modality`` and add their own filters."""

    modality: str = ""

    performing_physician = django_filters.CharFilter(
        method="filter_staff", label="Performing physician / operator"
    )
    date_from = django_filters.DateFilter(
        field_name="study_date", lookup_expr="gte", label="Date from", widget=DateInput()
    )
    date_to = django_filters.DateFilter(
        field_name="study_date", lookup_expr="lte", label="Date to", widget=DateInput()
    )
    age_from = django_filters.NumberFilter(
        field_name=PATIENT_STUDY + "patient_age_decimal",
        lookup_expr="gte",
        label="Age from [years]",
        min_value=0,
    )
    age_to = django_filters.NumberFilter(
        field_name=PATIENT_STUDY + "patient_age_decimal",
        lookup_expr="lte",
        label="Age to [years]",
        min_value=0,
    )
    test_patient = django_filters.ChoiceFilter(
        method="filter_test_patient",
        choices=TEST_PATIENT_CHOICES,
        label="Test patients",
        empty_label="Include test patients",
    )

    class Meta:
        model = GeneralStudyModuleAttributes
        fields: list[str] = []
        form = StudyFilterForm

    def __init__(self, data: Any = None, queryset: QuerySet | None = None, **kwargs: Any) -> None:
        # Without a queryset, the modality's own studies: callers (views, exports) cannot forget it.
        if queryset is None:
            queryset = GeneralStudyModuleAttributes.objects.filter(modality_type=self.modality)
        super().__init__(data, queryset=queryset, **kwargs)

    @property
    def qs(self) -> QuerySet:
        if self.is_bound and not self.form.is_valid():
            return self.queryset.none()
        return super().qs

    def filter_staff(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(
            Q(performing_physician_name__icontains=value) | Q(operator_name__icontains=value)
        )

    def filter_test_patient(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(test_patient=(value == "only"))


class CTSummaryListFilter(StudySummaryListFilter):
    modality = Modality.CT

    acquisition_protocol = django_filters.CharFilter(method="filter_protocol", label="Acquisition protocol")
    order = _ordering(Modality.CT)

    def filter_protocol(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        # EXISTS, not a join: a study with three matching events must stay one row, and a join + DISTINCT
        # would make PostgreSQL sort the whole result before it can paginate.
        events = CtIrradiationEventData.objects.filter(
            ct_radiation_dose__general_study_module_attributes=OuterRef("pk"),
            acquisition_protocol__icontains=value,
        )
        return queryset.filter(Exists(events))


class RFSummaryListFilter(StudySummaryListFilter):
    modality = Modality.RF
    order = _ordering(Modality.RF)


class MGSummaryListFilter(StudySummaryListFilter):
    modality = Modality.MG
    order = _ordering(Modality.MG)


class DXSummaryListFilter(StudySummaryListFilter):
    modality = Modality.DX
    order = _ordering(Modality.DX)


FILTERSETS: dict[str, type[StudySummaryListFilter]] = {
    Modality.CT: CTSummaryListFilter,
    Modality.RF: RFSummaryListFilter,
    Modality.MG: MGSummaryListFilter,
    Modality.DX: DXSummaryListFilter,
}
