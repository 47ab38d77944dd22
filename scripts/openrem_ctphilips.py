#!/usr/bin/env python
"""Run ``openrem_ctphilips.py`` from a checkout without installing (installed, it is on PATH already)."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from remapp.cli import ctphilips_main  # noqa: E402

if __name__ == "__main__":
    sys.exit(ctphilips_main())
