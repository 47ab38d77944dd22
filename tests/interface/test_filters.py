"""The FilterSets, through ``studies_for`` (what both the pages and the exports use) and through the page."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from remapp.interface.mod_filters import (
    CTSummaryListFilter,
    DXSummaryListFilter,
    MGSummaryListFilter,
    RFSummaryListFilter,
)
from remapp.interface.selectors import studies_for
from tests import factories

pytestmark = pytest.mark.django_db


def _at(day: str, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime.fromisoformat(day).replace(hour=hour))


def _accessions(modality: str, params: dict) -> list[str]:
    return list(studies_for(modality, params).queryset.values_list("accession_number", flat=True))


@pytest.fixture
def ct_studies(db):
    """Three CT studies that differ in every filtered field."""
    make = factories.make_ct_study
    return [
        make(
            seed=1,
            accession_number="A1",
            when=_at("2024-01-10"),
            study_description="CT Head",
            requested_procedure_code_meaning="Head routine",
            procedure_code_meaning="CT HEAD WO",
            institution_name="Royal Infirmary",
            manufacturer="SIEMENS",
            manufacturer_model_name="SOMATOM Definition Flash",
            station_name="CTAWP01",
            performing_physician_name="Dr^Who",
            operator_name="Smith^Jo",
            patient_age_decimal=Decimal("30.5"),
            protocols=["Topogram", "Head Routine"],
        ),
        make(
            seed=2,
            accession_number="A2",
            when=_at("2024-01-11"),
            study_description="CT Chest",
            requested_procedure_code_meaning="Chest",
            procedure_code_meaning="CT CHEST",
            institution_name="General Hospital",
            manufacturer="GE MEDICAL SYSTEMS",
            manufacturer_model_name="Discovery CT750 HD",
            station_name="CT99",
            performing_physician_name="Dr^Bloggs",
            operator_name="Jones^Al",
            patient_age_decimal=Decimal("60"),
            protocols=["Topogram", "Thorax Routine", "Thorax Routine", "Thorax Routine"],
        ),
        make(
            seed=3,
            accession_number="A3",
            when=_at("2024-01-12", 23),
            study_description="QA phantom",
            requested_procedure_code_meaning="QA",
            procedure_code_meaning="QA",
            institution_name="General Hospital",
            manufacturer="Philips",
            manufacturer_model_name="Brilliance 64",
            station_name="PHCT1",
            patient_age_decimal=None,
            test_patient=True,
            protocols=["QA"],
        ),
    ]


# --- "contains" filters: one row per (parameter, value, expected) ---------------------------------
CONTAINS_CASES = [
    ("study_description", "head", ["A1"]),
    ("study_description", "CT", ["A2", "A1"]),
    ("requested_procedure", "CHEST", ["A2"]),
    ("procedure", "head wo", ["A1"]),
    ("accession_number", "a3", ["A3"]),
    ("institution", "general", ["A3", "A2"]),
    ("manufacturer", "siemens", ["A1"]),
    ("model_name", "soma", ["A1"]),
    ("station_name", "ct99", ["A2"]),
    ("performing_physician", "who", ["A1"]),  # the physician ...
    ("performing_physician", "jones", ["A2"]),  # ... or the operator
    ("acquisition_protocol", "thorax", ["A2"]),
    ("acquisition_protocol", "topo", ["A2", "A1"]),
]


@pytest.mark.parametrize("param, value, expected", CONTAINS_CASES)
def test_contains_filters(ct_studies, param, value, expected):
    assert _accessions("CT", {param: value}) == expected


def test_protocol_filter_does_not_duplicate_studies(ct_studies):
    # A2 has three "Thorax Routine" events; it must be listed, and counted, once.
    selection = studies_for("CT", {"acquisition_protocol": "thorax"})
    assert selection.queryset.count() == 1
    assert "DISTINCT" not in str(selection.queryset.query)


def test_filters_combine_with_and(ct_studies):
    assert _accessions("CT", {"institution": "general", "model_name": "discovery"}) == ["A2"]
    assert _accessions("CT", {"institution": "royal", "model_name": "discovery"}) == []


def test_no_filter_lists_the_modality_newest_first(ct_studies):
    factories.make_rf_study(seed=4, accession_number="R1")
    assert _accessions("CT", {}) == ["A3", "A2", "A1"]
    assert _accessions("RF", {}) == ["R1"]


# --- dates -----------------------------------------------------------------------------------------
DATE_CASES = [
    ({"date_from": "2024-01-11"}, ["A3", "A2"]),  # from alone, inclusive
    ({"date_to": "2024-01-11"}, ["A2", "A1"]),  # to alone, inclusive
    ({"date_from": "2024-01-11", "date_to": "2024-01-11"}, ["A2"]),  # one day
    ({"date_from": "2024-01-12", "date_to": "2024-01-12"}, ["A3"]),  # a study at 23:00 is on its day
    ({"date_from": "2025-01-01"}, []),
    ({"date_from": "", "date_to": ""}, ["A3", "A2", "A1"]),  # empty = not filtered
]


@pytest.mark.parametrize("params, expected", DATE_CASES)
def test_date_range(ct_studies, params, expected):
    assert _accessions("CT", params) == expected


# --- age and test patients -------------------------------------------------------------------------
@pytest.mark.parametrize(
    "params, expected",
    [
        ({"age_from": "30"}, ["A2", "A1"]),
        ({"age_to": "30.5"}, ["A1"]),
        ({"age_from": "31", "age_to": "60"}, ["A2"]),
        ({"age_from": "61"}, []),
    ],
)
def test_age_range(ct_studies, params, expected):
    assert _accessions("CT", params) == expected


@pytest.mark.parametrize(
    "value, expected", [("exclude", ["A2", "A1"]), ("only", ["A3"]), ("", ["A3", "A2", "A1"])]
)
def test_test_patient_indicator(ct_studies, value, expected):
    assert _accessions("CT", {"test_patient": value}) == expected


# --- ordering --------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "order, expected",
    [
        ("date", ["A1", "A2", "A3"]),
        ("-date", ["A3", "A2", "A1"]),
        ("description", ["A2", "A1", "A3"]),
        ("-events", ["A2", "A1", "A3"]),
        ("age", ["A1", "A2", "A3"]),
    ],
)
def test_ordering(ct_studies, order, expected):
    assert _accessions("CT", {"order": order}) == expected


def test_ordering_by_dose(ct_studies):
    dlps = list(studies_for("CT", {"order": "-dlp"}).queryset.values_list("total_dlp", flat=True))
    assert dlps == sorted(dlps, reverse=True)


def test_ordering_ties_are_broken_by_id_for_stable_pages(db):
    same = _at("2024-02-01")
    made = [factories.make_dx_study(seed=n, when=same).pk for n in range(3)]
    assert list(studies_for("DX", {}).queryset.values_list("pk", flat=True)) == sorted(made, reverse=True)
    assert list(studies_for("DX", {"order": "date"}).queryset.values_list("pk", flat=True)) == sorted(made)


# --- invalid input: a message, no results, never a 500 ---------------------------------------------
@pytest.mark.parametrize(
    "params",
    [
        {"date_from": "2024-13-45"},
        {"date_to": "yesterday"},
        {"age_from": "ten"},
        {"age_to": "-1"},
        {"date_from": "2024-02-01", "date_to": "2024-01-01"},
        {"age_from": "50", "age_to": "20"},
        {"test_patient": "maybe"},
        {"order": "password"},
    ],
)
def test_invalid_input_is_reported_not_raised(client_for, ct_studies, params):
    selection = studies_for("CT", params)
    assert not selection.is_valid
    assert selection.queryset.count() == 0
    response = client_for("viewer").get("/openrem/ct/", params)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Some filters could not be used" in html
    assert "invalid-feedback" in html or "alert-danger" in html


def test_bad_page_number_shows_a_page(client_for, ct_studies):
    for page in ("abc", "999", "-1"):
        assert client_for("viewer").get("/openrem/ct/", {"page": page}).status_code == 200


def test_filter_state_lives_in_the_url(client_for, db):
    for n in range(30):
        factories.make_mg_study(seed=n, institution_name="Breast Unit")
    html = (
        client_for("viewer")
        .get("/openrem/mg/", {"institution": "breast unit", "per_page": "25"})
        .content.decode()
    )
    assert 'value="breast unit"' in html  # the form shows the filter
    assert "?institution=breast+unit&amp;per_page=25&amp;page=2" in html  # and the next page keeps it
    assert "<strong>30</strong> studies match" in html


@pytest.mark.parametrize(
    "filterset, dose_orders",
    [
        (CTSummaryListFilter, {"dlp", "ctdivol"}),
        (RFSummaryListFilter, {"dap", "rp_dose", "fluoro_time"}),
        (MGSummaryListFilter, {"agd_left", "agd_right"}),
        (DXSummaryListFilter, {"dap"}),
    ],
)
def test_each_modality_orders_by_its_own_doses(filterset, dose_orders):
    values = {value.lstrip("-") for value, _ in filterset().form.fields["order"].choices if value}
    assert dose_orders <= values
    assert ("acquisition_protocol" in filterset.base_filters) is (filterset is CTSummaryListFilter)


def test_date_inputs_use_the_native_picker(client_for, db):
    html = client_for("viewer").get("/openrem/ct/").content.decode()
    assert 'type="date" name="date_from"' in html
    assert '<label class="form-label small mb-0" for="id_date_from">' in html


# --- sorting by a click on a column heading --------------------------------------------------------
@pytest.mark.parametrize("code", ["CT", "RF", "MG", "DX"])
def test_every_sortable_column_is_an_ordering_choice(code):
    from remapp.interface.columns import list_columns
    from remapp.interface.mod_filters import FILTERSETS

    choices = {value for value, _ in FILTERSETS[code]().form.fields["order"].choices}
    for field in list_columns(code):
        if field.order:
            assert {field.order, f"-{field.order}"} <= choices, field.label


def test_heading_links_order_then_reverse(client_for, ct_studies):
    client = client_for("viewer")
    html = client.get("/openrem/ct/", {"institution": "general"}).content.decode()
    assert 'aria-sort="descending"><a class="sort-link" href="?institution=general&amp;order=date' in html
    assert 'href="?institution=general&amp;order=-dlp&amp;per_page=25"' in html  # doses: largest first
    assert 'href="?institution=general&amp;order=description&amp;per_page=25"' in html  # text: from A
    html = client.get("/openrem/ct/", {"institution": "general", "order": "-dlp"}).content.decode()
    assert 'aria-sort="descending"><a class="sort-link" href="?institution=general&amp;order=dlp' in html
