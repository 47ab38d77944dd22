"""Signs that a study is a test or QA study rather than a patient's."""

from __future__ import annotations

from pydicom.dataset import Dataset

from remapp.dicom.patient import not_patient_markers

from .get_values import get_value_kw


def get_not_pt(dataset: Dataset) -> str | None:
    """Which of the markers 'phy', 'test', 'qa' occur (case-insensitive) in the patient name or ID, e.g.
    ``'test, qa'``; None when there are none. Only the markers are returned, never the name or ID."""
    markers = not_patient_markers(get_value_kw("PatientName", dataset), get_value_kw("PatientID", dataset))
    return markers or None
