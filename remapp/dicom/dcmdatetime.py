"""DICOM DA, TM and DT values as Python dates, times and aware datetimes.

Naive DICOM times (no offset) are local times of the site: callers pass the zone in (the Django setting
``TIME_ZONE``), so this module stays free of Django. Malformed values give None, never an exception.
"""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

_DATE = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
# HHMMSS.FFFFFF with every part after the hour optional; also the old ACR-NEMA HH:MM:SS form.
_TIME = re.compile(r"^(\d{2})(?::?(\d{2})(?::?(\d{2})(?:\.(\d{1,6}))?)?)?$")
_DATETIME = re.compile(
    r"^(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?(?:\.(\d{1,6}))?([+-]\d{4})?$"
)


def _clean(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bytes):
        value = value.decode("ascii", "replace")
    return str(value).strip().strip("\x00").strip()


def make_date(value: object) -> dt.date | None:
    """A DA value (``YYYYMMDD``; the old ``YYYY.MM.DD`` too) as a date."""
    text = _clean(value).replace(".", "").replace("-", "")
    match = _DATE.match(text)
    if not match:
        return None
    try:
        return dt.date(*map(int, match.groups()))
    except ValueError:
        return None


def make_time(value: object) -> dt.time | None:
    """A TM value (``HH``, ``HHMM``, ``HHMMSS``, ``HHMMSS.FFFFFF``) as a naive time."""
    match = _TIME.match(_clean(value))
    if not match:
        return None
    hour, minute, second, fraction = match.groups()
    try:
        return dt.time(int(hour), int(minute or 0), min(int(second or 0), 59),
                       int((fraction or "0").ljust(6, "0")))
    except ValueError:
        return None


def _zone(zone: str | dt.tzinfo | None) -> dt.tzinfo:
    if zone is None:
        return dt.UTC
    return ZoneInfo(zone) if isinstance(zone, str) else zone


def make_date_time(value: object, zone: str | dt.tzinfo | None = None) -> dt.datetime | None:
    """A DT value as an aware datetime.

    A ``+HHMM``/``-HHMM`` suffix is honoured; without it the time is local to ``zone`` (default UTC).
    Missing trailing components default to the start of the period, as the standard says.
    """
    match = _DATETIME.match(_clean(value))
    if not match:
        return None
    year, month, day, hour, minute, second, fraction, offset = match.groups()
    if offset:
        sign = 1 if offset[0] == "+" else -1
        delta = dt.timedelta(hours=int(offset[1:3]), minutes=int(offset[3:5]))
        tzinfo: dt.tzinfo = dt.timezone(sign * delta)
    else:
        tzinfo = _zone(zone)
    try:
        return dt.datetime(int(year), int(month or 1), int(day or 1), int(hour or 0), int(minute or 0),
                           min(int(second or 0), 59), int((fraction or "0").ljust(6, "0")), tzinfo=tzinfo)
    except ValueError:
        return None


def combine(date: dt.date | None, time: dt.time | None,
            zone: str | dt.tzinfo | None = None) -> dt.datetime | None:
    """A DA and a TM (for example StudyDate and StudyTime) as one aware datetime in ``zone``."""
    if date is None:
        return None
    return dt.datetime.combine(date, time or dt.time(0), tzinfo=_zone(zone))
