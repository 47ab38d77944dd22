"""What a value looks like on a page: the Field spec, number and date formatting, the list columns.

A Field names a value, its unit and how to get it from a row, with any unit conversion for display
(DAP is stored in Gy·m² and shown in cGy·cm²). Getters return raw values; ``display`` turns them into
text. Templates only print the text, so Django's autoescape covers every DICOM string.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.http import QueryDict
from django.utils import timezone

from ..models import Modality

GYM2_TO_CGYCM2 = Decimal(1_000_000)  # 1 Gy·m² = 10⁴ cm² × 100 cGy


@dataclass(frozen=True)
class Field:
    label: str
    get: Callable[[Any], Any]
    unit: str = ""
    link: bool = False  # the list's link to the study detail
    numeric: bool = False
    order: str = ""  # the list's ordering choice for this column (mod_filters.ORDERING), if any

    @property
    def heading(self) -> str:
        return f"{self.label} [{self.unit}]" if self.unit else self.label

    def text(self, row: Any) -> str:
        try:
            value = self.get(row)
        except ObjectDoesNotExist:  # a one-to-one row (equipment, scan length ...) the report did not have
            value = None
        return display(value)


def number(value: Any) -> str:
    """About four significant figures, never in exponent form, which people misread."""
    value = float(value)
    if value == 0 or not math.isfinite(value):
        return "0" if value == 0 else str(value)
    if abs(value) >= 100:
        return f"{value:,.1f}".removesuffix(".0")
    places = max(0, 3 - math.floor(math.log10(abs(value))))
    text = f"{value:.{places}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def display(value: Any) -> str:
    if value is None or value == "":
        return "–"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, Decimal | float | int):
        return number(value)
    return str(value)


def cgycm2(value: Decimal | None) -> Decimal | None:
    return None if value is None else value * GYM2_TO_CGYCM2


def rows(fields: Iterable[Field], objects: Iterable[Any]) -> list[tuple[Any, list[tuple[Field, str]]]]:
    """(object, [(field, text), ...]) for each object: what a table template walks."""
    fields = list(fields)
    return [(obj, [(field, field.text(obj)) for field in fields]) for obj in objects]


def _equipment(study: Any) -> str:
    equipment = study.generalequipmentmoduleattributes
    names = [equipment.manufacturer, equipment.manufacturer_model_name]
    station = f"({equipment.station_name})" if equipment.station_name else ""
    return " ".join(part for part in [*names, station] if part)


def _num(label: str, unit: str, get: Callable[[Any], Any], order: str = "") -> Field:
    return Field(label, get, unit, numeric=True, order=order)


LIST_HEAD = (
    Field("Date and time", lambda s: s.study_datetime, order="date"),
    Field("Institution", lambda s: s.generalequipmentmoduleattributes.institution_name, order="institution"),
    Field("Equipment", _equipment),
    Field("Accession number", lambda s: s.accession_number),
    Field(
        "Study description",
        lambda s: s.study_description or "(no description)",
        link=True,
        order="description",
    ),
    Field("Requested procedure", lambda s: s.requested_procedure_code_meaning),
    _num("Events", "", lambda s: s.number_of_events, "events"),
    _num("Age", "years", lambda s: s.patientstudymoduleattributes.patient_age_decimal, "age"),
)

LIST_DOSES: dict[str, tuple[Field, ...]] = {
    Modality.CT: (
        _num("Total DLP", "mGy·cm", lambda s: s.total_dlp, "dlp"),
        _num("Max CTDIvol", "mGy", lambda s: s.max_ctdivol, "ctdivol"),
    ),
    Modality.RF: (
        _num("Total DAP", "cGy·cm²", lambda s: cgycm2(s.total_dap), "dap"),
        _num("Total RP dose", "Gy", lambda s: s.total_rp_dose, "rp_dose"),
        _num("Fluoroscopy time", "s", lambda s: s.total_fluoro_time, "fluoro_time"),
    ),
    Modality.MG: (
        _num("AGD left", "mGy", lambda s: s.total_agd_left, "agd_left"),
        _num("AGD right", "mGy", lambda s: s.total_agd_right, "agd_right"),
    ),
    Modality.DX: (_num("Total DAP", "cGy·cm²", lambda s: cgycm2(s.total_dap), "dap"),),
}


def list_columns(modality_code: str) -> tuple[Field, ...]:
    return LIST_HEAD + LIST_DOSES[modality_code]


@dataclass(frozen=True)
class Heading:
    """A list column's heading, with the link that sorts by it and its current direction for aria-sort."""

    field: Field
    sort_query: str = ""  # the query string that orders by this column (next direction), or ""
    aria_sort: str = ""  # "ascending" / "descending" when the list is ordered by this column


def headings(fields: Iterable[Field], params: QueryDict) -> list[Heading]:
    """Headings for ``fields`` given the list's filter ``params``: a click on a heading orders by it,
    a second click reverses; numbers and dates start with the largest / newest, text from A."""
    current = params.get("order") or "-date"  # the list's default order
    result = []
    for field in fields:
        if not field.order:
            result.append(Heading(field))
            continue
        first = f"-{field.order}" if field.numeric or field.order == "date" else field.order
        state = {field.order: "ascending", f"-{field.order}": "descending"}.get(current, "")
        following = {"ascending": f"-{field.order}", "descending": field.order}.get(state, first)
        query = params.copy()
        query["order"] = following
        result.append(Heading(field, query.urlencode(), state))
    return result
