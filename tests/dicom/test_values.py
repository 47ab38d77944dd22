"""Numbers, units, dates and patient facts as DICOM sends them."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from remapp.dicom import dcmdatetime as d
from remapp.dicom.patient import age_from_dates, age_from_dicom, not_patient_markers
from remapp.dicom.values import UnitMismatch, convert, normalise_unit, parse_decimal, parse_decimals


@pytest.mark.parametrize(("raw", "expected"), [
    ("12.5", [Decimal("12.5")]), (" 1.0E-5 ", [Decimal("1.0E-5")]),
    ("10.50/ 15.00", [Decimal("10.50"), Decimal("15.00")]), (b"70\\72", [Decimal(70), Decimal(72)]),
    (["1", "2"], [Decimal(1), Decimal(2)]), ("", []), ("abc", []), (None, []),
])
def test_parse_decimals(raw, expected):
    assert parse_decimals(raw) == expected


def test_parse_decimal_rejects_nan_and_junk():
    assert parse_decimal("NaN") is None and parse_decimal("1.2.3") is None


@pytest.mark.parametrize(("value", "unit", "target", "expected"), [
    ("2.39", "dGy.cm2", "Gy.m2", "0.0000239"), ("5", "cGy.cm2", "Gy.m2", "0.000005"),
    ("7", "mGy.cm2", "Gy.m2", "0.0000007"), ("1.5", "Gym2", "Gy.m2", "1.5"), ("400", "mGycm", "mGy.cm", "400"),
    ("1.2", "s", "ms", "1200"), ("90", "uA.s", "uAs", "90"), ("3", "{pulse}/s", "/s", "3"),
])
def test_units_are_normalised_and_converted(value, unit, target, expected):
    assert convert(Decimal(value), unit, target) == Decimal(expected)


def test_unknown_unit_pair_is_refused_not_guessed():
    with pytest.raises(UnitMismatch):
        convert(Decimal(1), "mGy", "Gy.m2")
    assert normalise_unit(None) == ""


def test_datetimes_are_aware():
    london = d.make_date_time("20240701120000", "Europe/London")
    assert london.utcoffset() == dt.timedelta(hours=1)
    assert d.make_date_time("20240101120000.5-0330").utcoffset() == -dt.timedelta(hours=3, minutes=30)
    assert d.make_date_time("2024").isoformat() == "2024-01-01T00:00:00+00:00"
    assert d.make_date_time("20241301") is None and d.make_date_time(None) is None
    assert d.combine(dt.date(2024, 1, 2), None, "UTC").isoformat() == "2024-01-02T00:00:00+00:00"


@pytest.mark.parametrize(("age", "years"), [
    ("045Y", "45.000"), ("006M", "0.500"), ("010W", "0.192"), ("003D", "0.008"), ("", None), ("45", None),
])
def test_patient_age(age, years):
    assert age_from_dicom(age) == (Decimal(years) if years else None)


def test_age_from_birth_date_and_markers():
    assert age_from_dates(dt.date(2000, 1, 1), dt.date(2020, 1, 1)) == Decimal("20.000")  # 7305 days
    assert age_from_dates(dt.date(2000, 1, 1), dt.date(2000, 7, 1)) == Decimal("0.498")  # 182 days
    assert age_from_dates(dt.date(2021, 1, 1), dt.date(2020, 1, 1)) is None
    assert not_patient_markers("PHYSICS^QA", "") == "phy, qa"
    assert not_patient_markers("Doe^Jane", "123") == ""
