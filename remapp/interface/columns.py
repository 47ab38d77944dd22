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


def _num(label: str, unit: str, get: Callable[[Any], Any]) -> Field:
    return Field(label, get, unit, numeric=True)


LIST_HEAD = (
    Field("Date and time", lambda s: s.study_datetime),
    Field("Institution", lambda s: s.generalequipmentmoduleattributes.institution_name),
    Field("Equipment", _equipment),
    Field("Accession number", lambda s: s.accession_number),
    Field("Study description", lambda s: s.study_description or "(no description)", link=True),
    Field("Requested procedure", lambda s: s.requested_procedure_code_meaning),
    _num("Events", "", lambda s: s.number_of_events),
    _num("Age", "years", lambda s: s.patientstudymoduleattributes.patient_age_decimal),
)

LIST_DOSES: dict[str, tuple[Field, ...]] = {
    Modality.CT: (
        _num("Total DLP", "mGy·cm", lambda s: s.total_dlp),
        _num("Max CTDIvol", "mGy", lambda s: s.max_ctdivol),
    ),
    Modality.RF: (
        _num("Total DAP", "cGy·cm²", lambda s: cgycm2(s.total_dap)),
        _num("Total RP dose", "Gy", lambda s: s.total_rp_dose),
        _num("Fluoroscopy time", "s", lambda s: s.total_fluoro_time),
    ),
    Modality.MG: (
        _num("AGD left", "mGy", lambda s: s.total_agd_left),
        _num("AGD right", "mGy", lambda s: s.total_agd_right),
    ),
    Modality.DX: (_num("Total DAP", "cGy·cm²", lambda s: cgycm2(s.total_dap)),),
}


def list_columns(modality_code: str) -> tuple[Field, ...]:
    return LIST_HEAD + LIST_DOSES[modality_code]
