"""Numbers and units as DICOM sends them, turned into exact Decimals in our canonical units.

DS values are kept as Decimal (a dose register gives back the digits it was sent). Units are UCUM codes
as sent, including the off-standard spellings met in real files (``mGycm``, ``Gym2``, ``uA.s``).
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

# Off-standard spellings -> the UCUM code they mean.
_UNIT_ALIASES: dict[str, str] = {
    "mGycm": "mGy.cm",
    "mGy*cm": "mGy.cm",
    "Gym2": "Gy.m2",
    "Gy*m2": "Gy.m2",
    "dGycm2": "dGy.cm2",
    "cGycm2": "cGy.cm2",
    "mGycm2": "mGy.cm2",
    "uGym2": "uGy.m2",
    "uA.s": "uAs",
    "mA.s": "mAs",
    "{pulse}/s": "/s",
    "pulse/s": "/s",
    "{pulses}/s": "/s",
    "sec": "s",
}

# (from, to) -> multiplier, for the conversions the model needs. Exact decimal factors only.
_FACTORS: dict[tuple[str, str], Decimal] = {
    ("dGy.cm2", "Gy.m2"): Decimal("1E-5"),
    ("cGy.cm2", "Gy.m2"): Decimal("1E-6"),
    ("mGy.cm2", "Gy.m2"): Decimal("1E-7"),
    ("uGy.m2", "Gy.m2"): Decimal("1E-6"),
    ("mGy.m2", "Gy.m2"): Decimal("1E-3"),
    ("Gy.cm2", "Gy.m2"): Decimal("1E-4"),
    ("Gy.cm", "mGy.cm"): Decimal("1000"),
    ("mGy", "Gy"): Decimal("0.001"),
    ("uGy", "Gy"): Decimal("1E-6"),
    ("Gy", "mGy"): Decimal("1000"),
    ("uGy", "mGy"): Decimal("0.001"),
    ("s", "ms"): Decimal("1000"),
    ("ms", "s"): Decimal("0.001"),
    ("us", "ms"): Decimal("0.001"),
    ("min", "s"): Decimal("60"),
    ("mAs", "uAs"): Decimal("1000"),
    ("As", "uAs"): Decimal("1000000"),
    ("cm", "mm"): Decimal("10"),
    ("m", "mm"): Decimal("1000"),
    ("mm2", "m2"): Decimal("1E-6"),
    ("cm2", "m2"): Decimal("1E-4"),
}


def normalise_unit(unit: str | None) -> str:
    """The UCUM code for a unit as sent (off-standard spellings mapped, whitespace dropped)."""
    if not unit:
        return ""
    unit = unit.strip()
    return _UNIT_ALIASES.get(unit, unit)


def parse_decimal(text: str | bytes | None) -> Decimal | None:
    """One DS value as a Decimal; None for empty or malformed text (never raises)."""
    if text is None:
        return None
    if isinstance(text, bytes):
        text = text.decode("ascii", "replace")
    text = text.strip().strip("\x00").strip()
    if not text:
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def parse_decimals(raw: object) -> list[Decimal]:
    """All values of a DS element. Multi-values arrive split by backslash (pydicom MultiValue) or, from
    some Toshiba systems, joined with ``/`` in one string."""
    if raw is None:
        return []
    if isinstance(raw, bytes):
        if b"\\" not in raw and b"/" not in raw:  # the usual single value, on the hot path
            single = parse_decimal(raw)
            return [single] if single is not None else []
        raw = raw.decode("ascii", "replace")
    if isinstance(raw, str):
        parts: list[object] = raw.replace("/", "\\").split("\\")
    elif isinstance(raw, list | tuple) or hasattr(raw, "__iter__"):
        parts = [p for item in raw for p in (str(item).replace("/", "\\").split("\\"))]
    else:
        parts = [str(raw)]
    values = [parse_decimal(str(p)) for p in parts]
    return [v for v in values if v is not None]


class UnitMismatch(ValueError):
    """A value arrived in a unit we do not know how to turn into the field's unit."""


def convert(value: Decimal | None, unit: str | None, target: str | None) -> Decimal | None:
    """``value`` in ``unit`` expressed in ``target``. No target, or the same unit: unchanged.

    An unknown pair raises UnitMismatch rather than storing a number in the wrong unit.
    """
    if value is None or not target:
        return value
    source = normalise_unit(unit)
    target = normalise_unit(target)
    if not source or source == target:
        return value
    factor = _FACTORS.get((source, target))
    if factor is None:
        raise UnitMismatch(f"cannot convert {source!r} to {target!r}")
    return value * factor
