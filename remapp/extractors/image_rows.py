"""Image-header records (``headers/records.py``) as the writer's row trees (``remapp.importing.Row``).

Which record field lands in which table is written out per table, because some names occur on more than
one model (``average_glandular_dose`` is on the event and on its source data; an image's AGD is the
event's).
"""

from __future__ import annotations

from typing import Any

from pydicom.sr.codedict import codes

from remapp.importing.tree import Row
from remapp.models import (
    CtAccumulatedDoseData,
    CtIrradiationEventData,
    CtRadiationDose,
    CtXraySourceParameters,
    DoseRelatedDistanceMeasurements,
    Exposure,
    IrradiationEventXrayData,
    IrradiationEventXrayDetectorData,
    IrradiationEventXrayMechanicalData,
    IrradiationEventXraySourceData,
    Kvp,
    ProjectionXrayRadiationDose,
    ScanningLength,
    XrayFilters,
    XrayGrid,
    XrayTubeCurrent,
)

from .headers.coded import coded, make
from .headers.records import CtDoseImage, CtEvent, ProjectionEvent, ProjectionImage

DOSE = "projection_xray_radiation_dose"
EVENT = "irradiation_event_xray_data"
SOURCE = "irradiation_event_xray_source_data"
CT_DOSE = "ct_radiation_dose"
CT_EVENT = "ct_irradiation_event_data"

# Source of Dose Information (CID 10021): these rows were not reported but copied from image attributes.
COPIED_FROM_IMAGE = coded(codes.DCM.CopiedFromImageAttributes)
SINGLE_PLANE = coded(codes.DCM.SinglePlane)
STATIONARY_ACQUISITION = coded(codes.DCM.StationaryAcquisition)
MAMMOGRAPHY = coded(codes.SCT.Mammography)
PROJECTION_XRAY = coded(codes.DCM.ProjectionXRay)
CT_PROCEDURE = make("SRT", "P5-08000", "Computed Tomography X-Ray")

EVENT_FIELDS = ("irradiation_event_uid", "date_time_started", "acquisition_protocol", "comment", "laterality",
                "image_view", "anatomical_structure", "dose_area_product", "entrance_exposure_at_rp",
                "average_glandular_dose", "half_value_layer")
SOURCE_FIELDS = ("exposure_time", "focal_spot_size", "anode_target_material", "exposure_control_mode",
                 "grid_focal_distance")
MECHANICAL_FIELDS = ("compression_thickness", "compression_force", "magnification_factor",
                     "positioner_primary_angle", "positioner_secondary_angle")
DISTANCE_FIELDS = ("distance_source_to_detector", "distance_source_to_isocenter",
                   "distance_source_to_entrance_surface")
DETECTOR_FIELDS = ("exposure_index", "target_exposure_index", "deviation_index", "relative_xray_exposure",
                   "sensitivity")
# One row each in the per-value tables of TID 10003b (RDSRs may send several per event).
SERIES = ((Kvp, "kvp"), (XrayTubeCurrent, "xray_tube_current"), (Exposure, "exposure"))

CT_EVENT_FIELDS = ("acquisition_protocol", "series_description", "ct_acquisition_type", "date_time_started",
                   "exposure_time", "nominal_single_collimation_width", "nominal_total_collimation_width",
                   "pitch_factor", "mean_ctdivol", "dlp")
CT_SOURCE_FIELDS = ("kvp", "xray_tube_current")


def pick(record: Any, names: tuple[str, ...]) -> dict[str, Any]:
    """The named attributes of ``record`` that were sent (None and '' are 'not sent')."""
    values = {name: getattr(record, name) for name in names}
    return {name: value for name, value in values.items() if value not in (None, "")}


def projection_dose(image: ProjectionImage, *, mammography: bool) -> Row:
    """The dose tree of one mammography or radiography image: a report root with one event."""
    dose = Row(ProjectionXrayRadiationDose, {
        "procedure_reported": MAMMOGRAPHY if mammography else PROJECTION_XRAY,
        "source_of_dose_information": COPIED_FROM_IMAGE,
    })
    add_projection_event(dose, image.event)
    return dose


def add_projection_event(dose: Row, event: ProjectionEvent) -> Row:
    values = pick(event, EVENT_FIELDS)
    # The writer's duplicate rules find events by this key, so it is always present.
    values["irradiation_event_uid"] = event.irradiation_event_uid
    values.update(acquisition_plane=SINGLE_PLANE, irradiation_event_type=STATIONARY_ACQUISITION)
    row = dose.add(IrradiationEventXrayData, DOSE, values)
    _add_source(row, event)
    mechanical, distances = pick(event, MECHANICAL_FIELDS), pick(event, DISTANCE_FIELDS)
    if mechanical or distances:
        mech = row.add(IrradiationEventXrayMechanicalData, EVENT, mechanical)
        if distances:
            mech.add(DoseRelatedDistanceMeasurements, "irradiation_event_xray_mechanical_data", distances)
    detector = pick(event, DETECTOR_FIELDS)
    if detector:
        row.add(IrradiationEventXrayDetectorData, EVENT, detector)
    return row


def _add_source(event_row: Row, event: ProjectionEvent) -> None:
    source = event_row.add(IrradiationEventXraySourceData, EVENT, pick(event, SOURCE_FIELDS))
    for model, name in SERIES:
        value = getattr(event, name)
        if value is not None:
            source.add(model, SOURCE, {name: value})
    for xray_filter in event.filters:
        source.add(XrayFilters, SOURCE, pick(xray_filter, ("xray_filter_material", "xray_filter_thickness_minimum",
                                                           "xray_filter_thickness_maximum")))
    for grid in event.grids:
        source.add(XrayGrid, SOURCE, {"xray_grid": grid})


def ct_dose(image: CtDoseImage) -> Row:
    """The CT dose tree of a Philips dose-info image: accumulated DLP and one event per acquisition."""
    dose = Row(CtRadiationDose, {
        "procedure_reported": CT_PROCEDURE,
        "source_of_dose_information": COPIED_FROM_IMAGE,
        **pick(image, ("start_of_xray_irradiation",)),
    })
    dose.add(CtAccumulatedDoseData, CT_DOSE, {
        "total_number_of_irradiation_events": len(image.events),
        **pick(image, ("ct_dose_length_product_total",)),
    })
    for event in image.events:
        _add_ct_event(dose, event)
    return dose


def _add_ct_event(dose: Row, event: CtEvent) -> None:
    # No event UID in these images: '' tells the writer the event has no identity of its own, so a
    # later dose-info image of the same study replaces rather than adds (docs/image-imports.md).
    row = dose.add(CtIrradiationEventData, CT_DOSE, {
        **pick(event, CT_EVENT_FIELDS), "irradiation_event_uid": "", "number_of_xray_sources": 1,
    })
    row.add(CtXraySourceParameters, CT_EVENT, {"identification_of_the_xray_source": "A",
                                                **pick(event, CT_SOURCE_FIELDS)})
    if event.scanning_length is not None:
        row.add(ScanningLength, CT_EVENT, {"scanning_length": event.scanning_length})
