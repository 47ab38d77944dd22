"""Dose data from image headers (mammography, radiography, Philips CT dose-info images).

Pure functions from a pydicom Dataset to the plain records of ``records.py``. Nothing here imports Django
(modality and source kind are the string values of ``remapp.models.Modality`` and ``SourceKind``), so every
rule is testable on a Dataset built in memory. ``docs/image-imports.md`` has the rules.
"""
