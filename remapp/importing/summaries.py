"""Per-study summary columns (number of events, total DLP, total DAP per plane, AGD per breast, ...).

One pure function, :func:`summarise`, computes them from a few plain facts. A new study's facts come from
the in-memory study being written (no extra statements); after a merge they are read back from the
database, so the summary covers every event the study holds.

The primary report's accumulated totals are used when that report carried every stored event; otherwise
(continued reports each holding some of the events, or a report without totals) the events are summed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Sum
from django.utils import timezone

from remapp.dicom import codes as c
from remapp.models import (
    AccumulatedMammographyXrayDose,
    AccumulatedProjectionXrayDose,
    CtAccumulatedDoseData,
    CtIrradiationEventData,
    GeneralStudyModuleAttributes,
    ImportedObject,
    IrradiationEventXrayData,
    IrradiationEventXraySourceData,
    PatientModuleAttributes,
)

from .tree import Row, StudyImport

_PLANE_B = c.PLANE_B[1]
_BREASTS = {"total_agd_left": {c.LEFT_BREAST[1], c.LEFT[1]},
            "total_agd_right": {c.RIGHT_BREAST[1], c.RIGHT[1]},
            "total_agd_both": {c.BOTH_BREASTS[1], c.BILATERAL[1]}}


@dataclass
class Facts:
    """What the summaries are computed from. Codes are code values (plane, laterality)."""

    modality: str
    # CT: (dlp, ctdivol); projection: (plane, dap, rp, agd, laterality)
    events: list[tuple] = field(default_factory=list)
    primary_events: int | None = None  # events the primary report carried
    ct_total_dlp: Decimal | None = None
    planes: list[tuple] = field(default_factory=list)  # (plane, dap total, rp total, fluoro time)
    accumulated_agd: list[tuple] = field(default_factory=list)  # (laterality, agd)
    not_patient_indicator: str = ""
    # Irradiation duration of the fluoroscopy events: the fluoro time when no report's totals cover them all.
    event_fluoro_time: Decimal | None = None


def _add(a: Decimal | None, b: Decimal | None) -> Decimal | None:
    if a is None:
        return b
    return a if b is None else a + b


def _side(plane: str | None) -> str:
    return "b" if plane == _PLANE_B else "a"


def _ct(facts: Facts, covers: bool) -> dict:
    dlps = [dlp for dlp, _ in facts.events if dlp is not None]
    ctdis = [ctdi for _, ctdi in facts.events if ctdi is not None]
    total = facts.ct_total_dlp if covers and facts.ct_total_dlp is not None else (sum(dlps) if dlps else None)
    return {"total_dlp": total, "max_ctdivol": max(ctdis) if ctdis else None}


def _projection(facts: Facts, covers: bool) -> dict:
    out: dict = {}
    planes = facts.planes if covers and any(p[1] is not None for p in facts.planes) else \
        [(plane, dap, rp, None) for plane, dap, rp, _, _ in facts.events]
    for plane, dap, rp, _ in planes:
        side = _side(plane)
        out[f"total_dap_{side}"] = _add(out.get(f"total_dap_{side}"), dap)
        out[f"total_rp_dose_{side}"] = _add(out.get(f"total_rp_dose_{side}"), rp)
    if covers:
        for _, _, _, fluoro in facts.planes:
            out["total_fluoro_time"] = _add(out.get("total_fluoro_time"), fluoro)
    if out.get("total_fluoro_time") is None:
        out["total_fluoro_time"] = facts.event_fluoro_time
    agd = facts.accumulated_agd if covers and facts.accumulated_agd else \
        [(laterality, value) for _, _, _, value, laterality in facts.events]
    for laterality, value in agd:
        for name, group in _BREASTS.items():
            if laterality in group:
                out[name] = _add(out.get(name), value)
    out["total_dap"] = _add(out.get("total_dap_a"), out.get("total_dap_b"))
    out["total_rp_dose"] = _add(out.get("total_rp_dose_a"), out.get("total_rp_dose_b"))
    return out


def summarise(facts: Facts) -> dict:
    """The summary column values of one study."""
    covers = facts.primary_events == len(facts.events)
    summary = _ct(facts, covers) if facts.modality == "CT" else _projection(facts, covers)
    summary["number_of_events"] = len(facts.events)
    summary["test_patient"] = bool(facts.not_patient_indicator)
    return summary


# --- facts from an in-memory study (a new study: no statements) ---------------------------------------

def _code(value) -> str | None:
    return value.key[1] if value is not None else None


def _children(row: Row, model) -> list[Row]:
    return [child for child in row.children if child.model is model]


def facts_from_import(imp: StudyImport) -> Facts:
    facts = Facts(imp.modality, primary_events=len(imp.events),
                  not_patient_indicator=imp.patient.get("not_patient_indicator", ""))
    for event in imp.events:
        v = event.values
        facts.events.append((v.get("dlp"), v.get("mean_ctdivol")) if imp.modality == "CT" else
                            (_code(v.get("acquisition_plane")), v.get("dose_area_product"), v.get("dose_rp"),
                             v.get("average_glandular_dose"), _code(v.get("laterality"))))
    for event in imp.events:
        if _code(event.values.get("irradiation_event_type")) == c.FLUOROSCOPY[1]:
            for source in _children(event, IrradiationEventXraySourceData):
                facts.event_fluoro_time = _add(facts.event_fluoro_time, source.values.get("irradiation_duration"))
    for child in imp.dose.children if imp.dose else []:
        if child.model is CtAccumulatedDoseData:
            facts.ct_total_dlp = child.values.get("ct_dose_length_product_total")
        plane = _code(child.values.get("acquisition_plane"))
        for totals in _children(child, AccumulatedProjectionXrayDose):
            t = totals.values
            facts.planes.append((plane, t.get("dose_area_product_total"), t.get("dose_rp_total"),
                                 t.get("total_fluoro_time")))
        for agd in _children(child, AccumulatedMammographyXrayDose):
            facts.accumulated_agd.append((_code(agd.values.get("laterality")),
                                          agd.values.get("accumulated_average_glandular_dose")))
    return facts


# --- facts read back from the database (after a merge) -----------------------------------------------

def _facts_from_db(study_pk: int, modality: str) -> Facts:
    primary = (ImportedObject.objects.filter(general_study_module_attributes_id=study_pk, is_complete=True)
               .order_by("-pk").values_list("number_of_events", flat=True).first())
    indicator = (PatientModuleAttributes.objects.filter(general_study_module_attributes_id=study_pk)
                 .values_list("not_patient_indicator", flat=True).first())
    facts = Facts(modality, primary_events=primary, not_patient_indicator=indicator or "")
    if modality == "CT":
        dose = "ct_radiation_dose__general_study_module_attributes_id"
        facts.events = list(CtIrradiationEventData.objects.filter(**{dose: study_pk})
                            .values_list("dlp", "mean_ctdivol"))
        facts.ct_total_dlp = (CtAccumulatedDoseData.objects.filter(**{dose: study_pk})
                              .values_list("ct_dose_length_product_total", flat=True).first())
        return facts
    facts.events = list(IrradiationEventXrayData.objects.filter(
        projection_xray_radiation_dose__general_study_module_attributes_id=study_pk).values_list(
        "acquisition_plane__code_value", "dose_area_product", "dose_rp", "average_glandular_dose",
        "laterality__code_value"))
    accumulated = "accumulated_xray_dose__projection_xray_radiation_dose__general_study_module_attributes_id"
    facts.planes = list(AccumulatedProjectionXrayDose.objects.filter(**{accumulated: study_pk}).values_list(
        "accumulated_xray_dose__acquisition_plane__code_value", "dose_area_product_total", "dose_rp_total",
        "total_fluoro_time"))
    facts.accumulated_agd = list(AccumulatedMammographyXrayDose.objects.filter(**{accumulated: study_pk})
                                 .values_list("laterality__code_value", "accumulated_average_glandular_dose"))
    facts.event_fluoro_time = IrradiationEventXraySourceData.objects.filter(
        irradiation_event_xray_data__projection_xray_radiation_dose__general_study_module_attributes_id=study_pk,
        irradiation_event_xray_data__irradiation_event_type__code_value=c.FLUOROSCOPY[1],
    ).aggregate(total=Sum("irradiation_duration"))["total"]
    return facts


def update_summaries(study_pk: int) -> int:
    """Recompute and store the summary columns of a stored study; returns its number of events."""
    study = GeneralStudyModuleAttributes.objects.filter(pk=study_pk)
    summary = summarise(_facts_from_db(study_pk, study.values_list("modality_type", flat=True)[0]))
    study.update(**summary, updated_at=timezone.now())
    return summary["number_of_events"]
