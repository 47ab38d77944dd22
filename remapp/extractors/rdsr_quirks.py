"""Vendor quirks, each a small named adapter applied by rule (what the content says), never by file name.

Quirks handled elsewhere, where they belong:
- off-standard unit spellings (``mGycm``, ``Gym2``): remapp.dicom.values.normalise_unit;
- DS multi-values joined with ``/`` (Toshiba): remapp.dicom.values.parse_decimals;
- NUMs with an empty MeasuredValueSequence (Canon CXDI, GE surgical): remapp.dicom.sr (value None);
- codes whose meanings differ between vendors, SNOMED values under DCM: remapp.dicom.codes.normalise;
- no ContentTemplateSequence (GE OEC): templates are recognised from content, remapp.extractors.modality;
- "Integrated" device type on angiography systems, fluoroscopy events with totals filed under
  acquisition (Philips Azurion, Eurocolumbus): the modality rule looks at the events first.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from remapp.dicom import codes as c
from remapp.dicom.sr import Node

_PHILIPS_APPLICATION_NAME = (c.PHILIPS_XPER_SCHEME, "029")


def collimation_from_philips_shutters(event: Node, values: dict[str, Any]) -> None:
    """Philips Allura/Azurion send shutter positions and the detector field size in private items instead
    of TID 10003b's collimated field. Field width is left + right shutter, height top + bottom, each
    limited by the detector field size; area is their product. Standard items, when sent, win."""
    if {"collimated_field_height", "collimated_field_width"} & values.keys():
        return
    shutters = event.child(c.PHILIPS_WEDGES_AND_SHUTTERS)
    field = event.child(c.PHILIPS_DETECTOR_FIELD_SIZE)
    if shutters is None:
        return
    width = _sum(shutters, c.PHILIPS_LEFT_SHUTTER, c.PHILIPS_RIGHT_SHUTTER)
    height = _sum(shutters, c.PHILIPS_TOP_SHUTTER, c.PHILIPS_BOTTOM_SHUTTER)
    if field is not None:
        width = _limit(width, field.get(c.PHILIPS_X_SIDE))
        height = _limit(height, field.get(c.PHILIPS_Y_SIDE))
    if width is not None:
        values["collimated_field_width"] = width
    if height is not None:
        values["collimated_field_height"] = height
    if width is not None and height is not None and "collimated_field_area" not in values:
        values["collimated_field_area"] = width * height / Decimal(1_000_000)


def _sum(node: Node, first: c.CodeKey, second: c.CodeKey) -> Decimal | None:
    a, b = node.get(first), node.get(second)
    return a + b if isinstance(a, Decimal) and isinstance(b, Decimal) else None


def _limit(value: Decimal | None, bound: object) -> Decimal | None:
    if value is None or not isinstance(bound, Decimal):
        return value
    return min(value, bound)


def protocol_from_application_name(event: Node, values: dict[str, Any]) -> None:
    """Philips systems name the protocol only in a private 'Application Name' item."""
    if "acquisition_protocol" not in values:
        name = event.get(_PHILIPS_APPLICATION_NAME)
        if name:
            values["acquisition_protocol"] = str(name)[:255]
