"""DICOM dates and times as Python values; naive DICOM times are taken in settings.TIME_ZONE."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from pydicom.dataset import Dataset

from remapp.dicom import dcmdatetime as _pure

from .get_values import get_value_kw


def make_date(dicomdate: object) -> dt.date | None:
    """A DICOM DA (``YYYYMMDD``) as a date; None when empty or malformed."""
    return _pure.make_date(dicomdate)


def make_time(dicomtime: object) -> dt.time | None:
    """A DICOM TM (``HHMMSS.FFFFFF``, shorter forms too) as a time; None when empty or malformed."""
    return _pure.make_time(dicomtime)


def make_date_time(dicomdatetime: object) -> dt.datetime | None:
    """A DICOM DT as an aware datetime: its own offset if it has one, else the site's time zone."""
    return _pure.make_date_time(dicomdatetime, settings.TIME_ZONE)


def get_date(tag: str, dataset: Dataset) -> dt.date | None:
    return make_date(get_value_kw(tag, dataset))


def get_time(tag: str, dataset: Dataset) -> dt.time | None:
    return make_time(get_value_kw(tag, dataset))


def get_date_time(tag: str, dataset: Dataset) -> dt.datetime | None:
    return make_date_time(get_value_kw(tag, dataset))
