"""Reading expected values straight from the vendor files with plain pydicom, independently of the
importer's own SR walker, so the tests compare the database with what the file says."""

from __future__ import annotations

from decimal import Decimal

import pydicom
from pydicom.dataset import Dataset

# Concept code values used by the tests (DCM unless stated).
CT_ACQUISITION = "113819"
CT_ACCUMULATED = "113811"
PROJECTION_EVENT = "113706"
ACCUMULATED = "113702"

# Unit spellings -> factor to the canonical unit of the field under test.
TO_GY_M2 = {"Gy.m2": Decimal(1), "Gym2": Decimal(1), "dGy.cm2": Decimal("1E-5"), "cGy.cm2": Decimal("1E-6"),
            "mGy.cm2": Decimal("1E-7")}


def read(path) -> Dataset:
    return pydicom.dcmread(path)


def code_value(item: Dataset) -> str:
    seq = item.get("ConceptNameCodeSequence")
    return seq[0].CodeValue if seq else ""


def children(item: Dataset, value: str | None = None) -> list[Dataset]:
    seq = item.get("ContentSequence") or []
    return [child for child in seq if value is None or code_value(child) == value]


def child(item: Dataset, value: str) -> Dataset | None:
    found = children(item, value)
    return found[0] if found else None


def num(item: Dataset | None, value: str, factors: dict | None = None) -> Decimal | None:
    """The first NUM ``value`` under ``item``, as Decimal, scaled by ``factors[unit]`` when given."""
    found = child(item, value) if item is not None else None
    if found is None or not found.get("MeasuredValueSequence"):
        return None
    measured = found.MeasuredValueSequence[0]
    if measured.get("NumericValue") in (None, ""):  # a measured value item without a number
        return None
    number = Decimal(str(measured.NumericValue).split("/")[0].strip())
    if factors:
        number *= factors[measured.MeasurementUnitsCodeSequence[0].CodeValue]
    return number


def all_numbers(item: Dataset, value: str) -> list[Decimal]:
    """Every value of every NUM ``value`` under ``item`` (pulse-level items hold many)."""
    out = []
    for found in children(item, value):
        measured = found.get("MeasuredValueSequence")
        if measured:
            raw = measured[0].NumericValue
            out.extend(Decimal(str(v)) for v in (raw if isinstance(raw, list | tuple) or
                                                  type(raw).__name__ == "MultiValue" else [raw]))
    return out


def text(item: Dataset | None, value: str) -> str | None:
    found = child(item, value) if item is not None else None
    if found is None:
        return None
    return str(found.get("TextValue") or found.get("UID") or found.get("PersonName") or "") or None


def code(item: Dataset | None, value: str) -> str | None:
    found = child(item, value) if item is not None else None
    if found is None or not found.get("ConceptCodeSequence"):
        return None
    return found.ConceptCodeSequence[0].CodeMeaning


def ct_events(ds: Dataset) -> list[Dataset]:
    return children(ds, CT_ACQUISITION)


def projection_events(ds: Dataset) -> list[Dataset]:
    return children(ds, PROJECTION_EVENT)


def event_uid(event: Dataset) -> str:
    return text(event, "113769") or ""


def close(a, b) -> bool:
    """Equal within the model's 12 decimal places (SQLite keeps decimals as floating point, so the last
    stored digit may differ after rounding)."""
    if a is None or b is None:
        return a is b
    a, b = Decimal(a), Decimal(b)
    return abs(a - b) <= Decimal("1E-11") + abs(b) * Decimal("1E-12")


def joined(ds: Dataset, keyword: str) -> str:
    """A header attribute as one string, multiple values joined by backslashes."""
    value = ds.get(keyword)
    if value is None:
        return ""
    return "\\".join(str(v) for v in value) if type(value).__name__ == "MultiValue" else str(value)


def dicom_datetime(value: str):
    """A DT value parsed independently of the importer: fractional seconds, optional UTC offset; naive
    values are in the site's zone (settings.TIME_ZONE)."""
    import datetime as dt
    from zoneinfo import ZoneInfo

    from django.conf import settings

    value = value.strip()
    offset = None
    if len(value) > 5 and value[-5] in "+-":
        value, offset = value[:-5], value[-5:]
    whole, _, fraction = value.partition(".")
    moment = dt.datetime.strptime(whole.ljust(14, "0"), "%Y%m%d%H%M%S")
    moment = moment.replace(microsecond=int(fraction.ljust(6, "0")[:6]) if fraction else 0)
    if offset:
        minutes = int(offset[1:3]) * 60 + int(offset[3:5])
        return moment.replace(tzinfo=dt.timezone(dt.timedelta(minutes=minutes if offset[0] == "+" else -minutes)))
    return moment.replace(tzinfo=ZoneInfo(settings.TIME_ZONE))


def test_markers(ds: Dataset) -> bool:
    joined = f"{ds.get('PatientName', '')} {ds.get('PatientID', '')}".lower()
    return any(marker in joined for marker in ("phy", "test", "qa"))
