"""The one writer every importer uses: one transaction per object, bulk inserts level by level.

Interface: build a :class:`~remapp.importing.tree.StudyImport` and call :func:`import_study`. The writer
applies the duplicate and merge rules of docs/import-rules.md, fills the study summary columns and
returns an :class:`~remapp.importing.tree.ImportResult`. The number of SQL statements depends on the
number of tables in the tree, not on the number of irradiation events.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from functools import cache
from typing import Any

from django.db import DatabaseError, DataError, IntegrityError, models, transaction

from remapp.models import (
    GeneralEquipmentModuleAttributes,
    GeneralStudyModuleAttributes,
    ImportedObject,
    PatientModuleAttributes,
    PatientStudyModuleAttributes,
    SourceKind,
)

from . import codes
from .limits import clean_import
from .summaries import facts_from_import, summarise, update_summaries
from .tree import ImportResult, Row, Status, StudyImport

STUDY_LINK = "general_study_module_attributes"
_OLDEST = dt.datetime.min.replace(tzinfo=dt.UTC)


Prepare = Callable[[StudyImport], str]
After = Callable[[ImportResult], None]


def import_study(imp: StudyImport, *, prepare: Prepare | None = None, after: After | None = None) -> ImportResult:
    """Store one object's contribution to its study, atomically.

    Two processes importing objects of one study at once meet at the unique constraints (study UID, object
    per study, event per report); the loser's transaction rolls back and the file is retried once, by
    which time the winner's rows are visible and the merge rules apply.

    ``prepare`` (importer-specific rules that depend on what is stored, e.g. the image merge rules) runs
    inside the transaction before the write, on every attempt, so a retry decides afresh on the rows the
    winner stored; a note it returns replaces the reason of a merged result. ``after`` runs inside the
    same transaction once the write succeeded.
    """
    clean_import(imp)
    if not imp.study_instance_uid or not imp.sop_instance_uid:
        return ImportResult(imp.file_name, Status.REFUSED, "no Study Instance UID or SOP Instance UID")
    lost_races = 0
    for attempt in range(1, ATTEMPTS + 1):
        try:
            with transaction.atomic():
                note = prepare(imp) if prepare else ""
                result = _write(imp)
                if after and result.status in (Status.IMPORTED, Status.MERGED):
                    after(result)
            if note and result.status is Status.MERGED:
                result.reason = note
            return result
        except IntegrityError as error:
            lost_races += 1
            if lost_races == 2:
                return ImportResult(imp.file_name, Status.REFUSED, f"database refused the data: {error}")
        except DataError as error:  # a value the column cannot hold; nothing was stored
            return ImportResult(imp.file_name, Status.REFUSED, f"database refused a value: {error}")
        except DatabaseError as error:  # nothing was stored: the transaction rolled back
            if _is_transient(error) and attempt < ATTEMPTS:
                continue  # chosen as a deadlock's victim: the other import has gone ahead, try again
            return ImportResult(imp.file_name, Status.REFUSED, f"database error, nothing stored: {error}")
    return ImportResult(imp.file_name, Status.REFUSED, "database kept refusing the import (deadlocks)")


# A lost unique-constraint race is retried once; a deadlock (two imports of one study, each waiting for a
# row the other inserted, e.g. a new code and the study) or a serialization failure aborts one of them,
# which PostgreSQL asks the application to run again.
ATTEMPTS = 4
_TRANSIENT = {"40P01", "40001"}  # deadlock_detected, serialization_failure


def _is_transient(error: DatabaseError) -> bool:
    return getattr(error.__cause__, "pgcode", None) in _TRANSIENT


def _drop_repeated_events(imp: StudyImport) -> None:
    """An event UID sent twice in one object is one event: the first is kept (and the repeat would
    break the one-event-per-UID constraint)."""
    if imp.dose is None:
        return
    seen: set[str] = set()
    kept = []
    for row in imp.dose.children:
        uid = row.values.get("irradiation_event_uid")
        if uid and uid in seen:
            imp.warnings.append(f"event {uid} sent twice; the first kept")
            continue
        seen.add(uid or "")
        kept.append(row)
    imp.dose.children = kept


def _write(imp: StudyImport) -> ImportResult:
    _drop_repeated_events(imp)
    study = (GeneralStudyModuleAttributes.objects.select_for_update()
             .filter(study_instance_uid=imp.study_instance_uid).first())
    if study is None:
        # A new study's summary comes from the in-memory rows: no statements to read it back.
        summary = summarise(facts_from_import(imp))
        study_pk = _insert_new_study(imp, summary)
        return ImportResult(imp.file_name, Status.IMPORTED, _notes(imp), study_pk, summary["number_of_events"])
    if ImportedObject.objects.filter(general_study_module_attributes=study,
                                       sop_instance_uid=imp.sop_instance_uid).exists():
        return ImportResult(imp.file_name, Status.ALREADY_IMPORTED, "this object is already stored",
                            study.pk, study.number_of_events or 0)
    won = _merge(imp, study)
    _record_object(imp, study.pk, complete=won)
    events = update_summaries(study.pk)
    return ImportResult(imp.file_name, Status.MERGED, _notes(imp), study.pk, events)


def _notes(imp: StudyImport) -> str:
    return "; ".join(dict.fromkeys(imp.warnings))


def _study_row(imp: StudyImport, summary: dict) -> Row:
    root = Row(GeneralStudyModuleAttributes, {
        **imp.study, **summary, "study_instance_uid": imp.study_instance_uid, "modality_type": imp.modality,
        "source_kind": imp.source_kind,
    })
    root.add(PatientModuleAttributes, STUDY_LINK, imp.patient)
    root.add(PatientStudyModuleAttributes, STUDY_LINK, imp.patient_study)
    root.add(GeneralEquipmentModuleAttributes, STUDY_LINK, imp.equipment)
    root.add(ImportedObject, STUDY_LINK, _object_values(imp, complete=True))
    if imp.dose is not None:
        imp.dose.link = STUDY_LINK
        root.children.append(imp.dose)
    return root


def _insert_new_study(imp: StudyImport, summary: dict) -> int:
    root = _study_row(imp, summary)
    insert_rows([root], None)
    return _pk_of(root)


def _object_values(imp: StudyImport, *, complete: bool) -> dict[str, Any]:
    return {
        "sop_instance_uid": imp.sop_instance_uid, "sop_class_uid": imp.sop_class_uid,
        "series_instance_uid": imp.series_instance_uid, "source_kind": imp.source_kind,
        "file_name": imp.file_name[-1024:], "is_complete": complete,
        "number_of_events": len(imp.events) if imp.events_carried is None else imp.events_carried,
        "content_datetime": imp.content_datetime,
    }


def _record_object(imp: StudyImport, study_pk: int, *, complete: bool) -> None:
    if complete:
        ImportedObject.objects.filter(general_study_module_attributes_id=study_pk).update(is_complete=False)
    ImportedObject.objects.create(general_study_module_attributes_id=study_pk,
                                  **_object_values(imp, complete=complete))


# --- merging a later object into an existing study -------------------------------------------------

def _rank(kind: str, events: int, when: dt.datetime | None, sop_uid: str) -> tuple:
    """Which object of a study is its primary: a dose report before image headers (it holds every
    exposure, rejected images included), then most events, then newest, then highest UID.

    Every part comes from the objects themselves, so the outcome does not depend on import order.
    """
    return kind == SourceKind.RDSR, events, when or _OLDEST, sop_uid


def _dose_rank(rank: tuple) -> tuple:
    """Whose dose tree the study keeps. Images of one study are peers (each holds one exposure of the
    same study): only an image carrying more events (a fuller Philips dose-info image) replaces the dose
    tree; the others just add their events, even when they become the primary for the study's header."""
    return rank if rank[0] else rank[:2]


def _primary_rank(study: GeneralStudyModuleAttributes) -> tuple:
    primary = (ImportedObject.objects.filter(general_study_module_attributes=study, is_complete=True)
               .order_by("-pk")
               .values_list("source_kind", "number_of_events", "content_datetime", "sop_instance_uid")
               .first())
    return _rank(*primary) if primary else _rank("", 0, None, "")


def _merge(imp: StudyImport, study: GeneralStudyModuleAttributes) -> bool:
    """Merge ``imp`` into ``study``; True when ``imp`` became the study's primary object."""
    dose_model = imp.dose.model if imp.dose is not None else None
    old_dose = (dose_model.objects.filter(general_study_module_attributes=study).order_by("pk").first()
                if dose_model else None)
    new_rank, old_rank = _rank(imp.source_kind, len(imp.events), imp.content_datetime,
                               imp.sop_instance_uid), _primary_rank(study)
    # The primary (and with it the study, patient and equipment data) is decided on the full rank, so that
    # images of one study arriving in any order leave the same primary (found by the multi-process test).
    new_primary = new_rank > old_rank
    new_wins = _dose_rank(new_rank) > _dose_rank(old_rank)
    # Events read from image headers have no key an RDSR event could match: a report replaces them all.
    keep_old_events = not (imp.source_kind == SourceKind.RDSR and study.source_kind != SourceKind.RDSR)
    if new_primary:
        _replace_header(imp, study)
    if imp.dose is None:
        return new_primary
    if old_dose is None:
        imp.dose.link = STUDY_LINK
        insert_rows([imp.dose], study.pk)
    elif new_wins:
        _replace_dose(imp, study, old_dose, keep_old_events=keep_old_events)
    else:
        _add_missing_events(imp, old_dose)
    return new_primary


def _event_model_and_link(dose_row: Row) -> tuple[type[models.Model], str] | None:
    for row in dose_row.children:
        if "irradiation_event_uid" in row.values:
            return row.model, row.link
    return None


def _replace_dose(imp: StudyImport, study: GeneralStudyModuleAttributes, old_dose: models.Model, *,
                  keep_old_events: bool = True) -> None:
    """The new report becomes the study's dose tree; events only the old one had move across (unless
    ``keep_old_events`` is False)."""
    imp.dose.link = STUDY_LINK
    insert_rows([imp.dose], study.pk)
    found = _event_model_and_link(imp.dose)
    if found and keep_old_events:
        event_model, link = found
        new_uids = {row.values.get("irradiation_event_uid") for row in imp.events}
        (event_model.objects.filter(**{link: old_dose}).exclude(irradiation_event_uid__in=new_uids)
         .exclude(irradiation_event_uid="").update(**{link: _pk_of(imp.dose)}))
    type(old_dose).objects.filter(pk=old_dose.pk).delete()


def _add_missing_events(imp: StudyImport, old_dose: models.Model) -> None:
    """A less complete report adds only the events the study does not hold yet."""
    found = _event_model_and_link(imp.dose)
    if not found:
        return
    event_model, link = found
    held = set(event_model.objects.filter(**{link: old_dose}).values_list("irradiation_event_uid", flat=True))
    missing = [row for row in imp.events if row.values.get("irradiation_event_uid") not in held]
    insert_rows(missing, old_dose.pk)


def _replace_header(imp: StudyImport, study: GeneralStudyModuleAttributes) -> None:
    """The primary report's study, patient and equipment data replace the stored ones."""
    GeneralStudyModuleAttributes.objects.filter(pk=study.pk).update(**imp.study, modality_type=imp.modality,
                                                                    source_kind=imp.source_kind)
    for model, values in ((PatientModuleAttributes, imp.patient),
                          (PatientStudyModuleAttributes, imp.patient_study),
                          (GeneralEquipmentModuleAttributes, imp.equipment)):
        if values and not model.objects.filter(general_study_module_attributes=study).update(**values):
            model.objects.create(general_study_module_attributes=study, **values)


# --- bulk insertion ---------------------------------------------------------------------------------

_PK = "_inserted_pk"


def _pk_of(row: Row) -> int:
    return row.values[_PK]


@cache
def _code_fields(model: type[models.Model]) -> frozenset[str]:
    return frozenset(f.name for f in model._meta.concrete_fields
                     if f.is_relation and f.related_model._meta.model_name == "contentitemdescriptions")


def _resolve_codes(rows: list[Row]) -> dict:
    wanted = []
    for top in rows:
        for row in top.walk():
            wanted.extend(v for k, v in row.values.items() if hasattr(v, "key") and k != _PK)
    return codes.resolve(wanted)


def _instance(row: Row, parent_pk: int | None, code_pks: dict, code_fields: frozenset[str]) -> models.Model:
    values = {}
    for name, value in row.values.items():
        if name == _PK:
            continue
        if name in code_fields:
            values[name + "_id"] = code_pks.get(value.key) if value is not None else None
        else:
            values[name] = value
    if row.link and parent_pk is not None:
        values[row.link + "_id"] = parent_pk
    return row.model(**values)


def insert_rows(rows: list[Row], parent_pk: int | None) -> None:
    """Insert ``rows`` (all children of the row ``parent_pk``) and everything below them.

    One INSERT per model per tree level: bulk_create returns primary keys on PostgreSQL and on SQLite
    (RETURNING, Django >= 4.2 with SQLite >= 3.35), which the next level uses as its parent keys.
    """
    code_pks = _resolve_codes(rows)
    level: list[tuple[Row, int | None]] = [(row, parent_pk) for row in rows]
    while level:
        by_model: dict[type[models.Model], list[tuple[Row, int | None]]] = defaultdict(list)
        for row, pk in level:
            by_model[row.model].append((row, pk))
        next_level: list[tuple[Row, int | None]] = []
        for model, members in by_model.items():
            fields = _code_fields(model)
            created = model.objects.bulk_create([_instance(r, pk, code_pks, fields) for r, pk in members])
            for (row, _), obj in zip(members, created, strict=True):
                row.values[_PK] = obj.pk
                next_level.extend((child, obj.pk) for child in row.children)
        level = next_level
