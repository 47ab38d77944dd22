"""Radiography (CR and DX) image headers: ``dx(filename)`` (docs/image-imports.md)."""

from __future__ import annotations

import os

from remapp.importing import ImportResult
from remapp.models import Modality, SourceKind

from .headers.dx import is_radiography, read_dx
from .image_import import ImageKind, import_image
from .image_rows import projection_dose

RADIOGRAPHY = ImageKind(
    modality=Modality.DX, source_kind=SourceKind.DX_IMAGE, accepts=is_radiography,
    refusal="not a radiography (CR/DX) image (modality {modality}, SOP class {sop_class})",
    dose=lambda ds, zone: projection_dose(read_dx(ds, zone), mammography=False),
)


def dx(filename: str | os.PathLike) -> ImportResult:
    """Import one CR or DX image header: one exposure of its study (each exposure once)."""
    return import_image(filename, RADIOGRAPHY)
