"""DICOM networking: the Store SCP, its spool and quarantine, query/retrieve from remote nodes."""
