"""One importing process of the multi-process tests:
``python -m tests.robustness.import_worker GO_FILE KIND:PATH ...``.

Sets Django up (its own database connection), waits until GO_FILE exists so that every worker starts
importing at the same moment, then imports each file with the batch runner the commands use, one result
line per file. Exit status as the commands': non-zero if any file was refused.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path


def main(argv: list[str]) -> int:
    from remapp.cli import run_batch, setup_django

    setup_django()
    from remapp.extractors.ct_philips import ct_philips
    from remapp.extractors.dx import dx
    from remapp.extractors.mam import mam
    from remapp.extractors.rdsr import rdsr

    importers = {"rdsr": rdsr, "mg": mam, "dx": dx, "ctphilips": ct_philips}
    go = Path(argv[0])
    while not go.exists():
        time.sleep(0.002)
    status = 0
    for argument in argv[1:]:
        kind, _, path = argument.partition(":")
        status |= run_batch(importers[kind], [path])
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
