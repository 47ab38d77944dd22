"""Patient facts we may keep: age at the study and test/QA markers. Names, IDs and birth dates are read
only to derive these and are never returned."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

# Markers the seed documents for test and QA studies, matched case-insensitively in name and ID.
NOT_PATIENT_MARKERS = ("phy", "test", "qa")
_AGE = re.compile(r"^\s*(\d{1,3})\s*([DWMY])\s*$", re.IGNORECASE)
_DAYS_PER_UNIT = {"D": Decimal(1), "W": Decimal(7)}
_YEAR_DAYS = Decimal("365.25")


def age_from_dicom(age: str | None) -> Decimal | None:
    """PatientAge (AS: ``045Y``, ``006M``, ``010W``, ``003D``) in years, to three decimals."""
    match = _AGE.match(age or "")
    if not match:
        return None
    number, unit = Decimal(match.group(1)), match.group(2).upper()
    if unit == "Y":
        years = number
    elif unit == "M":
        years = number / 12
    else:
        years = number * _DAYS_PER_UNIT[unit] / _YEAR_DAYS
    return years.quantize(Decimal("0.001"))


def age_from_dates(birth: dt.date | None, on: dt.date | None) -> Decimal | None:
    """Age in years on ``on`` for someone born on ``birth`` (None if either is missing or absurd)."""
    if birth is None or on is None or birth > on:
        return None
    return (Decimal((on - birth).days) / _YEAR_DAYS).quantize(Decimal("0.001"))


def not_patient_markers(*texts: object) -> str:
    """Which test/QA markers occur in the given names/IDs, e.g. ``'test, qa'``; '' when none."""
    joined = " ".join(str(text) for text in texts if text).lower()
    return ", ".join(marker for marker in NOT_PATIENT_MARKERS if marker in joined)
