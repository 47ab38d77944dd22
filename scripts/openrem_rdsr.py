#!/usr/bin/env python
"""openrem_rdsr.py FILE...: import RDSRs from a checkout without installing (the installed command is
the same function, remapp.cli:rdsr_main)."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from remapp.cli import rdsr_main  # noqa: E402

if __name__ == "__main__":
    sys.exit(rdsr_main())
