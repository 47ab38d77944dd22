"""Console entry points (pyproject ``[project.scripts]``).

The image-header and patient-size commands live in ``remapp.image_commands``; the RDSR command and the
shared batch runner come from the RDSR branch (issue 3).
"""

from remapp.image_commands import ctphilips_main, dx_main, mg_main, ptsizecsv_main

__all__ = ["ctphilips_main", "dx_main", "mg_main", "ptsizecsv_main"]
