"""End to end with real processes: a fresh install, the SCP and the worker as separate commands, a modality
simulator sending, the worker killed (SIGKILL) and started again — nothing is lost.

Runs on its own SQLite file (processes cannot share the test database); the in-process tests in
test_restart.py cover the same rules on PostgreSQL too.
"""

from __future__ import annotations

import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from pynetdicom import AE
from pynetdicom.sop_class import Verification

from .conftest import TIMEOUT, scu

pytestmark = pytest.mark.vendor

REPO = Path(__file__).resolve().parents[2]
BEFORE = ("CT-RDSR-GEPixelMed.dcm", "MG-RDSR-Hologic_2D.dcm", "DX-RDSR-Canon_CXDI.dcm")
WHILE_DOWN = ("CT-RDSR-ToshibaPixelMed.dcm", "RF-RDSR-Philips_Allura.dcm", "CT-SC-Philips_Brilliance16P.dcm")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Site:
    """A freshly installed OpenREM in a temporary folder, its processes started with manage.py."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.database = folder / "openrem.db"
        self.port = free_port()
        self.env = {**os.environ, "OPENREM_DATA_DIR": str(folder), "OPENREM_LOG_TO_FILE": "false",
                    "OPENREM_TASK_BACKEND": "db", "OPENREM_SCP_PORT": str(self.port),
                    "OPENREM_DATABASE_URL": f"sqlite:///{self.database}?transaction_mode=IMMEDIATE"}
        self.env.pop("OPENREM_DICOM_DIR", None)
        self.processes: list[subprocess.Popen] = []

    def manage(self, *arguments: str) -> subprocess.Popen:
        log = open(self.folder / f"{arguments[0]}.log", "ab")  # noqa: SIM115 - closed with the process
        process = subprocess.Popen([sys.executable, str(REPO / "manage.py"), *arguments], env=self.env,
                                   cwd=REPO, stdout=log, stderr=subprocess.STDOUT)
        self.processes.append(process)
        return process

    def run(self, *arguments: str) -> None:
        subprocess.run([sys.executable, str(REPO / "manage.py"), *arguments], env=self.env, cwd=REPO,
                       check=True, timeout=120, capture_output=True)

    def studies(self) -> int:
        with sqlite3.connect(self.database, timeout=30) as db:
            return db.execute("SELECT count(*) FROM remapp_generalstudymoduleattributes").fetchone()[0]

    def spooled(self) -> int:
        spool = self.folder / "dicom" / "spool"
        return len(list(spool.glob("*.dcm"))) if spool.is_dir() else 0

    def wait_for(self, condition, what: str, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while not condition():
            if time.monotonic() > deadline:
                logs = "\n".join(p.read_text(errors="replace")[-2000:] for p in self.folder.glob("*.log"))
                pytest.fail(f"timed out waiting for {what}\n{logs}")
            time.sleep(0.1)

    def scp_answers(self) -> bool:
        ae = AE(ae_title="PROBE")
        ae.add_requested_context(Verification)
        ae.acse_timeout = ae.network_timeout = 2
        assoc = ae.associate("127.0.0.1", self.port, ae_title="OPENREM")
        if assoc.is_established:
            assoc.release()
            return True
        return False

    def send(self, paths) -> None:
        assoc = scu().associate("127.0.0.1", self.port, ae_title="OPENREM")
        assert assoc.is_established
        try:
            assert [assoc.send_c_store(Path(p)).Status for p in paths] == [0x0000] * len(paths)
        finally:
            assoc.release()

    def stop_all(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                process.terminate()
        for process in self.processes:
            try:
                process.wait(timeout=TIMEOUT)
            except subprocess.TimeoutExpired:
                process.kill()


@pytest.fixture
def site(tmp_path):
    installed = Site(tmp_path)
    installed.run("migrate", "--no-input")
    yield installed
    installed.stop_all()


def test_nothing_is_lost_when_the_worker_is_killed_and_started_again(site, vendor_file):
    site.manage("openrem_store_scp")
    site.wait_for(site.scp_answers, "the Store SCP to answer")
    worker = site.manage("openrem_worker", "--interval", "0.1", "--no-startup-delay")
    site.send([vendor_file(name) for name in BEFORE])
    site.wait_for(lambda: site.studies() == len(BEFORE), "the first studies")

    worker.send_signal(signal.SIGKILL)
    worker.wait(timeout=TIMEOUT)
    site.send([vendor_file(name) for name in WHILE_DOWN])
    assert site.spooled() == len(WHILE_DOWN) and site.studies() == len(BEFORE)

    site.manage("openrem_worker", "--interval", "0.1", "--no-startup-delay")
    site.wait_for(lambda: site.studies() == len(BEFORE) + len(WHILE_DOWN), "the studies received meanwhile")
    site.wait_for(lambda: site.spooled() == 0, "an empty spool")
