"""Which SOP classes the Store SCP accepts, and which importer reads each (the same as the command line)."""

from __future__ import annotations

from pynetdicom import sop_class as sc

DOSE_SR = (
    sc.XRayRadiationDoseSRStorage,
    sc.EnhancedSRStorage,
    sc.ComprehensiveSRStorage,
)
MAMMOGRAPHY = (
    sc.DigitalMammographyXRayImageStorageForPresentation,
    sc.DigitalMammographyXRayImageStorageForProcessing,
)
RADIOGRAPHY = (
    sc.ComputedRadiographyImageStorage,
    sc.DigitalXRayImageStorageForPresentation,
    sc.DigitalXRayImageStorageForProcessing,
)
SECONDARY_CAPTURE = sc.SecondaryCaptureImageStorage

# SOP class -> "module:function" of the importer; secondary captures are decided by their Modality.
IMPORTERS: dict[str, str] = {
    **dict.fromkeys(DOSE_SR, "remapp.extractors.rdsr:rdsr"),
    **dict.fromkeys(MAMMOGRAPHY, "remapp.extractors.mam:mam"),
    **dict.fromkeys(RADIOGRAPHY, "remapp.extractors.dx:dx"),
}
SECONDARY_CAPTURE_IMPORTERS: dict[str, str] = {
    "MG": "remapp.extractors.mam:mam",  # Hologic's proprietary-projection secondary capture
    "CT": "remapp.extractors.ct_philips:ct_philips",  # Philips dose-info secondary capture
}

ACCEPTED: tuple[str, ...] = (*DOSE_SR, *MAMMOGRAPHY, *RADIOGRAPHY, SECONDARY_CAPTURE)
