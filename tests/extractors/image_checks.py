"""Lookups shared by the image-header import tests."""

from __future__ import annotations

from decimal import Decimal

from remapp.importing import ImportResult, Status
from remapp.models import GeneralStudyModuleAttributes, IrradiationEventXrayData

from .corpus import close


def imported(result: ImportResult, status: Status = Status.IMPORTED) -> GeneralStudyModuleAttributes:
    assert result.status is status, result.line()
    return GeneralStudyModuleAttributes.objects.get(pk=result.study_pk)


def events(study: GeneralStudyModuleAttributes) -> list[IrradiationEventXrayData]:
    return list(IrradiationEventXrayData.objects
                .filter(projection_xray_radiation_dose__general_study_module_attributes=study)
                .select_related("laterality", "image_view", "anatomical_structure").order_by("date_time_started"))


def only_event(study: GeneralStudyModuleAttributes) -> IrradiationEventXrayData:
    (event,) = events(study)
    return event


def source(event: IrradiationEventXrayData):
    return event.irradiationeventxraysourcedata_set.select_related("anode_target_material").get()


def technique(event: IrradiationEventXrayData) -> tuple:
    """(kVp, mA, µAs) of an event's source data."""
    data = source(event)
    return (data.kvp_set.get().kvp, data.xraytubecurrent_set.get().xray_tube_current,
            data.exposure_set.get().exposure)


def code_of(code) -> tuple[str, str] | None:
    return (code.coding_scheme_designator, code.code_value) if code is not None else None


def same(a, b) -> bool:
    """Equal within the stored 12 decimal places; accepts strings for readability."""
    return close(a, Decimal(b) if isinstance(b, str) else b)
