"""Content items to model fields, driven by code tables.

A table maps a concept key to a :class:`Field` (model field name, kind of conversion, canonical unit).
:func:`fill` applies a table to the children of one or more content nodes. Template readers are then a
few lines that decide which rows exist and which nodes feed them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from remapp.dicom.codes import NO, YES, CodeKey
from remapp.dicom.dcmdatetime import make_date_time
from remapp.dicom.sr import Coded, Node
from remapp.dicom.values import UnitMismatch, convert

NUM = "num"  # Decimal, converted to the field's unit
COUNT = "count"  # whole number from a NUM
CODE = "code"  # ContentItemDescriptions; a TEXT item in its place is ignored
TEXT = "text"  # string from TEXT, PNAME, UIDREF or a code's meaning
TEXT_OR_CODE = "text_or_code"  # TEXT to ``field``, CODE to ``field_code`` (Reference Point Definition)
FLAG = "flag"  # Yes/No code as True/False
DATETIME = "datetime"


@dataclass(frozen=True)
class Field:
    name: str
    kind: str = NUM
    unit: str | None = None
    max_length: int = 255


Table = dict[CodeKey, Field]


@dataclass
class Context:
    """What conversions need besides the node: the site's time zone, and a place for warnings."""

    zone: str | dt.tzinfo | None = None
    warnings: list[str] = field(default_factory=list)


# Numbers are stored with 12 integer digits (remapp/models/fields.py); a larger one is a sender's error.
_LARGEST = Decimal(10) ** 12


def number(value: Decimal | None, unit: str, target: str | None, name: str, ctx: Context) -> Decimal | None:
    """``value`` (in ``unit``) in the field's unit ``target``; None, with a warning, when it cannot be
    converted or is too large to store."""
    try:
        converted = convert(value, unit, target)
    except UnitMismatch as error:
        ctx.warnings.append(f"{name}: {error}; value not stored")
        return None
    if converted is not None and abs(converted) >= _LARGEST:
        ctx.warnings.append(f"{name}: {converted} is out of range; value not stored")
        return None
    return converted


def _num(node: Node, spec: Field, ctx: Context) -> Any:
    return number(node.value, node.unit, spec.unit, spec.name, ctx)


def _text(node: Node, spec: Field) -> str | None:
    value = node.value.meaning if isinstance(node.value, Coded) else node.value
    return str(value)[: spec.max_length] if value not in (None, "") else None


def value_of(node: Node, spec: Field, ctx: Context) -> tuple[str, Any] | None:
    """(field name, converted value) for one node, or None when it carries nothing usable."""
    kind = spec.kind
    if kind == NUM:
        result = _num(node, spec, ctx) if node.value is not None else None
    elif kind == COUNT:
        result = int(node.value) if node.value is not None else None
    elif kind == CODE:
        result = node.value if isinstance(node.value, Coded) else None
    elif kind == FLAG:
        key = node.value.key if isinstance(node.value, Coded) else None
        result = True if key == YES else False if key == NO else None
    elif kind == DATETIME:
        result = make_date_time(node.value, ctx.zone)
    elif kind == TEXT_OR_CODE and isinstance(node.value, Coded):
        return spec.name + "_code", node.value
    else:
        result = _text(node, spec)
    return None if result is None else (spec.name, result)


def fill(nodes: Node | list[Node | None], table: Table, ctx: Context) -> dict[str, Any]:
    """Field values from the children of ``nodes`` that ``table`` knows; the first value sent wins."""
    values: dict[str, Any] = {}
    for node in nodes if isinstance(nodes, list) else [nodes]:
        if node is None:
            continue
        for child in node.children:
            spec = table.get(child.concept) if child.concept else None
            if spec is None or spec.name in values:
                continue
            found = value_of(child, spec, ctx)
            if found and found[0] not in values:
                values[found[0]] = found[1]
    return values
