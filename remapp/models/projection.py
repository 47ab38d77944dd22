"""Projection X-ray radiation dose: DICOM PS3.16 TID 10001 to 10007, 10003a/b/c, CID 10008.

Used for fluoroscopy (RF), radiography (DX) and mammography (MG) alike.
"""

from django.db import models

from .fields import code, count, long_text, measure, parent, text, uid, when


class ProjectionXrayRadiationDose(models.Model):
    """Projection X-Ray Radiation Dose, TID 10001: the root container of a projection dose report."""

    general_study_module_attributes = parent("GeneralStudyModuleAttributes")
    procedure_reported = code("Procedure reported (121058)")
    has_intent = code()
    acquisition_device_type = code("Acquisition Device Type (113876)")
    start_of_xray_irradiation = when()
    end_of_xray_irradiation = when()
    scope_of_accumulation = code()
    scope_uid = uid()
    xray_detector_data_available = code()
    xray_source_data_available = code()
    xray_mechanical_data_available = code()
    comment = long_text()
    source_of_dose_information = code()

    class Meta:
        verbose_name = "projection X-ray radiation dose"
        verbose_name_plural = verbose_name


class AccumulatedXrayDose(models.Model):
    """Accumulated X-Ray Dose, TID 10002: one per acquisition plane."""

    projection_xray_radiation_dose = parent("ProjectionXrayRadiationDose")
    acquisition_plane = code("Acquisition Plane (113764)")

    class Meta:
        verbose_name = "accumulated X-ray dose"
        verbose_name_plural = verbose_name


class Calibration(models.Model):
    """Calibration container of TID 10002."""

    accumulated_xray_dose = parent("AccumulatedXrayDose")
    dose_measurement_device = code()
    calibration_date = when()
    calibration_factor = measure("ratio")
    calibration_uncertainty = measure("%")
    calibration_responsible_party = text()
    calibration_protocol = text(help_text="Calibration Protocol (113720)")


class AccumulatedProjectionXrayDose(models.Model):
    """Accumulated Projection X-Ray Dose, TID 10004."""

    accumulated_xray_dose = parent("AccumulatedXrayDose", one=True)
    fluoro_dose_area_product_total = measure("Gy·m²")
    fluoro_dose_rp_total = measure("Gy")
    total_fluoro_time = measure("s")
    acquisition_dose_area_product_total = measure("Gy·m²")
    acquisition_dose_rp_total = measure("Gy")
    total_acquisition_time = measure("s")
    dose_area_product_total = measure("Gy·m²")
    dose_rp_total = measure("Gy")
    total_number_of_radiographic_frames = count()
    reference_point_definition = text(help_text="Reference Point Definition as text (113780)")
    reference_point_definition_code = code()

    class Meta:
        verbose_name = "accumulated projection X-ray dose"
        verbose_name_plural = verbose_name

    def convert_gym2_to_cgycm2(self):
        """Total DAP in cGy·cm², as the web interface shows it (1 Gy·m² = 1,000,000 cGy·cm²)."""
        if self.dose_area_product_total is None:
            return None
        return self.dose_area_product_total * 1000000


class AccumulatedMammographyXrayDose(models.Model):
    """Accumulated Mammography X-Ray Dose, TID 10005: AGD per breast (laterality)."""

    accumulated_xray_dose = parent("AccumulatedXrayDose")
    accumulated_average_glandular_dose = measure("mGy")
    laterality = code()

    class Meta:
        verbose_name = "accumulated mammography X-ray dose"
        verbose_name_plural = verbose_name


class AccumulatedCassetteBasedProjectionRadiographyDose(models.Model):
    """Accumulated Cassette-based Projection Radiography Dose, TID 10006."""

    accumulated_xray_dose = parent("AccumulatedXrayDose", one=True)
    detector_type = code()
    total_number_of_radiographic_frames = count()

    class Meta:
        verbose_name = "accumulated cassette-based projection radiography dose"
        verbose_name_plural = verbose_name


class AccumulatedIntegratedProjectionRadiographyDose(models.Model):
    """Accumulated Integrated Projection Radiography Dose, TID 10007."""

    accumulated_xray_dose = parent("AccumulatedXrayDose", one=True)
    dose_area_product_total = measure("Gy·m²")
    dose_rp_total = measure("Gy")
    total_number_of_radiographic_frames = count()
    reference_point_definition_code = code()
    reference_point_definition = text()

    class Meta:
        verbose_name = "accumulated integrated projection radiography dose"
        verbose_name_plural = verbose_name

    def convert_gym2_to_cgycm2(self):
        if self.dose_area_product_total is None:
            return None
        return self.dose_area_product_total * 1000000


class IrradiationEventXrayData(models.Model):
    """Irradiation Event X-Ray Data, TID 10003: one exposure, fluoroscopy run or acquisition."""

    projection_xray_radiation_dose = parent("ProjectionXrayRadiationDose")
    acquisition_plane = code("Acquisition Plane (113764)")
    irradiation_event_uid = uid(db_index=True)
    irradiation_event_label = text()
    label_type = code()
    date_time_started = when()
    irradiation_event_type = code("Irradiation Event Type (113721)")
    acquisition_protocol = text(db_index=True)
    anatomical_structure = code()
    laterality = code()
    image_view = code()
    patient_orientation = code()
    patient_orientation_modifier = code()
    patient_table_relationship = code()
    target_region = code()
    dose_area_product = measure("Gy·m²", help_text="Dose Area Product (113722)")
    half_value_layer = measure("mm")
    dose_rp = measure("Gy", help_text="Dose (RP) (113738)")
    entrance_exposure_at_rp = measure("mGy", help_text="Entrance Exposure at RP (111636)")
    reference_point_definition = text()
    reference_point_definition_code = code()
    breast_composition = code()
    percent_fibroglandular_tissue = measure("%")
    average_glandular_dose = measure("mGy", help_text="Average Glandular Dose (111631)")
    patient_equivalent_thickness = measure("mm", help_text="Patient Equivalent Thickness (111638)")
    comment = long_text()

    class Meta:
        verbose_name = "irradiation event X-ray data"
        verbose_name_plural = verbose_name
        constraints = [
            models.UniqueConstraint(
                fields=["projection_xray_radiation_dose", "irradiation_event_uid"],
                condition=~models.Q(irradiation_event_uid=""),
                name="unique_projection_event_uid",
            )
        ]

    def convert_gym2_to_cgycm2(self):
        if self.dose_area_product is None:
            return None
        return self.dose_area_product * 1000000


class ImageViewModifier(models.Model):
    """Image View Modifier (111032) of an irradiation event."""

    irradiation_event_xray_data = parent("IrradiationEventXrayData")
    image_view_modifier = code()


class IrradiationEventXrayDetectorData(models.Model):
    """Irradiation Event X-Ray Detector Data, TID 10003a."""

    irradiation_event_xray_data = parent("IrradiationEventXrayData")
    exposure_index = measure("EI")
    target_exposure_index = measure("EI")
    deviation_index = measure("DI")
    relative_xray_exposure = measure("as sent")
    relative_exposure_unit = text(64)
    sensitivity = measure("S")

    class Meta:
        verbose_name = "irradiation event X-ray detector data"
        verbose_name_plural = verbose_name


class IrradiationEventXraySourceData(models.Model):
    """Irradiation Event X-Ray Source Data, TID 10003b. Additional: ii_field_size, exposure_control_mode."""

    irradiation_event_xray_data = parent("IrradiationEventXrayData")
    dose_rp = measure("Gy")
    reference_point_definition = text()
    average_glandular_dose = measure("mGy")
    fluoro_mode = code("Fluoro Mode (113732)")
    pulse_rate = measure("pulse/s")
    number_of_pulses = measure("pulses")
    derivation = code()
    irradiation_duration = measure("s")
    average_xray_tube_current = measure("mA")
    exposure_time = measure("ms")
    focal_spot_size = measure("mm")
    anode_target_material = code()
    collimated_field_area = measure("m²")
    collimated_field_height = measure("mm")
    collimated_field_width = measure("mm")
    ii_field_size = measure("mm")
    exposure_control_mode = text(64)
    grid_absorbing_material = text(64)
    grid_spacing_material = text(64)
    grid_thickness = measure("mm")
    grid_pitch = measure("mm")
    grid_aspect_ratio = text(32)
    grid_period = measure("mm")
    grid_focal_distance = measure("mm")

    class Meta:
        verbose_name = "irradiation event X-ray source data"
        verbose_name_plural = verbose_name


class XrayGrid(models.Model):
    """X-Ray Grid (CID 10017) of an event's source data."""

    irradiation_event_xray_source_data = parent("IrradiationEventXraySourceData")
    xray_grid = code()


class PulseWidth(models.Model):
    """Pulse Width (113793), one row per value sent."""

    irradiation_event_xray_source_data = parent("IrradiationEventXraySourceData")
    pulse_width = measure("ms")


class Kvp(models.Model):
    """KVP (113733), one row per value sent (pulse-level systems send many)."""

    irradiation_event_xray_source_data = parent("IrradiationEventXraySourceData")
    kvp = measure("kV")


class XrayTubeCurrent(models.Model):
    """X-Ray Tube Current (113734), one row per value sent."""

    irradiation_event_xray_source_data = parent("IrradiationEventXraySourceData")
    xray_tube_current = measure("mA")


class Exposure(models.Model):
    """Exposure (113736), one row per value sent."""

    irradiation_event_xray_source_data = parent("IrradiationEventXraySourceData")
    exposure = measure("µAs")

    def convert_uas_to_mas(self):
        if self.exposure is None:
            return None
        return self.exposure / 1000


class XrayFilters(models.Model):
    """X-Ray Filters container (113771) of TID 10003b."""

    irradiation_event_xray_source_data = parent("IrradiationEventXraySourceData")
    xray_filter_type = code()
    xray_filter_material = code()
    xray_filter_thickness_minimum = measure("mm")
    xray_filter_thickness_maximum = measure("mm")

    class Meta:
        verbose_name = "X-ray filter"


class IrradiationEventXrayMechanicalData(models.Model):
    """Irradiation Event X-Ray Mechanical Data, TID 10003c. Additional: compression_force, magnification_factor."""

    irradiation_event_xray_data = parent("IrradiationEventXrayData")
    crdr_mechanical_configuration = code()
    positioner_primary_angle = measure("deg")
    positioner_secondary_angle = measure("deg")
    positioner_primary_end_angle = measure("deg")
    positioner_secondary_end_angle = measure("deg")
    column_angulation = measure("deg")
    table_head_tilt_angle = measure("deg")
    table_horizontal_rotation_angle = measure("deg")
    table_cradle_tilt_angle = measure("deg")
    compression_thickness = measure("mm")
    compression_force = measure("N")
    magnification_factor = measure("ratio")

    class Meta:
        verbose_name = "irradiation event X-ray mechanical data"
        verbose_name_plural = verbose_name


class DoseRelatedDistanceMeasurements(models.Model):
    """Dose Related Distance Measurements, CID 10008 (called from TID 10003c)."""

    irradiation_event_xray_mechanical_data = parent("IrradiationEventXrayMechanicalData", one=True)
    distance_source_to_isocenter = measure("mm")
    distance_source_to_reference_point = measure("mm")
    distance_source_to_detector = measure("mm")
    table_longitudinal_position = measure("mm")
    table_lateral_position = measure("mm")
    table_height_position = measure("mm")
    distance_source_to_table_plane = measure("mm")
    table_longitudinal_end_position = measure("mm")
    table_lateral_end_position = measure("mm")
    table_height_end_position = measure("mm")
    distance_source_to_entrance_surface = measure("mm")
    radiological_thickness = measure("mm")

    class Meta:
        verbose_name = "dose related distance measurements"
        verbose_name_plural = verbose_name
