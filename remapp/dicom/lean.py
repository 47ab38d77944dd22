"""A lean reader for SR files: the content tree straight from the file's bytes.

pydicom's ``dcmread`` parses every undefined-length sequence of the file up front, and its lazy
conversion of each nested element costs several microseconds; a 15,000-item fluoroscopy report took
seconds. This reader walks the bytes once with precompiled structs, keeps each content item as a plain
dict (tag -> bytes, or a list of item dicts for a sequence) and hands them to the same node builder as
the pydicom path (:class:`remapp.dicom.sr.Builder`). Header attributes go into a pydicom Dataset as raw
elements, so reading them stays pydicom's job (character sets, VRs) and costs only what is read.

Little-endian transfer syntaxes only (explicit and implicit VR, which is every SR met so far); for
anything else :func:`read_sr` returns None and the caller falls back to pydicom.
"""

from __future__ import annotations

import struct
from functools import lru_cache
from pathlib import Path

from pydicom.charset import TEXT_VR_DELIMS, convert_encodings, decode_bytes
from pydicom.datadict import dictionary_VR
from pydicom.dataelem import RawDataElement
from pydicom.dataset import Dataset
from pydicom.tag import Tag

from .sr import CONTENT_SEQUENCE, Builder, ItemReader, Node

EXPLICIT_LITTLE = "1.2.840.10008.1.2.1"
IMPLICIT_LITTLE = "1.2.840.10008.1.2"
ITEM, ITEM_END, SEQUENCE_END = 0xFFFEE000, 0xFFFEE00D, 0xFFFEE0DD
UNDEFINED = 0xFFFFFFFF
SPECIFIC_CHARACTER_SET = 0x00080005
TRANSFER_SYNTAX_UID = 0x00020010
PIXEL_DATA = 0x7FE00010
_LONG_VRS = frozenset({b"OB", b"OD", b"OF", b"OL", b"OV", b"OW", b"SQ", b"SV", b"UC", b"UN", b"UR", b"UT", b"UV"})
_TAG = struct.Struct("<HH")
_SHORT = struct.Struct("<HH2sH")  # explicit VR element header: group, element, VR, 16-bit length
_ITEM = struct.Struct("<HHI")  # item or delimiter: group, element, 32-bit length
_U16 = struct.Struct("<H")
_U32 = struct.Struct("<I")

Item = dict[int, object]
_PADDING = " \x00\r\n\t\x0b\x0c"


class Malformed(ValueError):
    """The file's structure cannot be a dose report (read_report refuses it with this message)."""


class Truncated(Malformed):
    """The file ends inside an element, item or sequence."""


# Real dose reports nest content a dozen levels deep at most; a file nesting hundreds of sequences is
# hostile, and reading it recursively would exhaust the stack.
MAX_DEPTH = 64


@lru_cache(maxsize=4096)
def _is_sequence(tag: int) -> bool:
    """For implicit VR: whether the data dictionary says ``tag`` is a sequence."""
    try:
        return dictionary_VR(tag) == "SQ"
    except KeyError:
        return False


class _Parser:
    def __init__(self, buf: bytes, implicit: bool) -> None:
        self.buf = buf
        self.size = len(buf)
        self.implicit = implicit
        self.depth = 0

    def header(self, pos: int) -> tuple[int, bytes | None, int, int]:
        """(tag, VR or None, length, position of the value) of the element at ``pos``."""
        if pos + 8 > self.size:
            raise Truncated(f"file ends inside an element header at byte {pos}")
        group, element = _TAG.unpack_from(self.buf, pos)
        tag = group << 16 | element
        if self.implicit or group == 0xFFFE:
            return tag, None, _U32.unpack_from(self.buf, pos + 4)[0], pos + 8
        vr = self.buf[pos + 4:pos + 6]
        if vr in _LONG_VRS:
            if pos + 12 > self.size:
                raise Truncated(f"file ends inside an element header at byte {pos}")
            return tag, vr, _U32.unpack_from(self.buf, pos + 8)[0], pos + 12
        return tag, vr, _U16.unpack_from(self.buf, pos + 6)[0], pos + 8

    def is_sequence(self, tag: int, vr: bytes | None, length: int) -> bool:
        if vr is not None:
            # UN of undefined length: a sequence whose VR the sender did not know (encoded implicit VR).
            return vr == b"SQ" or (vr == b"UN" and length == UNDEFINED)
        return _is_sequence(tag) or (length == UNDEFINED and tag & 0x10000 == 0x10000)

    def dataset(self, pos: int, end: int, until_item_end: bool) -> tuple[Item, int]:
        """The elements from ``pos`` up to ``end`` (or to an item delimiter)."""
        # For explicit VR little endian, the usual case, the element header is read inline: this loop
        # runs once per element of the report (about 100,000 for the largest).
        item: Item = {}
        buf, size, implicit = self.buf, self.size, self.implicit
        short, long_length, long_vrs = _SHORT.unpack_from, _U32.unpack_from, _LONG_VRS
        while pos < end:
            if implicit:
                tag, vr, length, pos = self.header(pos)
                if tag == ITEM_END:
                    return item, pos
                sequence = self.is_sequence(tag, vr, length)
            else:
                if pos + 8 > size:
                    raise Truncated(f"file ends inside an element header at byte {pos}")
                group, element, vr, length = short(buf, pos)
                if group == 0xFFFE:
                    if element == 0xE00D:
                        return item, pos + 8
                    raise Truncated(f"unexpected delimiter at byte {pos}")
                tag = group << 16 | element
                if vr in long_vrs:
                    length = long_length(buf, pos + 8)[0]
                    pos += 12
                else:
                    pos += 8
                sequence = vr == b"SQ" or (vr == b"UN" and length == UNDEFINED)
            if sequence:
                item[tag], pos = self.sequence_of(vr, pos, length)
                continue
            if length == UNDEFINED or pos + length > size:
                raise Truncated(f"file ends inside element {tag:08X}")
            item[tag] = buf[pos:pos + length]
            pos += length
        if until_item_end:
            raise Truncated("file ends inside an item")
        return item, pos

    def sequence_of(self, vr: bytes | None, pos: int, length: int) -> tuple[list[Item], int]:
        if vr == b"UN":
            # The standard says implicit VR; some writers keep the explicit VR of the rest of the file.
            for implicit in (True, False):
                parser = _Parser(self.buf, implicit=implicit)
                parser.depth = self.depth
                try:
                    return parser.sequence(pos, length)
                except Truncated:
                    if not implicit:
                        raise
            raise AssertionError("unreachable")
        return self.sequence(pos, length)

    def sequence(self, pos: int, length: int) -> tuple[list[Item], int]:
        """The items of a sequence whose value starts at ``pos``."""
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise Malformed(f"sequences nested more than {MAX_DEPTH} levels deep")
        try:
            return self._items(pos, length)
        finally:
            self.depth -= 1

    def _items(self, pos: int, length: int) -> tuple[list[Item], int]:
        items: list[Item] = []
        end = self.size if length == UNDEFINED else pos + length
        if end > self.size:
            raise Truncated("file ends inside a sequence")
        item_header = _ITEM.unpack_from
        while pos < end:
            if pos + 8 > self.size:
                raise Truncated("file ends inside a sequence")
            group, element, item_length = item_header(self.buf, pos)
            pos += 8
            if group != 0xFFFE or element not in (0xE000, 0xE0DD):
                raise Truncated(f"expected a sequence item at byte {pos - 8}")
            if element == 0xE0DD:
                return items, pos
            if item_length == UNDEFINED:
                item, pos = self.dataset(pos, self.size, True)
            else:
                item, _ = self.dataset(pos, pos + item_length, False)
                pos += item_length
            items.append(item)
        if length == UNDEFINED:
            raise Truncated("file ends inside a sequence")
        return items, pos


_ASCII: dict[bytes, str] = {}


class DictReader(ItemReader):
    """Content items held as dicts of raw bytes."""

    def __init__(self, encodings: list[str]) -> None:
        self.encodings = encodings

    def ascii(self, item: Item, tag: int) -> str:
        value = item.get(tag)
        if value.__class__ is not bytes:
            return ""
        # Code values, schemes, value types and units repeat thousands of times in a large report.
        text = _ASCII.get(value)
        if text is None:
            text = value.decode("latin-1").strip(" \x00")
            if len(_ASCII) < 65_536:
                _ASCII[value] = text
        return text

    def text(self, item: Item, tag: int) -> str:
        value = item.get(tag)
        if not isinstance(value, bytes):
            return ""
        # Stripped like the pydicom path: whitespace (including line ends) and NUL padding.
        if value.isascii():
            return value.decode("ascii").strip(_PADDING)
        return decode_bytes(value, self.encodings, TEXT_VR_DELIMS).strip(_PADDING)

    def sequence(self, item: Item, tag: int) -> list:
        value = item.get(tag)
        return value if isinstance(value, list) else []

    def has(self, item: Item, tag: int) -> bool:
        return tag in item

    def raw_number(self, item: Item, tag: int) -> object:
        return item.get(tag)


def _meta(buf: bytes) -> tuple[str, int] | None:
    """(transfer syntax UID, position after the meta group) of a Part 10 file, or None."""
    if len(buf) < 132 or buf[128:132] != b"DICM":
        return None
    parser = _Parser(buf, implicit=False)
    pos, syntax = 132, ""
    while pos + 8 <= len(buf) and _U16.unpack_from(buf, pos)[0] == 0x0002:
        tag, _, length, value = parser.header(pos)
        if tag == TRANSFER_SYNTAX_UID:
            syntax = buf[value:value + length].decode("ascii", "replace").strip(" \x00")
        pos = value + length
    return syntax, pos


def _header_element(tag: int, vr: bytes | None, value: bytes, tell: int, implicit: bool) -> RawDataElement:
    return RawDataElement(Tag(tag), vr.decode("ascii") if vr else None, len(value), value, tell, implicit, True)


def read_sr(path: str | Path) -> tuple[Dataset, Node | None] | None:
    """(header dataset, content tree) of an SR file; None when the file needs pydicom's full reader.

    The tree is None when the object has no ContentSequence. Raises Truncated for a cut-off file.
    """
    buf = Path(path).read_bytes()
    meta = _meta(buf)
    if meta is None or meta[0] not in (EXPLICIT_LITTLE, IMPLICIT_LITTLE):
        return None
    implicit = meta[0] == IMPLICIT_LITTLE
    parser = _Parser(buf, implicit)
    elements: dict = {}
    content: Item | None = None
    pos = meta[1]
    while pos < len(buf):
        start = pos
        tag, vr, length, pos = parser.header(pos)
        if tag >= PIXEL_DATA:  # an image sent by mistake: its pixels are of no interest here
            break
        if parser.is_sequence(tag, vr, length):
            items, end = parser.sequence_of(vr, pos, length)
            if tag == CONTENT_SEQUENCE:
                content = {CONTENT_SEQUENCE: items}
            elif vr != b"UN":
                value_end = end - 8 if length == UNDEFINED else end
                elements[tag] = _header_element(tag, b"SQ" if vr else None, buf[pos:value_end], pos, implicit)
            pos = end
            continue
        if length == UNDEFINED or pos + length > len(buf):
            raise Truncated(f"file ends inside element {tag:08X} (starting at byte {start})")
        elements[tag] = _header_element(tag, vr, buf[pos:pos + length], pos, implicit)
        pos += length
    ds = Dataset(elements)
    if content is None:
        return ds, None
    charset = elements.get(SPECIFIC_CHARACTER_SET)
    names = charset.value.decode("ascii", "replace").strip(" \x00").split("\\") if charset else [""]
    root = _root_item(elements, content)
    return ds, Builder(DictReader(convert_encodings(names))).build(root)


def _root_item(elements: dict, content: Item) -> Item:
    """The document root as an item dict: its concept name, value type and content."""
    root: Item = dict(content)
    for tag in (0x0040A040, 0x0040A010):
        if tag in elements:
            root[tag] = elements[tag].value
    name = elements.get(0x0040A043)
    if name is not None:
        root[0x0040A043] = _Parser(name.value, name.is_implicit_VR).sequence(0, len(name.value))[0]
    return root
