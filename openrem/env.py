"""Typed helpers that read settings from the environment.

Kept free of Django imports so they can be unit-tested on their own.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


class ConfigError(ValueError):
    """A setting in the environment cannot be understood."""


def env_str(name: str, default: str = "", environ: dict | None = None) -> str:
    environ = os.environ if environ is None else environ
    file_name = environ.get(f"{name}_FILE")
    if file_name:
        # Docker/systemd style secrets: the value lives in a file.
        return Path(file_name).read_text(encoding="utf-8").strip()
    return environ.get(name, default)


def env_bool(name: str, default: bool = False, environ: dict | None = None) -> bool:
    raw = env_str(name, "", environ).strip().lower()
    if raw == "" and name not in (os.environ if environ is None else environ):
        return default
    if raw in _TRUE:
        return True
    if raw in _FALSE:
        return False
    raise ConfigError(f"{name} must be true or false, not {raw!r}")


def env_int(name: str, default: int, environ: dict | None = None) -> int:
    raw = env_str(name, "", environ).strip()
    if not raw:
        return default
    try:
        return int(raw)
    except ValueError:
        raise ConfigError(f"{name} must be a whole number, not {raw!r}") from None


def env_list(name: str, default: list[str], environ: dict | None = None) -> list[str]:
    raw = env_str(name, "", environ)
    if not raw.strip():
        return list(default)
    return [item.strip() for item in raw.split(",") if item.strip()]


def parse_database_url(url: str) -> dict:
    """Turn ``sqlite:///path`` or ``postgres://user:pass@host:port/name`` into a DATABASES entry."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    options = {key: values[-1] for key, values in parse_qs(parts.query).items()}
    if scheme == "sqlite":
        # sqlite:///relative/path and sqlite:////absolute/path, as SQLAlchemy spells them;
        # sqlite:///:memory: for a throw-away database.
        path = unquote(parts.path[1:] if parts.path.startswith("/") else parts.path)
        if not path:
            raise ConfigError(f"database URL {url!r} names no SQLite file")
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": path,
            # IMMEDIATE: a writing transaction takes the write lock at BEGIN, so concurrent importers wait
            # their turn (up to the timeout) instead of failing with "database is locked" mid-transaction.
            "OPTIONS": {"timeout": 30, "transaction_mode": "IMMEDIATE", **options},
        }
    if scheme in {"postgres", "postgresql", "pgsql"}:
        name = unquote(parts.path.lstrip("/"))
        if not name:
            raise ConfigError(f"database URL {url!r} names no database")
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": name,
            "USER": unquote(parts.username or ""),
            "PASSWORD": unquote(parts.password or ""),
            "HOST": parts.hostname or "",
            "PORT": str(parts.port or ""),
            "CONN_MAX_AGE": 60,
            "CONN_HEALTH_CHECKS": True,
            "OPTIONS": options,
        }
    raise ConfigError(
        f"unsupported database URL scheme {scheme!r} in OPENREM_DATABASE_URL; "
        "use sqlite:///path/to/file.db or postgres://user:password@host:port/name"
    )


def load_or_create_secret_key(data_dir: Path) -> str:
    """Return the install's own secret key, creating it (mode 0600) on first start.

    Every install gets its own key: the original shipped one key to everybody.
    """
    key_file = data_dir / "secret_key"
    if key_file.exists():
        key = key_file.read_text(encoding="utf-8").strip()
        if key:
            return key
    data_dir.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(64)
    # O_EXCL: if two processes start at once, exactly one writes the key and the other reads it.
    try:
        fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return key_file.read_text(encoding="utf-8").strip()
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(key)
    os.chmod(key_file, 0o600)
    return key
