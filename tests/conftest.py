"""Shared fixtures: the vendor corpus, personas for each role."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


def _testdata_dir() -> Path | None:
    env = os.environ.get("OPENREM_TESTDATA")
    candidates = [Path(env)] if env else []
    candidates.append(REPO.parent / "shared" / "testdata")
    for candidate in candidates:
        if (candidate / "vendor").is_dir():
            return candidate
    return None


@pytest.fixture(scope="session")
def vendor_dir() -> Path:
    """Folder of real vendor DICOM files; tests using it skip, saying why, when it is absent."""
    found = _testdata_dir()
    if found is None:
        pytest.skip("vendor DICOM corpus not found: put it in ../shared/testdata or set OPENREM_TESTDATA")
    return found / "vendor"


@pytest.fixture(scope="session")
def vendor_file(vendor_dir):
    """``vendor_file("CT-RDSR-Siemens-Multi-1.dcm")`` -> path, failing clearly if the file is missing."""

    def find(name: str) -> Path:
        path = vendor_dir / name
        if not path.exists():
            pytest.fail(f"vendor corpus has no {name} in {vendor_dir}")
        return path

    return find


@pytest.fixture
def personas(db):
    """One user per role: anonymous (None), none, viewer, exporter, admin, staff, superuser."""
    from django.contrib.auth.models import Group, User

    from remapp import roles

    def make(name: str, group: str | None = None, **extra) -> User:
        user = User.objects.create_user(name, password="pw-" + name, **extra)
        if group:
            user.groups.add(Group.objects.get(name=group))
        return user

    return {
        "anonymous": None,
        "none": make("nogroup"),
        "viewer": make("viewer", roles.VIEW_GROUP),
        "exporter": make("exporter", roles.EXPORT_GROUP),
        "admin": make("admin", roles.ADMIN_GROUP),
        "staff": make("staffer", is_staff=True),
        "superuser": make("root", is_staff=True, is_superuser=True),
    }


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Personas are made for many tests; the production hasher is slow on purpose.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _fresh_code_cache():
    """Coded values are cached per process; a test database rolled back between tests must not leave
    primary keys in the cache that no longer exist."""
    from remapp.importing import codes

    codes.clear_cache()
    yield
    codes.clear_cache()
