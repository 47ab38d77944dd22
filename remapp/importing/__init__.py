"""The writer shared by every importer (RDSR, mammography, Philips CT, radiography images)."""

from .tree import ImportResult, Refused, Row, Status, StudyImport
from .writer import import_study

__all__ = ["ImportResult", "Refused", "Row", "Status", "StudyImport", "import_study"]
