"""Hypothesis profiles for the fuzz targets (docs/robustness.md).

``HYPOTHESIS_PROFILE=ci`` (the default): a bounded run for CI, about a minute for all targets together.
``HYPOTHESIS_PROFILE=long``: the long run, e.g. ``HYPOTHESIS_PROFILE=long pytest -m fuzz tests/fuzz``.
Examples run counts are printed at the end of the session (the figure in docs/robustness.md).
"""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, settings

_COMMON = {"deadline": None, "suppress_health_check": [HealthCheck.too_slow, HealthCheck.function_scoped_fixture,
                                                       HealthCheck.data_too_large]}
settings.register_profile("ci", max_examples=int(os.environ.get("FUZZ_EXAMPLES", "150")), derandomize=False,
                          **_COMMON)
settings.register_profile("long", max_examples=int(os.environ.get("FUZZ_EXAMPLES", "5000")), **_COMMON)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

EXECUTIONS: dict[str, int] = {}


def count(target: str) -> None:
    EXECUTIONS[target] = EXECUTIONS.get(target, 0) + 1


@pytest.fixture(scope="session", autouse=True)
def _report_executions():
    yield
    if EXECUTIONS:
        print(f"\nfuzz executions: {sum(EXECUTIONS.values())} {dict(sorted(EXECUTIONS.items()))}")
