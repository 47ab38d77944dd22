"""Radiation Dose Structured Reports (and GE Enhanced SRs carrying the same templates).

``rdsr(filename)`` is the seed's entry point: read the file, refuse what is not a dose report, map the
content tree to an in-memory study, hand it to the writer.
"""

from __future__ import annotations

import datetime as dt
import os
import struct
from pathlib import Path

import pydicom
from django.conf import settings
from pydicom.dataelem import RawDataElement
from pydicom.dataset import Dataset

from remapp.dicom.lean import Malformed, read_sr
from remapp.dicom.sr import Node, parse_content
from remapp.importing import ImportResult, Refused, Status, StudyImport, import_study
from remapp.models import SourceKind

from . import header
from .mapping import Context
from .modality import is_dose_report, modality
from .rdsr_ct import read_ct
from .rdsr_projection import read_projection

SR_MODALITY = "SR"


def rdsr(filename: str | os.PathLike) -> ImportResult:
    """Import one RDSR file. Never raises for a bad file: the result says refused and why."""
    name = str(filename)
    try:
        study = build_study(name)
    except Refused as reason:
        return ImportResult(name, Status.REFUSED, str(reason))
    except Exception as error:  # noqa: BLE001 - content no rule foresaw: refuse the file, keep the batch
        return ImportResult(name, Status.REFUSED, f"could not read the report ({type(error).__name__}: {error})")
    return import_study(study)


def _check_file(name: str) -> None:
    """Refused unless ``name`` is a non-empty file."""
    path = Path(name)
    if not path.is_file():
        raise Refused("no such file")
    if path.stat().st_size == 0:
        raise Refused("empty file (zero bytes)")


def read_dataset(name: str, *, headers_only: bool = False) -> Dataset:
    """The file as a pydicom dataset, or Refused with the reason it cannot be read.

    ``headers_only``: stop before the pixel data (image-header imports: a mammogram's pixels are tens of
    megabytes that would be read for nothing)."""
    _check_file(name)
    path = Path(name)
    try:
        ds = pydicom.dcmread(path, stop_before_pixels=headers_only)
    except Exception as error:  # noqa: BLE001 - pydicom raises a dozen kinds (struct.error, its own ...)
        raise Refused(f"not a readable DICOM file ({type(error).__name__}: {error})") from error
    _refuse_truncated(ds)
    return ds


_UNDEFINED_LENGTH = 0xFFFFFFFF


def _refuse_truncated(ds: Dataset) -> None:
    """pydicom reads a cut-off file without complaint, handing back whatever it found: a short last
    value, or an undefined-length sequence without its delimiter. Importing that would store a partial
    report as if it were whole."""
    for element in ds._dict.values():
        if not isinstance(element, RawDataElement) or not isinstance(element.value, bytes):
            continue
        if element.length != _UNDEFINED_LENGTH and len(element.value) < element.length:
            raise Refused(f"truncated file: element {element.tag} holds {len(element.value)} of "
                          f"{element.length} bytes")


def read_report(name: str) -> tuple[Dataset, Node]:
    """Header dataset and content tree of an SR file: the lean reader for the usual little-endian files
    (remapp.dicom.lean), pydicom for anything else. Refused when it is not a readable SR."""
    _check_file(name)
    try:
        lean = read_sr(name)
    except Malformed as error:
        raise Refused(f"truncated or corrupt file ({error})") from error
    except (ValueError, LookupError, struct.error):
        lean = None  # something the lean reader does not handle: let pydicom judge the file
    if lean is None:
        ds = read_dataset(name)
        root = _pydicom_content(ds) if "ContentSequence" in ds else None
    else:
        ds, root = lean
    modality_sent = str(ds.get("Modality", SR_MODALITY)).upper()
    if modality_sent != SR_MODALITY:
        raise Refused(f"not a structured report (modality {modality_sent})")
    if root is None:
        raise Refused(f"not a radiation dose report (document title {_title(ds)}, no content)")
    return ds, root


def _title(ds: Dataset) -> str:
    """The document title of an SR as 'scheme value meaning', for messages."""
    try:
        code = ds.ConceptNameCodeSequence[0]
        return f"{code.CodingSchemeDesignator} {code.CodeValue} '{code.CodeMeaning}'"
    except (AttributeError, IndexError, KeyError, TypeError):
        return "missing"


def _pydicom_content(ds: Dataset) -> Node:
    try:
        return parse_content(ds)
    except Exception as error:  # noqa: BLE001 - truncated or corrupt content, whatever pydicom raises
        raise Refused(f"unreadable SR content ({type(error).__name__}: {error})") from error


def _dose_report(root: Node) -> Node:
    if not is_dose_report(root):
        raise Refused(f"not a radiation dose report (document title {root.concept or 'missing'})")
    return root


def build_study(name: str, zone: str | dt.tzinfo | None = None) -> StudyImport:
    """The in-memory study of one RDSR file (nothing stored); Refused if it is not one."""
    ds, root = read_report(name)
    root = _dose_report(root)
    study_uid = header.text(ds, "StudyInstanceUID", 64)
    sop_uid = header.text(ds, "SOPInstanceUID", 64)
    if not study_uid or not sop_uid:
        raise Refused("no Study Instance UID or SOP Instance UID")
    zone = zone or settings.TIME_ZONE
    ctx = Context(zone=zone)
    kind = modality(root)
    dose = read_ct(root, ctx) if kind == "CT" else read_projection(root, ctx, integrated=kind == "DX")
    return StudyImport(
        study_instance_uid=study_uid, sop_instance_uid=sop_uid, source_kind=SourceKind.RDSR, modality=kind,
        study=header.study_values(ds, zone), patient=header.patient_values(ds),
        patient_study=header.patient_study_values(ds), equipment=header.equipment_values(ds), dose=dose,
        sop_class_uid=header.text(ds, "SOPClassUID", 64),
        series_instance_uid=header.text(ds, "SeriesInstanceUID", 64), file_name=name,
        content_datetime=header.content_datetime(ds, zone), warnings=ctx.warnings,
    )
