"""Hostile and broken inputs, generated: bytes-level damage to any file, and header or content damage to
datasets built with the builders (remapp/testing/).

Each generator gives :class:`Case` objects: a name, the file's bytes, and what the importers must do with
it (docs/robustness.md): ``REFUSED`` (a reason, nothing stored), ``TOLERATED`` (imported; the bad value is
dropped or cleaned) or ``EITHER`` (refused, or imported exactly as the undamaged file would be).
"""

from __future__ import annotations

import copy
import struct
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from io import BytesIO

from pydicom.datadict import dictionary_VR, tag_for_keyword
from pydicom.dataelem import RawDataElement
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.filebase import DicomBytesIO
from pydicom.filewriter import write_dataset, write_file_meta_info
from pydicom.tag import Tag
from pydicom.uid import ExplicitVRLittleEndian, ImplicitVRLittleEndian

from remapp.testing import dicom_builder as b

REFUSED, TOLERATED, EITHER = "refused", "tolerated", "either"


@dataclass
class Case:
    name: str
    data: bytes
    expect: str
    check: Callable | None = None  # for TOLERATED: called with the stored study


def encode(ds: Dataset, *, implicit: bool = False, syntax: str | None = None) -> bytes:
    """``ds`` as Part 10 bytes: the body encoded ``implicit`` or explicit VR, the meta group claiming
    ``syntax`` (by default the one the body really uses)."""
    meta = copy.deepcopy(ds.file_meta) if "file_meta" in ds.__dict__ else FileMetaDataset()
    meta.MediaStorageSOPClassUID = _uid(ds, "SOPClassUID", "1.2.3")
    meta.MediaStorageSOPInstanceUID = _uid(ds, "SOPInstanceUID", "1.2.3.4")
    meta.TransferSyntaxUID = syntax or (ImplicitVRLittleEndian if implicit else ExplicitVRLittleEndian)
    out = DicomBytesIO()
    out.is_little_endian, out.is_implicit_VR = True, implicit
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(limit, 50_000))  # pydicom writes nested sequences recursively
    try:
        write_dataset(out, ds)
    finally:
        sys.setrecursionlimit(limit)
    head = BytesIO()
    head.write(b"\x00" * 128 + b"DICM")
    write_file_meta_info(head, meta, enforce_standard=True)
    return head.getvalue() + out.getvalue()


def _uid(ds: Dataset, keyword: str, default: str) -> str:
    """A UID for the meta group, whatever the (possibly damaged) dataset holds."""
    try:
        value = str(ds.get(keyword) or "")
    except Exception:  # noqa: BLE001 - a damaged value pydicom cannot convert
        value = ""
    return value if value and value.isascii() and len(value) <= 64 and value.isprintable() else default


# --- damage that applies to any file -----------------------------------------------------------------

def byte_cases(good: bytes) -> Iterator[Case]:
    yield Case("zero-byte", b"", REFUSED)
    yield Case("text", b"StudyInstanceUID,Height\n1.2.3,170\n", REFUSED)
    yield Case("preamble-only", good[:132], REFUSED)
    yield Case("wrong-magic", good[:128] + b"DICX" + good[132:], REFUSED)
    yield Case("no-preamble", good[132:], REFUSED)
    yield Case("all-0xff", b"\xff" * 4096, REFUSED)
    yield Case("random-garbage-after-meta", good[:300] + bytes(range(256)) * 8, REFUSED)


def truncations(good: bytes, pieces: int) -> Iterator[Case]:
    """``good`` cut at ``pieces`` evenly spaced offsets (past the meta group, where damage is subtle)."""
    step = max(1, len(good) // pieces)
    for offset in range(step, len(good), step):
        yield Case(f"truncated-at-{offset}", good[:offset], EITHER)


def vr_mismatch(ds: Dataset) -> Iterator[Case]:
    yield Case("explicit-meta-implicit-body", encode(ds, implicit=True, syntax=ExplicitVRLittleEndian), EITHER)
    yield Case("implicit-meta-explicit-body", encode(ds, implicit=False, syntax=ImplicitVRLittleEndian), EITHER)


# --- header damage (RDSRs and images alike) ----------------------------------------------------------

def _without(ds: Dataset, keyword: str) -> Dataset:
    damaged = copy.deepcopy(ds)
    delattr(damaged, keyword)
    return damaged


def _with(ds: Dataset, **values) -> Dataset:
    damaged = copy.deepcopy(ds)
    for keyword, value in values.items():
        setattr(damaged, keyword, value)
    return damaged


HUGE = "X" * 60_000  # beyond every column, within the 16-bit length of an explicit VR string
LATIN = "Müller Çé Åsa"
CHINESE = "胸部 腹部 常规"
JAPANESE = "山田^太郎 胸部"


def _description(expected: str) -> Callable:
    def check(study) -> None:
        assert study.study_description == expected, study.study_description
    return check


def _study_date_missing(study) -> None:
    assert study.study_date is None


def _description_cut(study) -> None:
    field = type(study)._meta.get_field("study_description")
    assert study.study_description == HUGE[:field.max_length]


def header_cases(ds: Dataset) -> Iterator[Case]:
    for keyword in ("StudyInstanceUID", "SOPInstanceUID"):
        yield Case(f"no-{keyword}", encode(_without(ds, keyword)), REFUSED)
        yield Case(f"empty-{keyword}", encode(_with(ds, **{keyword: ""})), REFUSED)
    for date in ("00000000", "20231341", "2023-13-41", "abcdefgh"):
        yield Case(f"study-date-{date}", encode(_with(ds, StudyDate=date, ContentDate=date)), TOLERATED,
                   _study_date_missing)
    yield Case("study-time-256161", encode(_with(ds, StudyTime="256161")), TOLERATED)
    yield Case("huge-strings", encode(_with(ds, StudyDescription=HUGE, Manufacturer=HUGE, StationName=HUGE,
                                            AccessionNumber=HUGE, PatientName=HUGE, PatientID=HUGE)),
               TOLERATED, _description_cut)
    yield Case("nul-in-strings", encode(_with(ds, StudyDescription="CT\x00Head", StationName="A\x00B")),
               TOLERATED, _description("CTHead"))
    yield Case("huge-uid", encode(_with(ds, StudyInstanceUID="1." * 5000)), EITHER)
    yield Case("age-and-size-garbage", encode(_with(ds, PatientAge="abcY", PatientSize="-1e400",
                                                    PatientWeight="NaN", PatientBirthDate="00000000")),
               TOLERATED)
    yield from charset_cases(ds)


def charset_cases(ds: Dataset) -> Iterator[Case]:
    for charset, value in (("ISO_IR 100", LATIN), ("ISO_IR 192", CHINESE + LATIN), ("GB18030", CHINESE),
                           (["", "ISO 2022 IR 87"], JAPANESE)):
        label = charset if isinstance(charset, str) else charset[1]
        yield Case(f"charset-{label}", encode(_with(ds, SpecificCharacterSet=charset, StudyDescription=value)),
                   TOLERATED, _description(value))
    latin = encode(_with(ds, SpecificCharacterSet="ISO_IR 100", StudyDescription=LATIN))
    # Mislabelled: Latin-1 bytes declared as UTF-8 (same length, so the file stays well formed) ...
    yield Case("latin1-labelled-utf8", latin.replace(b"ISO_IR 100", b"ISO_IR 192"), TOLERATED)
    # ... declared as plain ASCII, and under a name no standard defines.
    yield Case("latin1-labelled-ascii", latin.replace(b"ISO_IR 100", b"ISO_IR 6  "), TOLERATED)
    yield Case("unknown-charset", latin.replace(b"ISO_IR 100", b"ISO_IR 999"), TOLERATED)
    chinese = encode(_with(ds, SpecificCharacterSet="GB18030", StudyDescription=CHINESE))
    yield Case("gb18030-labelled-latin1", chinese.replace(b"GB18030", b"ISO_IR 100"[:7]), TOLERATED)


# --- SR content damage ---------------------------------------------------------------------------------

def _ct(**event) -> Dataset:
    return b.ct_rdsr([b.CtEvent(**event)], total_dlp="250.25")


NUMERIC_VALUE = 0x0040A30A


def with_number(text: bytes) -> bytes:
    """A CT report whose CTDIvol is ``text`` as sent, whatever pydicom would make of it."""
    ds = _ct(ctdivol="777.777")
    for item in ds.ContentSequence:
        for dose in (i for i in item.get("ContentSequence", []) if i.ConceptNameCodeSequence[0].CodeValue == "113829"):
            measured = dose.ContentSequence[0].MeasuredValueSequence[0]
            padded = text + b" " * (len(text) % 2)
            # A raw element is written as it is: no conversion, so no validation.
            measured._dict[Tag(NUMERIC_VALUE)] = RawDataElement(Tag(NUMERIC_VALUE), "DS", len(padded), padded,
                                                                0, False, True)
    return encode(ds)


def _ctdivol(expected) -> Callable:
    def check(study) -> None:
        from remapp.models import CtIrradiationEventData
        event = CtIrradiationEventData.objects.get(ct_radiation_dose__general_study_module_attributes=study)
        assert event.mean_ctdivol == expected, event.mean_ctdivol
    return check


NEST = ("NEST", "99ROBUST", "Nested container")
CONTENT_SEQUENCE = 0x0040A730
_ITEM, _ITEM_END, _SEQUENCE_END = b"\xfe\xff\x00\xe0\xff\xff\xff\xff", b"\xfe\xff\x0d\xe0\0\0\0\0", \
    b"\xfe\xff\xdd\xe0\0\0\0\0"
_CONTAINER = b"\x40\x00\x40\xa0CS\x0a\x00CONTAINER "
_SEQUENCE = b"\x40\x00\x30\xa7SQ\0\0\xff\xff\xff\xff"


def nested(depth: int) -> Dataset:
    """A container holding a container ... ``depth`` levels down (written as raw bytes: pydicom's own
    writer takes quadratic time over nesting)."""
    body = _CONTAINER
    for _ in range(depth - 1):
        body = _CONTAINER + _SEQUENCE + _ITEM + body + _ITEM_END + _SEQUENCE_END
    sequence = _ITEM + body + _ITEM_END + _SEQUENCE_END
    outer = b.container(NEST, [])
    outer._dict[Tag(CONTENT_SEQUENCE)] = RawDataElement(Tag(CONTENT_SEQUENCE), "SQ", 0xFFFFFFFF, sequence, 0,
                                                        False, True)
    return outer


def content_cases() -> Iterator[Case]:
    base = _ct()
    yield Case("no-content-sequence", encode(_without(base, "ContentSequence")), REFUSED)
    yield Case("empty-content-sequence", encode(_with(base, ContentSequence=[])), REFUSED)
    yield Case("not-sr-modality", encode(_with(base, Modality="CT")), REFUSED)
    yield Case("wrong-document-title", encode(_with(base, ConceptNameCodeSequence=[
        b.code_item(b.dcm("126000", "Imaging Measurement Report"))])), REFUSED)
    yield Case("no-document-title", encode(_without(base, "ConceptNameCodeSequence")), REFUSED)
    from decimal import Decimal
    for label, value, stored in (("abc", b"abc", None), ("nan", b"NaN", None), ("infinity", b"Infinity", None),
                                 ("minus-inf", b"-inf", None), ("negative", b"-12.5", Decimal("-12.5")),
                                 ("too-large", b"1E+30", None), ("empty", b"", None),
                                 ("comma-decimal", b"12,5", None), ("binary", b"\xff\xfe\x00\x01", None),
                                 ("too-precise", b"1.0000000000001", Decimal("1.000000000000"))):
        yield Case(f"ctdivol-{label}", with_number(value), TOLERATED, _ctdivol(stored))
    yield Case("dlp-unknown-unit", encode(_ct(dlp_unit="furlong")), TOLERATED)
    yield Case("event-started-20231341", encode(_ct(started="20231341250000")), TOLERATED)
    yield Case("event-started-00000000", encode(_ct(started="00000000")), TOLERATED)
    yield Case("huge-protocol", encode(_ct(protocol=HUGE)), TOLERATED)
    yield Case("huge-code-value-and-meaning", encode(b.ct_rdsr([b.CtEvent()], extra=[
        b.code(b.dcm("123014", "Target Region"), ("C" * 200, "SCT", "M" * 20_000))])), TOLERATED)
    yield Case("nul-in-protocol-and-code", encode(b.ct_rdsr([b.CtEvent(protocol="Chest\x00Abdo")], extra=[
        b.code(b.dcm("123014", "Target Region"), ("T-\x00D3000", "SRT", "Ch\x00est"))])), TOLERATED)
    yield Case("event-uid-huge", encode(_ct(uid="9" * 300)), TOLERATED)
    cycle = b.text(b.PROTOCOL, "refers back")
    cycle.RelationshipType = "INFERRED FROM"
    cycle.ReferencedContentItemIdentifier = [1, 1]  # by-reference: points at the document root
    del cycle.ValueType
    yield Case("by-reference-cycle", encode(b.ct_rdsr([b.CtEvent()], extra=[cycle])), TOLERATED)
    yield Case("depth-50", encode(b.ct_rdsr([b.CtEvent()], extra=[nested(50)])), TOLERATED)
    yield Case("depth-3000", encode(b.ct_rdsr([b.CtEvent()], extra=[nested(3000)])), REFUSED)
    no_value_type = _ct()
    for item in no_value_type.ContentSequence:
        if "ValueType" in item:
            del item.ValueType
    yield Case("no-value-types", encode(no_value_type), TOLERATED)
    no_names = _ct()
    for item in no_names.ContentSequence:
        del item.ConceptNameCodeSequence
    yield Case("no-concept-names", encode(no_names), REFUSED)
    pieces = _ct()
    pieces.ContentSequence[0].ConceptCodeSequence = []  # CODE without its value
    yield Case("code-without-value", encode(pieces), TOLERATED)


def rdsr_cases(pieces: int = 40) -> Iterator[Case]:
    """Every hostile case for the RDSR importer built from the builder (vendor truncations come apart)."""
    base = _ct()
    good = encode(base)
    yield from byte_cases(good)
    yield from truncations(good, pieces)
    yield from vr_mismatch(base)
    yield from header_cases(base)
    yield from content_cases()


# --- image headers ----------------------------------------------------------------------------------

def image_value_cases(ds: Dataset, dose_keywords: tuple[str, ...]) -> Iterator[Case]:
    """Dose attributes of an image header missing, garbled, negative, not finite or out of range."""
    for keyword in dose_keywords:
        if keyword not in ds:
            continue
        expect = EITHER if keyword.endswith("Sequence") else TOLERATED
        yield Case(f"no-{keyword}", encode(_without(ds, keyword)), expect)
        if dictionary_VR(keyword) == "SQ":
            continue
        for label, value in (("abc", b"abc"), ("nan", b"NaN"), ("inf", b"-Infinity"), ("negative", b"-3.5"),
                             ("too-large", b"1E+30"), ("binary", b"\xff\x00\xfe\x01")):
            yield Case(f"{keyword}-{label}", raw_value(ds, keyword, value), TOLERATED)
    yield Case("sequence-where-number-expected", raw_value(ds, "KVP", b"\xfe\xff\x00\xe0"), TOLERATED)


def raw_value(ds: Dataset, keyword: str, value: bytes) -> bytes:
    """``ds`` encoded with the top-level string attribute ``keyword`` holding ``value`` byte for byte
    (pydicom would refuse to write most hostile values, so a placeholder is swapped in the bytes)."""
    tag = Tag(tag_for_keyword(keyword))
    vr = dictionary_VR(tag).encode()
    data = encode(_with(ds, **{keyword: "97531"}))
    prefix = struct.pack("<HH", tag.group, tag.element) + vr
    old = prefix + struct.pack("<H", 6) + b"97531 "
    assert data.count(old) == 1, keyword
    padded = value + b" " * (len(value) % 2)
    return data.replace(old, prefix + struct.pack("<H", len(padded)) + padded)


def image_cases(ds: Dataset, dose_keywords: tuple[str, ...], other_modality: str, pieces: int = 30) -> Iterator[Case]:
    """Every hostile case for an image importer, built from the header ``ds``."""
    good = encode(ds)
    yield from byte_cases(good)
    yield from truncations(good, pieces)
    yield from vr_mismatch(ds)
    yield from header_cases(ds)
    yield from image_value_cases(ds, dose_keywords)
    yield Case("other-modality", encode(_with(ds, Modality=other_modality)), REFUSED)
    yield Case("dose-report-given-to-image-importer", encode(_ct()), REFUSED)


def pydicom_study_uid(path) -> str:
    from pydicom import dcmread

    return str(dcmread(path, stop_before_pixels=True, specific_tags=["StudyInstanceUID"]).StudyInstanceUID)
