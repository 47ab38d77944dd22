"""Radiography image headers (CR, DX and DX For Processing images): one exposure per image."""

from __future__ import annotations

from pydicom.dataset import Dataset

from ..header import text
from .attrs import Zone
from .projection import read_projection_event, read_source
from .records import ProjectionImage

RADIOGRAPHY_MODALITIES = ("CR", "DX", "PX")


def is_radiography(ds: Dataset) -> bool:
    return text(ds, "Modality").upper() in RADIOGRAPHY_MODALITIES


def read_dx(ds: Dataset, zone: Zone = None) -> ProjectionImage:
    return ProjectionImage(source=read_source(ds), event=read_projection_event(ds, zone))
