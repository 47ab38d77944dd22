"""The spool: received objects on disk until they are imported, and the quarantine for those that fail.

Layout under ``settings.OPENREM_DICOM_DIR``::

    spool/            complete objects waiting for import (``<arrival time>-<random>.dcm``)
    spool/.partial/   objects being written; never read by anyone
    quarantine/       objects whose import failed, each with ``<name>.reason.txt`` beside it
    kept/             imported objects, only with OPENREM_SCP_KEEP_PIXELS

A file appears in ``spool/`` only complete and on disk: written to ``.partial``, fsync'd, renamed (atomic
on one file system), then the directory fsync'd so the rename itself survives a power cut. Only then does
the SCP answer success to the sender.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import uuid
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

_NAME = re.compile(r"^[0-9A-Za-z][0-9A-Za-z._-]{0,120}\.dcm$")
REASON_SUFFIX = ".reason.txt"


def base_dir() -> Path:
    return Path(settings.OPENREM_DICOM_DIR)


def spool_dir() -> Path:
    return base_dir() / "spool"


def quarantine_dir() -> Path:
    return base_dir() / "quarantine"


def kept_dir() -> Path:
    return base_dir() / "kept"


def _ensure(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def check_name(name: str) -> str:
    """A spool file name as we make them; anything else (a path, '..') is refused."""
    if not _NAME.match(name) or ".." in name:
        raise ValueError(f"not a spool file name: {name!r}")
    return name


def new_name() -> str:
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%f")
    return f"{stamp}-{uuid.uuid4().hex}.dcm"


def write_durably(folder: Path, name: str, data: bytes) -> Path:
    """Write ``data`` to ``folder/name`` so that the file is either absent or complete, even after a crash."""
    partial = _ensure(folder / ".partial") / name
    with open(partial, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    target = folder / name
    os.replace(partial, target)
    _fsync_dir(folder)
    return target


def spool(data: bytes) -> str:
    """Store one received object (a complete DICOM file) in the spool; returns its name."""
    name = new_name()
    write_durably(_ensure(spool_dir()), name, data)
    return name


def spool_path(name: str) -> Path:
    return spool_dir() / check_name(name)


def spooled() -> list[str]:
    """Names waiting in the spool, oldest first."""
    folder = spool_dir()
    if not folder.is_dir():
        return []
    return sorted(entry.name for entry in os.scandir(folder) if entry.is_file() and _NAME.match(entry.name))


def finish(name: str, *, keep: bool) -> None:
    """The object is imported: delete it, or move it to ``kept/`` when the site keeps whole objects."""
    path = spool_path(name)
    try:
        if keep:
            os.replace(path, _ensure(kept_dir()) / name)
        else:
            path.unlink()
    except FileNotFoundError:
        pass  # another worker finished it first (duplicate task after a restart)


def quarantine(name: str, reason: str) -> bool:
    """Move a spooled object to the quarantine with its reason; False if it is no longer in the spool."""
    folder = _ensure(quarantine_dir())
    stamp = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    write_durably(folder, name + REASON_SUFFIX, f"{stamp}\n{reason}\n".encode())
    try:
        os.replace(spool_path(name), folder / name)
    except FileNotFoundError:
        (folder / (name + REASON_SUFFIX)).unlink(missing_ok=True)
        return False
    return True


@dataclass(frozen=True)
class Quarantined:
    name: str
    reason: str
    when: str
    size: int


def quarantined() -> list[Quarantined]:
    """Objects in the quarantine, newest first, with the reason each failed."""
    folder = quarantine_dir()
    if not folder.is_dir():
        return []
    items = []
    for entry in os.scandir(folder):
        if not (entry.is_file() and _NAME.match(entry.name)):
            continue
        when, _, reason = _read_reason(folder / (entry.name + REASON_SUFFIX)).partition("\n")
        items.append(Quarantined(entry.name, reason.strip(), when, entry.stat().st_size))
    return sorted(items, key=lambda item: item.name, reverse=True)


def _read_reason(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8", errors="replace")
    except FileNotFoundError:
        return "\nno reason recorded"


def release(name: str) -> bool:
    """Move a quarantined object back into the spool (to retry its import); False if it is not there."""
    folder = quarantine_dir()
    try:
        os.replace(folder / check_name(name), _ensure(spool_dir()) / name)
    except FileNotFoundError:
        return False
    _fsync_dir(spool_dir())
    (folder / (name + REASON_SUFFIX)).unlink(missing_ok=True)
    return True


def discard(name: str) -> bool:
    """Delete a quarantined object and its reason for good."""
    folder = quarantine_dir()
    path = folder / check_name(name)
    existed = path.exists()
    path.unlink(missing_ok=True)
    (folder / (name + REASON_SUFFIX)).unlink(missing_ok=True)
    return existed


def counts() -> dict[str, int]:
    return {"spool": len(spooled()), "quarantine": len(quarantined())}
