"""The code tables of the RDSR templates: concept -> model field, kind and canonical unit.

Units follow remapp/models/fields.py: DAP Gy·m², dose at RP Gy, CTDIvol mGy, DLP mGy·cm, AGD mGy,
CT times s, projection exposure and pulse times ms, exposure µAs, distances mm, areas m².
"""

from __future__ import annotations

from remapp.dicom import codes as c

from .mapping import CODE, COUNT, DATETIME, FLAG, NUM, TEXT, TEXT_OR_CODE, Field, Table

# --- report level (TID 10001 / 10011) ---
REPORT: Table = {
    c.PROCEDURE_REPORTED: Field("procedure_reported", CODE),
    c.START_OF_XRAY_IRRADIATION: Field("start_of_xray_irradiation", DATETIME),
    c.END_OF_XRAY_IRRADIATION: Field("end_of_xray_irradiation", DATETIME),
    c.SCOPE_OF_ACCUMULATION: Field("scope_of_accumulation", CODE),
    c.COMMENT: Field("comment", TEXT, max_length=100_000),
    c.SOURCE_OF_DOSE_INFORMATION: Field("source_of_dose_information", CODE),
}
PROCEDURE_REPORTED_CHILDREN: Table = {c.HAS_INTENT: Field("has_intent", CODE)}
SCOPE_CHILDREN: Table = {
    c.STUDY_INSTANCE_UID: Field("scope_uid", TEXT, max_length=64),
    c.PPS_SOP_INSTANCE_UID: Field("scope_uid", TEXT, max_length=64),
}
PROJECTION_REPORT: Table = {
    **REPORT,
    c.ACQUISITION_DEVICE_TYPE: Field("acquisition_device_type", CODE),
    c.XRAY_DETECTOR_DATA_AVAILABLE: Field("xray_detector_data_available", CODE),
    c.XRAY_SOURCE_DATA_AVAILABLE: Field("xray_source_data_available", CODE),
    c.XRAY_MECHANICAL_DATA_AVAILABLE: Field("xray_mechanical_data_available", CODE),
}

# --- TID 1002 observer context ---
OBSERVER: Table = {
    c.OBSERVER_TYPE: Field("observer_type", CODE),
    c.PERSON_OBSERVER_NAME: Field("person_observer_name", TEXT, max_length=324),
    c.PERSON_OBSERVER_ORGANIZATION: Field("person_observer_organization_name", TEXT),
    c.PERSON_OBSERVER_ROLE_IN_ORGANIZATION: Field("person_observer_role_in_organization", CODE),
    c.PERSON_OBSERVER_ROLE_IN_PROCEDURE: Field("person_observer_role_in_procedure", CODE),
    c.DEVICE_OBSERVER_UID: Field("device_observer_uid", TEXT, max_length=64),
    c.DEVICE_OBSERVER_NAME: Field("device_observer_name", TEXT),
    c.DEVICE_OBSERVER_MANUFACTURER: Field("device_observer_manufacturer", TEXT),
    c.DEVICE_OBSERVER_MODEL_NAME: Field("device_observer_model_name", TEXT),
    c.DEVICE_OBSERVER_SERIAL_NUMBER: Field("device_observer_serial_number", TEXT),
    c.DEVICE_OBSERVER_LOCATION: Field("device_observer_physical_location_during_observation", TEXT),
    # At the root, a device role belongs to the device observer context (TID 1004), not a participant.
    c.DEVICE_ROLE_IN_PROCEDURE: Field("device_role_in_procedure", CODE),
}

# --- TID 1020 / 1021 participants: the item that opens them, then their children ---
PERSON: Table = {
    c.PERSON_ROLE_IN_PROCEDURE: Field("person_role_in_procedure", CODE),
    c.PERSON_ID: Field("person_id", TEXT, max_length=64),
    c.PERSON_ID_ISSUER: Field("person_id_issuer", TEXT, max_length=64),
    c.ORGANIZATION_NAME: Field("organization_name", TEXT),
    c.PERSON_ROLE_IN_ORGANIZATION: Field("person_role_in_organization", CODE),
}
DEVICE: Table = {
    c.DEVICE_NAME: Field("device_name", TEXT),
    c.DEVICE_MANUFACTURER: Field("device_manufacturer", TEXT),
    c.DEVICE_MODEL_NAME: Field("device_model_name", TEXT),
    c.DEVICE_SERIAL_NUMBER: Field("device_serial_number", TEXT),
    c.DEVICE_OBSERVER_UID: Field("device_observer_uid", TEXT, max_length=64),
}

# --- CT: TID 10012 accumulated, 10013 event, 10014 scanning length, 10015 dose check ---
CT_ACCUMULATED: Table = {
    c.TOTAL_NUMBER_OF_IRRADIATION_EVENTS: Field("total_number_of_irradiation_events", COUNT),
    c.CT_DLP_TOTAL: Field("ct_dose_length_product_total", NUM, "mGy.cm"),
    c.CT_EFFECTIVE_DOSE_TOTAL: Field("ct_effective_dose_total", NUM, "mSv"),
    c.COMMENT: Field("comment", TEXT, max_length=100_000),
}
CT_EVENT: Table = {
    c.ACQUISITION_PROTOCOL: Field("acquisition_protocol", TEXT),
    c.TARGET_REGION: Field("target_region", CODE),
    c.CT_ACQUISITION_TYPE: Field("ct_acquisition_type", CODE),
    c.PROCEDURE_CONTEXT: Field("procedure_context", CODE),
    c.IRRADIATION_EVENT_UID: Field("irradiation_event_uid", TEXT, max_length=64),
    c.COMMENT: Field("comment", TEXT, max_length=100_000),
    c.XRAY_MODULATION_TYPE: Field("xray_modulation_type", TEXT),
    c.DATETIME_STARTED: Field("date_time_started", DATETIME),
}
CT_PARAMETERS: Table = {
    c.EXPOSURE_TIME: Field("exposure_time", NUM, "s"),
    c.NOMINAL_SINGLE_COLLIMATION_WIDTH: Field("nominal_single_collimation_width", NUM, "mm"),
    c.NOMINAL_TOTAL_COLLIMATION_WIDTH: Field("nominal_total_collimation_width", NUM, "mm"),
    c.PITCH_FACTOR: Field("pitch_factor"),
    c.NUMBER_OF_XRAY_SOURCES: Field("number_of_xray_sources", COUNT),
    c.XRAY_MODULATION_TYPE: Field("xray_modulation_type", TEXT),
}
CT_DOSE: Table = {
    c.MEAN_CTDIVOL: Field("mean_ctdivol", NUM, "mGy"),
    c.CTDIW_PHANTOM_TYPE: Field("ctdiw_phantom_type", CODE),
    c.CTDIFREEAIR_CALCULATION_FACTOR: Field("ctdifreeair_calculation_factor"),
    c.MEAN_CTDIFREEAIR: Field("mean_ctdifreeair", NUM, "mGy"),
    c.DLP: Field("dlp", NUM, "mGy.cm"),
    c.EFFECTIVE_DOSE: Field("effective_dose", NUM, "mSv"),
    c.EFFECTIVE_DOSE_CONVERSION_FACTOR: Field("effective_dose_conversion_factor"),
}
SCANNING_LENGTH: Table = {
    c.SCANNING_LENGTH: Field("scanning_length", NUM, "mm"),
    c.LENGTH_OF_RECONSTRUCTABLE_VOLUME: Field("length_of_reconstructable_volume", NUM, "mm"),
    c.EXPOSED_RANGE: Field("exposed_range", NUM, "mm"),
    c.TOP_Z_RECONSTRUCTABLE: Field("top_z_location_of_reconstructable_volume", NUM, "mm"),
    c.BOTTOM_Z_RECONSTRUCTABLE: Field("bottom_z_location_of_reconstructable_volume", NUM, "mm"),
    c.TOP_Z_SCANNING: Field("top_z_location_of_scanning_length", NUM, "mm"),
    c.BOTTOM_Z_SCANNING: Field("bottom_z_location_of_scanning_length", NUM, "mm"),
    c.FRAME_OF_REFERENCE_UID: Field("frame_of_reference_uid", TEXT, max_length=64),
}
CT_SOURCE: Table = {
    c.IDENTIFICATION_OF_XRAY_SOURCE: Field("identification_of_the_xray_source", TEXT, max_length=64),
    c.KVP: Field("kvp", NUM, "kV"),
    c.MAXIMUM_XRAY_TUBE_CURRENT: Field("maximum_xray_tube_current", NUM, "mA"),
    c.XRAY_TUBE_CURRENT: Field("xray_tube_current", NUM, "mA"),
    c.EXPOSURE_TIME_PER_ROTATION: Field("exposure_time_per_rotation", NUM, "s"),
    c.XRAY_FILTER_ALUMINUM_EQUIVALENT: Field("xray_filter_aluminum_equivalent", NUM, "mm"),
}
DOSE_CHECK_ALERT: Table = {
    c.DLP_ALERT_VALUE_CONFIGURED: Field("dlp_alert_value_configured", FLAG),
    c.CTDIVOL_ALERT_VALUE_CONFIGURED: Field("ctdivol_alert_value_configured", FLAG),
    c.DLP_ALERT_VALUE: Field("dlp_alert_value", NUM, "mGy.cm"),
    c.CTDIVOL_ALERT_VALUE: Field("ctdivol_alert_value", NUM, "mGy"),
    c.ACCUMULATED_DLP_FORWARD_ESTIMATE: Field("accumulated_dlp_forward_estimate", NUM, "mGy.cm"),
    c.ACCUMULATED_CTDIVOL_FORWARD_ESTIMATE: Field("accumulated_ctdivol_forward_estimate", NUM, "mGy"),
    c.REASON_FOR_PROCEEDING: Field("alert_reason_for_proceeding", TEXT, max_length=100_000),
}
DOSE_CHECK_NOTIFICATION: Table = {
    c.DLP_NOTIFICATION_VALUE_CONFIGURED: Field("dlp_notification_value_configured", FLAG),
    c.CTDIVOL_NOTIFICATION_VALUE_CONFIGURED: Field("ctdivol_notification_value_configured", FLAG),
    c.DLP_NOTIFICATION_VALUE: Field("dlp_notification_value", NUM, "mGy.cm"),
    c.CTDIVOL_NOTIFICATION_VALUE: Field("ctdivol_notification_value", NUM, "mGy"),
    c.DLP_FORWARD_ESTIMATE: Field("dlp_forward_estimate", NUM, "mGy.cm"),
    c.CTDIVOL_FORWARD_ESTIMATE: Field("ctdivol_forward_estimate", NUM, "mGy"),
    c.REASON_FOR_PROCEEDING: Field("notification_reason_for_proceeding", TEXT, max_length=100_000),
}

# --- projection: TID 10002 accumulated (with 10004, 10005, 10006, 10007) ---
CALIBRATION: Table = {
    c.DOSE_MEASUREMENT_DEVICE: Field("dose_measurement_device", CODE),
    c.CALIBRATION_DATETIME: Field("calibration_date", DATETIME),
    c.CALIBRATION_FACTOR: Field("calibration_factor"),
    c.CALIBRATION_UNCERTAINTY: Field("calibration_uncertainty", NUM, "%"),
    c.CALIBRATION_RESPONSIBLE_PARTY: Field("calibration_responsible_party", TEXT),
    c.CALIBRATION_PROTOCOL: Field("calibration_protocol", TEXT),
}
ACCUMULATED_PROJECTION: Table = {
    c.FLUORO_DAP_TOTAL: Field("fluoro_dose_area_product_total", NUM, "Gy.m2"),
    c.FLUORO_DOSE_RP_TOTAL: Field("fluoro_dose_rp_total", NUM, "Gy"),
    c.TOTAL_FLUORO_TIME: Field("total_fluoro_time", NUM, "s"),
    c.ACQUISITION_DAP_TOTAL: Field("acquisition_dose_area_product_total", NUM, "Gy.m2"),
    c.ACQUISITION_DOSE_RP_TOTAL: Field("acquisition_dose_rp_total", NUM, "Gy"),
    c.TOTAL_ACQUISITION_TIME: Field("total_acquisition_time", NUM, "s"),
    c.DAP_TOTAL: Field("dose_area_product_total", NUM, "Gy.m2"),
    c.DOSE_RP_TOTAL: Field("dose_rp_total", NUM, "Gy"),
    c.TOTAL_NUMBER_OF_RADIOGRAPHIC_FRAMES: Field("total_number_of_radiographic_frames", COUNT),
    c.REFERENCE_POINT_DEFINITION: Field("reference_point_definition", TEXT_OR_CODE),
}
ACCUMULATED_INTEGRATED: Table = {
    c.DAP_TOTAL: Field("dose_area_product_total", NUM, "Gy.m2"),
    c.DOSE_RP_TOTAL: Field("dose_rp_total", NUM, "Gy"),
    c.TOTAL_NUMBER_OF_RADIOGRAPHIC_FRAMES: Field("total_number_of_radiographic_frames", COUNT),
    c.REFERENCE_POINT_DEFINITION: Field("reference_point_definition", TEXT_OR_CODE),
}
ACCUMULATED_CASSETTE: Table = {
    c.DETECTOR_TYPE: Field("detector_type", CODE),
    c.TOTAL_NUMBER_OF_RADIOGRAPHIC_FRAMES: Field("total_number_of_radiographic_frames", COUNT),
}

# --- projection: TID 10003 event and its included templates 10003a/b/c ---
EVENT: Table = {
    c.ACQUISITION_PLANE: Field("acquisition_plane", CODE),
    c.IRRADIATION_EVENT_UID: Field("irradiation_event_uid", TEXT, max_length=64),
    c.IRRADIATION_EVENT_LABEL: Field("irradiation_event_label", TEXT),
    c.DATETIME_STARTED: Field("date_time_started", DATETIME),
    c.IRRADIATION_EVENT_TYPE: Field("irradiation_event_type", CODE),
    c.ACQUISITION_PROTOCOL: Field("acquisition_protocol", TEXT),
    c.ANATOMICAL_STRUCTURE: Field("anatomical_structure", CODE),
    c.LATERALITY: Field("laterality", CODE),
    c.IMAGE_VIEW: Field("image_view", CODE),
    c.PATIENT_ORIENTATION: Field("patient_orientation", CODE),
    c.PATIENT_ORIENTATION_MODIFIER: Field("patient_orientation_modifier", CODE),
    c.PATIENT_TABLE_RELATIONSHIP: Field("patient_table_relationship", CODE),
    c.TARGET_REGION: Field("target_region", CODE),
    c.DOSE_AREA_PRODUCT: Field("dose_area_product", NUM, "Gy.m2"),
    c.HALF_VALUE_LAYER: Field("half_value_layer", NUM, "mm"),
    c.DOSE_RP: Field("dose_rp", NUM, "Gy"),
    c.ENTRANCE_EXPOSURE_AT_RP: Field("entrance_exposure_at_rp", NUM, "mGy"),
    c.REFERENCE_POINT_DEFINITION: Field("reference_point_definition", TEXT_OR_CODE),
    c.BREAST_COMPOSITION: Field("breast_composition", CODE),
    c.PERCENT_FIBROGLANDULAR_TISSUE: Field("percent_fibroglandular_tissue", NUM, "%"),
    c.AVERAGE_GLANDULAR_DOSE: Field("average_glandular_dose", NUM, "mGy"),
    c.PATIENT_EQUIVALENT_THICKNESS: Field("patient_equivalent_thickness", NUM, "mm"),
    c.COMMENT: Field("comment", TEXT, max_length=100_000),
}
# Items sent as children of another item (laterality under anatomical structure, modifier under
# orientation, label type under the event label) are looked up there too.
EVENT_NESTED: Table = {
    c.LATERALITY: Field("laterality", CODE),
    c.LABEL_TYPE: Field("label_type", CODE),
    c.PATIENT_ORIENTATION_MODIFIER: Field("patient_orientation_modifier", CODE),
}
DETECTOR: Table = {
    c.EXPOSURE_INDEX: Field("exposure_index"),
    c.TARGET_EXPOSURE_INDEX: Field("target_exposure_index"),
    c.DEVIATION_INDEX: Field("deviation_index"),
}
SOURCE: Table = {
    c.DOSE_RP: Field("dose_rp", NUM, "Gy"),
    c.AVERAGE_GLANDULAR_DOSE: Field("average_glandular_dose", NUM, "mGy"),
    c.FLUORO_MODE: Field("fluoro_mode", CODE),
    c.PULSE_RATE: Field("pulse_rate", NUM, "/s"),
    c.NUMBER_OF_PULSES: Field("number_of_pulses"),
    c.DERIVATION: Field("derivation", CODE),
    c.IRRADIATION_DURATION: Field("irradiation_duration", NUM, "s"),
    c.AVERAGE_XRAY_TUBE_CURRENT: Field("average_xray_tube_current", NUM, "mA"),
    c.EXPOSURE_TIME: Field("exposure_time", NUM, "ms"),
    # Retired DCM 113735 "Exposure Time", still sent by some Siemens systems.
    ("DCM", "113735"): Field("exposure_time", NUM, "ms"),
    c.FOCAL_SPOT_SIZE: Field("focal_spot_size", NUM, "mm"),
    c.ANODE_TARGET_MATERIAL: Field("anode_target_material", CODE),
    c.COLLIMATED_FIELD_AREA: Field("collimated_field_area", NUM, "m2"),
    c.COLLIMATED_FIELD_HEIGHT: Field("collimated_field_height", NUM, "mm"),
    c.COLLIMATED_FIELD_WIDTH: Field("collimated_field_width", NUM, "mm"),
}
# One row per value sent: pulse-level systems send many per event (model, field, unit).
SOURCE_SERIES: dict = {
    c.KVP: ("Kvp", "kvp", "kV"),
    c.XRAY_TUBE_CURRENT: ("XrayTubeCurrent", "xray_tube_current", "mA"),
    c.PULSE_WIDTH: ("PulseWidth", "pulse_width", "ms"),
    c.EXPOSURE: ("Exposure", "exposure", "uAs"),
}
FILTER: Table = {
    c.XRAY_FILTER_TYPE: Field("xray_filter_type", CODE),
    c.XRAY_FILTER_MATERIAL: Field("xray_filter_material", CODE),
    c.XRAY_FILTER_THICKNESS_MINIMUM: Field("xray_filter_thickness_minimum", NUM, "mm"),
    c.XRAY_FILTER_THICKNESS_MAXIMUM: Field("xray_filter_thickness_maximum", NUM, "mm"),
}
MECHANICAL: Table = {
    c.CRDR_MECHANICAL_CONFIGURATION: Field("crdr_mechanical_configuration", CODE),
    c.POSITIONER_PRIMARY_ANGLE: Field("positioner_primary_angle", NUM, "deg"),
    c.POSITIONER_SECONDARY_ANGLE: Field("positioner_secondary_angle", NUM, "deg"),
    c.POSITIONER_PRIMARY_END_ANGLE: Field("positioner_primary_end_angle", NUM, "deg"),
    c.POSITIONER_SECONDARY_END_ANGLE: Field("positioner_secondary_end_angle", NUM, "deg"),
    c.COLUMN_ANGULATION: Field("column_angulation", NUM, "deg"),
    c.TABLE_HEAD_TILT_ANGLE: Field("table_head_tilt_angle", NUM, "deg"),
    c.TABLE_HORIZONTAL_ROTATION_ANGLE: Field("table_horizontal_rotation_angle", NUM, "deg"),
    c.TABLE_CRADLE_TILT_ANGLE: Field("table_cradle_tilt_angle", NUM, "deg"),
    c.COMPRESSION_THICKNESS: Field("compression_thickness", NUM, "mm"),
    c.COMPRESSION_FORCE: Field("compression_force", NUM, "N"),
}
DISTANCES: Table = {
    c.DISTANCE_SOURCE_TO_ISOCENTER: Field("distance_source_to_isocenter", NUM, "mm"),
    c.DISTANCE_SOURCE_TO_REFERENCE_POINT: Field("distance_source_to_reference_point", NUM, "mm"),
    c.DISTANCE_SOURCE_TO_DETECTOR: Field("distance_source_to_detector", NUM, "mm"),
    c.TABLE_LONGITUDINAL_POSITION: Field("table_longitudinal_position", NUM, "mm"),
    c.TABLE_LATERAL_POSITION: Field("table_lateral_position", NUM, "mm"),
    c.TABLE_HEIGHT_POSITION: Field("table_height_position", NUM, "mm"),
    c.DISTANCE_SOURCE_TO_TABLE_PLANE: Field("distance_source_to_table_plane", NUM, "mm"),
    c.TABLE_LONGITUDINAL_END_POSITION: Field("table_longitudinal_end_position", NUM, "mm"),
    c.TABLE_LATERAL_END_POSITION: Field("table_lateral_end_position", NUM, "mm"),
    c.TABLE_HEIGHT_END_POSITION: Field("table_height_end_position", NUM, "mm"),
}
