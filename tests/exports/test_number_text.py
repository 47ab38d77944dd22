"""On PostgreSQL a CSV export takes its numbers as text made by the database (source.PlainNumberText):
it must write exactly what Python's plain_number makes of the same Decimals, digit for digit."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection

from remapp.exports import plan as plan_module
from remapp.exports.cells import plain_number
from remapp.exports.source import PlainNumberText
from remapp.models import CtIrradiationEventData

from .factories import make_ct_study
from .helpers import export_file, read_csv

pytestmark = pytest.mark.django_db

AWKWARD = ["0.0000001", "0", "-3.25", "123456789012.123456789012", "100", "12.93", "0.000000000001", "850.250"]


@pytest.fixture
def awkward_study():
    return make_ct_study([{"protocol": f"P{n}", "dlp": value, "ctdivol": value} for n, value in enumerate(AWKWARD)])


@pytest.fixture
def postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's trim_scale makes the text; SQLite exports use plain_number (test_cells)")


def test_the_database_writes_numbers_as_python_does(awkward_study, postgres_only):
    rows = (CtIrradiationEventData.objects.order_by("pk")
            .values_list("dlp", PlainNumberText("dlp")))
    assert [(plain_number(value), text) for value, text in rows] == [(text, text) for _, text in rows]
    assert [text for _, text in rows] == [
        "0.0000001", "0", "-3.25", "123456789012.123456789012", "100", "12.93", "0.000000000001", "850.25",
    ]


def test_csv_is_the_same_either_way(awkward_study, postgres_only, tmp_path, monkeypatch):
    by_database = read_csv(export_file(tmp_path, "CT", "csv"))
    monkeypatch.setattr(plan_module, "can_format_numbers", lambda: False)
    by_python = read_csv(export_file(tmp_path, "CT", "csv"))
    assert by_database == by_python
    header, row = by_database
    assert row[header.index("E4 DLP (mGy·cm)")] == "123456789012.123456789012"
    assert row[header.index("Total DLP (mGy·cm)")] == plain_number(
        sum((Decimal(value) for value in AWKWARD), Decimal(0))
    )


@pytest.mark.parametrize("modality", ["RF", "DX", "MG"])
def test_projection_csv_is_the_same_either_way(projection_studies, postgres_only, tmp_path, monkeypatch, modality):
    """RF's pulse-level kVp is a mean taken in Python: those columns still arrive as Decimals."""
    by_database = read_csv(export_file(tmp_path, modality, "csv"))
    monkeypatch.setattr(plan_module, "can_format_numbers", lambda: False)
    assert read_csv(export_file(tmp_path, modality, "csv")) == by_database
    if modality == "RF":
        header, row = by_database
        assert row[header.index("E1 kVp")] == "75"


def test_servers_without_trim_scale_get_pythons_formatting(postgres_only, monkeypatch):
    from remapp.exports.source import can_format_numbers

    assert can_format_numbers() is True
    monkeypatch.setattr(connection, "pg_version", 120000)  # PostgreSQL 12: no trim_scale
    assert can_format_numbers() is False
