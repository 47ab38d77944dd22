"""Query/retrieve: find a remote node's studies and have it send us only their dose objects.

One run (:class:`~remapp.models.QueryRun`): C-FIND at study level for the date range and each modality,
then for each study its series, then the instances of the series that can hold dose data (SR series;
MG, CR and DX image series; small CT series that may hold a dose-info secondary capture). Instances
already imported (ImportedObject) are left out, so a study imported before costs nothing to move. A study
with a dose report is retrieved for its reports only, not its images. What remains is moved (C-MOVE) to
our Store SCP, which imports it like anything else it receives.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.utils import timezone
from pydicom.dataset import Dataset
from pynetdicom import AE
from pynetdicom.sop_class import (
    StudyRootQueryRetrieveInformationModelFind,
    StudyRootQueryRetrieveInformationModelMove,
    Verification,
)

from remapp.models import DicomRemoteNode, GeneralStudyModuleAttributes, ImportedObject, QueryRun, StoreScpConfig

from .sopclasses import DOSE_SR, MAMMOGRAPHY, RADIOGRAPHY, SECONDARY_CAPTURE

logger = logging.getLogger(__name__)

FIND = StudyRootQueryRetrieveInformationModelFind
MOVE = StudyRootQueryRetrieveInformationModelMove
PENDING = (0xFF00, 0xFF01)
IMAGE_MODALITIES = {"MG": MAMMOGRAPHY, "CR": RADIOGRAPHY, "DX": RADIOGRAPHY}
# CT series with at most this many images may be a Philips dose-info secondary capture; larger ones are scans.
SMALL_CT_SERIES = 5
TIMEOUT = 60  # seconds for any one answer from the remote node


class QueryError(Exception):
    """The remote node could not be reached or refused what we asked."""


def local_aet() -> str:
    return StoreScpConfig.load().aet or settings.OPENREM_SCP_AET


def _ae(node: DicomRemoteNode, contexts: Iterable[str]) -> AE:
    ae = AE(ae_title=node.calling_aet or local_aet())
    for context in contexts:
        ae.add_requested_context(context)
    ae.acse_timeout = ae.dimse_timeout = ae.network_timeout = TIMEOUT
    return ae


def echo(node: DicomRemoteNode) -> tuple[bool, str]:
    """C-ECHO the node: (success, what happened, in words for the admin)."""
    assoc = _ae(node, [Verification]).associate(node.host, node.port, ae_title=node.aet)
    if not assoc.is_established:
        return False, f"no association with {node.aet} at {node.host}:{node.port} (refused, or nothing listening)"
    try:
        status = assoc.send_c_echo()
    finally:
        assoc.release()
    code = getattr(status, "Status", None)
    if code == 0x0000:
        return True, f"{node.aet} at {node.host}:{node.port} answered the echo"
    return False, f"{node.aet} answered the echo with status {code!r}"


def date_range(date_from: dt.date | None, date_to: dt.date | None) -> str:
    """A DICOM date range for C-FIND: 'from-to', 'from-', '-to' or '' (any date)."""
    if not date_from and not date_to:
        return ""
    text = [d.strftime("%Y%m%d") if d else "" for d in (date_from, date_to)]
    return f"{text[0]}-{text[1]}"


@dataclass
class Retrieval:
    """What to move for one study: whole series, or single instances of series partly wanted."""

    study_uid: str
    series: list[str] = field(default_factory=list)
    instances: list[tuple[str, str]] = field(default_factory=list)  # (series UID, SOP instance UID)

    @property
    def empty(self) -> bool:
        return not self.series and not self.instances


class Session:
    """One association with a remote node, for C-FIND and C-MOVE."""

    def __init__(self, node: DicomRemoteNode, move_destination: str):
        self.node = node
        self.destination = move_destination
        self.assoc = _ae(node, [FIND, MOVE]).associate(node.host, node.port, ae_title=node.aet)
        if not self.assoc.is_established:
            raise QueryError(f"no association with {node.aet} at {node.host}:{node.port}")

    def close(self) -> None:
        if self.assoc.is_established:
            self.assoc.release()

    def find(self, level: str, **keys) -> list[Dataset]:
        query = Dataset()
        query.QueryRetrieveLevel = level
        for keyword, value in keys.items():
            setattr(query, keyword, value)
        found = []
        for status, identifier in self.assoc.send_c_find(query, FIND):
            code = getattr(status, "Status", None)
            if code is None:
                raise QueryError(f"no answer to the {level} query (connection lost or timed out)")
            if code in PENDING and identifier is not None:
                found.append(identifier)
            elif code not in PENDING and code != 0x0000:
                raise QueryError(f"{level} query failed with status 0x{code:04X}")
        return found

    def move(self, level: str, **keys) -> tuple[int, int]:
        """C-MOVE to our SCP; (completed, failed) sub-operations."""
        query = Dataset()
        query.QueryRetrieveLevel = level
        for keyword, value in keys.items():
            setattr(query, keyword, value)
        completed = failed = 0
        for status, _identifier in self.assoc.send_c_move(query, self.destination, MOVE):
            code = getattr(status, "Status", None)
            if code is None:
                raise QueryError("no answer to the move (connection lost or timed out)")
            completed = int(status.get("NumberOfCompletedSuboperations", completed) or 0)
            failed = int(status.get("NumberOfFailedSuboperations", failed) or 0)
            if code not in PENDING and code not in (0x0000, 0xB000):
                failed = max(failed, 1)
        return completed, failed

    # --- finding ---------------------------------------------------------------------------------

    def studies(self, date_from, date_to, modalities: list[str]) -> dict[str, Dataset]:
        """Studies in the date range holding any of the modalities, by study instance UID."""
        found: dict[str, Dataset] = {}
        for modality in modalities:
            for study in self.find("STUDY", StudyInstanceUID="", StudyDate=date_range(date_from, date_to),
                                   ModalitiesInStudy=modality, AccessionNumber="", StudyDescription=""):
                in_study = {str(m).upper() for m in _values(study.get("ModalitiesInStudy"))}
                if study.get("StudyInstanceUID") and (not in_study or modality in in_study):
                    found.setdefault(str(study.StudyInstanceUID), study)
        return found

    def retrieval_for(self, study_uid: str) -> Retrieval:
        """The dose objects of one study that we do not hold yet."""
        series = self.find("SERIES", StudyInstanceUID=study_uid, SeriesInstanceUID="", Modality="",
                           SeriesDescription="", NumberOfSeriesRelatedInstances="")
        reports = [s for s in series if str(s.get("Modality", "")).upper() == "SR"]
        retrieval = self._select(study_uid, reports, DOSE_SR)
        if retrieval.empty and not self._holds_dose_report(study_uid):
            images = self._image_series(series)
            for wanted, chosen in images:
                part = self._select(study_uid, chosen, wanted)
                retrieval.series += part.series
                retrieval.instances += part.instances
        return retrieval

    def _holds_dose_report(self, study_uid: str) -> bool:
        return ImportedObject.objects.filter(general_study_module_attributes__study_instance_uid=study_uid,
                                             sop_class_uid__in=DOSE_SR).exists()

    def _image_series(self, series: list[Dataset]) -> list[tuple[tuple[str, ...], list[Dataset]]]:
        out = []
        for modality, classes in IMAGE_MODALITIES.items():
            chosen = [s for s in series if str(s.get("Modality", "")).upper() == modality]
            if chosen:
                out.append((classes, chosen))
        small_ct = [s for s in series if str(s.get("Modality", "")).upper() == "CT"
                    and _int(s.get("NumberOfSeriesRelatedInstances"), 0) <= SMALL_CT_SERIES]
        if small_ct:
            out.append(((SECONDARY_CAPTURE,), small_ct))
        return out

    def _select(self, study_uid: str, series: list[Dataset], classes: tuple[str, ...]) -> Retrieval:
        """Instances of these series with a wanted SOP class and not imported yet."""
        retrieval = Retrieval(study_uid)
        for one in series:
            series_uid = str(one.SeriesInstanceUID)
            instances = self.find("IMAGE", StudyInstanceUID=study_uid, SeriesInstanceUID=series_uid,
                                  SOPInstanceUID="", SOPClassUID="")
            # A node that does not return the SOP class gets the benefit of the doubt.
            wanted = [str(i.SOPInstanceUID) for i in instances if "SOPInstanceUID" in i
                      and (not i.get("SOPClassUID") or str(i.SOPClassUID) in classes)]
            held = set(ImportedObject.objects.filter(sop_instance_uid__in=wanted)
                       .values_list("sop_instance_uid", flat=True))
            new = [uid for uid in wanted if uid not in held]
            if new and len(new) == len(instances):
                retrieval.series.append(series_uid)
            else:
                retrieval.instances += [(series_uid, uid) for uid in new]
        return retrieval

    def retrieve(self, retrieval: Retrieval) -> tuple[int, int, int]:
        """Move what was selected; (series or instances moved, objects completed, objects failed)."""
        moved = completed = failed = 0
        for series_uid in retrieval.series:
            done, bad = self.move("SERIES", StudyInstanceUID=retrieval.study_uid, SeriesInstanceUID=series_uid)
            moved, completed, failed = moved + 1, completed + done, failed + bad
        for series_uid, sop_uid in retrieval.instances:
            done, bad = self.move("IMAGE", StudyInstanceUID=retrieval.study_uid, SeriesInstanceUID=series_uid,
                                  SOPInstanceUID=sop_uid)
            moved, completed, failed = moved + 1, completed + done, failed + bad
        return moved, completed, failed


def _values(value) -> list:
    """A possibly multi-valued element as a list (pydicom gives a str for one value, a MultiValue for more)."""
    if not value:
        return []
    return [value] if isinstance(value, str) else list(value)


def _int(value, default: int) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


# --- a whole run, with progress in its QueryRun row ----------------------------------------------

def start_run(*, node: DicomRemoteNode, date_from=None, date_to=None, modalities=("CT",), user: str = "") -> QueryRun:
    """Record a run and queue it for the worker."""
    from .tasks import run_query

    run = QueryRun.objects.create(node=node, date_from=date_from, date_to=date_to,
                                  modalities=",".join(m.upper() for m in modalities), requested_by=user)
    run_query.enqueue(run.pk)
    run.refresh_from_db()
    return run


def execute_run(run_id: int, *, dry_run: bool = False, report=None) -> QueryRun:
    """Run one query/retrieve; progress is saved as it goes; errors end the run as failed, with why.

    ``report(run, study_uid, retrieval)`` is called after each study (the command prints progress with it).
    """
    run = QueryRun.objects.select_related("node").get(pk=run_id)
    _save(run, state=QueryRun.State.RUNNING, started_at=timezone.now())
    try:
        session = Session(run.node, run.node.move_destination or local_aet())
        try:
            _run(session, run, dry_run=dry_run, report=report)
        finally:
            session.close()
    except QueryError as error:
        _save(run, state=QueryRun.State.FAILED, message=str(error), finished_at=timezone.now())
        return run
    _save(run, state=QueryRun.State.DONE, finished_at=timezone.now())
    return run


def _run(session: Session, run: QueryRun, *, dry_run: bool, report=None) -> None:
    studies = session.studies(run.date_from, run.date_to, run.modality_list)
    _save(run, studies_found=len(studies))
    for number, study_uid in enumerate(sorted(studies), start=1):
        retrieval = session.retrieval_for(study_uid)
        if retrieval.empty and GeneralStudyModuleAttributes.objects.filter(study_instance_uid=study_uid).exists():
            run.studies_skipped += 1
        elif retrieval.empty:
            run.studies_without_dose += 1
        elif dry_run:
            run.series_moved += len(retrieval.series) + len(retrieval.instances)
        else:
            moved, completed, failed = session.retrieve(retrieval)
            run.series_moved += moved
            run.objects_moved += completed
            run.objects_failed += failed
        _save(run, studies_done=number)
        if report:
            report(run, study_uid, retrieval)
    done = (f"would move {run.series_moved} series or instances" if dry_run else
            f"moved {run.objects_moved} objects ({run.objects_failed} failed)")
    _save(run, message=f"{len(studies)} studies found, {run.studies_skipped} already imported, "
                       f"{run.studies_without_dose} without dose objects; {done}")


def _save(run: QueryRun, **values) -> None:
    for key, value in values.items():
        setattr(run, key, value)
    QueryRun.objects.filter(pk=run.pk).update(
        state=run.state, message=run.message, studies_found=run.studies_found, studies_done=run.studies_done,
        studies_skipped=run.studies_skipped, studies_without_dose=run.studies_without_dose,
        series_moved=run.series_moved, objects_moved=run.objects_moved,
        objects_failed=run.objects_failed, started_at=run.started_at, finished_at=run.finished_at,
    )
