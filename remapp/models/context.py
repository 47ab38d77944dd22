"""Context templates: Observer Context (TID 1002), Person Participant (TID 1020), Device Participant
(TID 1021). Each row belongs to exactly one parent; the other parent links stay empty."""

from django.db import models

from .fields import code, parent, text, uid


class ObserverContext(models.Model):
    """Observer Context, TID 1002: the person or device that recorded the report."""

    projection_xray_radiation_dose = parent("ProjectionXrayRadiationDose", null=True)
    ct_radiation_dose = parent("CtRadiationDose", null=True)
    observer_type = code("Observer Type (121005)")
    person_observer_name = text(324)
    person_observer_organization_name = text()
    person_observer_role_in_organization = code()
    person_observer_role_in_procedure = code()
    device_observer_uid = uid()
    device_observer_name = text()
    device_observer_manufacturer = text()
    device_observer_model_name = text()
    device_observer_serial_number = text()
    device_observer_physical_location_during_observation = text()
    device_role_in_procedure = code()


class DeviceParticipant(models.Model):
    """Device Participant, TID 1021: e.g. the irradiating device or the dosimeter."""

    accumulated_xray_dose = parent("AccumulatedXrayDose", null=True)
    irradiation_event_xray_detector_data = parent("IrradiationEventXrayDetectorData", null=True)
    irradiation_event_xray_source_data = parent("IrradiationEventXraySourceData", null=True)
    ct_accumulated_dose_data = parent("CtAccumulatedDoseData", null=True)
    ct_irradiation_event_data = parent("CtIrradiationEventData", null=True)
    device_role_in_procedure = code()
    device_name = text()
    device_manufacturer = text()
    device_model_name = text()
    device_serial_number = text()
    device_observer_uid = uid()


class PersonParticipant(models.Model):
    """Person Participant, TID 1020: e.g. the person administering or authorising the irradiation.

    Staff names from the report are stored; patient names never are.
    """

    projection_xray_radiation_dose = parent("ProjectionXrayRadiationDose", null=True)
    ct_radiation_dose = parent("CtRadiationDose", null=True)
    irradiation_event_xray_data = parent("IrradiationEventXrayData", null=True)
    ct_irradiation_event_data = parent("CtIrradiationEventData", null=True)
    ct_dose_check_details_alert = models.ForeignKey(
        "CtDoseCheckDetails", on_delete=models.CASCADE, null=True, blank=True, related_name="alert_persons"
    )
    ct_dose_check_details_notification = models.ForeignKey(
        "CtDoseCheckDetails", on_delete=models.CASCADE, null=True, blank=True,
        related_name="notification_persons",
    )
    person_name = text(324)
    person_role_in_procedure = code()
    person_id = text(64)
    person_id_issuer = text(64)
    organization_name = text()
    person_role_in_organization = code()
