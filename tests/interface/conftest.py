"""Fixtures of the interface tests: a logged-in client per persona, studies, a query-count assertion."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests import factories


@pytest.fixture
def client_for(client, personas) -> Callable:
    """``client_for("viewer")``: the test client, logged in as that persona (or not at all: "anonymous")."""

    def login(persona: str):
        user = personas[persona]
        client.logout()
        if user is not None:
            client.force_login(user)
        return client

    return login


@pytest.fixture
def one_of_each(db) -> dict[str, object]:
    """One study of each modality, keyed by URL slug."""
    return {
        slug: factories.make_study(slug.upper(), seed=n) for n, slug in enumerate(("ct", "rf", "mg", "dx"))
    }


@contextmanager
def _assert_queries(expected: int) -> Iterator[CaptureQueriesContext]:
    with CaptureQueriesContext(connection) as context:
        yield context
    executed = context.captured_queries
    if len(executed) != expected:
        listing = "\n".join(f"{n}. {query['sql']}" for n, query in enumerate(executed, 1))
        pytest.fail(f"expected {expected} SQL queries, ran {len(executed)}:\n{listing}", pytrace=False)


@pytest.fixture
def assert_queries() -> Callable:
    """``with assert_queries(5): ...`` fails, listing every statement, when the count differs."""
    return _assert_queries


@pytest.fixture(autouse=True)
def _fast_passwords(settings) -> None:
    """The personas' passwords hashed cheaply: PBKDF2's deliberate slowness costs seconds per test."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
