"""Per-study summary columns (number of events, total DLP, total DAP per plane, AGD per breast, ...).

Recomputed from the stored rows after every write, so a merged study's summary covers every event it
holds. The primary report's accumulated totals are used when that report carried every stored event;
otherwise (continued reports each holding some of the events, or a report without totals) the stored
events are summed.
"""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Count, Max, Sum
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
    PatientModuleAttributes,
)

_PLANE_B = c.PLANE_B[1]
_LEFT = {c.LEFT_BREAST[1], c.LEFT[1]}
_RIGHT = {c.RIGHT_BREAST[1], c.RIGHT[1]}
_BOTH = {c.BOTH_BREASTS[1], c.BILATERAL[1]}


def _add(a: Decimal | None, b: Decimal | None) -> Decimal | None:
    if a is None:
        return b
    return a if b is None else a + b


def _primary_covers(study_pk: int, events: int) -> bool:
    """Whether the primary report alone carried all ``events`` the study now holds."""
    carried = (ImportedObject.objects.filter(general_study_module_attributes_id=study_pk, is_complete=True)
               .order_by("-pk").values_list("number_of_events", flat=True).first())
    return carried == events


def _ct(study_pk: int) -> dict:
    events = CtIrradiationEventData.objects.filter(
        ct_radiation_dose__general_study_module_attributes_id=study_pk
    ).aggregate(n=Count("pk"), dlp=Sum("dlp"), ctdi=Max("mean_ctdivol"))
    total = (CtAccumulatedDoseData.objects
             .filter(ct_radiation_dose__general_study_module_attributes_id=study_pk)
             .values_list("ct_dose_length_product_total", flat=True).first())
    if total is None or not _primary_covers(study_pk, events["n"]):
        total = events["dlp"]
    return {"number_of_events": events["n"], "total_dlp": total,
            "max_ctdivol": events["ctdi"]}


def _plane_totals(study_pk: int) -> dict:
    out: dict = {}
    rows = AccumulatedProjectionXrayDose.objects.filter(
        accumulated_xray_dose__projection_xray_radiation_dose__general_study_module_attributes_id=study_pk
    ).values_list("accumulated_xray_dose__acquisition_plane__code_value", "dose_area_product_total",
                  "dose_rp_total", "total_fluoro_time")
    for plane, dap, rp, fluoro in rows:
        side = "b" if plane == _PLANE_B else "a"
        out[f"total_dap_{side}"] = _add(out.get(f"total_dap_{side}"), dap)
        out[f"total_rp_dose_{side}"] = _add(out.get(f"total_rp_dose_{side}"), rp)
        out["total_fluoro_time"] = _add(out.get("total_fluoro_time"), fluoro)
    return out


def _event_totals(study_pk: int) -> tuple[int, dict, dict]:
    events = IrradiationEventXrayData.objects.filter(
        projection_xray_radiation_dose__general_study_module_attributes_id=study_pk)
    per_plane = events.values_list("acquisition_plane__code_value").annotate(
        n=Count("pk"), dap=Sum("dose_area_product"), rp=Sum("dose_rp"))
    planes = {}
    n = 0
    for plane, count, dap, rp in per_plane:
        side = "b" if plane == _PLANE_B else "a"
        planes[f"total_dap_{side}"] = _add(planes.get(f"total_dap_{side}"), dap)
        planes[f"total_rp_dose_{side}"] = _add(planes.get(f"total_rp_dose_{side}"), rp)
        n += count
    agd = events.values_list("laterality__code_value").annotate(agd=Sum("average_glandular_dose"))
    return n, planes, dict(agd)


def _breasts(per_laterality: dict) -> dict:
    out: dict = {}
    for code, agd in per_laterality.items():
        for name, group in (("total_agd_left", _LEFT), ("total_agd_right", _RIGHT),
                            ("total_agd_both", _BOTH)):
            if code in group:
                out[name] = _add(out.get(name), agd)
    return out


def _projection(study_pk: int) -> dict:
    n, from_events, agd_events = _event_totals(study_pk)
    totals = dict(from_events)
    covers = _primary_covers(study_pk, n)
    if covers:
        totals.update({k: v for k, v in _plane_totals(study_pk).items() if v is not None})
    accumulated_agd = dict(AccumulatedMammographyXrayDose.objects.filter(
        accumulated_xray_dose__projection_xray_radiation_dose__general_study_module_attributes_id=study_pk
    ).values_list("laterality__code_value").annotate(agd=Sum("accumulated_average_glandular_dose")))
    totals.update(_breasts(accumulated_agd if covers and accumulated_agd else agd_events))
    totals["total_dap"] = _add(totals.get("total_dap_a"), totals.get("total_dap_b"))
    totals["total_rp_dose"] = _add(totals.get("total_rp_dose_a"), totals.get("total_rp_dose_b"))
    totals["number_of_events"] = n
    return totals


def update_summaries(study_pk: int) -> int:
    """Fill the summary columns of one study; returns its number of events."""
    study = GeneralStudyModuleAttributes.objects.filter(pk=study_pk)
    modality = study.values_list("modality_type", flat=True)[0]
    summary = _ct(study_pk) if modality == "CT" else _projection(study_pk)
    indicator = (PatientModuleAttributes.objects.filter(general_study_module_attributes_id=study_pk)
                 .values_list("not_patient_indicator", flat=True).first())
    summary["test_patient"] = bool(indicator)
    GeneralStudyModuleAttributes.objects.filter(pk=study_pk).update(**summary, updated_at=timezone.now())
    return summary["number_of_events"] or 0
