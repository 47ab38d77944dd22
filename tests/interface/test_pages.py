"""What the pages show, and what they cost in SQL."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.contrib.messages import get_messages

from remapp.models import CtIrradiationEventData, GeneralStudyModuleAttributes
from tests import factories

pytestmark = pytest.mark.django_db

# Every page, whatever it shows: 1 session, 2 user, 3-4 the user's permissions (direct, via groups),
# and, from the template's context processor, the user's groups for the navigation bar.
PER_REQUEST = 4 + 1
LIST_QUERIES = PER_REQUEST + 2  # COUNT(*) for the total, then the page's rows with their one-to-one rows
DETAIL_QUERIES = {
    # the study with its one-to-one rows; then one query per level of the prefetched tree
    "ct": PER_REQUEST + 1 + 3,  # dose reports (+ accumulated), events (+ scan length, dose check), sources
    # reports, planes (+ totals), MG breasts, events (+ codes), sources, kVp, mA, pulse width, exposure,
    # filters (+ material), mechanical data
    "rf": PER_REQUEST + 1 + 11,
    "mg": PER_REQUEST + 1 + 11,
    "dx": PER_REQUEST + 1 + 11,
}


@pytest.mark.parametrize("slug", ["ct", "rf", "mg", "dx"])
@pytest.mark.parametrize("per_page", [25, 200])
def test_list_costs_a_fixed_number_of_queries(client_for, assert_queries, slug, per_page):
    factories.make_many(60, modalities=[slug.upper()])
    client = client_for("admin")
    with assert_queries(LIST_QUERIES):
        response = client.get(f"/openrem/{slug}/", {"per_page": per_page})
    assert response.content.decode().count("/delete/?next_query=") == min(60, per_page)


@pytest.mark.parametrize("slug", ["ct", "rf", "mg", "dx"])
@pytest.mark.parametrize("n_events", [1, 12])
def test_detail_costs_a_fixed_number_of_queries(client_for, assert_queries, slug, n_events):
    study = factories.make_study(slug.upper(), n_events=n_events)
    client = client_for("viewer")
    with assert_queries(DETAIL_QUERIES[slug]):
        response = client.get(f"/openrem/{slug}/{study.pk}/")
    assert response.status_code == 200


def test_home_counts_per_modality_and_equipment(client_for):
    for n in range(3):
        factories.make_ct_study(
            seed=n,
            institution_name="Royal",
            manufacturer="SIEMENS",
            manufacturer_model_name="Flash",
            station_name="CT1",
        )
    factories.make_dx_study(seed=9)
    html = client_for("viewer").get("/openrem/").content.decode()
    assert 'data-testid="count-ct"' in html
    assert "?institution=Royal&amp;manufacturer=SIEMENS&amp;model_name=Flash&amp;station_name=CT1" in html
    assert ">3<span" in html


def test_ct_list_shows_the_dose_columns_with_units(client_for):
    study = factories.make_ct_study(seed=1, protocols=["Topogram", "Abdomen"], accession_number="ACC-CT")
    html = client_for("viewer").get("/openrem/ct/").content.decode()
    for heading in ("Total DLP [mGy·cm]", "Max CTDIvol [mGy]", "Age [years]", "Events"):
        assert heading in html
    assert "ACC-CT" in html
    assert f'href="/openrem/ct/{study.pk}/"' in html


def test_rf_list_shows_dap_in_cgycm2(client_for):
    factories.make_rf_study(seed=1, n_events=1)
    study = GeneralStudyModuleAttributes.objects.get()
    study.total_dap = Decimal("0.000123")  # Gy·m²
    study.save()
    html = client_for("viewer").get("/openrem/rf/").content.decode()
    assert "Total DAP [cGy·cm²]" in html and "Fluoroscopy time [s]" in html
    assert ">123</td>" in html


def test_ct_detail_shows_study_patient_equipment_and_every_event(client_for):
    study = factories.make_ct_study(
        seed=2,
        protocols=["Topogram", "Thorax", "Abdomen"],
        dose_check=True,
        patient_size=Decimal("1.72"),
        patient_weight=Decimal("81.5"),
        patient_age_decimal=Decimal("45"),
        not_patient_indicator="",
    )
    html = client_for("viewer").get(f"/openrem/ct/{study.pk}/").content.decode()
    for text in (
        "Height [m]",
        ">1.72<",
        "Weight [kg]",
        ">81.5<",
        "Age [years]",
        ">45<",
        "Test patient",
        "Total DLP [mGy·cm]",
        "CTDIvol [mGy]",
        "Scan length [mm]",
        "Pitch",
        "kVp [kV]",
        "Tube current [mA]",
        "Exposure time [s]",
        "Phantom",
        "Dose check alerts",
        "Large patient",
    ):
        assert text in html, text
    for event in CtIrradiationEventData.objects.all():
        assert f">{event.acquisition_protocol}<" in html


def test_dual_plane_accumulated_doses_are_shown_per_plane(client_for):
    study = factories.make_rf_study(seed=3, dual_plane=True, n_events=4)
    html = client_for("viewer").get(f"/openrem/rf/{study.pk}/").content.decode()
    assert "Accumulated dose per plane" in html
    assert "<td>Plane A</td>" in html and "<td>Plane B</td>" in html
    for text in ("Primary angle [°]", "Pulse width [ms]", "RP dose [Gy]", "Copper"):
        assert text in html


def test_mg_detail_shows_agd_per_breast_and_view_parameters(client_for):
    study = factories.make_mg_study(seed=4)
    html = client_for("viewer").get(f"/openrem/mg/{study.pk}/").content.decode()
    for text in (
        "Accumulated dose per breast",
        "Left breast",
        "Right breast",
        "cranio-caudal",
        "Compressed thickness [mm]",
        "Compression force [N]",
        "Target / filter",
        "Tungsten",
        "Rhodium",
        "mAs",
        "AGD [mGy]",
        "ESAK [mGy]",
    ):
        assert text in html, text


def test_dicom_strings_are_escaped(client_for):
    evil = '<script>alert("x")</script>'
    study = factories.make_ct_study(seed=5, study_description=evil, institution_name=evil, protocols=[evil])
    client = client_for("admin")
    for url in ("/openrem/ct/", f"/openrem/ct/{study.pk}/", f"/openrem/ct/{study.pk}/delete/", "/openrem/"):
        html = client.get(url).content.decode()
        assert evil not in html, url
        assert "&lt;script&gt;" in html, url


def test_delete_goes_through_confirmation_and_returns_to_the_filtered_list(client_for):
    keep = factories.make_dx_study(seed=6, accession_number="KEEP")
    gone = factories.make_dx_study(seed=7, accession_number="GONE")
    client = client_for("admin")
    page = client.get(f"/openrem/dx/{gone.pk}/delete/", {"next_query": "accession_number=O&per_page=50"})
    assert b"Delete this study?" in page.content and b"GONE" in page.content
    assert b'name="next_query" value="accession_number=O&amp;per_page=50"' in page.content
    response = client.post(f"/openrem/dx/{gone.pk}/delete/", {"next_query": "accession_number=O&per_page=50"})
    assert response["Location"] == "/openrem/dx/?accession_number=O&per_page=50"
    assert [str(m) for m in get_messages(response.wsgi_request)] == ["Deleted Radiography study GONE."]
    assert list(GeneralStudyModuleAttributes.objects.values_list("pk", flat=True)) == [keep.pk]
    assert CtIrradiationEventData.objects.count() == 0


def test_delete_cannot_redirect_elsewhere(client_for):
    study = factories.make_dx_study(seed=8)
    response = client_for("admin").post(f"/openrem/dx/{study.pk}/delete/", {"next_query": "//evil.example/"})
    assert response["Location"].startswith("/openrem/dx/")


@pytest.mark.parametrize("modality", ["CT", "RF", "MG", "DX"])
def test_a_bare_study_renders_with_dashes(client_for, modality):
    """A study with no patient, equipment or dose rows (an interrupted import) must not break a page."""
    study = GeneralStudyModuleAttributes.objects.create(
        study_instance_uid=f"1.2.{modality}", modality_type=modality
    )
    client = client_for("admin")
    for url in (f"/openrem/{modality.lower()}/", f"/openrem/{modality.lower()}/{study.pk}/", "/openrem/"):
        response = client.get(url)
        assert response.status_code == 200, url
    detail = client.get(f"/openrem/{modality.lower()}/{study.pk}/").content.decode()
    assert "None recorded." in detail and ">–<" in detail
