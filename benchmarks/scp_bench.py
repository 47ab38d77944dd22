#!/usr/bin/env python
"""Store SCP throughput and latency: objects per second received and fully imported, and the time from
C-STORE to visible in the CT list.

    python benchmarks/scp_bench.py [--objects 1000] [--associations 4] [--workers 2] [--latency 20]
    OPENREM_DATABASE_URL=postgres://postgres@127.0.0.1:5432/NAME python benchmarks/scp_bench.py --workers 4

Runs the real thing in separate processes: ``manage.py openrem_store_scp`` and ``--workers`` copies of
``manage.py openrem_worker`` (the database task worker), on a fresh SQLite database in a temporary folder
unless OPENREM_DATABASE_URL is set (that database is emptied first). The objects are copies of one CT RDSR
from the vendor corpus with new study, series and SOP instance UIDs, made in memory and sent over
``--associations`` concurrent associations. See benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import copy
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
CORPUS = Path(os.environ.get("OPENREM_TESTDATA", REPO.parent / "shared" / "testdata")) / "vendor"
TEMPLATE = "CT-RDSR-Siemens_Flash-TAP-SS.dcm"
WAIT = 300  # seconds: upper bound on any phase


def _setup(data_dir: str) -> dict:
    env = {**os.environ, "OPENREM_DATA_DIR": data_dir, "OPENREM_LOG_TO_FILE": "false",
           "OPENREM_LOG_LEVEL": "WARNING", "OPENREM_TASK_BACKEND": "db", "DJANGO_SETTINGS_MODULE": "openrem.settings"}
    # IMMEDIATE transactions: concurrent SQLite writers wait for each other instead of failing at once.
    env.setdefault("OPENREM_DATABASE_URL", f"sqlite:///{data_dir}/bench.sqlite3?transaction_mode=IMMEDIATE")
    os.environ.update(env)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("flush", interactive=False, verbosity=0)
    return env


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _manage(env: dict, *arguments: str) -> subprocess.Popen:
    log = open(Path(env["OPENREM_DATA_DIR"]) / f"{arguments[0]}-{time.monotonic_ns()}.log", "wb")  # noqa: SIM115
    return subprocess.Popen([sys.executable, str(REPO / "manage.py"), *arguments], env=env, cwd=REPO,
                            stdout=log, stderr=subprocess.STDOUT)


def _copies(count: int):
    import pydicom
    from pydicom.uid import generate_uid

    template = pydicom.dcmread(CORPUS / TEMPLATE)
    for _ in range(count):
        ds = copy.deepcopy(template)
        ds.StudyInstanceUID = generate_uid()
        ds.SeriesInstanceUID = generate_uid()
        ds.SOPInstanceUID = ds.file_meta.MediaStorageSOPInstanceUID = generate_uid()
        yield ds


def _scu():
    from pydicom.uid import ExplicitVRLittleEndian
    from pynetdicom import AE
    from pynetdicom.sop_class import Verification, XRayRadiationDoseSRStorage

    ae = AE(ae_title="BENCH")
    ae.add_requested_context(XRayRadiationDoseSRStorage, ExplicitVRLittleEndian)
    ae.add_requested_context(Verification)
    ae.acse_timeout = ae.dimse_timeout = ae.network_timeout = 60
    return ae


def _send(port: int, datasets: list) -> None:
    assoc = _scu().associate("127.0.0.1", port, ae_title="OPENREM")
    assert assoc.is_established, "the SCP refused the association"
    try:
        for ds in datasets:
            status = assoc.send_c_store(ds)
            assert status.Status == 0x0000, f"C-STORE status {status.Status:#06x}"
    finally:
        assoc.release()


def _wait_for_scp(port: int) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        assoc = _scu().associate("127.0.0.1", port, ae_title="OPENREM")
        if assoc.is_established:
            assoc.release()
            return
        time.sleep(0.2)
    raise SystemExit("the Store SCP did not start")


def _wait_until(condition, what: str) -> float:
    deadline = time.monotonic() + WAIT
    while not condition():
        if time.monotonic() > deadline:
            raise SystemExit(f"gave up waiting for {what}")
        time.sleep(0.005)
    return time.perf_counter()


def throughput(port: int, objects: int, associations: int, start_workers, *, backlog: bool) -> dict:
    """Send, then wait for the imports; ``start_workers`` is called before sending (pipeline) or after
    everything is received (backlog: the SCP alone, then the workers alone)."""
    from remapp.models import GeneralStudyModuleAttributes

    datasets = list(_copies(objects))
    shares = [datasets[i::associations] for i in range(associations)]
    threads = [threading.Thread(target=_send, args=(port, share)) for share in shares]
    if not backlog:
        start_workers()
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(WAIT)
    received = time.perf_counter()
    if backlog:
        start_workers()
    imported = _wait_until(lambda: GeneralStudyModuleAttributes.objects.count() >= objects, "the imports")
    return {"received_s": received - start, "imported_s": imported - start, "drain_s": imported - received}


def latency(port: int, samples: int) -> list[float]:
    """C-STORE sent -> the study is in the CT list's query (the one the page runs)."""
    from django.http import QueryDict

    from remapp.interface.selectors import studies_for

    times = []
    for ds in _copies(samples):
        start = time.perf_counter()
        _send(port, [ds])
        uid = ds.StudyInstanceUID
        visible = _wait_until(
            lambda uid=uid: studies_for("CT", QueryDict()).queryset.filter(study_instance_uid=uid).exists(),
            "the study in the list")
        times.append(visible - start)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--objects", type=int, default=1000)
    parser.add_argument("--associations", type=int, default=4)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--interval", type=float, default=0.1, help="worker polling interval, seconds")
    parser.add_argument("--latency", type=int, default=20, help="single objects timed to the list")
    parser.add_argument("--backlog", action="store_true",
                        help="start the workers only once everything is received (SCP and workers timed apart)")
    args = parser.parse_args()

    env = _setup(tempfile.mkdtemp(prefix="openrem-scp-bench-"))
    port = _free_port()
    processes = [_manage(env, "openrem_store_scp", "--port", str(port))]
    try:
        _wait_for_scp(port)

        def _start_workers():
            processes.extend(_manage(env, "openrem_worker", "--interval", str(args.interval), "--no-startup-delay")
                             for _ in range(args.workers))

        result = throughput(port, args.objects, args.associations, _start_workers, backlog=args.backlog)
        times = latency(port, args.latency)
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
    database = env["OPENREM_DATABASE_URL"].split(":", 1)[0]
    mode = "backlog: workers started after the last C-STORE" if args.backlog else "pipeline: workers running"
    print(f"database {database}, {args.objects} x {TEMPLATE}, {args.associations} associations, "
          f"{args.workers} workers (polling every {args.interval} s), {mode}")
    print(f"received (spooled, fsync'd, queued): {args.objects / result['received_s']:8.1f} objects/s "
          f"({result['received_s']:.1f} s)")
    print(f"fully imported:                      {args.objects / result['imported_s']:8.1f} objects/s "
          f"({result['imported_s']:.1f} s)")
    if args.backlog:
        print(f"workers importing the backlog:       {args.objects / result['drain_s']:8.1f} objects/s "
              f"({result['drain_s']:.1f} s)")
    print(f"C-STORE to visible in the CT list:   median {statistics.median(times) * 1000:.0f} ms, "
          f"max {max(times) * 1000:.0f} ms over {len(times)} objects")


if __name__ == "__main__":
    main()
