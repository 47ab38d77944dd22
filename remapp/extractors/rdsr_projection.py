"""Projection X-Ray Radiation Dose, TID 10001, for fluoroscopy, radiography and mammography alike:
accumulated dose per plane (10002 with 10004/10005/10006/10007), calibration, and irradiation events
(10003 with detector 10003a, source 10003b and mechanical 10003c data, CID 10008 distances)."""

from __future__ import annotations

from remapp.dicom import codes as c
from remapp.dicom.sr import Node
from remapp.importing.tree import Row
from remapp.models import (
    AccumulatedCassetteBasedProjectionRadiographyDose,
    AccumulatedIntegratedProjectionRadiographyDose,
    AccumulatedMammographyXrayDose,
    AccumulatedProjectionXrayDose,
    AccumulatedXrayDose,
    Calibration,
    DoseRelatedDistanceMeasurements,
    Exposure,
    ImageViewModifier,
    IrradiationEventXrayData,
    IrradiationEventXrayDetectorData,
    IrradiationEventXrayMechanicalData,
    IrradiationEventXraySourceData,
    Kvp,
    ProjectionXrayRadiationDose,
    PulseWidth,
    XrayFilters,
    XrayGrid,
    XrayTubeCurrent,
)

from . import rdsr_quirks
from . import tables as t
from .mapping import Context, fill, number
from .rdsr_common import add_devices, add_observer, add_persons, report_values

DOSE = "projection_xray_radiation_dose"
ACCUMULATED = "accumulated_xray_dose"
EVENT = "irradiation_event_xray_data"
SOURCE = "irradiation_event_xray_source_data"
_SERIES_MODELS = {"Kvp": Kvp, "XrayTubeCurrent": XrayTubeCurrent, "PulseWidth": PulseWidth,
                  "Exposure": Exposure}


def read_projection(root: Node, ctx: Context, *, integrated: bool) -> Row:
    """The projection dose tree of one report, unsaved. ``integrated``: also fill TID 10007 rows (DX)."""
    dose = Row(ProjectionXrayRadiationDose, report_values(root, t.PROJECTION_REPORT, ctx))
    add_observer(dose, root, DOSE, ctx)
    add_persons(dose, root, DOSE, ctx)
    for accumulated in root.all(c.ACCUMULATED_XRAY_DOSE_DATA):
        _add_accumulated(dose, accumulated, ctx, integrated=integrated)
    for event in root.all(c.IRRADIATION_EVENT_XRAY_DATA):
        _add_event(dose, event, ctx)
    return dose


def _add_accumulated(dose: Row, node: Node, ctx: Context, *, integrated: bool) -> None:
    plane = node.get(c.ACQUISITION_PLANE)
    row = dose.add(AccumulatedXrayDose, DOSE, {"acquisition_plane": plane} if plane else {})
    for calibration in node.all(c.CALIBRATION):
        row.add(Calibration, ACCUMULATED, fill(calibration, t.CALIBRATION, ctx))
    totals = fill(node, t.ACCUMULATED_PROJECTION, ctx)
    if totals:
        row.add(AccumulatedProjectionXrayDose, ACCUMULATED, totals)
    if integrated and (values := fill(node, t.ACCUMULATED_INTEGRATED, ctx)):
        row.add(AccumulatedIntegratedProjectionRadiographyDose, ACCUMULATED, values)
    if node.child(c.DETECTOR_TYPE) is not None:
        row.add(AccumulatedCassetteBasedProjectionRadiographyDose, ACCUMULATED,
                fill(node, t.ACCUMULATED_CASSETTE, ctx))
    for agd in node.all(c.ACCUMULATED_AGD):
        row.add(AccumulatedMammographyXrayDose, ACCUMULATED, {
            "accumulated_average_glandular_dose": number(agd.value, agd.unit, "mGy", "accumulated AGD", ctx),
            "laterality": agd.get(c.LATERALITY),
        })
    add_devices(row, node, ACCUMULATED, ctx)


def _nested(event: Node) -> list[Node | None]:
    """Items some systems send as children of a sibling: laterality under anatomical structure or target
    region, the orientation modifier under the orientation."""
    return [event.child(concept) for concept in
            (c.ANATOMICAL_STRUCTURE, c.TARGET_REGION, c.PATIENT_ORIENTATION, c.IMAGE_VIEW,
             c.IRRADIATION_EVENT_LABEL)]


def _add_event(dose: Row, node: Node, ctx: Context) -> None:
    values = {**fill(_nested(node), t.EVENT_NESTED, ctx), **fill(node, t.EVENT, ctx)}
    values.setdefault("irradiation_event_uid", "")
    rdsr_quirks.protocol_from_application_name(node, values)
    event = dose.add(IrradiationEventXrayData, DOSE, values)
    view = node.child(c.IMAGE_VIEW)
    for modifier in (view.all(c.IMAGE_VIEW_MODIFIER) if view else []) + node.all(c.IMAGE_VIEW_MODIFIER):
        event.add(ImageViewModifier, EVENT, {"image_view_modifier": modifier.value})
    add_persons(event, node, EVENT, ctx)
    detector = fill(node, t.DETECTOR, ctx)
    if detector:
        event.add(IrradiationEventXrayDetectorData, EVENT, detector)
    _add_source(event, node, ctx)
    _add_mechanical(event, node, ctx)


def _add_source(event: Row, node: Node, ctx: Context) -> None:
    values = fill(node, t.SOURCE, ctx)
    rdsr_quirks.collimation_from_philips_shutters(node, values)
    source = event.add(IrradiationEventXraySourceData, EVENT, values)
    for grid in node.all(c.XRAY_GRID):
        source.add(XrayGrid, SOURCE, {"xray_grid": grid.value})
    for concept, (model_name, field_name, unit) in t.SOURCE_SERIES.items():
        for item in node.all(concept):
            for value in item.values:
                source.add(_SERIES_MODELS[model_name], SOURCE,
                           {field_name: number(value, item.unit, unit, field_name, ctx)})
    for xray_filter in node.all(c.XRAY_FILTERS):
        source.add(XrayFilters, SOURCE, fill(xray_filter, t.FILTER, ctx))
    add_devices(source, node, SOURCE, ctx)


def _add_mechanical(event: Row, node: Node, ctx: Context) -> None:
    mechanical = fill(node, t.MECHANICAL, ctx)
    distances = fill(node, t.DISTANCES, ctx)
    if not (mechanical or distances):
        return
    row = event.add(IrradiationEventXrayMechanicalData, EVENT, mechanical)
    if distances:
        row.add(DoseRelatedDistanceMeasurements, "irradiation_event_xray_mechanical_data", distances)
