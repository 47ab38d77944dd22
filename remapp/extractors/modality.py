"""Which kind of study a dose report describes, decided from its content (docs/import-rules.md)."""

from __future__ import annotations

from decimal import Decimal

from remapp.dicom import codes as c
from remapp.dicom.sr import Node

_CT_MARKERS = (c.CT_ACCUMULATED_DOSE_DATA, c.CT_ACQUISITION)
_FLUORO_TOTALS = (c.TOTAL_FLUORO_TIME, c.FLUORO_DAP_TOTAL, c.FLUORO_DOSE_RP_TOTAL)


def _code(node: Node | None) -> c.CodeKey | None:
    value = node.value if node is not None else None
    return getattr(value, "key", None)


def is_ct(root: Node) -> bool:
    """CT template (TID 10011): recognised by its containers or the procedure reported."""
    return any(root.child(k) is not None for k in _CT_MARKERS) or \
        _code(root.child(c.PROCEDURE_REPORTED)) == c.CT_PROCEDURE


def is_dose_report(root: Node) -> bool:
    """An X-Ray Radiation Dose Report root with some dose content (CT or projection)."""
    return root.concept == c.XRAY_RADIATION_DOSE_REPORT and (
        is_ct(root) or root.child(c.IRRADIATION_EVENT_XRAY_DATA) is not None
        or root.child(c.ACCUMULATED_XRAY_DOSE_DATA) is not None)


def _is_mammography(root: Node, events: list[Node]) -> bool:
    if _code(root.child(c.PROCEDURE_REPORTED)) == c.MAMMOGRAPHY_PROCEDURE:
        return True
    accumulated = root.all(c.ACCUMULATED_XRAY_DOSE_DATA)
    return any(a.child(c.ACCUMULATED_AGD) for a in accumulated) or \
        any(e.child(c.AVERAGE_GLANDULAR_DOSE) for e in events)


def _has_fluoroscopy(root: Node, events: list[Node]) -> bool:
    if any(_code(e.child(c.IRRADIATION_EVENT_TYPE)) == c.FLUOROSCOPY for e in events):
        return True
    for accumulated in root.all(c.ACCUMULATED_XRAY_DOSE_DATA):
        for concept in _FLUORO_TOTALS:
            value = accumulated.get(concept)
            if isinstance(value, Decimal) and value > 0:
                return True
    return False


def projection_modality(root: Node) -> str:
    """MG, RF or DX for a projection report.

    Mammography content wins; then any fluoroscopy (a fluoroscopy event, or fluoro totals above zero)
    makes it RF whatever the device type claims; then the device type: fluoroscopy-guided is RF, and
    everything else (integrated, cassette-based, or not stated) is DX.
    """
    events = root.all(c.IRRADIATION_EVENT_XRAY_DATA)
    if _is_mammography(root, events):
        return "MG"
    if _has_fluoroscopy(root, events):
        return "RF"
    if _code(root.child(c.ACQUISITION_DEVICE_TYPE)) == c.FLUORO_GUIDED_SYSTEM:
        return "RF"
    return "DX"


def modality(root: Node) -> str:
    return "CT" if is_ct(root) else projection_modality(root)
