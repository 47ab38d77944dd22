"""The seed's helper API (get_values, check_uid, dcmdatetime, not_patient_indicators), kept for scripts
and integrations written against the original; the importers use remapp.dicom directly."""
