"""Plain in-memory records of an image header's dose data, in the model's canonical units.

The study-level modules (study, patient, equipment) come from ``remapp.extractors.header``, shared with the
RDSR importer; these records hold what is particular to image headers: the exposures.

Field names are the model's field names (remapp/models), so mapping a record onto rows is a loop, not a
second list of names. Units are the model's: DAP Gy·m², AGD and entrance dose mGy, exposure µAs,
exposure time ms (projection) or s (CT), distances and thicknesses mm, height m, weight kg.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from remapp.dicom.sr import Coded


@dataclass
class SourceObject:
    """The DICOM object read: the key for 'already imported'."""

    sop_instance_uid: str
    sop_class_uid: str = ""
    series_instance_uid: str = ""


@dataclass
class XrayFilter:
    xray_filter_material: Coded | None
    xray_filter_thickness_minimum: Decimal | None = None
    xray_filter_thickness_maximum: Decimal | None = None


@dataclass
class ProjectionEvent:
    """One exposure of a mammography or radiography image (TID 10003 and its sub-templates)."""

    # Exposure identity (docs/image-imports.md): equal keys are one exposure, whichever image sent them.
    irradiation_event_uid: str
    date_time_started: datetime | None = None
    acquisition_protocol: str = ""
    comment: str = ""
    laterality: Coded | None = None
    image_view: Coded | None = None
    anatomical_structure: Coded | None = None
    dose_area_product: Decimal | None = None
    entrance_exposure_at_rp: Decimal | None = None
    average_glandular_dose: Decimal | None = None
    half_value_layer: Decimal | None = None
    # source data (TID 10003b)
    kvp: Decimal | None = None
    xray_tube_current: Decimal | None = None
    exposure: Decimal | None = None
    exposure_time: Decimal | None = None
    focal_spot_size: Decimal | None = None
    anode_target_material: Coded | None = None
    exposure_control_mode: str = ""
    filters: list[XrayFilter] = field(default_factory=list)
    grids: list[Coded] = field(default_factory=list)
    grid_focal_distance: Decimal | None = None
    # mechanical data (TID 10003c) and distances (CID 10008)
    compression_thickness: Decimal | None = None
    compression_force: Decimal | None = None
    magnification_factor: Decimal | None = None
    positioner_primary_angle: Decimal | None = None
    positioner_secondary_angle: Decimal | None = None
    distance_source_to_detector: Decimal | None = None
    distance_source_to_isocenter: Decimal | None = None
    distance_source_to_entrance_surface: Decimal | None = None
    # detector data (TID 10003a)
    exposure_index: Decimal | None = None
    target_exposure_index: Decimal | None = None
    deviation_index: Decimal | None = None
    relative_xray_exposure: Decimal | None = None
    sensitivity: Decimal | None = None


@dataclass
class ProjectionImage:
    """A mammography or radiography image header: one object, one exposure."""

    source: SourceObject
    event: ProjectionEvent


@dataclass
class CtEvent:
    """One acquisition of a Philips dose-info image's Exposure Dose Sequence (TID 10013 subset)."""

    acquisition_protocol: str = ""
    series_description: str = ""
    ct_acquisition_type: Coded | None = None
    date_time_started: datetime | None = None
    exposure_time: Decimal | None = None
    nominal_single_collimation_width: Decimal | None = None
    nominal_total_collimation_width: Decimal | None = None
    pitch_factor: Decimal | None = None
    mean_ctdivol: Decimal | None = None
    dlp: Decimal | None = None
    scanning_length: Decimal | None = None
    kvp: Decimal | None = None
    xray_tube_current: Decimal | None = None


@dataclass
class CtDoseImage:
    """A Philips CT dose-info secondary capture: a whole CT study's dose."""

    source: SourceObject
    events: list[CtEvent]
    ct_dose_length_product_total: Decimal | None = None
    start_of_xray_irradiation: datetime | None = None
