"""Synthetic mammography and radiography image headers, for tests of what the vendor corpus does not
cover and for demo data. Headers only (no pixel data): the image importers never read pixels. Every
attribute can be overridden or removed (``None``) per image.

    ds = image(MG_DEFAULTS, study_uid, ImageLaterality="L", OrganDose="0.012")
    write(ds, tmp_path, "left.dcm")
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.uid import ExplicitVRLittleEndian, generate_uid

from .dicom_builder import save

MG_FOR_PROCESSING = "1.2.840.10008.5.1.4.1.1.1.2.1"
MG_FOR_PRESENTATION = "1.2.840.10008.5.1.4.1.1.1.2"
DX_FOR_PRESENTATION = "1.2.840.10008.5.1.4.1.1.1.1"

MG_DEFAULTS: dict[str, Any] = {
    "Modality": "MG", "SOPClassUID": MG_FOR_PROCESSING, "Manufacturer": "Synthetic Mammo",
    "StationName": "MAMMO1", "StudyDate": "20240102", "StudyTime": "090000", "AccessionNumber": "ACC-MG-1",
    "AcquisitionDate": "20240102", "AcquisitionTime": "090100", "PatientName": "Doe^Jane",
    "PatientID": "P123", "PatientBirthDate": "19700102", "PatientSex": "F", "KVP": "29",
    "ExposureInuAs": "80000", "ExposureTime": "1000", "XRayTubeCurrent": "80", "AnodeTargetMaterial": "TUNGSTEN",
    "FilterMaterial": "SILVER", "BodyPartThickness": "45", "CompressionForce": "90", "ImageLaterality": "R",
    "ViewPosition": "MLO", "OrganDose": "0.0150", "OrganExposed": "BREAST", "EntranceDoseInmGy": "5.5",
}
DX_DEFAULTS: dict[str, Any] = {
    "Modality": "DX", "SOPClassUID": DX_FOR_PRESENTATION, "Manufacturer": "Synthetic DR",
    "StationName": "DR1", "StudyDate": "20240103", "StudyTime": "100000", "AccessionNumber": "ACC-DX-1",
    "AcquisitionDate": "20240103", "AcquisitionTime": "100100", "PatientName": "Doe^John",
    "PatientID": "P456", "PatientAge": "040Y", "PatientSex": "M", "KVP": "81", "Exposure": "4",
    "ExposureTime": "12", "XRayTubeCurrent": "320", "ImageAndFluoroscopyAreaDoseProduct": "25",
    "BodyPartExamined": "CHEST", "ViewPosition": "PA", "ExposureIndex": "400", "TargetExposureIndex": "500",
    "DeviationIndex": "-1.0",
}


def image(defaults: dict[str, Any], study_uid: str, **attributes: Any) -> Dataset:
    """A header with ``defaults`` overridden by ``attributes`` (a value of None removes the attribute)."""
    ds = Dataset()
    ds.StudyInstanceUID = study_uid
    ds.SeriesInstanceUID = generate_uid()
    ds.SOPInstanceUID = generate_uid()
    for keyword, value in {**defaults, **attributes}.items():
        if value is None:
            if keyword in ds:
                delattr(ds, keyword)
        else:
            setattr(ds, keyword, value)
    return ds


def derived_from(source: Dataset, **attributes: Any) -> Dataset:
    """A For Presentation image made from ``source``: same exposure, new SOP instance, source named."""
    ds = image({}, source.StudyInstanceUID, **{el.keyword: el.value for el in source if el.keyword})
    ds.SOPInstanceUID = generate_uid()
    ds.SOPClassUID = MG_FOR_PRESENTATION
    reference = Dataset()
    reference.ReferencedSOPClassUID = source.SOPClassUID
    reference.ReferencedSOPInstanceUID = source.SOPInstanceUID
    ds.SourceImageSequence = [reference]
    for keyword, value in attributes.items():
        setattr(ds, keyword, value)
    return ds


def write(ds: Dataset, folder: Path, name: str) -> Path:
    """``ds`` as a Part 10 file ``folder/name`` (file meta made to match)."""
    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = ds.SOPClassUID
    meta.MediaStorageSOPInstanceUID = ds.SOPInstanceUID
    meta.TransferSyntaxUID = ExplicitVRLittleEndian
    ds.file_meta = meta
    return save(ds, folder / name)


def study_uid_of(path: Path) -> str:
    """The Study Instance UID of a file (to build other objects of the same study)."""
    from pydicom import dcmread

    return dcmread(path, stop_before_pixels=True, specific_tags=["StudyInstanceUID"]).StudyInstanceUID
