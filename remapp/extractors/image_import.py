"""The flow shared by the image-header importers (mammography, radiography, Philips CT dose images).

read the file -> refuse what this importer does not take -> records -> row tree -> the shared writer,
inside one transaction together with the image-specific merge steps of docs/image-imports.md:

* an image whose study came from a dose report (RDSR) adds no events: the report already has every
  exposure, and headers without an Irradiation Event UID could not be matched against its events;
* an image whose exposure is already in the study under another key (a For Presentation image whose
  For Processing twin names no source) takes that event's key, so the writer sees the same exposure;
* mammography studies built from images get their accumulated AGD per breast (TID 10005) recomputed from
  their events after every image.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Sum
from pydicom.dataset import Dataset
from pydicom.sr.codedict import codes

from remapp.importing import ImportResult, Refused, Row, Status, StudyImport, import_study
from remapp.importing.codes import resolve
from remapp.models import (
    AccumulatedMammographyXrayDose,
    AccumulatedXrayDose,
    Exposure,
    GeneralStudyModuleAttributes,
    IrradiationEventXrayData,
    IrradiationEventXraySourceData,
    Kvp,
    ProjectionXrayRadiationDose,
    SourceKind,
)

from . import header
from .headers.coded import coded
from .image_rows import SINGLE_PLANE
from .rdsr import read_dataset

IMAGE_KINDS = (SourceKind.MG_IMAGE, SourceKind.DX_IMAGE, SourceKind.CT_PHILIPS)
# Event laterality (CID 6022 side) -> the breast its AGD accumulates on (TID 10005, CID 6023).
BREASTS = {
    coded(codes.SCT.Left).key: coded(codes.SCT.LeftBreast),
    coded(codes.SCT.Right).key: coded(codes.SCT.RightBreast),
    coded(codes.SCT.Bilateral).key: coded(codes.SCT.BothBreasts),
}


@dataclass(frozen=True)
class ImageKind:
    """What differs between the image importers: which objects they take and how they read them."""

    modality: str
    source_kind: str
    accepts: Callable[[Dataset], bool]
    refusal: str
    dose: Callable[[Dataset, str | dt.tzinfo | None], Row]  # the dataset's dose tree, in the site's zone


def import_image(filename: str | os.PathLike, kind: ImageKind) -> ImportResult:
    """Import one image file. Never raises for a bad file: the result says refused and why."""
    name = str(filename)
    try:
        imp = build_study(name, kind)
    except Refused as reason:
        return ImportResult(name, Status.REFUSED, str(reason))
    except Exception as error:  # noqa: BLE001 - content no rule foresaw: refuse the file, keep the batch
        return ImportResult(name, Status.REFUSED, f"could not read the image ({type(error).__name__}: {error})")
    # The merge rules run inside the writer's transaction on every attempt: after losing a race with
    # another importer of the same study, the retry decides again on what the winner stored.
    return import_study(imp, prepare=_apply_merge_rules, after=lambda result: _after_write(result, kind))


def build_study(name: str, kind: ImageKind, zone: str | dt.tzinfo | None = None) -> StudyImport:
    """The in-memory study of one image (nothing stored); Refused if this importer does not take it."""
    ds = read_dataset(name, headers_only=True)
    if "ContentSequence" in ds or not kind.accepts(ds):
        raise Refused(kind.refusal.format(modality=header.text(ds, "Modality") or "?",
                                          sop_class=header.text(ds, "SOPClassUID") or "?"))
    study_uid, sop_uid = header.text(ds, "StudyInstanceUID", 64), header.text(ds, "SOPInstanceUID", 64)
    if not study_uid or not sop_uid:
        raise Refused("no Study Instance UID or SOP Instance UID")
    zone = zone or settings.TIME_ZONE
    return StudyImport(
        study_instance_uid=study_uid, sop_instance_uid=sop_uid, source_kind=kind.source_kind,
        modality=kind.modality, study=header.study_values(ds, zone), patient=header.patient_values(ds),
        patient_study=header.patient_study_values(ds), equipment=header.equipment_values(ds),
        dose=kind.dose(ds, zone), sop_class_uid=header.text(ds, "SOPClassUID", 64),
        series_instance_uid=header.text(ds, "SeriesInstanceUID", 64), file_name=name,
        content_datetime=header.content_datetime(ds, zone),
    )


def _apply_merge_rules(imp: StudyImport) -> str:
    """Adjust ``imp`` to the image merge rules before the writer sees it; returns a note for the output."""
    study = (GeneralStudyModuleAttributes.objects.select_for_update()
             .filter(study_instance_uid=imp.study_instance_uid)
             .values("pk", "source_kind").first())
    if study is None:
        return ""
    if study["source_kind"] not in IMAGE_KINDS:
        if imp.events_carried is None:
            imp.events_carried = len(imp.events)
        imp.dose = None
        return "study already has a dose report; the image header adds no events"
    _adopt_matching_keys(imp, study["pk"])
    return ""


def _adopt_matching_keys(imp: StudyImport, study_pk: int) -> None:
    """Give an event the key of a stored event of the same exposure: same moment, side and view, same kVp,
    mAs and time. Covers derived images that do not name their source; without a moment, only keys match."""
    if imp.dose is None or imp.dose.model is not ProjectionXrayRadiationDose:
        return
    for row in imp.events:
        same = same_exposure_filter(row)
        if same is None:
            continue
        uid = (IrradiationEventXrayData.objects
               .filter(projection_xray_radiation_dose__general_study_module_attributes_id=study_pk, **same)
               .values_list("irradiation_event_uid", flat=True).first())
        if uid:
            row.values["irradiation_event_uid"] = uid


def same_exposure_filter(event: Row) -> dict | None:
    """Query filters that find a stored event of the same exposure as ``event`` (None: no moment sent)."""
    started = event.values.get("date_time_started")
    source = next((c for c in event.children if c.model is IrradiationEventXraySourceData), None)
    if started is None or source is None:
        return None
    series = {child.model: child.values for child in source.children}
    wanted = {
        "date_time_started": started,
        "laterality": event.values.get("laterality"),
        "image_view": event.values.get("image_view"),
        "irradiationeventxraysourcedata__exposure_time": source.values.get("exposure_time"),
        "irradiationeventxraysourcedata__kvp__kvp": series.get(Kvp, {}).get("kvp"),
        "irradiationeventxraysourcedata__exposure__exposure": series.get(Exposure, {}).get("exposure"),
    }
    filters: dict = {}
    for name, value in wanted.items():
        if value is None:
            filters[f"{name}__isnull"] = True
        elif name in ("laterality", "image_view"):
            filters.update({f"{name}__coding_scheme_designator": value.key[0], f"{name}__code_value": value.key[1]})
        else:
            filters[name] = value
    return filters


def _after_write(result: ImportResult, kind: ImageKind) -> None:
    study = GeneralStudyModuleAttributes.objects.filter(pk=result.study_pk).values("source_kind").first()
    if kind.modality == "MG" and study and study["source_kind"] in IMAGE_KINDS:
        # The writer's summaries already hold these sums (from the events); the rows are for TID 10005.
        rebuild_accumulated_agd(result.study_pk)


def rebuild_accumulated_agd(study_pk: int) -> None:
    """TID 10005 for an image-built study: one accumulated AGD per breast, summed over its events."""
    dose = ProjectionXrayRadiationDose.objects.filter(general_study_module_attributes_id=study_pk).first()
    if dose is None:
        return
    per_side = (IrradiationEventXrayData.objects.filter(projection_xray_radiation_dose=dose)
                .exclude(laterality=None).exclude(average_glandular_dose=None)
                .values_list("laterality__coding_scheme_designator", "laterality__code_value")
                .annotate(agd=Sum("average_glandular_dose")))
    rows = [(BREASTS[(scheme, value)], agd) for scheme, value, agd in per_side if (scheme, value) in BREASTS]
    if not rows:
        return  # no AGD with a side yet: nothing to accumulate (and no earlier sums, as events only add)
    pks = resolve([SINGLE_PLANE] + [breast for breast, _ in rows])
    accumulated = AccumulatedXrayDose.objects.filter(projection_xray_radiation_dose=dose).first()
    if accumulated is None:
        accumulated = AccumulatedXrayDose.objects.create(projection_xray_radiation_dose=dose,
                                                         acquisition_plane_id=pks[SINGLE_PLANE.key])
    # A leaf table: one DELETE, no cascade collection.
    AccumulatedMammographyXrayDose.objects.filter(accumulated_xray_dose=accumulated).delete()
    AccumulatedMammographyXrayDose.objects.bulk_create([
        AccumulatedMammographyXrayDose(accumulated_xray_dose=accumulated, laterality_id=pks[breast.key],
                                       accumulated_average_glandular_dose=agd)
        for breast, agd in rows
    ])
