from __future__ import annotations

import datetime as dt

import pytest

from .factories import make_ct_study, make_projection_study


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Every test writes its export files to its own folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def immediate_tasks(settings):
    """Tasks run inside the test (the database worker has its own test)."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    """The personas' passwords need no real hashing here: it made the role table slow."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def ct_studies(db):
    """Two CT studies: a head (one event) and a chest-abdomen-pelvis with two protocols, three events."""
    head = make_ct_study([{"protocol": "Head", "dlp": "850.25", "ctdivol": "55.1"}],
                         description="CT Head", date=dt.date(2024, 1, 10))
    cap = make_ct_study(
        [
            {"protocol": "Scout", "dlp": "5.5", "ctdivol": "0.2"},
            {"protocol": "Chest/Abdo: [contrast]", "dlp": "400", "ctdivol": "10.5"},
            {"protocol": "Chest/Abdo: [contrast]", "dlp": "300.75", "ctdivol": "9.25", "kvp": 100},
        ],
        description="CT Chest Abdomen Pelvis",
        date=dt.date(2024, 2, 20),
        age="67",
    )
    return {"head": head, "cap": cap}


@pytest.fixture
def projection_studies(db):
    return {
        "rf": make_projection_study("RF", [{"protocol": "Fluoro Abdo", "dap": "0.0012", "kvps": [70, 80]}],
                                    total_dap="0.0012", total_fluoro_time="35.5", description="Barium"),
        "dx": make_projection_study("DX", [{"protocol": "Chest PA", "dap": "0.00008"}],
                                    total_dap="0.00008", description="Chest"),
        "mg": make_projection_study(
            "MG",
            [{"protocol": "RCC", "agd": "1.25", "laterality": "Right"},
             {"protocol": "LCC", "agd": "1.5", "laterality": "Left"}],
            total_agd_left="1.5", total_agd_right="1.25", total_agd_both="2.75", description="Screening",
        ),
    }
