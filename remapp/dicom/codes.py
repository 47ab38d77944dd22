"""Every concept code the importers use, named once.

Codes are compared as ``(scheme, value)`` keys (:func:`key`), never by meaning: vendors spell meanings
differently. Legacy SNOMED designators (``SRT``, ``SNM3``) are mapped to ``SCT`` with pydicom's own table,
so a file that says ``SRT P5-06000`` and one that says ``SCT 44491008`` both mean fluoroscopy.
"""

from __future__ import annotations

from functools import lru_cache

from pydicom.sr._snomed_dict import mapping as _SNOMED_MAPPING
from pydicom.sr.codedict import codes
from pydicom.sr.coding import Code

CodeKey = tuple[str, str]

_SRT_TO_SCT: dict[str, str] = _SNOMED_MAPPING["SRT"]
# SNM3 is the SNOMED 3 designator some older systems still send; its values are SRT-style.
_LEGACY_SNOMED = frozenset({"SRT", "SNM3", "99SDM"})


@lru_cache(maxsize=8192)
def normalise(scheme: str, value: str) -> CodeKey:
    """The canonical key of a code as met in a file.

    A DCM-designated value that is not numeric (``DCM C-120F9`` seen in the corpus) is a SNOMED value sent
    under the wrong designator: it is treated as SRT.
    """
    scheme = scheme.strip().upper()
    value = value.strip()
    if scheme == "DCM" and value and not value[0].isdigit():
        scheme = "SRT"
    if scheme in _LEGACY_SNOMED:
        mapped = _SRT_TO_SCT.get(value)
        return ("SCT", mapped) if mapped else ("SRT", value)
    return scheme, value


def key(code: Code) -> CodeKey:
    """The comparison key of a named constant."""
    return normalise(code.scheme_designator, code.value)


def srt(value: str, meaning: str) -> Code:
    """A legacy SNOMED-RT code that pydicom's dictionary names only by its SCT equivalent."""
    return Code(value, "SRT", meaning)


DCM = codes.DCM

# --- report roots and templates (TID 10001, 10011) ---
XRAY_RADIATION_DOSE_REPORT = key(DCM.XRayRadiationDoseReport)
PROCEDURE_REPORTED = key(DCM.ProcedureReported)
HAS_INTENT = key(srt("G-C0E8", "Has Intent"))
CT_PROCEDURE = key(srt("P5-08000", "Computed Tomography X-Ray"))
PROJECTION_PROCEDURE = key(DCM.ProjectionXRay)
MAMMOGRAPHY_PROCEDURE = key(codes.SCT.Mammography)
ACQUISITION_DEVICE_TYPE = key(DCM.AcquisitionDeviceType)
FLUORO_GUIDED_SYSTEM = key(DCM.FluoroscopyGuidedProjectionRadiographySystem)
INTEGRATED_SYSTEM = key(DCM.IntegratedProjectionRadiographySystem)
CASSETTE_SYSTEM = key(DCM.CassetteBasedProjectionRadiographySystem)
START_OF_XRAY_IRRADIATION = key(DCM.StartOfXRayIrradiation)
END_OF_XRAY_IRRADIATION = key(DCM.EndOfXRayIrradiation)
SCOPE_OF_ACCUMULATION = key(DCM.ScopeOfAccumulation)
STUDY_INSTANCE_UID = key(DCM.StudyInstanceUID)
PPS_SOP_INSTANCE_UID = key(DCM.PerformedProcedureStepSOPInstanceUID)
COMMENT = key(DCM.Comment)
SOURCE_OF_DOSE_INFORMATION = key(DCM.SourceOfDoseInformation)
XRAY_DETECTOR_DATA_AVAILABLE = key(DCM.XRayDetectorDataAvailable)
XRAY_SOURCE_DATA_AVAILABLE = key(DCM.XRaySourceDataAvailable)
XRAY_MECHANICAL_DATA_AVAILABLE = key(DCM.XRayMechanicalDataAvailable)
YES = key(codes.SCT.Yes)
NO = key(codes.SCT.No)

# --- observer context (TID 1002), participants (TID 1020, 1021) ---
OBSERVER_TYPE = key(DCM.ObserverType)
PERSON_OBSERVER_NAME = key(DCM.PersonObserverName)
PERSON_OBSERVER_ORGANIZATION = key(DCM.PersonObserverOrganizationName)
PERSON_OBSERVER_ROLE_IN_ORGANIZATION = key(DCM.PersonObserverRoleInTheOrganization)
PERSON_OBSERVER_ROLE_IN_PROCEDURE = key(DCM.PersonObserverRoleInThisProcedure)
DEVICE_OBSERVER_UID = key(DCM.DeviceObserverUID)
DEVICE_OBSERVER_NAME = key(DCM.DeviceObserverName)
DEVICE_OBSERVER_MANUFACTURER = key(DCM.DeviceObserverManufacturer)
DEVICE_OBSERVER_MODEL_NAME = key(DCM.DeviceObserverModelName)
DEVICE_OBSERVER_SERIAL_NUMBER = key(DCM.DeviceObserverSerialNumber)
DEVICE_OBSERVER_LOCATION = key(DCM.DeviceObserverPhysicalLocationDuringObservation)
PERSON_NAME = key(DCM.PersonName)
PERSON_ID = key(DCM.PersonID)
PERSON_ID_ISSUER = key(DCM.PersonIDIssuer)
ORGANIZATION_NAME = key(DCM.OrganizationName)
PERSON_ROLE_IN_ORGANIZATION = key(DCM.PersonRoleInOrganization)
PERSON_ROLE_IN_PROCEDURE = key(DCM.PersonRoleInProcedure)
DEVICE_ROLE_IN_PROCEDURE = key(DCM.DeviceRoleInProcedure)
DEVICE_NAME = key(DCM.DeviceName)
DEVICE_MANUFACTURER = key(DCM.DeviceManufacturer)
DEVICE_MODEL_NAME = key(DCM.DeviceModelName)
DEVICE_SERIAL_NUMBER = key(DCM.DeviceSerialNumber)

# --- CT (TID 10012 to 10015) ---
CT_ACCUMULATED_DOSE_DATA = key(DCM.CTAccumulatedDoseData)
TOTAL_NUMBER_OF_IRRADIATION_EVENTS = key(DCM.TotalNumberOfIrradiationEvents)
CT_DLP_TOTAL = key(DCM.CTDoseLengthProductTotal)
CT_EFFECTIVE_DOSE_TOTAL = key(DCM.CTEffectiveDoseTotal)
CT_ACQUISITION = key(DCM.CTAcquisition)
ACQUISITION_PROTOCOL = key(DCM.AcquisitionProtocol)
TARGET_REGION = key(DCM.TargetRegion)
CT_ACQUISITION_TYPE = key(DCM.CTAcquisitionType)
PROCEDURE_CONTEXT = key(srt("G-C32C", "Procedure Context"))
IRRADIATION_EVENT_UID = key(DCM.IrradiationEventUID)
CT_ACQUISITION_PARAMETERS = key(DCM.CTAcquisitionParameters)
EXPOSURE_TIME = key(DCM.ExposureTime)
SCANNING_LENGTH = key(DCM.ScanningLength)
LENGTH_OF_RECONSTRUCTABLE_VOLUME = key(DCM.LengthOfReconstructableVolume)
EXPOSED_RANGE = key(DCM.ExposedRange)
TOP_Z_RECONSTRUCTABLE = key(DCM.TopZLocationOfReconstructableVolume)
BOTTOM_Z_RECONSTRUCTABLE = key(DCM.BottomZLocationOfReconstructableVolume)
TOP_Z_SCANNING = key(DCM.TopZLocationOfScanningLength)
BOTTOM_Z_SCANNING = key(DCM.BottomZLocationOfScanningLength)
FRAME_OF_REFERENCE_UID = key(DCM.FrameOfReferenceUID)
NOMINAL_SINGLE_COLLIMATION_WIDTH = key(DCM.NominalSingleCollimationWidth)
NOMINAL_TOTAL_COLLIMATION_WIDTH = key(DCM.NominalTotalCollimationWidth)
PITCH_FACTOR = key(DCM.PitchFactor)
NUMBER_OF_XRAY_SOURCES = key(DCM.NumberOfXRaySources)
CT_XRAY_SOURCE_PARAMETERS = key(DCM.CTXRaySourceParameters)
IDENTIFICATION_OF_XRAY_SOURCE = key(DCM.IdentificationOfTheXRaySource)
KVP = key(DCM.KVP)
MAXIMUM_XRAY_TUBE_CURRENT = key(DCM.MaximumXRayTubeCurrent)
XRAY_TUBE_CURRENT = key(DCM.XRayTubeCurrent)
EXPOSURE_TIME_PER_ROTATION = key(DCM.ExposureTimePerRotation)
XRAY_FILTER_ALUMINUM_EQUIVALENT = key(DCM.XRayFilterAluminumEquivalent)
CT_DOSE = key(DCM.CTDose)
MEAN_CTDIVOL = key(DCM.MeanCtdivol)
CTDIW_PHANTOM_TYPE = key(DCM.CtdiwPhantomType)
CTDIFREEAIR_CALCULATION_FACTOR = key(DCM.CtdifreeairCalculationFactor)
MEAN_CTDIFREEAIR = key(DCM.MeanCtdifreeair)
DLP = key(DCM.DLP)
EFFECTIVE_DOSE = key(DCM.EffectiveDose)
EFFECTIVE_DOSE_CONVERSION_FACTOR = key(DCM.EffectiveDoseConversionFactor)
XRAY_MODULATION_TYPE = key(DCM.XRayModulationType)
DOSE_CHECK_ALERT_DETAILS = key(DCM.DoseCheckAlertDetails)
DLP_ALERT_VALUE_CONFIGURED = key(DCM.DLPAlertValueConfigured)
CTDIVOL_ALERT_VALUE_CONFIGURED = key(DCM.CtdivolAlertValueConfigured)
DLP_ALERT_VALUE = key(DCM.DLPAlertValue)
CTDIVOL_ALERT_VALUE = key(DCM.CtdivolAlertValue)
ACCUMULATED_DLP_FORWARD_ESTIMATE = key(DCM.AccumulatedDLPForwardEstimate)
ACCUMULATED_CTDIVOL_FORWARD_ESTIMATE = key(DCM.AccumulatedCtdivolForwardEstimate)
REASON_FOR_PROCEEDING = key(DCM.ReasonForProceeding)
DOSE_CHECK_NOTIFICATION_DETAILS = key(DCM.DoseCheckNotificationDetails)
DLP_NOTIFICATION_VALUE_CONFIGURED = key(DCM.DLPNotificationValueConfigured)
CTDIVOL_NOTIFICATION_VALUE_CONFIGURED = key(DCM.CtdivolNotificationValueConfigured)
DLP_NOTIFICATION_VALUE = key(DCM.DLPNotificationValue)
CTDIVOL_NOTIFICATION_VALUE = key(DCM.CtdivolNotificationValue)
DLP_FORWARD_ESTIMATE = key(DCM.DLPForwardEstimate)
CTDIVOL_FORWARD_ESTIMATE = key(DCM.CtdivolForwardEstimate)

# --- projection X-ray (TID 10002 to 10007) ---
ACCUMULATED_XRAY_DOSE_DATA = key(DCM.AccumulatedXRayDoseData)
ACQUISITION_PLANE = key(DCM.AcquisitionPlane)
SINGLE_PLANE = key(DCM.SinglePlane)
PLANE_A = key(DCM.PlaneA)
PLANE_B = key(DCM.PlaneB)
CALIBRATION = key(DCM.Calibration)
DOSE_MEASUREMENT_DEVICE = key(DCM.DoseMeasurementDevice)
CALIBRATION_DATETIME = key(DCM.CalibrationDatetime)
CALIBRATION_FACTOR = key(DCM.CalibrationFactor)
CALIBRATION_UNCERTAINTY = key(DCM.CalibrationUncertainty)
CALIBRATION_RESPONSIBLE_PARTY = key(DCM.CalibrationResponsibleParty)
CALIBRATION_PROTOCOL = key(DCM.CalibrationProtocol)
FLUORO_DAP_TOTAL = key(DCM.FluoroDoseAreaProductTotal)
FLUORO_DOSE_RP_TOTAL = key(DCM.FluoroDoseRPTotal)
TOTAL_FLUORO_TIME = key(DCM.TotalFluoroTime)
ACQUISITION_DAP_TOTAL = key(DCM.AcquisitionDoseAreaProductTotal)
ACQUISITION_DOSE_RP_TOTAL = key(DCM.AcquisitionDoseRPTotal)
TOTAL_ACQUISITION_TIME = key(DCM.TotalAcquisitionTime)
DAP_TOTAL = key(DCM.DoseAreaProductTotal)
DOSE_RP_TOTAL = key(DCM.DoseRPTotal)
TOTAL_NUMBER_OF_RADIOGRAPHIC_FRAMES = key(DCM.TotalNumberOfRadiographicFrames)
REFERENCE_POINT_DEFINITION = key(DCM.ReferencePointDefinition)
ACCUMULATED_AGD = key(DCM.AccumulatedAverageGlandularDose)
LATERALITY = key(codes.SCT.Laterality)
DETECTOR_TYPE = key(DCM.DetectorType)
IRRADIATION_EVENT_XRAY_DATA = key(DCM.IrradiationEventXRayData)
IRRADIATION_EVENT_LABEL = key(DCM.IrradiationEventLabel)
LABEL_TYPE = key(DCM.LabelType)
DATETIME_STARTED = key(DCM.DatetimeStarted)
IRRADIATION_EVENT_TYPE = key(DCM.IrradiationEventType)
FLUOROSCOPY = key(codes.SCT.Fluoroscopy)
ANATOMICAL_STRUCTURE = key(srt("T-D0005", "Anatomical structure"))
IMAGE_VIEW = key(DCM.ImageView)
IMAGE_VIEW_MODIFIER = key(DCM.ImageViewModifier)
PATIENT_ORIENTATION = key(DCM.PatientOrientation)
PATIENT_ORIENTATION_MODIFIER = key(DCM.PatientOrientationModifier)
PATIENT_TABLE_RELATIONSHIP = key(DCM.PatientTableRelationship)
DOSE_AREA_PRODUCT = key(DCM.DoseAreaProduct)
HALF_VALUE_LAYER = key(DCM.HalfValueLayer)
DOSE_RP = key(DCM.DoseRP)
ENTRANCE_EXPOSURE_AT_RP = key(DCM.EntranceExposureAtRP)
BREAST_COMPOSITION = key(codes.SCT.BreastComposition)  # SRT F-01710 in older reports
PERCENT_FIBROGLANDULAR_TISSUE = key(DCM.PercentFibroglandularTissue)
AVERAGE_GLANDULAR_DOSE = key(DCM.AverageGlandularDose)
PATIENT_EQUIVALENT_THICKNESS = key(DCM.PatientEquivalentThickness)
# TID 10003a detector
EXPOSURE_INDEX = key(DCM.ExposureIndex)
TARGET_EXPOSURE_INDEX = key(DCM.TargetExposureIndex)
DEVIATION_INDEX = key(DCM.DeviationIndex)
# TID 10003b source
FLUORO_MODE = key(DCM.FluoroMode)
PULSE_RATE = key(DCM.PulseRate)
NUMBER_OF_PULSES = key(DCM.NumberOfPulses)
DERIVATION = key(DCM.Derivation)
IRRADIATION_DURATION = key(DCM.IrradiationDuration)
AVERAGE_XRAY_TUBE_CURRENT = key(DCM.AverageXRayTubeCurrent)
EXPOSURE = key(DCM.Exposure)
PULSE_WIDTH = key(DCM.PulseWidth)
FOCAL_SPOT_SIZE = key(DCM.FocalSpotSize)
ANODE_TARGET_MATERIAL = key(DCM.AnodeTargetMaterial)
COLLIMATED_FIELD_AREA = key(DCM.CollimatedFieldArea)
COLLIMATED_FIELD_HEIGHT = key(DCM.CollimatedFieldHeight)
COLLIMATED_FIELD_WIDTH = key(DCM.CollimatedFieldWidth)
XRAY_GRID = key(DCM.XRayGrid)
XRAY_FILTERS = key(DCM.XRayFilters)
XRAY_FILTER_TYPE = key(DCM.XRayFilterType)
XRAY_FILTER_MATERIAL = key(DCM.XRayFilterMaterial)
XRAY_FILTER_THICKNESS_MINIMUM = key(DCM.XRayFilterThicknessMinimum)
XRAY_FILTER_THICKNESS_MAXIMUM = key(DCM.XRayFilterThicknessMaximum)
# TID 10003c mechanical, CID 10008 distances
CRDR_MECHANICAL_CONFIGURATION = key(DCM.CRDRMechanicalConfiguration)
POSITIONER_PRIMARY_ANGLE = key(DCM.PositionerPrimaryAngle)
POSITIONER_SECONDARY_ANGLE = key(DCM.PositionerSecondaryAngle)
POSITIONER_PRIMARY_END_ANGLE = key(DCM.PositionerPrimaryEndAngle)
POSITIONER_SECONDARY_END_ANGLE = key(DCM.PositionerSecondaryEndAngle)
COLUMN_ANGULATION = key(DCM.ColumnAngulation)
TABLE_HEAD_TILT_ANGLE = key(DCM.TableHeadTiltAngle)
TABLE_HORIZONTAL_ROTATION_ANGLE = key(DCM.TableHorizontalRotationAngle)
TABLE_CRADLE_TILT_ANGLE = key(DCM.TableCradleTiltAngle)
COMPRESSION_THICKNESS = key(DCM.CompressionThickness)
COMPRESSION_FORCE = key(DCM.CompressionForce)
DISTANCE_SOURCE_TO_ISOCENTER = key(DCM.DistanceSourceToIsocenter)
DISTANCE_SOURCE_TO_REFERENCE_POINT = key(DCM.DistanceSourceToReferencePoint)
DISTANCE_SOURCE_TO_DETECTOR = key(DCM.DistanceSourceToDetector)
TABLE_LONGITUDINAL_POSITION = key(DCM.TableLongitudinalPosition)
TABLE_LATERAL_POSITION = key(DCM.TableLateralPosition)
TABLE_HEIGHT_POSITION = key(DCM.TableHeightPosition)
DISTANCE_SOURCE_TO_TABLE_PLANE = key(DCM.DistanceSourceToTablePlane)
TABLE_LONGITUDINAL_END_POSITION = key(DCM.TableLongitudinalEndPosition)
TABLE_LATERAL_END_POSITION = key(DCM.TableLateralEndPosition)
TABLE_HEIGHT_END_POSITION = key(DCM.TableHeightEndPosition)

# Laterality values for accumulated mammography dose (CID 6023 and breast structures).
LEFT_BREAST = key(codes.SCT.LeftBreast)
RIGHT_BREAST = key(codes.SCT.RightBreast)
BOTH_BREASTS = key(codes.SCT.BothBreasts)
LEFT = key(codes.SCT.Left)
RIGHT = key(codes.SCT.Right)
BILATERAL = key(srt("G-A102", "Bilateral"))

# Vendor-private concept codes handled by named adapters (remapp/extractors/rdsr_quirks.py).
PHILIPS_XPER_SCHEME = "99PHI-IXR-XPER"
PHILIPS_DETECTOR_FIELD_SIZE = (PHILIPS_XPER_SCHEME, "023")
PHILIPS_X_SIDE = (PHILIPS_XPER_SCHEME, "024")
PHILIPS_Y_SIDE = (PHILIPS_XPER_SCHEME, "025")
PHILIPS_WEDGES_AND_SHUTTERS = (PHILIPS_XPER_SCHEME, "005")
PHILIPS_BOTTOM_SHUTTER = (PHILIPS_XPER_SCHEME, "006")
PHILIPS_LEFT_SHUTTER = (PHILIPS_XPER_SCHEME, "007")
PHILIPS_RIGHT_SHUTTER = (PHILIPS_XPER_SCHEME, "008")
PHILIPS_TOP_SHUTTER = (PHILIPS_XPER_SCHEME, "009")
