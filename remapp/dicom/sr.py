"""One walker for every SR content tree: a ContentSequence becomes a tree of light :class:`Node` objects.

Each node carries its concept key (scheme, value), value type, parsed value (Decimal for NUM, :class:`Coded`
for CODE, str for TEXT/UIDREF/PNAME/DATETIME) and children. Template readers then look items up by concept
code, never by position or meaning text.

Speed matters: the largest fluoroscopy reports have ~15,000 items. ASCII attributes (code values, numbers,
UIDs, value types) are read straight from pydicom's raw elements, skipping its per-element conversion;
attributes that may carry another character set (code meanings, text, names) go through pydicom so the
Specific Character Set is honoured.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from pydicom.dataelem import RawDataElement
from pydicom.dataset import Dataset

from .codes import CodeKey, normalise
from .values import normalise_unit, parse_decimals

# What both item readers strip from string values: whitespace (line ends too) and NUL padding.
_PADDING = " \x00\r\n\t\x0b\x0c"
# Real dose reports nest content items a dozen levels deep at most (deeper is hostile: see lean.MAX_DEPTH).
MAX_DEPTH = 64
CONTENT_SEQUENCE = 0x0040A730
CONCEPT_NAME_CODE_SEQUENCE = 0x0040A043
CONCEPT_CODE_SEQUENCE = 0x0040A168
VALUE_TYPE = 0x0040A040
RELATIONSHIP_TYPE = 0x0040A010
MEASURED_VALUE_SEQUENCE = 0x0040A300
NUMERIC_VALUE = 0x0040A30A
MEASUREMENT_UNITS_CODE_SEQUENCE = 0x004008EA
TEXT_VALUE = 0x0040A160
DATETIME = 0x0040A120
DATE = 0x0040A121
TIME = 0x0040A122
PERSON_NAME = 0x0040A123
UID = 0x0040A124
CODE_VALUE = 0x00080100
CODING_SCHEME_DESIGNATOR = 0x00080102
CODE_MEANING = 0x00080104
LONG_CODE_VALUE = 0x00080119
URN_CODE_VALUE = 0x00080120


@dataclass(frozen=True, slots=True)
class Coded:
    """A coded value as sent, with its normalised comparison key."""

    scheme: str
    value: str
    meaning: str
    key: CodeKey


class Node:
    """One content item. ``value`` is None for containers and for NUMs sent without a measurement."""

    __slots__ = ("concept", "value_type", "relationship", "value", "values", "unit", "children", "_index")

    def __init__(self, concept: CodeKey | None, value_type: str, relationship: str = "") -> None:
        self.concept = concept
        self.value_type = value_type
        self.relationship = relationship
        self.value: object = None
        self.values: list[Decimal] = []
        self.unit = ""
        self.children: list[Node] = []
        self._index: dict[CodeKey | None, list[Node]] | None = None

    def __repr__(self) -> str:
        return f"Node({self.concept}, {self.value_type}, {self.value!r}, {len(self.children)} children)"

    def _lookup(self) -> dict[CodeKey | None, list[Node]]:
        # Built on first search: most nodes are leaves and are never searched.
        if self._index is None:
            index: dict[CodeKey | None, list[Node]] = {}
            for child in self.children:
                index.setdefault(child.concept, []).append(child)
            self._index = index
        return self._index

    def child(self, concept: CodeKey) -> Node | None:
        """The first direct child with this concept, or None."""
        found = self._lookup().get(concept)
        return found[0] if found else None

    def all(self, concept: CodeKey) -> list[Node]:
        """Every direct child with this concept, in document order."""
        return self._lookup().get(concept, [])

    def get(self, concept: CodeKey) -> object:
        """The value of the first direct child with this concept, or None."""
        found = self.child(concept)
        return None if found is None else found.value

    def search(self, concept: CodeKey) -> Iterator[Node]:
        """Every descendant (depth first) with this concept."""
        for child in self.children:
            if child.concept == concept:
                yield child
            yield from child.search(concept)

    def count(self) -> int:
        """Number of content items below (and including) this node."""
        return 1 + sum(child.count() for child in self.children)


class ItemReader:
    """How the builder reads one content item: ASCII attributes, decoded text, and sequences.

    :class:`DatasetReader` reads pydicom datasets; remapp.dicom.lean has a faster one over raw bytes.
    """

    def ascii(self, item, tag: int) -> str:  # pragma: no cover - interface
        raise NotImplementedError

    def text(self, item, tag: int) -> str:  # pragma: no cover - interface
        raise NotImplementedError

    def sequence(self, item, tag: int) -> list:  # pragma: no cover - interface
        raise NotImplementedError

    def has(self, item, tag: int) -> bool:  # pragma: no cover - interface
        raise NotImplementedError

    def raw_number(self, item, tag: int) -> object:
        return self.ascii(item, tag)


class DatasetReader(ItemReader):
    """Content items held as pydicom datasets (files read by dcmread, datasets built in memory)."""

    def ascii(self, item: Dataset, tag: int) -> str:
        # ASCII-only attributes (CS, DS, UI, SH code values) without pydicom's conversion cost.
        element = item._dict.get(tag)
        if element is None:
            return ""
        if isinstance(element, RawDataElement):
            raw = element.value
            return raw.decode("latin-1").strip(" \x00") if raw else ""
        value = element.value
        return "" if value is None else str(value).strip(_PADDING)

    def text(self, item: Dataset, tag: int) -> str:
        # Decoded by pydicom with the dataset's Specific Character Set.
        if tag not in item._dict:
            return ""
        value = item[tag].value
        return "" if value is None else str(value).strip(_PADDING)

    def sequence(self, item: Dataset, tag: int) -> list:
        if tag not in item._dict:
            return []
        value = item[tag].value
        return list(value) if value else []

    def has(self, item: Dataset, tag: int) -> bool:
        return tag in item._dict

    def raw_number(self, item: Dataset, tag: int) -> object:
        element = item._dict.get(tag)
        if element is None:
            return None
        return element.value


class Builder:
    """Turns content items, read through an :class:`ItemReader`, into :class:`Node` trees."""

    def __init__(self, reader: ItemReader) -> None:
        self.r = reader

    def code_value(self, code_item) -> tuple[str, str]:
        r = self.r
        value = r.ascii(code_item, CODE_VALUE) or r.text(code_item, LONG_CODE_VALUE) or \
            r.text(code_item, URN_CODE_VALUE)
        return r.ascii(code_item, CODING_SCHEME_DESIGNATOR), value

    def code(self, code_item) -> Coded:
        scheme, value = self.code_value(code_item)
        return Coded(scheme, value, self.r.text(code_item, CODE_MEANING), normalise(scheme, value))

    def first(self, item, tag: int):
        sequence = self.r.sequence(item, tag)
        return sequence[0] if sequence else None

    def num(self, node: Node, item) -> None:
        measured = self.first(item, MEASURED_VALUE_SEQUENCE)
        if measured is None:  # an empty MeasuredValueSequence: the item was sent without a value
            return
        node.values = parse_decimals(self.r.raw_number(measured, NUMERIC_VALUE))
        node.value = node.values[0] if node.values else None
        unit = self.first(measured, MEASUREMENT_UNITS_CODE_SEQUENCE)
        if unit is not None:
            node.unit = normalise_unit(self.r.ascii(unit, CODE_VALUE))

    def value(self, node: Node, item) -> None:
        kind, r = node.value_type, self.r
        if kind == "NUM":
            self.num(node, item)
        elif kind == "CODE":
            code_item = self.first(item, CONCEPT_CODE_SEQUENCE)
            node.value = self.code(code_item) if code_item is not None else None
        elif kind in _TEXT_TAGS:
            node.value = r.text(item, _TEXT_TAGS[kind]) or None
        elif kind in _ASCII_TAGS:
            node.value = r.ascii(item, _ASCII_TAGS[kind]) or None

    def build(self, item, depth: int = 0) -> Node:
        if depth > MAX_DEPTH:
            raise ValueError(f"content items nested more than {MAX_DEPTH} levels deep")
        r = self.r
        name = self.first(item, CONCEPT_NAME_CODE_SEQUENCE)
        concept = normalise(*self.code_value(name)) if name is not None else None
        node = Node(concept, r.ascii(item, VALUE_TYPE).upper(), r.ascii(item, RELATIONSHIP_TYPE))
        self.value(node, item)
        if r.has(item, CONTENT_SEQUENCE):
            node.children = [self.build(child, depth + 1) for child in r.sequence(item, CONTENT_SEQUENCE)]
        return node


_TEXT_TAGS = {"TEXT": TEXT_VALUE, "PNAME": PERSON_NAME}
_ASCII_TAGS = {"UIDREF": UID, "DATETIME": DATETIME, "DATE": DATE, "TIME": TIME}


def parse_content(dataset: Dataset) -> Node:
    """The whole content tree of a pydicom SR dataset, its document root first."""
    return Builder(DatasetReader()).build(dataset)
