"""Import one spooled object with the command line's importers; quarantine it if that fails."""

from __future__ import annotations

import enum
import importlib
import logging
from collections.abc import Callable

import pydicom
from django.conf import settings
from django.db import DatabaseError, IntegrityError

from remapp.importing import ImportResult, Status

from . import spool
from .sopclasses import IMPORTERS, SECONDARY_CAPTURE, SECONDARY_CAPTURE_IMPORTERS

logger = logging.getLogger(__name__)


class Outcome(enum.StrEnum):
    IMPORTED = "imported"
    QUARANTINED = "quarantined"
    GONE = "gone"  # not in the spool: another task already handled it


class NoImporter(Exception):
    """We accepted the object but have no importer for it."""


def _header(path) -> pydicom.Dataset:
    return pydicom.dcmread(path, stop_before_pixels=True, specific_tags=["SOPClassUID", "Modality"])


def importer_for(path) -> Callable[[str], ImportResult]:
    """The importer the command line would use for this file, chosen by SOP class (and modality for SC)."""
    header = _header(path)
    sop_class = str(header.get("SOPClassUID", ""))
    target = IMPORTERS.get(sop_class)
    if sop_class == SECONDARY_CAPTURE:
        target = SECONDARY_CAPTURE_IMPORTERS.get(str(header.get("Modality", "")).upper())
    if target is None:
        raise NoImporter(f"no importer for SOP class {sop_class or '(none)'} modality {header.get('Modality', '?')}")
    module, _, function = target.partition(":")
    try:
        return getattr(importlib.import_module(module), function)
    except (ImportError, AttributeError) as error:
        raise NoImporter(f"importer {target} is not installed") from error


def import_spooled(name: str) -> Outcome:
    """Import ``spool/<name>``; on success remove it from the spool, on refusal quarantine it with why.

    Database outages propagate and leave the file in the spool, so it is retried when the worker or the
    SCP next starts, instead of being quarantined for a reason that has nothing to do with the file.
    """
    path = spool.spool_path(name)
    if not path.exists():
        return Outcome.GONE
    try:
        result = importer_for(path)(str(path))
    except DatabaseError as error:
        if isinstance(error, IntegrityError):
            return _quarantine(name, f"database refused the data: {error}")
        raise
    except NoImporter as error:
        return _quarantine(name, str(error))
    except Exception as error:  # noqa: BLE001 - any bug in an importer must not lose the object
        logger.exception("import of %s failed", name)
        return _quarantine(name, f"import failed ({type(error).__name__}: {error})")
    if result.status is Status.REFUSED:
        return _quarantine(name, f"refused: {result.reason}")
    spool.finish(name, keep=settings.OPENREM_SCP_KEEP_PIXELS)
    logger.info("%s: %s", name, result.line())
    return Outcome.IMPORTED


def _quarantine(name: str, reason: str) -> Outcome:
    if not spool.quarantine(name, reason):
        return Outcome.GONE
    logger.warning("%s quarantined: %s", name, reason)
    return Outcome.QUARANTINED
