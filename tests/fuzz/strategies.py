"""Hypothesis strategies: random SR content trees made of the concepts our readers look for, and
mutations of whole datasets and files."""

from __future__ import annotations

import copy

from hypothesis import strategies as st
from pydicom.dataelem import RawDataElement
from pydicom.dataset import Dataset
from pydicom.sequence import Sequence
from pydicom.tag import Tag

from remapp.dicom import codes as concept_table
from remapp.dicom import sr

# Every concept a template reader searches for, plus a few nobody knows.
CONCEPTS = sorted({value for value in vars(concept_table).values()
                   if isinstance(value, tuple) and len(value) == 2 and all(isinstance(v, str) for v in value)})
CONCEPTS += [("DCM", "999999"), ("99PRIVATE", "X"), ("", ""), ("SRT", "G-C171"), ("SCT", "260686004")]
VALUE_TYPES = ["NUM", "CODE", "TEXT", "UIDREF", "DATETIME", "DATE", "TIME", "PNAME", "CONTAINER", "", "XYZ",
               "num"]
UNITS = ["mGy", "Gy", "mGy.cm", "mGycm", "Gy.m2", "Gym2", "dGy.cm2", "cGy.cm2", "uGy.m2", "s", "ms", "min", "kV",
         "mA", "mAs", "uA.s", "mm", "cm", "m", "{pulse}/s", "1", "%", "", "furlong", "\xff"]
NUMBERS = st.one_of(
    st.decimals(allow_nan=True, allow_infinity=True).map(lambda d: str(d).encode()),
    st.floats().map(lambda f: repr(f).encode()),
    st.integers(min_value=-10**40, max_value=10**40).map(lambda i: str(i).encode()),
    st.sampled_from([b"", b" ", b"abc", b"1e400", b"-0", b"1.5/2.5", b"1\\2\\3", b"12,5", b"\x00", b"NaN"]),
    st.binary(max_size=20),
)
TEXTS = st.one_of(st.text(max_size=80), st.sampled_from(["", "X" * 5000, "Müller", "胸部", "\x00\x1b$B"]))


def raw(tag: int, vr: str, value: bytes) -> RawDataElement:
    """A raw element: written byte for byte, so hostile values pass pydicom's writer unconverted."""
    padded = value + (b" " if len(value) % 2 else b"")
    return RawDataElement(Tag(tag), vr, len(padded), padded, 0, False, True)


def code_item(draw, concept: tuple[str, str]) -> Dataset:
    item = Dataset()
    scheme, value = concept
    if draw(st.booleans()) or value:
        item._dict[Tag(sr.CODE_VALUE)] = raw(sr.CODE_VALUE, "SH", value.encode("latin-1", "replace"))
    if draw(st.integers(0, 9)):  # now and then the scheme is missing
        item._dict[Tag(sr.CODING_SCHEME_DESIGNATOR)] = raw(sr.CODING_SCHEME_DESIGNATOR, "SH", scheme.encode())
    item._dict[Tag(sr.CODE_MEANING)] = raw(sr.CODE_MEANING, "LO", draw(TEXTS).encode("utf-8")[:200])
    return item


@st.composite
def leaf(draw) -> Dataset:
    item = Dataset()
    value_type = draw(st.sampled_from(VALUE_TYPES))
    if value_type:
        item._dict[Tag(sr.VALUE_TYPE)] = raw(sr.VALUE_TYPE, "CS", value_type.encode())
    item._dict[Tag(sr.RELATIONSHIP_TYPE)] = raw(sr.RELATIONSHIP_TYPE, "CS",
                                                draw(st.sampled_from([b"CONTAINS", b"HAS CONCEPT MOD", b""])))
    if draw(st.integers(0, 19)):
        item.ConceptNameCodeSequence = [code_item(draw, draw(st.sampled_from(CONCEPTS)))]
    kind = value_type.upper()
    if kind == "NUM" and draw(st.integers(0, 9)):
        measured = Dataset()
        if draw(st.integers(0, 9)):
            measured._dict[Tag(sr.NUMERIC_VALUE)] = raw(sr.NUMERIC_VALUE, "DS", draw(NUMBERS))
        if draw(st.integers(0, 9)):
            measured.MeasurementUnitsCodeSequence = [code_item(draw, ("UCUM", draw(st.sampled_from(UNITS))))]
        item.MeasuredValueSequence = [measured] if draw(st.integers(0, 9)) else []
    elif kind == "CODE" and draw(st.integers(0, 9)):
        item.ConceptCodeSequence = [code_item(draw, draw(st.sampled_from(CONCEPTS)))]
    elif kind in ("TEXT", "PNAME"):
        tag = sr.TEXT_VALUE if kind == "TEXT" else sr.PERSON_NAME
        item._dict[Tag(tag)] = raw(tag, "UT" if kind == "TEXT" else "PN", draw(TEXTS).encode("utf-8"))
    elif kind in ("UIDREF", "DATETIME", "DATE", "TIME"):
        tag = {"UIDREF": sr.UID, "DATETIME": sr.DATETIME, "DATE": sr.DATE, "TIME": sr.TIME}[kind]
        item._dict[Tag(tag)] = raw(tag, "UI" if kind == "UIDREF" else "LO",
                                   draw(st.one_of(st.binary(max_size=30), st.sampled_from(
                                       [b"20231341250000", b"00000000", b"20240102101700.123+0100", b"1.2.3"]))))
    return item


def _with_children(parts: tuple[Dataset, list[Dataset]]) -> Dataset:
    item, children = parts
    item.ContentSequence = Sequence(children)
    return item


# Trees up to a few levels deep and a few dozen items (within the walker's depth limit).
trees = st.recursive(leaf(), lambda children: st.tuples(leaf(), st.lists(children, max_size=6)).map(_with_children),
                     max_leaves=40)


def mutations(max_changes: int = 6):
    """A list of (operation, position, value) to apply to a file's bytes."""
    return st.lists(st.tuples(st.sampled_from(["flip", "delete", "insert", "zero", "cut"]),
                              st.floats(min_value=0, max_value=1, exclude_max=True),
                              st.binary(min_size=1, max_size=8)), min_size=1, max_size=max_changes)


def mutate_bytes(data: bytes, changes) -> bytes:
    buf = bytearray(data)
    for operation, where, value in changes:
        if not buf:
            break
        pos = int(where * len(buf))
        if operation == "flip":
            buf[pos] ^= value[0] or 0xFF
        elif operation == "delete":
            del buf[pos:pos + len(value)]
        elif operation == "insert":
            buf[pos:pos] = value
        elif operation == "zero":
            buf[pos:pos + len(value)] = bytes(len(buf[pos:pos + len(value)]))
        else:
            del buf[pos:]
    return bytes(buf)


def all_items(ds: Dataset) -> list[tuple[Dataset, int]]:
    """(dataset, tag) of every element below ``ds``, nested sequences included."""
    found = []
    for tag, element in list(ds._dict.items()):
        found.append((ds, tag))
        if element.VR == "SQ":
            for item in ds[tag].value:
                found.extend(all_items(item))
    return found


@st.composite
def damaged_dataset(draw, ds: Dataset) -> Dataset:
    """``ds`` with a few elements (anywhere, nested ones included) deleted or given random bytes."""
    damaged = copy.deepcopy(ds)
    places = all_items(damaged)
    for _ in range(draw(st.integers(1, 4))):
        owner, tag = draw(st.sampled_from(places))
        if tag not in owner:
            continue
        vr = owner._dict[tag].VR or "UN"
        if draw(st.booleans()) or vr == "SQ":
            del owner[tag]
        else:
            owner._dict[tag] = raw(tag, vr, draw(st.binary(max_size=24)))
    return damaged
