"""Reading DICOM dose objects: pure functions and small classes, no Django imports (fast to test)."""
