"""The study detail page as data: the fields of each section and the event table of each modality.

Getters read only rows that ``selectors.study_with_events`` loaded (``.all()`` on a prefetched
relation costs no query), so a detail page's query count does not grow with the number of events.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from ..models import GeneralStudyModuleAttributes, Modality
from .columns import Field, cgycm2, rows


def _num(label: str, unit: str, get: Any) -> Field:
    return Field(label, get, unit, numeric=True)


def _mean(values: Iterable[Decimal | None]) -> Decimal | None:
    present = [v for v in values if v is not None]
    return sum(present) / len(present) if present else None


def _code(value: Any) -> str:
    return str(value) if value is not None else ""


STUDY_FIELDS = (
    Field("Study date and time", lambda s: s.study_datetime),
    Field("Accession number", lambda s: s.accession_number),
    Field("Study description", lambda s: s.study_description),
    Field("Requested procedure", lambda s: s.requested_procedure_code_meaning),
    Field("Procedure", lambda s: s.procedure_code_meaning),
    Field("Study ID", lambda s: s.study_id),
    Field("Referring physician", lambda s: s.referring_physician_name),
    Field("Performing physician", lambda s: s.performing_physician_name),
    Field("Operator", lambda s: s.operator_name),
    Field("Study instance UID", lambda s: s.study_instance_uid),
)
PATIENT_FIELDS = (
    _num("Age", "years", lambda s: s.patientstudymoduleattributes.patient_age_decimal),
    Field("Sex", lambda s: s.patientmoduleattributes.patient_sex),
    _num("Height", "m", lambda s: s.patientstudymoduleattributes.patient_size),
    _num("Weight", "kg", lambda s: s.patientstudymoduleattributes.patient_weight),
    Field("Test patient", lambda s: s.test_patient),
    Field("Test patient indicators", lambda s: s.patientmoduleattributes.not_patient_indicator),
)
EQUIPMENT_FIELDS = (
    Field("Institution", lambda s: s.generalequipmentmoduleattributes.institution_name),
    Field("Department", lambda s: s.generalequipmentmoduleattributes.institutional_department_name),
    Field("Manufacturer", lambda s: s.generalequipmentmoduleattributes.manufacturer),
    Field("Model name", lambda s: s.generalequipmentmoduleattributes.manufacturer_model_name),
    Field("Station name", lambda s: s.generalequipmentmoduleattributes.station_name),
    Field("Serial number", lambda s: s.generalequipmentmoduleattributes.device_serial_number),
    Field("Software versions", lambda s: s.generalequipmentmoduleattributes.software_versions),
)

# --- accumulated doses -------------------------------------------------------------------------------

CT_ACCUMULATED = (
    _num("Number of irradiation events", "", lambda a: a.total_number_of_irradiation_events),
    _num("Total DLP", "mGy·cm", lambda a: a.ct_dose_length_product_total),
    _num("Total effective dose", "mSv", lambda a: a.ct_effective_dose_total),
)


def _plane_total(plane: Any, name: str) -> Any:
    """A total from whichever accumulated template the plane carries (TID 10004 or 10007)."""
    for child in ("accumulatedprojectionxraydose", "accumulatedintegratedprojectionradiographydose"):
        row = getattr(plane, child, None)
        if row is not None and hasattr(row, name):
            return getattr(row, name)
    return None


PLANE_ACCUMULATED = (
    Field("Plane", lambda p: _code(p.acquisition_plane)),
    _num("Total DAP", "cGy·cm²", lambda p: cgycm2(_plane_total(p, "dose_area_product_total"))),
    _num("Total RP dose", "Gy", lambda p: _plane_total(p, "dose_rp_total")),
    _num("Fluoroscopy DAP", "cGy·cm²", lambda p: cgycm2(_plane_total(p, "fluoro_dose_area_product_total"))),
    _num(
        "Acquisition DAP", "cGy·cm²", lambda p: cgycm2(_plane_total(p, "acquisition_dose_area_product_total"))
    ),
    _num("Fluoroscopy time", "s", lambda p: _plane_total(p, "total_fluoro_time")),
)
MG_ACCUMULATED = (
    Field("Breast", lambda m: _code(m.laterality)),
    _num("Accumulated AGD", "mGy", lambda m: m.accumulated_average_glandular_dose),
)

# --- events ------------------------------------------------------------------------------------------


def _first(related: Any) -> Any:
    """The first row of a prefetched reverse relation, or None."""
    items = related.all()
    return items[0] if items else None


def _ct_source(event: Any, name: str) -> Decimal | None:
    return _mean(getattr(s, name) for s in event.ctxraysourceparameters_set.all())


def _alerts(event: Any) -> str:
    check = getattr(event, "ctdosecheckdetails", None)
    if check is None:
        return ""
    parts = [
        reason
        for reason in (check.alert_reason_for_proceeding, check.notification_reason_for_proceeding)
        if reason
    ]
    if check.dlp_alert_value_configured or check.ctdivol_alert_value_configured:
        parts.insert(0, "Alert configured")
    return "; ".join(parts)


CT_EVENTS = (
    Field("Protocol", lambda e: e.acquisition_protocol),
    Field("Acquisition type", lambda e: _code(e.ct_acquisition_type)),
    _num("Scan length", "mm", lambda e: e.scanninglength.scanning_length),
    _num("Collimation", "mm", lambda e: e.nominal_total_collimation_width),
    _num("Pitch", "", lambda e: e.pitch_factor),
    _num("kVp", "kV", lambda e: _ct_source(e, "kvp")),
    _num("Tube current", "mA", lambda e: _ct_source(e, "xray_tube_current")),
    _num("Exposure time", "s", lambda e: e.exposure_time),
    _num("CTDIvol", "mGy", lambda e: e.mean_ctdivol),
    _num("DLP", "mGy·cm", lambda e: e.dlp),
    Field("Phantom", lambda e: _code(e.ctdiw_phantom_type)),
    Field("Dose check alerts", _alerts),
)


def _source(event: Any) -> Any:
    return _first(event.irradiationeventxraysourcedata_set)


def _per_value(event: Any, related: str, name: str) -> Decimal | None:
    """Mean of a multi-valued source parameter (kVp, mA, pulse width: pulse-level systems send many)."""
    source = _source(event)
    return None if source is None else _mean(getattr(r, name) for r in getattr(source, related).all())


def _mas(event: Any) -> Decimal | None:
    source = _source(event)
    values = (
        [] if source is None else [e.exposure for e in source.exposure_set.all() if e.exposure is not None]
    )
    return sum(values) / 1000 if values else None  # stored in µAs


def _filters(event: Any) -> str:
    source = _source(event)
    if source is None:
        return ""
    return ", ".join(
        f"{_code(f.xray_filter_material)} {f.xray_filter_thickness_maximum.normalize():f} mm"
        if f.xray_filter_thickness_maximum is not None
        else _code(f.xray_filter_material)
        for f in source.xrayfilters_set.all()
    )


def _mechanical(event: Any, name: str) -> Any:
    row = _first(event.irradiationeventxraymechanicaldata_set)
    return None if row is None else getattr(row, name)


def _target_filter(event: Any) -> str:
    source = _source(event)
    target = _code(source.anode_target_material) if source else ""
    return " / ".join(part for part in (target, _filters(event)) if part)


PROJECTION_EVENTS = (
    Field("Time", lambda e: e.date_time_started),
    Field("Type", lambda e: _code(e.irradiation_event_type)),
    Field("Protocol", lambda e: e.acquisition_protocol),
    Field("Plane", lambda e: _code(e.acquisition_plane)),
    _num("Primary angle", "°", lambda e: _mechanical(e, "positioner_primary_angle")),
    _num("Secondary angle", "°", lambda e: _mechanical(e, "positioner_secondary_angle")),
    _num("kVp", "kV", lambda e: _per_value(e, "kvp_set", "kvp")),
    _num("Tube current", "mA", lambda e: _per_value(e, "xraytubecurrent_set", "xray_tube_current")),
    _num("Pulse width", "ms", lambda e: _per_value(e, "pulsewidth_set", "pulse_width")),
    Field("Filters", _filters),
    _num("DAP", "cGy·cm²", lambda e: cgycm2(e.dose_area_product)),
    _num("RP dose", "Gy", lambda e: e.dose_rp),
)
MG_EVENTS = (
    Field("View", lambda e: _code(e.image_view)),
    Field("Laterality", lambda e: _code(e.laterality)),
    _num("Compressed thickness", "mm", lambda e: _mechanical(e, "compression_thickness")),
    _num("Compression force", "N", lambda e: _mechanical(e, "compression_force")),
    Field("Target / filter", _target_filter),
    _num("kVp", "kV", lambda e: _per_value(e, "kvp_set", "kvp")),
    _num("mAs", "mAs", _mas),
    _num("AGD", "mGy", lambda e: e.average_glandular_dose),
    _num("ESAK", "mGy", lambda e: e.entrance_exposure_at_rp),
)
EVENT_FIELDS = {
    Modality.CT: CT_EVENTS,
    Modality.RF: PROJECTION_EVENTS,
    Modality.DX: PROJECTION_EVENTS,
    Modality.MG: MG_EVENTS,
}


@dataclass
class Table:
    caption: str
    fields: tuple[Field, ...]
    rows: list[tuple[Any, list[tuple[Field, str]]]] = field(default_factory=list)


def _ct_tables(study: GeneralStudyModuleAttributes) -> list[Table]:
    doses = list(study.ctradiationdose_set.all())
    accumulated = [d.ctaccumulateddosedata for d in doses if hasattr(d, "ctaccumulateddosedata")]
    events = [e for d in doses for e in d.ctirradiationeventdata_set.all()]
    return [
        Table("Accumulated dose", CT_ACCUMULATED, rows(CT_ACCUMULATED, accumulated)),
        Table("Irradiation events", CT_EVENTS, rows(CT_EVENTS, events)),
    ]


def _projection_tables(study: GeneralStudyModuleAttributes) -> list[Table]:
    doses = list(study.projectionxrayradiationdose_set.all())
    planes = [p for d in doses for p in d.accumulatedxraydose_set.all()]
    events = [e for d in doses for e in d.irradiationeventxraydata_set.all()]
    event_fields = EVENT_FIELDS[study.modality_type]
    if study.modality_type == Modality.MG:
        breasts = [b for p in planes for b in p.accumulatedmammographyxraydose_set.all()]
        accumulated = Table("Accumulated dose per breast", MG_ACCUMULATED, rows(MG_ACCUMULATED, breasts))
    else:
        accumulated = Table("Accumulated dose per plane", PLANE_ACCUMULATED, rows(PLANE_ACCUMULATED, planes))
    return [accumulated, Table("Irradiation events", event_fields, rows(event_fields, events))]


def detail_sections(study: GeneralStudyModuleAttributes) -> dict[str, Any]:
    """Everything the detail template shows, already turned into text."""
    tables = _ct_tables(study) if study.modality_type == Modality.CT else _projection_tables(study)
    return {
        "sections": [
            ("Study", [(f, f.text(study)) for f in STUDY_FIELDS]),
            ("Patient", [(f, f.text(study)) for f in PATIENT_FIELDS]),
            ("Equipment", [(f, f.text(study)) for f in EQUIPMENT_FIELDS]),
        ],
        "tables": tables,
    }
