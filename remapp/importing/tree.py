"""The in-memory study every importer builds and the writer stores.

Importers (RDSR, mammography images, Philips CT images, radiography images) describe what they read as a
:class:`StudyImport`: plain dicts for the study-level modules and a tree of :class:`Row` objects for the
dose data. Nothing here touches the database; :func:`remapp.importing.writer.import_study` does.
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass, field
from typing import Any

from django.db import models


@dataclass
class Row:
    """One row to insert: its model, its field values and its child rows.

    ``values`` hold plain field values; a coded value (anything with ``scheme``, ``value``, ``meaning`` and
    ``key`` attributes, e.g. :class:`remapp.dicom.sr.Coded`) in a ForeignKey field to
    ContentItemDescriptions is resolved by the writer. ``link`` is the name of the field that points at
    the parent row; the writer fills it.
    """

    model: type[models.Model]
    values: dict[str, Any] = field(default_factory=dict)
    children: list[Row] = field(default_factory=list)
    link: str = ""

    def add(self, model: type[models.Model], link: str, values: dict[str, Any] | None = None) -> Row:
        """Append and return a child row of ``model`` whose ``link`` field points at this row."""
        row = Row(model, dict(values or {}), [], link)
        self.children.append(row)
        return row

    def walk(self):
        """This row and every row below it, depth first."""
        yield self
        for child in self.children:
            yield from child.walk()


class Status(enum.StrEnum):
    IMPORTED = "imported"
    ALREADY_IMPORTED = "already imported"
    MERGED = "merged"
    REFUSED = "refused"


@dataclass
class StudyImport:
    """Everything one DICOM object contributes to a study.

    ``dose`` is the root of the dose tree (CtRadiationDose or ProjectionXrayRadiationDose); its direct
    children that have an ``irradiation_event_uid`` value are the events the duplicate and merge rules
    work on (docs/import-rules.md).
    """

    study_instance_uid: str
    sop_instance_uid: str
    source_kind: str
    modality: str
    study: dict[str, Any] = field(default_factory=dict)
    patient: dict[str, Any] = field(default_factory=dict)
    patient_study: dict[str, Any] = field(default_factory=dict)
    equipment: dict[str, Any] = field(default_factory=dict)
    dose: Row | None = None
    sop_class_uid: str = ""
    series_instance_uid: str = ""
    file_name: str = ""
    content_datetime: dt.datetime | None = None
    # Values read but not stored (e.g. a unit that cannot be converted): reported with the result.
    warnings: list[str] = field(default_factory=list)
    # Events the object itself carried, when a merge rule dropped them before the write (an image of a study
    # that has a dose report): ImportedObject records what the object held, whatever the import order.
    events_carried: int | None = None

    @property
    def events(self) -> list[Row]:
        if self.dose is None:
            return []
        return [row for row in self.dose.children if "irradiation_event_uid" in row.values]


@dataclass
class ImportResult:
    """What happened to one file; ``failed`` decides the command's exit status."""

    file: str
    status: Status
    reason: str = ""
    study_pk: int | None = None
    events: int = 0

    @property
    def failed(self) -> bool:
        return self.status is Status.REFUSED

    def line(self) -> str:
        """One line of command output."""
        detail = f": {self.reason}" if self.reason else ""
        noun = "event" if self.events == 1 else "events"
        study = f" (study {self.study_pk}, {self.events} {noun})" if self.study_pk else ""
        return f"{self.file}: {self.status.value}{study}{detail}"


class Refused(Exception):
    """Raised by an extractor for a file it will not import; the message says why."""
