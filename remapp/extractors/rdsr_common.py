"""Pieces shared by the CT and projection readers: report-level items, observer context (TID 1002) and
person/device participants (TID 1020/1021)."""

from __future__ import annotations

from remapp.dicom import codes as c
from remapp.dicom.sr import Node
from remapp.importing.tree import Row
from remapp.models import DeviceParticipant, ObserverContext, PersonParticipant

from . import tables as t
from .mapping import Context, fill


def report_values(root: Node, table: t.Table, ctx: Context) -> dict:
    """The root template's own items, with Has Intent (under Procedure reported) and the scope UID
    (under Scope of Accumulation)."""
    return {
        **fill(root, table, ctx),
        **fill(root.child(c.PROCEDURE_REPORTED), t.PROCEDURE_REPORTED_CHILDREN, ctx),
        **fill(root.child(c.SCOPE_OF_ACCUMULATION), t.SCOPE_CHILDREN, ctx),
    }


def add_observer(dose: Row, root: Node, link: str, ctx: Context) -> None:
    """Observer context items sit directly under the root; one row when any is present."""
    values = fill(root, t.OBSERVER, ctx)
    if values:
        dose.add(ObserverContext, link, values)


def add_persons(parent: Row, node: Node, link: str, ctx: Context) -> None:
    """Each Person Name item (TID 1020) with its role, ID and organisation children."""
    for person in node.all(c.PERSON_NAME):
        values = fill(person, t.PERSON, ctx)
        if person.value:
            values["person_name"] = str(person.value)[:324]
        parent.add(PersonParticipant, link, values)


def add_devices(parent: Row, node: Node, link: str, ctx: Context) -> None:
    """Each Device Role in Procedure item (TID 1021) with its name, manufacturer, model and serial."""
    for device in node.all(c.DEVICE_ROLE_IN_PROCEDURE):
        values = fill(device, t.DEVICE, ctx)
        if device.value is not None:
            values["device_role_in_procedure"] = device.value
        parent.add(DeviceParticipant, link, values)
