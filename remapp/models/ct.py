"""CT radiation dose: DICOM PS3.16 TID 10011 to 10015."""

from django.db import models

from .fields import code, count, flag, long_text, measure, parent, text, uid, when


class CtRadiationDose(models.Model):
    """CT Radiation Dose, TID 10011: the root container of a CT dose report."""

    general_study_module_attributes = parent("GeneralStudyModuleAttributes")
    procedure_reported = code("Procedure reported (121058)")
    has_intent = code("Has intent (G-C0E8)")
    start_of_xray_irradiation = when("Start of X-Ray Irradiation (113809)")
    end_of_xray_irradiation = when("End of X-Ray Irradiation (113810)")
    scope_of_accumulation = code("Scope of Accumulation (113705)")
    uid_type = code("Kind of UID the scope of accumulation names")
    scope_uid = uid()
    comment = long_text()
    source_of_dose_information = code("Source of Dose Information (113854)")

    class Meta:
        verbose_name = "CT radiation dose"


class CtAccumulatedDoseData(models.Model):
    """CT Accumulated Dose Data, TID 10012."""

    ct_radiation_dose = parent("CtRadiationDose", one=True)
    total_number_of_irradiation_events = count("Total Number of Irradiation Events (113812)")
    ct_dose_length_product_total = measure("mGy·cm", help_text="CT Dose Length Product Total (113813)")
    ct_effective_dose_total = measure("mSv", help_text="CT Effective Dose Total (113814)")
    reference_authority_code = code("Reference authority for the effective dose")
    reference_authority_text = text()
    measurement_method = code("Measurement Method (G-C036)")
    patient_model = text()
    effective_dose_phantom_type = code()
    dosimeter_type = code()
    comment = long_text()

    class Meta:
        verbose_name = "CT accumulated dose data"
        verbose_name_plural = verbose_name


class CtIrradiationEventData(models.Model):
    """CT Irradiation Event Data, TID 10013. Additional to the template: date_time_started, series_description."""

    ct_radiation_dose = parent("CtRadiationDose")
    acquisition_protocol = text(db_index=True)
    target_region = code("Target Region (123014)")
    ct_acquisition_type = code("CT Acquisition Type (113820)")
    procedure_context = code("Procedure Context (G-C32C)")
    irradiation_event_uid = uid(db_index=True)
    exposure_time = measure("s", help_text="Exposure Time (113824)")
    nominal_single_collimation_width = measure("mm", help_text="Nominal Single Collimation Width (113826)")
    nominal_total_collimation_width = measure("mm", help_text="Nominal Total Collimation Width (113827)")
    pitch_factor = measure("ratio", help_text="Pitch Factor (113828)")
    number_of_xray_sources = count("Number of X-Ray Sources (113823)")
    mean_ctdivol = measure("mGy", help_text="Mean CTDIvol (113830)")
    ctdiw_phantom_type = code("CTDIw Phantom Type (113835)")
    ctdifreeair_calculation_factor = measure("mGy/mAs", help_text="CTDIfreeair Calculation Factor (113836)")
    mean_ctdifreeair = measure("mGy", help_text="Mean CTDIfreeair (113837)")
    dlp = measure("mGy·cm", help_text="DLP (113838)")
    effective_dose = measure("mSv", help_text="Effective Dose (113839)")
    measurement_method = code()
    effective_dose_conversion_factor = measure("mSv/mGy·cm", help_text="(113840)")
    xray_modulation_type = text()
    comment = long_text()
    date_time_started = when("When this acquisition started")
    series_description = text()

    class Meta:
        verbose_name = "CT irradiation event"
        constraints = [
            # An event is stored once per report, whatever the order continued reports arrive in.
            models.UniqueConstraint(
                fields=["ct_radiation_dose", "irradiation_event_uid"],
                condition=~models.Q(irradiation_event_uid=""),
                name="unique_ct_event_uid",
            )
        ]


class CtXraySourceParameters(models.Model):
    """CT X-Ray Source Parameters container of TID 10013 (one per source; two on dual-source scanners)."""

    ct_irradiation_event_data = parent("CtIrradiationEventData")
    identification_of_the_xray_source = text(64)
    kvp = measure("kV")
    maximum_xray_tube_current = measure("mA")
    xray_tube_current = measure("mA")
    exposure_time_per_rotation = measure("s")
    xray_filter_aluminum_equivalent = measure("mm")

    class Meta:
        verbose_name = "CT X-ray source parameters"
        verbose_name_plural = verbose_name


class ScanningLength(models.Model):
    """Scanning Length, TID 10014."""

    ct_irradiation_event_data = parent("CtIrradiationEventData", one=True)
    scanning_length = measure("mm")
    length_of_reconstructable_volume = measure("mm")
    exposed_range = measure("mm")
    top_z_location_of_reconstructable_volume = measure("mm")
    bottom_z_location_of_reconstructable_volume = measure("mm")
    top_z_location_of_scanning_length = measure("mm")
    bottom_z_location_of_scanning_length = measure("mm")
    frame_of_reference_uid = uid()


class CtDoseCheckDetails(models.Model):
    """CT Dose Check Details, TID 10015 (NEMA XR-25 alerts and notifications)."""

    ct_irradiation_event_data = parent("CtIrradiationEventData", one=True)
    dlp_alert_value_configured = flag()
    ctdivol_alert_value_configured = flag()
    dlp_alert_value = measure("mGy·cm")
    ctdivol_alert_value = measure("mGy")
    accumulated_dlp_forward_estimate = measure("mGy·cm")
    accumulated_ctdivol_forward_estimate = measure("mGy")
    alert_reason_for_proceeding = long_text()
    dlp_notification_value_configured = flag()
    ctdivol_notification_value_configured = flag()
    dlp_notification_value = measure("mGy·cm")
    ctdivol_notification_value = measure("mGy")
    dlp_forward_estimate = measure("mGy·cm")
    ctdivol_forward_estimate = measure("mGy")
    notification_reason_for_proceeding = long_text()

    class Meta:
        verbose_name = "CT dose check details"
        verbose_name_plural = verbose_name
