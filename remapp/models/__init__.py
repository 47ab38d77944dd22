"""The dose data model, one module per DICOM area, re-exported here.

Class names are the original's in PEP 8 form (``General_study_module_attributes`` is
``GeneralStudyModuleAttributes``); docs/code-reference.md lists both.
"""

from .audit import AuditAction, AuditLog
from .codes import ContentItemDescriptions
from .context import DeviceParticipant, ObserverContext, PersonParticipant
from .ct import (
    CtAccumulatedDoseData,
    CtDoseCheckDetails,
    CtIrradiationEventData,
    CtRadiationDose,
    CtXraySourceParameters,
    ScanningLength,
)
from .exports import Export, ExportFormat, ExportStatus
from .netdicom import DicomRemoteNode, QueryRun, StoreScpConfig, StoreScpStatus
from .projection import (
    AccumulatedCassetteBasedProjectionRadiographyDose,
    AccumulatedIntegratedProjectionRadiographyDose,
    AccumulatedMammographyXrayDose,
    AccumulatedProjectionXrayDose,
    AccumulatedXrayDose,
    Calibration,
    DoseRelatedDistanceMeasurements,
    Exposure,
    ImageViewModifier,
    IrradiationEventXrayData,
    IrradiationEventXrayDetectorData,
    IrradiationEventXrayMechanicalData,
    IrradiationEventXraySourceData,
    Kvp,
    ProjectionXrayRadiationDose,
    PulseWidth,
    XrayFilters,
    XrayGrid,
    XrayTubeCurrent,
)
from .study import (
    GeneralEquipmentModuleAttributes,
    GeneralStudyModuleAttributes,
    ImportedObject,
    Modality,
    PatientModuleAttributes,
    PatientStudyModuleAttributes,
    SourceKind,
)

__all__ = [
    "AccumulatedCassetteBasedProjectionRadiographyDose",
    "AccumulatedIntegratedProjectionRadiographyDose",
    "AccumulatedMammographyXrayDose",
    "AccumulatedProjectionXrayDose",
    "AccumulatedXrayDose",
    "AuditAction",
    "AuditLog",
    "Calibration",
    "ContentItemDescriptions",
    "CtAccumulatedDoseData",
    "CtDoseCheckDetails",
    "CtIrradiationEventData",
    "CtRadiationDose",
    "CtXraySourceParameters",
    "DeviceParticipant",
    "DicomRemoteNode",
    "DoseRelatedDistanceMeasurements",
    "Export",
    "ExportFormat",
    "ExportStatus",
    "Exposure",
    "GeneralEquipmentModuleAttributes",
    "GeneralStudyModuleAttributes",
    "ImageViewModifier",
    "ImportedObject",
    "IrradiationEventXrayData",
    "IrradiationEventXrayDetectorData",
    "IrradiationEventXrayMechanicalData",
    "IrradiationEventXraySourceData",
    "Kvp",
    "Modality",
    "ObserverContext",
    "PatientModuleAttributes",
    "PatientStudyModuleAttributes",
    "PersonParticipant",
    "ProjectionXrayRadiationDose",
    "PulseWidth",
    "QueryRun",
    "ScanningLength",
    "SourceKind",
    "StoreScpConfig",
    "StoreScpStatus",
    "XrayFilters",
    "XrayGrid",
    "XrayTubeCurrent",
]
