"""Small builders of stored studies for export tests: only what the exports read, with known values."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from itertools import count

from django.utils import timezone

from remapp.models import (
    ContentItemDescriptions,
    CtIrradiationEventData,
    CtRadiationDose,
    CtXraySourceParameters,
    GeneralEquipmentModuleAttributes,
    GeneralStudyModuleAttributes,
    IrradiationEventXrayData,
    IrradiationEventXrayMechanicalData,
    IrradiationEventXraySourceData,
    Kvp,
    PatientModuleAttributes,
    PatientStudyModuleAttributes,
    ScanningLength,
)
from remapp.models.projection import ProjectionXrayRadiationDose

_uids = count(1)


def coded(meaning: str, value: str | None = None) -> ContentItemDescriptions:
    item, _ = ContentItemDescriptions.objects.get_or_create(
        coding_scheme_designator="99TEST", code_value=value or meaning, defaults={"code_meaning": meaning}
    )
    return item


def make_study(modality: str, *, date: dt.date = dt.date(2024, 3, 1), description: str = "Study",
               institution: str = "Test Hospital", model: str = "Scanner 1", age: str | None = "54.5",
               **summary) -> GeneralStudyModuleAttributes:
    """A study with equipment, patient and patient-study rows; ``summary`` sets the summary columns."""
    study = GeneralStudyModuleAttributes.objects.create(
        study_instance_uid=f"1.2.826.0.1.3680043.9.{next(_uids)}",
        modality_type=modality,
        study_date=date,
        study_time=dt.time(9, 30),
        study_datetime=timezone.make_aware(dt.datetime.combine(date, dt.time(9, 30)), dt.UTC),
        study_description=description,
        accession_number=f"ACC{next(_uids)}",
        requested_procedure_code_meaning=summary.pop("requested", description),
        **summary,
    )
    GeneralEquipmentModuleAttributes.objects.create(
        general_study_module_attributes=study, institution_name=institution, manufacturer="Acme",
        manufacturer_model_name=model, station_name="ROOM1",
    )
    PatientModuleAttributes.objects.create(general_study_module_attributes=study, patient_sex="F")
    PatientStudyModuleAttributes.objects.create(
        general_study_module_attributes=study,
        patient_age_decimal=Decimal(age) if age else None,
        patient_size=Decimal("1.65"),
        patient_weight=Decimal("70.5"),
    )
    return study


def make_ct_study(events: list[dict], **kwargs) -> GeneralStudyModuleAttributes:
    """A CT study; each dict gives an event's protocol, dlp, ctdivol and optionally kvp/ma/length."""
    total = sum((Decimal(e["dlp"]) for e in events), Decimal(0))
    study = make_study("CT", total_dlp=total, number_of_events=len(events),
                       max_ctdivol=max(Decimal(e["ctdivol"]) for e in events), **kwargs)
    dose = CtRadiationDose.objects.create(general_study_module_attributes=study)
    start = study.study_datetime
    for index, spec in enumerate(events):
        event = CtIrradiationEventData.objects.create(
            ct_radiation_dose=dose, acquisition_protocol=spec["protocol"], dlp=Decimal(spec["dlp"]),
            mean_ctdivol=Decimal(spec["ctdivol"]), ct_acquisition_type=coded("Helical Acquisition"),
            pitch_factor=Decimal("0.9"), date_time_started=start + dt.timedelta(minutes=index),
            irradiation_event_uid=f"1.2.3.{next(_uids)}",
        )
        CtXraySourceParameters.objects.create(ct_irradiation_event_data=event, kvp=spec.get("kvp", 120),
                                              xray_tube_current=spec.get("ma", 200))
        ScanningLength.objects.create(ct_irradiation_event_data=event,
                                      scanning_length=spec.get("length", 400))
    return study


def make_projection_study(modality: str, events: list[dict], **kwargs) -> GeneralStudyModuleAttributes:
    """An RF, DX or MG study; each dict gives protocol, dap (Gy·m²) and optionally agd, kvps, laterality."""
    study = make_study(modality, number_of_events=len(events), **kwargs)
    dose = ProjectionXrayRadiationDose.objects.create(general_study_module_attributes=study)
    start = study.study_datetime
    for index, spec in enumerate(events):
        event = IrradiationEventXrayData.objects.create(
            projection_xray_radiation_dose=dose, acquisition_protocol=spec["protocol"],
            dose_area_product=Decimal(spec.get("dap", "0.0001")),
            average_glandular_dose=Decimal(spec["agd"]) if "agd" in spec else None,
            laterality=coded(spec["laterality"]) if "laterality" in spec else None,
            date_time_started=start + dt.timedelta(minutes=index),
            irradiation_event_uid=f"1.2.3.{next(_uids)}",
        )
        source = IrradiationEventXraySourceData.objects.create(irradiation_event_xray_data=event,
                                                               exposure_time=Decimal("12.5"))
        for kvp in spec.get("kvps", [70]):
            Kvp.objects.create(irradiation_event_xray_source_data=source, kvp=Decimal(kvp))
        IrradiationEventXrayMechanicalData.objects.create(irradiation_event_xray_data=event,
                                                          compression_thickness=Decimal("45"))
    return study
