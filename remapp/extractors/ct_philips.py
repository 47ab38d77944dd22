"""Philips CT dose-info images: ``ct_philips(filename)``, the seed's entry point (docs/image-imports.md)."""

from __future__ import annotations

import os

from remapp.importing import ImportResult
from remapp.models import Modality, SourceKind

from .headers.ct_philips import is_philips_dose_info, read_ct_philips
from .image_import import ImageKind, import_image
from .image_rows import ct_dose

PHILIPS_CT = ImageKind(
    modality=Modality.CT, source_kind=SourceKind.CT_PHILIPS, accepts=is_philips_dose_info,
    refusal="not a Philips CT dose-info image (modality {modality}, SOP class {sop_class})",
    dose=lambda ds, zone: ct_dose(read_ct_philips(ds, zone)),
)


def ct_philips(filename: str | os.PathLike) -> ImportResult:
    """Import one Philips CT dose-info secondary capture: the whole CT study's dose."""
    return import_image(filename, PHILIPS_CT)
