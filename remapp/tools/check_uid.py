"""Whether a UID is already in the database."""

from __future__ import annotations

from remapp.models import GeneralStudyModuleAttributes, ImportedObject


def check_uid(uid: str, level: str = "Study") -> int:
    """1 if ``uid`` is stored at ``level`` ('Study': study instance UID; 'Sop': an imported object's SOP
    instance UID), 0 otherwise (also for an empty UID or an unknown level)."""
    if not uid:
        return 0
    if level.lower() == "study":
        return int(GeneralStudyModuleAttributes.objects.filter(study_instance_uid=uid).exists())
    if level.lower() in ("sop", "object"):
        return int(ImportedObject.objects.filter(sop_instance_uid=uid).exists())
    return 0
