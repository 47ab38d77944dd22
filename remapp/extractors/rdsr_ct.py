"""CT Radiation Dose, TID 10011, with its accumulated dose (10012), irradiation events (10013), scanning
length (10014) and dose check details (10015)."""

from __future__ import annotations

from remapp.dicom import codes as c
from remapp.dicom.sr import Coded, Node
from remapp.importing.tree import Row
from remapp.models import (
    CtAccumulatedDoseData,
    CtDoseCheckDetails,
    CtIrradiationEventData,
    CtRadiationDose,
    CtXraySourceParameters,
    ScanningLength,
)

from . import tables as t
from .mapping import Context, fill
from .rdsr_common import add_devices, add_observer, add_persons, report_values

DOSE = "ct_radiation_dose"
EVENT = "ct_irradiation_event_data"


def read_ct(root: Node, ctx: Context) -> Row:
    """The CT dose tree of one report, unsaved."""
    dose = Row(CtRadiationDose, {**report_values(root, t.REPORT, ctx), **_scope_uid_type(root)})
    add_observer(dose, root, DOSE, ctx)
    add_persons(dose, root, DOSE, ctx)
    accumulated = root.child(c.CT_ACCUMULATED_DOSE_DATA)
    if accumulated is not None:
        row = dose.add(CtAccumulatedDoseData, DOSE, fill(accumulated, t.CT_ACCUMULATED, ctx))
        add_devices(row, accumulated, "ct_accumulated_dose_data", ctx)
    for acquisition in root.all(c.CT_ACQUISITION):
        _add_event(dose, acquisition, ctx)
    return dose


# Which kind of UID names the scope of accumulation (the concept of the UIDREF under it).
_UID_TYPES = {c.STUDY_INSTANCE_UID: "Study Instance UID",
              c.PPS_SOP_INSTANCE_UID: "Performed Procedure Step SOP Instance UID"}


def _scope_uid_type(root: Node) -> dict:
    scope = root.child(c.SCOPE_OF_ACCUMULATION)
    for child in scope.children if scope is not None else []:
        if child.concept in _UID_TYPES:
            return {"uid_type": Coded(*child.concept, _UID_TYPES[child.concept], child.concept)}
    return {}


def _add_event(dose: Row, acquisition: Node, ctx: Context) -> None:
    parameters = acquisition.child(c.CT_ACQUISITION_PARAMETERS)
    ct_dose = acquisition.child(c.CT_DOSE)
    event = dose.add(CtIrradiationEventData, DOSE, {
        **fill(acquisition, t.CT_EVENT, ctx),
        **fill(parameters, t.CT_PARAMETERS, ctx),
        **fill(ct_dose, t.CT_DOSE, ctx),
    })
    event.values.setdefault("irradiation_event_uid", "")
    if parameters is not None:
        length = fill(parameters, t.SCANNING_LENGTH, ctx)
        if length:
            event.add(ScanningLength, EVENT, length)
        for source in parameters.all(c.CT_XRAY_SOURCE_PARAMETERS):
            event.add(CtXraySourceParameters, EVENT, fill(source, t.CT_SOURCE, ctx))
    _add_dose_check(event, [acquisition, ct_dose], ctx)
    add_persons(event, acquisition, EVENT, ctx)
    add_devices(event, acquisition, EVENT, ctx)


def _first(nodes: list[Node | None], concept: c.CodeKey) -> Node | None:
    for node in nodes:
        found = node.child(concept) if node is not None else None
        if found is not None:
            return found
    return None


def _add_dose_check(event: Row, parents: list[Node | None], ctx: Context) -> None:
    """NEMA XR-25 alert and notification details, with the persons who chose to proceed."""
    alert = _first(parents, c.DOSE_CHECK_ALERT_DETAILS)
    notification = _first(parents, c.DOSE_CHECK_NOTIFICATION_DETAILS)
    if alert is None and notification is None:
        return
    # Reason for Proceeding sits in the container, or under the person who proceeded (TID 1020).
    values = {**fill(_with_persons(alert), t.DOSE_CHECK_ALERT, ctx),
              **fill(_with_persons(notification), t.DOSE_CHECK_NOTIFICATION, ctx)}
    check = event.add(CtDoseCheckDetails, EVENT, values)
    for container, link in ((alert, "ct_dose_check_details_alert"),
                            (notification, "ct_dose_check_details_notification")):
        if container is not None:
            add_persons(check, container, link, ctx)


def _with_persons(container: Node | None) -> list[Node | None]:
    return [container, *container.all(c.PERSON_NAME)] if container is not None else []
