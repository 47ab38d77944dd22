"""One exposure from a mammography or radiography image header (PS3.3 C.8.7 X-Ray modules).

Mammography and radiography images carry the same X-Ray Acquisition, Dose and Detector attributes, so one
reader serves both; ``mg.py`` and ``dx.py`` only add what differs (AGD, modality).
"""

from __future__ import annotations

from decimal import Decimal

from pydicom.dataset import Dataset

from remapp.dicom.sr import Coded

from ..header import text
from . import coded
from .attrs import Zone, decimals, first_number, moment, number, raw, texts
from .records import ProjectionEvent, SourceObject, XrayFilter

# Unit factors into the model's units.
DGY_CM2_TO_GY_M2 = Decimal("0.00001")  # 1 dGy·cm² = 0.1 Gy × 0.0001 m²
DGY_TO_MGY = Decimal(100)
MICRO_TO_MILLI = Decimal("0.001")
MILLI_TO_MICRO = Decimal(1000)

# Exposure, tube current and time come in several units; finest first (the coarse ones are integers).
EXPOSURE_UAS = (("ExposureInuAs", Decimal(1)), ("ExposureInmAs", MILLI_TO_MICRO), ("Exposure", MILLI_TO_MICRO))
TUBE_CURRENT_MA = (("XRayTubeCurrentInuA", MICRO_TO_MILLI), ("XRayTubeCurrentInmA", Decimal(1)),
                   ("XRayTubeCurrent", Decimal(1)))
EXPOSURE_TIME_MS = (("ExposureTimeInuS", MICRO_TO_MILLI), ("ExposureTimeInms", Decimal(1)),
                    ("ExposureTime", Decimal(1)))


def exposure_identity(ds: Dataset) -> str:
    """The key that makes two images one exposure (docs/image-imports.md, 'Exposure identity').

    1. Irradiation Event UID (0008,3010), which modalities put in every image of one exposure and in the
       RDSR event too;
    2. else the SOP Instance UID of the image this one was derived from (Source Image Sequence): a For
       Presentation image names its For Processing original, so the pair shares the key;
    3. else the image's own SOP Instance UID.
    """
    event_uid = text(ds, "IrradiationEventUID").split("\\")[0]
    if event_uid:
        return event_uid
    for item in raw(ds, "SourceImageSequence") or []:
        referenced = str(item.get("ReferencedSOPInstanceUID", "") or "").strip()
        if referenced:
            return referenced
    return text(ds, "SOPInstanceUID")


def entrance_dose_mgy(ds: Dataset) -> Decimal | None:
    """Entrance Dose in mGy (0040,8302), else Entrance Dose (0040,0302) in dGy.

    The dGy attribute is an integer (US); GE sends 0 there beside the real mGy value, so 0 counts as absent.
    """
    in_mgy = number(ds, "EntranceDoseInmGy")
    if in_mgy is not None:
        return in_mgy
    in_dgy = number(ds, "EntranceDose")
    return in_dgy * DGY_TO_MGY if in_dgy else None


def laterality(ds: Dataset) -> Coded | None:
    # Image Laterality is the image's; Laterality (series level) is what Hologic fills instead.
    return coded.lookup(coded.LATERALITY, text(ds, "ImageLaterality")) or coded.lookup(
        coded.LATERALITY, text(ds, "Laterality"))


def image_view(ds: Dataset) -> Coded | None:
    return coded.from_sequence(ds, "ViewCodeSequence") or coded.lookup(coded.VIEWS, text(ds, "ViewPosition"))


def anatomy(ds: Dataset) -> Coded | None:
    return coded.from_sequence(ds, "AnatomicRegionSequence") or coded.lookup(
        coded.BODY_PARTS, text(ds, "BodyPartExamined"))


def filters(ds: Dataset) -> list[XrayFilter]:
    """One filter per material; thicknesses pair with materials by position (PS3.3 C.8.7.10)."""
    minima, maxima = decimals(ds, "FilterThicknessMinimum"), decimals(ds, "FilterThicknessMaximum")
    found = []
    for index, word in enumerate(texts(ds, "FilterMaterial")):
        found.append(XrayFilter(
            xray_filter_material=coded.lookup(coded.MATERIALS, word),
            xray_filter_thickness_minimum=minima[index] if index < len(minima) else None,
            xray_filter_thickness_maximum=maxima[index] if index < len(maxima) else None,
        ))
    return found


def grids(ds: Dataset) -> list[Coded]:
    return [code for code in (coded.lookup(coded.GRIDS, word) for word in texts(ds, "Grid")) if code]


def read_projection_event(ds: Dataset, zone: Zone = None) -> ProjectionEvent:
    """Every attribute the X-Ray modules define that maps onto TID 10003 and its sub-templates."""
    dap = number(ds, "ImageAndFluoroscopyAreaDoseProduct")
    return ProjectionEvent(
        irradiation_event_uid=exposure_identity(ds),
        date_time_started=moment(ds, zone, "AcquisitionDateTime", "AcquisitionDate", "AcquisitionTime")
        or moment(ds, zone, "AcquisitionDateTime", "ContentDate", "ContentTime"),
        acquisition_protocol=text(ds, "ProtocolName") or text(ds, "SeriesDescription"),
        comment=text(ds, "CommentsOnRadiationDose"),
        laterality=laterality(ds),
        image_view=image_view(ds),
        anatomical_structure=anatomy(ds),
        dose_area_product=dap * DGY_CM2_TO_GY_M2 if dap is not None else None,
        entrance_exposure_at_rp=entrance_dose_mgy(ds),
        half_value_layer=number(ds, "HalfValueLayer"),
        kvp=number(ds, "KVP"),
        xray_tube_current=first_number(ds, TUBE_CURRENT_MA),
        exposure=first_number(ds, EXPOSURE_UAS),
        exposure_time=first_number(ds, EXPOSURE_TIME_MS),
        focal_spot_size=number(ds, "FocalSpots"),
        anode_target_material=coded.lookup(coded.MATERIALS, text(ds, "AnodeTargetMaterial")),
        exposure_control_mode=text(ds, "ExposureControlMode"),
        filters=filters(ds),
        grids=grids(ds),
        grid_focal_distance=number(ds, "GridFocalDistance"),
        compression_thickness=number(ds, "BodyPartThickness"),
        compression_force=number(ds, "CompressionForce"),
        magnification_factor=number(ds, "EstimatedRadiographicMagnificationFactor"),
        positioner_primary_angle=number(ds, "PositionerPrimaryAngle"),
        positioner_secondary_angle=number(ds, "PositionerSecondaryAngle"),
        distance_source_to_detector=number(ds, "DistanceSourceToDetector"),
        distance_source_to_isocenter=number(ds, "DistanceSourceToPatient"),
        distance_source_to_entrance_surface=number(ds, "DistanceSourceToEntrance"),
        exposure_index=number(ds, "ExposureIndex"),
        target_exposure_index=number(ds, "TargetExposureIndex"),
        deviation_index=number(ds, "DeviationIndex"),
        relative_xray_exposure=number(ds, "RelativeXRayExposure"),
        sensitivity=number(ds, "Sensitivity"),
    )


def read_source(ds: Dataset) -> SourceObject:
    return SourceObject(
        sop_instance_uid=text(ds, "SOPInstanceUID", 64),
        sop_class_uid=text(ds, "SOPClassUID", 64),
        series_instance_uid=text(ds, "SeriesInstanceUID", 64),
    )
