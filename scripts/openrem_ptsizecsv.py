#!/usr/bin/env python
"""Run ``openrem_ptsizecsv.py`` from a checkout without installing (installed, it is on PATH already)."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from remapp.cli import ptsizecsv_main  # noqa: E402

if __name__ == "__main__":
    sys.exit(ptsizecsv_main())
