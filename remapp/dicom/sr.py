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


def _ascii(item: Dataset, tag: int) -> str:
    """An ASCII-only attribute (CS, DS, UI, SH code values) without pydicom's conversion cost."""
    element = item._dict.get(tag)
    if element is None:
        return ""
    if isinstance(element, RawDataElement):
        raw = element.value
        return raw.decode("latin-1").strip(" \x00") if raw else ""
    value = element.value
    return "" if value is None else str(value).strip()


def _text(item: Dataset, tag: int) -> str:
    """A string attribute decoded with the dataset's character set."""
    if tag not in item._dict:
        return ""
    value = item[tag].value
    return "" if value is None else str(value).strip()


def _sequence(item: Dataset, tag: int) -> list[Dataset]:
    if tag not in item._dict:
        return []
    value = item[tag].value
    return list(value) if value else []


def _code_key(code_item: Dataset) -> CodeKey:
    value = (_ascii(code_item, CODE_VALUE) or _text(code_item, LONG_CODE_VALUE)
             or _text(code_item, URN_CODE_VALUE))
    return normalise(_ascii(code_item, CODING_SCHEME_DESIGNATOR), value)


def read_code(code_item: Dataset) -> Coded:
    """A code sequence item as a :class:`Coded` value."""
    scheme = _ascii(code_item, CODING_SCHEME_DESIGNATOR)
    value = (_ascii(code_item, CODE_VALUE) or _text(code_item, LONG_CODE_VALUE)
             or _text(code_item, URN_CODE_VALUE))
    return Coded(scheme, value, _text(code_item, CODE_MEANING), normalise(scheme, value))


def _first_code(item: Dataset, tag: int) -> Dataset | None:
    sequence = _sequence(item, tag)
    return sequence[0] if sequence else None


def _read_num(node: Node, item: Dataset) -> None:
    measured = _first_code(item, MEASURED_VALUE_SEQUENCE)
    if measured is None:  # an empty MeasuredValueSequence: the item was sent without a value
        return
    element = measured._dict.get(NUMERIC_VALUE)
    raw = element.value if isinstance(element, RawDataElement) else (element.value if element else None)
    node.values = parse_decimals(raw)
    node.value = node.values[0] if node.values else None
    unit = _first_code(measured, MEASUREMENT_UNITS_CODE_SEQUENCE)
    if unit is not None:
        node.unit = normalise_unit(_ascii(unit, CODE_VALUE))


def _read_value(node: Node, item: Dataset) -> None:
    kind = node.value_type
    if kind == "NUM":
        _read_num(node, item)
    elif kind == "CODE":
        code_item = _first_code(item, CONCEPT_CODE_SEQUENCE)
        node.value = read_code(code_item) if code_item is not None else None
    elif kind in ("TEXT", "PNAME"):
        node.value = _text(item, TEXT_VALUE if kind == "TEXT" else PERSON_NAME) or None
    elif kind == "UIDREF":
        node.value = _ascii(item, UID) or None
    elif kind == "DATETIME":
        node.value = _ascii(item, DATETIME) or None
    elif kind == "DATE":
        node.value = _ascii(item, DATE) or None
    elif kind == "TIME":
        node.value = _ascii(item, TIME) or None


def _build(item: Dataset) -> Node:
    name = _first_code(item, CONCEPT_NAME_CODE_SEQUENCE)
    node = Node(_code_key(name) if name is not None else None, _ascii(item, VALUE_TYPE).upper(),
                _ascii(item, RELATIONSHIP_TYPE))
    _read_value(node, item)
    if CONTENT_SEQUENCE in item._dict:
        node.children = [_build(child) for child in _sequence(item, CONTENT_SEQUENCE)]
    return node


def parse_content(dataset: Dataset) -> Node:
    """The whole content tree of an SR dataset, its document root first."""
    return _build(dataset)
