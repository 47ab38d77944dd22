"""``python -m tests.robustness.kill_worker MARKER FILE``: import FILE as ``openrem_rdsr`` does, but touch
MARKER once the study's rows are inserted and the transaction is still open, and hold it open a moment:
the SIGKILL test kills the process in that window, so the kill certainly lands mid-transaction."""

from __future__ import annotations

import sys
import time
from pathlib import Path


def main(argv: list[str]) -> int:
    from remapp.cli import run_batch, setup_django

    setup_django()
    from remapp.extractors.rdsr import rdsr
    from remapp.importing import writer

    marker, original = Path(argv[0]), writer.insert_rows

    def insert_rows(rows, parent_pk):
        original(rows, parent_pk)
        marker.touch()  # rows written, not committed
        time.sleep(0.5)

    writer.insert_rows = insert_rows
    return run_batch(rdsr, argv[1:])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
