"""What a study looks like in the database, independent of how it got there (file name, pks, times)."""

from __future__ import annotations

from django.forms.models import model_to_dict

from remapp.models import (
    GeneralEquipmentModuleAttributes,
    GeneralStudyModuleAttributes,
    ImportedObject,
    PatientStudyModuleAttributes,
)

SKIP = {"id", "general_study_module_attributes", "imported_at", "file_name"}


def _row(instance) -> dict:
    return {key: value for key, value in model_to_dict(instance).items() if key not in SKIP}


def study_fingerprints() -> dict[str, dict]:
    """Study instance UID -> its study, equipment, patient-study and imported-object values."""
    out = {}
    for study in GeneralStudyModuleAttributes.objects.order_by("study_instance_uid"):
        out[study.study_instance_uid] = {
            "study": _row(study),
            "equipment": [_row(e) for e in GeneralEquipmentModuleAttributes.objects.filter(
                general_study_module_attributes=study)],
            "patient_study": [_row(p) for p in PatientStudyModuleAttributes.objects.filter(
                general_study_module_attributes=study)],
            "objects": sorted(
                (o.sop_instance_uid, o.number_of_events, o.is_complete)
                for o in ImportedObject.objects.filter(general_study_module_attributes=study)
            ),
        }
    return out
