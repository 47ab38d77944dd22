"""Philips CT dose-info secondary capture (Image Type DERIVED\\SECONDARY\\DOSE_INFO).

The image's Exposure Dose Sequence (0040,030E) has one item per acquisition, with CTDIvol and technique
in standard attributes and the DLP in a private ELSCINT1 attribute; the study's total DLP sits in the same
private attribute at the top level.
"""

from __future__ import annotations

from decimal import Decimal

from pydicom.dataset import Dataset

from ..header import text
from . import coded
from .attrs import Zone, first_number, moment, number, private, raw, to_decimal
from .projection import MICRO_TO_MILLI, read_source
from .records import CtDoseImage, CtEvent

PHILIPS_CREATOR = "ELSCINT1"
PHILIPS_DLP = (0x00E1, 0x21)  # (00E1,xx21) DLP [mGy·cm]

TUBE_CURRENT_MA = (("XRayTubeCurrentInuA", MICRO_TO_MILLI), ("XRayTubeCurrentInmA", Decimal(1)),
                   ("XRayTubeCurrent", Decimal(1)))
# Exposure Time (0018,1150) is in ms; TID 10013 wants s.
EXPOSURE_TIME_S = (("ExposureTimeInuS", Decimal("0.000001")), ("ExposureTimeInms", Decimal("0.001")),
                   ("ExposureTime", Decimal("0.001")))


def is_philips_dose_info(ds: Dataset) -> bool:
    """A Philips CT image whose Image Type says DOSE_INFO and which carries an Exposure Dose Sequence."""
    return ("DOSE_INFO" in text(ds, "ImageType").upper().split("\\")
            and "PHILIPS" in text(ds, "Manufacturer").upper()
            and bool(raw(ds, "ExposureDoseSequence")))


def philips_dlp(ds: Dataset) -> Decimal | None:
    return to_decimal(private(ds, PHILIPS_DLP[0], PHILIPS_CREATOR, PHILIPS_DLP[1]))


def read_event(item: Dataset, zone: Zone = None) -> CtEvent:
    description = text(item, "SeriesDescription")
    return CtEvent(
        acquisition_protocol=description,
        series_description=description,
        ct_acquisition_type=coded.lookup(coded.CT_ACQUISITION_TYPES, text(item, "AcquisitionType")),
        date_time_started=moment(item, zone, "AcquisitionDateTime", "AcquisitionDate", "AcquisitionTime"),
        exposure_time=first_number(item, EXPOSURE_TIME_S),
        nominal_single_collimation_width=number(item, "SingleCollimationWidth"),
        nominal_total_collimation_width=number(item, "TotalCollimationWidth"),
        pitch_factor=number(item, "SpiralPitchFactor"),
        mean_ctdivol=number(item, "CTDIvol"),
        dlp=philips_dlp(item),
        # Scan Length (0018,1302) is in mm, the unit of TID 10014 Scanning Length.
        scanning_length=number(item, "ScanLength"),
        kvp=number(item, "KVP"),
        xray_tube_current=first_number(item, TUBE_CURRENT_MA),
    )


def total_dlp(ds: Dataset, events: list[CtEvent]) -> Decimal | None:
    """The image's own total; else the sum of the events' DLPs (None if no event has one)."""
    stated = philips_dlp(ds)
    if stated is not None:
        return stated
    dlps = [event.dlp for event in events if event.dlp is not None]
    return sum(dlps, Decimal(0)) if dlps else None


def read_ct_philips(ds: Dataset, zone: Zone = None) -> CtDoseImage:
    events = [read_event(item, zone) for item in raw(ds, "ExposureDoseSequence") or []]
    return CtDoseImage(
        source=read_source(ds),
        events=events,
        ct_dose_length_product_total=total_dlp(ds, events),
        start_of_xray_irradiation=moment(ds, zone, "AcquisitionDateTime", "AcquisitionDate", "AcquisitionTime"),
    )
