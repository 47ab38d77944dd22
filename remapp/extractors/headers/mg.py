"""Mammography image headers (Digital Mammography X-Ray Image, and MG secondary captures such as
Hologic's tomosynthesis projections): one exposure per image."""

from __future__ import annotations

from decimal import Decimal

from pydicom.dataset import Dataset

from ..header import text
from .attrs import Zone, number
from .projection import DGY_TO_MGY, read_projection_event, read_source
from .records import ProjectionImage


def average_glandular_dose_mgy(ds: Dataset) -> Decimal | None:
    """Organ Dose (0040,0316) is in dGy; on a mammogram the organ is the breast, so it is the AGD."""
    organ = text(ds, "OrganExposed").upper()
    dose = number(ds, "OrganDose")
    if dose is None or organ not in ("", "BREAST"):
        return None
    return dose * DGY_TO_MGY


def is_mammography(ds: Dataset) -> bool:
    return text(ds, "Modality").upper() == "MG"


def read_mg(ds: Dataset, zone: Zone = None) -> ProjectionImage:
    event = read_projection_event(ds, zone)
    event.average_glandular_dose = average_glandular_dose_mgy(ds)
    return ProjectionImage(source=read_source(ds), event=event)
