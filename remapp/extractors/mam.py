"""Mammography image headers: ``mam(filename)``, the seed's entry point (docs/image-imports.md)."""

from __future__ import annotations

import os

from remapp.importing import ImportResult
from remapp.models import Modality, SourceKind

from .headers.mg import is_mammography, read_mg
from .image_import import ImageKind, import_image
from .image_rows import projection_dose

MAMMOGRAPHY = ImageKind(
    modality=Modality.MG, source_kind=SourceKind.MG_IMAGE, accepts=is_mammography,
    refusal="not a mammography image (modality {modality}, SOP class {sop_class})",
    dose=lambda ds, zone: projection_dose(read_mg(ds, zone), mammography=True),
)


def mam(filename: str | os.PathLike) -> ImportResult:
    """Import one mammography image header: one exposure of its study (each exposure once)."""
    return import_image(filename, MAMMOGRAPHY)
