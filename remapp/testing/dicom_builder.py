"""Synthetic radiation dose structured reports, written with pydicom only.

Builds valid CT (TID 10011) and projection (TID 10001: RF, DX, MG) RDSRs with chosen events, values,
units, time zones and empty NUMs, for tests of what the vendor corpus does not cover and for demo data.

    ds = ct_rdsr([CtEvent(ctdivol="12.5", dlp="400")], total_dlp="400")
    save(ds, tmp_path / "ct.dcm")
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.uid import ExplicitVRLittleEndian, generate_uid

RDSR_SOP_CLASS = "1.2.840.10008.5.1.4.1.1.88.67"
Concept = tuple[str, str, str]  # (code value, scheme, meaning)


def dcm(value: str, meaning: str) -> Concept:
    return value, "DCM", meaning


def code_item(concept: Concept) -> Dataset:
    item = Dataset()
    item.CodeValue, item.CodingSchemeDesignator, item.CodeMeaning = concept
    return item


def _item(value_type: str, concept: Concept, relationship: str = "CONTAINS") -> Dataset:
    item = Dataset()
    item.RelationshipType = relationship
    item.ValueType = value_type
    item.ConceptNameCodeSequence = [code_item(concept)]
    return item


def num(concept: Concept, value: str | None, unit: str) -> Dataset:
    """A NUM item; ``value`` None gives an empty MeasuredValueSequence (sent without a value)."""
    item = _item("NUM", concept)
    if value is None:
        item.MeasuredValueSequence = []
        return item
    measured = Dataset()
    measured.NumericValue = value
    measured.MeasurementUnitsCodeSequence = [code_item((unit, "UCUM", unit))]
    item.MeasuredValueSequence = [measured]
    return item


def code(concept: Concept, value: Concept, relationship: str = "CONTAINS") -> Dataset:
    item = _item("CODE", concept, relationship)
    item.ConceptCodeSequence = [code_item(value)]
    return item


def _valued(value_type: str, keyword: str, concept: Concept, value: str,
            relationship: str = "CONTAINS") -> Dataset:
    item = _item(value_type, concept, relationship)
    setattr(item, keyword, value)
    return item


def text(concept: Concept, value: str) -> Dataset:
    return _valued("TEXT", "TextValue", concept, value)


def datetime(concept: Concept, value: str) -> Dataset:
    return _valued("DATETIME", "DateTime", concept, value)


def uidref(concept: Concept, value: str, relationship: str = "CONTAINS") -> Dataset:
    return _valued("UIDREF", "UID", concept, value, relationship)


def pname(concept: Concept, value: str) -> Dataset:
    return _valued("PNAME", "PersonName", concept, value)


def container(concept: Concept, children: list[Dataset]) -> Dataset:
    item = _item("CONTAINER", concept)
    item.ContinuityOfContent = "SEPARATE"
    item.ContentSequence = children
    return item


# Concepts used below.
EVENT_UID = dcm("113769", "Irradiation Event UID")
DATETIME_STARTED = dcm("111526", "DateTime Started")
PROTOCOL = dcm("125203", "Acquisition Protocol")
PLANES = {"single": dcm("113622", "Single Plane"), "A": dcm("113620", "Plane A"), "B": dcm("113621", "Plane B")}
FLUOROSCOPY = ("P5-06000", "SRT", "Fluoroscopy")
STATIONARY = dcm("113611", "Stationary Acquisition")
DEVICE_TYPES = {"RF": dcm("113957", "Fluoroscopy-Guided Projection Radiography System"),
                "DX": dcm("113958", "Integrated Projection Radiography System"),
                "MG": dcm("113958", "Integrated Projection Radiography System")}
LATERALITY = ("G-C171", "SRT", "Laterality")
BREASTS = {"L": ("T-04030", "SRT", "Left breast"), "R": ("T-04020", "SRT", "Right breast")}


@dataclass
class CtEvent:
    protocol: str = "Chest"
    ctdivol: str | None = "10.5"
    dlp: str | None = "250.25"
    dlp_unit: str = "mGy.cm"
    exposure_time: str = "5.5"
    scanning_length: str = "300"
    sources: list[tuple[str, str, str]] = field(default_factory=lambda: [("A", "120", "200")])
    started: str = "20240102101700"
    uid: str = field(default_factory=generate_uid)


@dataclass
class ProjectionEvent:
    dap: str | None = "0.0000125"
    dap_unit: str = "Gy.m2"
    dose_rp: str | None = "0.0011"
    plane: str = "single"
    fluoro: bool = True
    kvp: list[str] = field(default_factory=lambda: ["70"])
    tube_current: list[str] = field(default_factory=lambda: ["12.5"])
    pulse_width: list[str] = field(default_factory=lambda: ["6"])
    agd: str | None = None
    breast: str | None = None
    protocol: str = "Abdomen"
    started: str = "20240102101700"
    duration: str | None = None  # Irradiation Duration [s]
    uid: str = field(default_factory=generate_uid)


def _ct_event(event: CtEvent) -> Dataset:
    sources = [container(dcm("113831", "CT X-Ray Source Parameters"), [
        text(dcm("113832", "Identification of the X-Ray Source"), ident),
        num(dcm("113733", "KVP"), kvp, "kV"), num(dcm("113734", "X-Ray Tube Current"), ma, "mA"),
        num(dcm("113833", "Maximum X-Ray Tube Current"), ma, "mA"),
        num(dcm("113834", "Exposure Time per Rotation"), "0.5", "s")]) for ident, kvp, ma in event.sources]
    parameters = container(dcm("113822", "CT Acquisition Parameters"), [
        num(dcm("113824", "Exposure Time"), event.exposure_time, "s"),
        num(dcm("113825", "Scanning Length"), event.scanning_length, "mm"),
        num(dcm("113823", "Number of X-Ray Sources"), str(len(event.sources)), "{X-Ray sources}"), *sources])
    dose = container(dcm("113829", "CT Dose"), [
        num(dcm("113830", "Mean CTDIvol"), event.ctdivol, "mGy"),
        code(dcm("113835", "CTDIw Phantom Type"), dcm("113691", "IEC Body Dosimetry Phantom")),
        num(dcm("113838", "DLP"), event.dlp, event.dlp_unit)])
    return container(dcm("113819", "CT Acquisition"), [
        text(PROTOCOL, event.protocol), code(dcm("123014", "Target Region"), ("T-D3000", "SRT", "Chest")),
        code(dcm("113820", "CT Acquisition Type"), ("P5-08001", "SRT", "Spiral Acquisition")),
        uidref(EVENT_UID, event.uid), datetime(DATETIME_STARTED, event.started), parameters, dose])


def _projection_event(event: ProjectionEvent) -> Dataset:
    items = [code(dcm("113764", "Acquisition Plane"), PLANES[event.plane]), uidref(EVENT_UID, event.uid),
             datetime(DATETIME_STARTED, event.started),
             code(dcm("113721", "Irradiation Event Type"), FLUOROSCOPY if event.fluoro else STATIONARY),
             text(PROTOCOL, event.protocol), num(dcm("122130", "Dose Area Product"), event.dap, event.dap_unit),
             num(dcm("113738", "Dose (RP)"), event.dose_rp, "Gy")]
    items += [num(dcm("113733", "KVP"), v, "kV") for v in event.kvp]
    items += [num(dcm("113734", "X-Ray Tube Current"), v, "mA") for v in event.tube_current]
    items += [num(dcm("113793", "Pulse Width"), v, "ms") for v in event.pulse_width]
    if event.duration is not None:
        items.append(num(dcm("113742", "Irradiation Duration"), event.duration, "s"))
    if event.agd is not None:
        items.append(num(dcm("111631", "Average Glandular Dose"), event.agd, "mGy"))
    if event.breast:
        items.append(code(LATERALITY, BREASTS[event.breast]))
    return container(dcm("113706", "Irradiation Event X-Ray Data"), items)


def _header(ds: Dataset, options: dict) -> None:
    ds.SOPClassUID = RDSR_SOP_CLASS
    ds.SOPInstanceUID = options.get("sop_uid") or generate_uid()
    ds.StudyInstanceUID = options.get("study_uid") or generate_uid()
    ds.SeriesInstanceUID = generate_uid()
    ds.Modality = "SR"
    ds.StudyDate, ds.StudyTime = options.get("study_date", "20240102"), options.get("study_time", "101500")
    ds.ContentDate, ds.ContentTime = ds.StudyDate, options.get("content_time", "103000")
    ds.AccessionNumber = options.get("accession", "ACC001")
    ds.StudyDescription = options.get("description", "Synthetic study")
    ds.PatientName = options.get("patient_name", "Doe^Jane")
    ds.PatientID = options.get("patient_id", "P0001")
    ds.PatientSex = "F"
    for keyword, key in (("PatientAge", "patient_age"), ("PatientBirthDate", "birth_date")):
        if options.get(key):
            setattr(ds, keyword, options[key])
    ds.Manufacturer = options.get("manufacturer", "Synthetic Medical")
    ds.ManufacturerModelName = options.get("model", "Builder 1")
    ds.StationName = options.get("station", "ROOM1")
    ds.InstitutionName = options.get("institution", "General Hospital")
    ds.ValueType, ds.ContinuityOfContent = "CONTAINER", "SEPARATE"
    ds.ConceptNameCodeSequence = [code_item(dcm("113701", "X-Ray Radiation Dose Report"))]
    if options.get("timezone_offset"):
        ds.TimezoneOffsetFromUTC = options["timezone_offset"]
    file_meta = FileMetaDataset()
    file_meta.MediaStorageSOPClassUID, file_meta.MediaStorageSOPInstanceUID = RDSR_SOP_CLASS, ds.SOPInstanceUID
    file_meta.TransferSyntaxUID = ExplicitVRLittleEndian
    ds.file_meta = file_meta


def _observer() -> list[Dataset]:
    return [code(dcm("121005", "Observer Type"), dcm("121007", "Device"), "HAS OBS CONTEXT"),
            uidref(dcm("121012", "Device Observer UID"), "1.2.3.4", "HAS OBS CONTEXT")]


def ct_rdsr(events: list[CtEvent], *, total_dlp: str | None = None, extra: list[Dataset] | None = None,
            **options) -> Dataset:
    """A CT RDSR with ``events``; ``options`` set header values (study_uid, patient_name, ...)."""
    ds = Dataset()
    _header(ds, options)
    accumulated = container(dcm("113811", "CT Accumulated Dose Data"), [
        num(dcm("113812", "Total Number of Irradiation Events"), str(len(events)), "{events}"),
        num(dcm("113813", "CT Dose Length Product Total"), total_dlp, "mGy.cm")])
    ds.ContentSequence = [
        code(dcm("121058", "Procedure reported"), ("P5-08000", "SRT", "Computed Tomography X-Ray"),
             "HAS CONCEPT MOD"), *_observer(),
        accumulated, *[_ct_event(e) for e in events], *(extra or [])]
    return ds


def projection_rdsr(events: list[ProjectionEvent], *, kind: str = "RF", totals: dict | None = None,
                    extra: list[Dataset] | None = None, **options) -> Dataset:
    """A projection RDSR; ``totals`` maps plane ('single', 'A', 'B') to accumulated values
    (dap, dap_unit, dose_rp, fluoro_time, agd_left, agd_right)."""
    ds = Dataset()
    _header(ds, options)
    procedure = ("P5-40010", "SRT", "Mammography") if kind == "MG" else dcm("113704", "Projection X-Ray")
    ds.ContentSequence = [
        code(dcm("121058", "Procedure reported"), procedure, "HAS CONCEPT MOD"), *_observer(),
        code(dcm("122142", "Acquisition Device Type"), DEVICE_TYPES[kind]),
        *[_accumulated(plane, values) for plane, values in (totals or {}).items()],
        *[_projection_event(e) for e in events], *(extra or [])]
    return ds


def _accumulated(plane: str, values: dict) -> Dataset:
    items = [code(dcm("113764", "Acquisition Plane"), PLANES[plane])]
    if "dap" in values:
        items.append(num(dcm("113722", "Dose Area Product Total"), values["dap"], values.get("dap_unit", "Gy.m2")))
    if "dose_rp" in values:
        items.append(num(dcm("113725", "Dose (RP) Total"), values["dose_rp"], "Gy"))
    if "fluoro_time" in values:
        items.append(num(dcm("113730", "Total Fluoro Time"), values["fluoro_time"], "s"))
    for side in ("L", "R"):
        if f"agd_{side}" in values:
            agd = num(dcm("111637", "Accumulated Average Glandular Dose"), values[f"agd_{side}"], "mGy")
            agd.ContentSequence = [code(LATERALITY, BREASTS[side])]
            items.append(agd)
    return container(dcm("113702", "Accumulated X-Ray Dose Data"), items)


def save(ds: Dataset, path: str | Path) -> Path:
    """Write ``ds`` as a DICOM Part 10 file."""
    path = Path(path)
    ds.save_as(path, enforce_file_format=True)
    return path
