"""Tiny helpers for reading DICOM header values with pydicom, tolerant of missing and malformed data."""

from __future__ import annotations

from typing import Any

from pydicom.dataset import Dataset


def _value(dataset: Dataset | None, key: str | int) -> Any:
    if dataset is None:
        return None
    try:
        element = dataset.get(key)
    except Exception:  # noqa: BLE001 - a malformed value reads as missing
        return None
    value = element.value if hasattr(element, "value") and not isinstance(element, str | bytes) else element
    if value is None or value == "":
        return None
    return value


def get_value_kw(tag: str, dataset: Dataset | None) -> Any:
    """The value of keyword ``tag`` (e.g. ``'StudyDate'``) in ``dataset``, or None when absent or empty."""
    return _value(dataset, tag)


def get_value_num(tag: int, dataset: Dataset | None) -> Any:
    """The value of the element numbered ``tag`` (e.g. ``0x00080020``); for private elements."""
    if dataset is None:
        return None
    try:
        element = dataset[tag] if tag in dataset else None
    except Exception:  # noqa: BLE001
        return None
    return None if element is None or element.value in (None, "") else element.value


def _first_item(sequence: str, dataset: Dataset | None) -> Dataset | None:
    items = get_value_kw(sequence, dataset)
    try:
        return items[0] if items else None
    except (TypeError, IndexError):
        return None


def get_seq_code_value(sequence: str, dataset: Dataset | None) -> str | None:
    """The CodeValue of the first item of code sequence ``sequence``."""
    return get_value_kw("CodeValue", _first_item(sequence, dataset))


def get_seq_code_meaning(sequence: str, dataset: Dataset | None) -> str | None:
    """The CodeMeaning of the first item of code sequence ``sequence``."""
    return get_value_kw("CodeMeaning", _first_item(sequence, dataset))


def get_or_create_cid(codevalue: str, codemeaning: str, scheme: str = ""):
    """The ContentItemDescriptions row for ``codevalue``, created with ``codemeaning`` if new.

    Without a scheme (the seed's signature), an existing row with that code value in any scheme is
    returned; a new one is stored under DCM, the scheme of nearly every code the seed looked up.
    """
    from remapp.importing.codes import get_or_create
    from remapp.models import ContentItemDescriptions

    if not codevalue:
        return None
    if not scheme:
        existing = ContentItemDescriptions.objects.filter(code_value=str(codevalue)).order_by("pk").first()
        if existing is not None:
            return existing
    return get_or_create(scheme or "DCM", str(codevalue), codemeaning or "")
