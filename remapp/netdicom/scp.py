"""The Store SCP: accepts dose objects from modalities and PACS, spools them, queues their import.

Order of work for one C-STORE: check the dataset can be read and is what the request says, write it to
the spool durably (:mod:`remapp.netdicom.spool`), queue its import, answer success. A failure before the
file is on disk answers a failure status, so the sender keeps the object and tries again.

Queueing happens in one background thread of the SCP, so a busy database never slows the answer to the
sender: once the file is on disk it is safe, and a file the SCP could not queue (or queue before being
stopped) is queued when the SCP or the worker next starts.
"""

from __future__ import annotations

import logging
import os
import queue
import socket
import threading
import time
from dataclasses import dataclass, field

from django.conf import settings
from django.db import close_old_connections, connection
from django.utils import timezone
from pynetdicom import AE, ALL_TRANSFER_SYNTAXES, evt
from pynetdicom.sop_class import Verification

from remapp.models import StoreScpConfig, StoreScpStatus

from . import spool
from .sopclasses import ACCEPTED
from .tasks import enqueue_import, enqueue_imports, requeue_spool

logger = logging.getLogger(__name__)

HEARTBEAT_SECONDS = 5.0
QUEUE_BATCH = 100  # objects queued per transaction at most
MAX_PDU = 256 * 1024  # large fluoroscopy reports in few PDUs, memory per association still bounded
# C-STORE status codes, PS3.4 Annex B.2.3
SUCCESS = 0x0000
OUT_OF_RESOURCES = 0xA700
DATASET_DOES_NOT_MATCH = 0xA900
CANNOT_UNDERSTAND = 0xC000


@dataclass(frozen=True)
class ScpOptions:
    aet: str
    port: int
    bind: str


def resolve_options(aet: str | None = None, port: int | None = None, bind: str | None = None) -> ScpOptions:
    """Command-line values, else what an admin saved in the web interface, else the settings."""
    saved = StoreScpConfig.load()
    return ScpOptions(
        aet=aet or saved.aet or settings.OPENREM_SCP_AET,
        port=port if port is not None else (saved.port or settings.OPENREM_SCP_PORT),
        bind=bind or saved.bind or settings.OPENREM_SCP_BIND,
    )


@dataclass
class _Received:
    """What the heartbeat reports; updated by association threads, written by the heartbeat."""

    count: int = 0
    last_at: object = None
    last_sop_class: str = ""
    last_from: str = ""
    unqueued: set[str] = field(default_factory=set)
    lock: threading.Lock = field(default_factory=threading.Lock)


class StoreScp:
    """One Store SCP server. ``start()`` listens in background threads; ``run()`` also blocks until stopped."""

    def __init__(self, options: ScpOptions, *, queue_inline: bool = False):
        """``queue_inline`` queues each import before answering the C-STORE (tests that run tasks
        immediately use it, so an object is imported when its C-STORE returns)."""
        self.options = options
        self.queue_inline = queue_inline
        self.received = _Received()
        self.server = None
        self._stop = threading.Event()
        self._heartbeat: threading.Thread | None = None
        self._to_queue: queue.Queue[str] = queue.Queue()
        self._queuer: threading.Thread | None = None

    def application_entity(self) -> AE:
        ae = AE(ae_title=self.options.aet)
        ae.add_supported_context(Verification)
        for sop_class in ACCEPTED:
            # Stored as sent, so any transfer syntax pydicom can read the header of is fine.
            ae.add_supported_context(sop_class, ALL_TRANSFER_SYNTAXES)
        ae.maximum_pdu_size = MAX_PDU
        ae.acse_timeout = ae.dimse_timeout = 30
        ae.network_timeout = 60
        return ae

    @property
    def port(self) -> int:
        return self.server.server_address[1] if self.server else self.options.port

    def start(self) -> StoreScp:
        requeue_spool()  # whatever an earlier run spooled and did not see imported
        handlers = [
            (evt.EVT_C_ECHO, self._on_echo),
            (evt.EVT_C_STORE, self._on_store),
        ]
        self.server = self.application_entity().start_server(
            (self.options.bind, self.options.port), block=False, evt_handlers=handlers
        )
        logger.info("Store SCP %s listening on %s:%d", self.options.aet, self.options.bind, self.port)
        self._beat(started=True)
        self._heartbeat = threading.Thread(target=self._heartbeat_loop, name="scp-heartbeat", daemon=True)
        self._heartbeat.start()
        self._queuer = threading.Thread(target=self._queue_loop, name="scp-queuer", daemon=True)
        self._queuer.start()
        return self

    def drain(self, timeout: float = 60) -> bool:
        """Wait until every object received so far has been handed to the task queue (tests, shutdown)."""
        deadline = time.monotonic() + timeout
        while self._to_queue.unfinished_tasks and time.monotonic() < deadline:
            time.sleep(0.005)
        return not self._to_queue.unfinished_tasks

    def run(self) -> None:
        if self.server is None:
            self.start()
        try:
            self._stop.wait()
        finally:
            self.stop()

    def request_stop(self, *_args) -> None:
        self._stop.set()

    def stop(self) -> None:
        self._stop.set()
        if self.server is not None:
            self.server.shutdown()
            self.server = None
        self.drain(timeout=10)
        if self._queuer is not None:
            self._queuer.join(timeout=5)
            self._queuer = None
        if self._heartbeat is not None:
            self._heartbeat.join(timeout=HEARTBEAT_SECONDS + 5)
            self._heartbeat = None
        self._beat(stopped=True)
        connection.close()

    # --- DIMSE handlers (run in the association's thread) ---------------------------------------

    def _on_echo(self, event) -> int:
        return SUCCESS

    def _on_store(self, event) -> int:
        try:
            dataset = event.dataset
            sop_class = str(dataset.SOPClassUID)
            sop_instance = str(dataset.SOPInstanceUID)
            study = str(dataset.StudyInstanceUID)
        except Exception as error:  # noqa: BLE001 - whatever a malformed stream makes pydicom raise
            logger.warning("C-STORE from %s: unreadable dataset (%s)", _calling(event), error)
            return CANNOT_UNDERSTAND
        if sop_class != event.request.AffectedSOPClassUID or sop_instance != event.request.AffectedSOPInstanceUID \
                or not study:
            logger.warning("C-STORE from %s: dataset does not match the request", _calling(event))
            return DATASET_DOES_NOT_MATCH
        try:
            name = spool.spool(event.encoded_dataset())
        except OSError:
            logger.exception("C-STORE from %s: could not write the spool", _calling(event))
            return OUT_OF_RESOURCES
        self._note(sop_class, _calling(event))
        if self.queue_inline:
            self._queue_one(name)
        else:
            self._to_queue.put(name)
        return SUCCESS

    def _note(self, sop_class: str, calling: str) -> None:
        with self.received.lock:
            self.received.count += 1
            self.received.last_at = timezone.now()
            self.received.last_sop_class = sop_class
            self.received.last_from = calling

    # --- queueing imports ------------------------------------------------------------------------

    def _queue_loop(self) -> None:
        """Hand received objects to the task queue, a burst at a time (one transaction per burst)."""
        while not (self._stop.is_set() and self._to_queue.empty()):
            try:
                batch = [self._to_queue.get(timeout=0.2)]
            except queue.Empty:
                continue
            while len(batch) < QUEUE_BATCH:
                try:
                    batch.append(self._to_queue.get_nowait())
                except queue.Empty:
                    break
            try:
                if not enqueue_imports(batch):
                    with self.received.lock:
                        self.received.unqueued.update(batch)  # the heartbeat tries again
            finally:
                for _ in batch:
                    self._to_queue.task_done()
        connection.close()

    def _queue_one(self, name: str) -> None:
        if not enqueue_import(name):
            with self.received.lock:
                self.received.unqueued.add(name)  # the heartbeat tries again

    # --- heartbeat -------------------------------------------------------------------------------

    def _heartbeat_loop(self) -> None:
        while not self._stop.wait(HEARTBEAT_SECONDS):
            try:
                close_old_connections()
                self._retry_unqueued()
                self._beat()
            except Exception:  # noqa: BLE001 - a database hiccup must not stop the heartbeat for good
                logger.exception("Store SCP heartbeat failed")
        connection.close()

    def _retry_unqueued(self) -> None:
        with self.received.lock:
            names, self.received.unqueued = self.received.unqueued, set()
        failed = {name for name in names if not enqueue_import(name)}
        if failed:
            with self.received.lock:
                self.received.unqueued |= failed

    def _beat(self, *, started: bool = False, stopped: bool = False) -> None:
        now = timezone.now()
        with self.received.lock:
            values = {
                "heartbeat_at": None if stopped else now,
                "received_count": self.received.count,
                "last_received_at": self.received.last_at,
                "last_received_sop_class": self.received.last_sop_class,
                "last_received_from": self.received.last_from,
            }
        if not self.received.count:  # keep what the previous run last received
            for key in ("last_received_at", "last_received_sop_class", "last_received_from"):
                values.pop(key)
        if started:
            values.update(aet=self.options.aet, bind=self.options.bind, port=self.port, pid=os.getpid(),
                          host=socket.gethostname(), started_at=now, stopped_at=None)
            StoreScpStatus.objects.update_or_create(pk=1, defaults=values)
            return
        if stopped:
            values["stopped_at"] = now
        StoreScpStatus.objects.filter(pk=1).update(**values)


def _calling(event) -> str:
    return str(event.assoc.requestor.ae_title).strip()
