"""A physicist's morning, in a real browser: log in, filter CT, open a study, delete as admin."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from remapp.interface.columns import display
from remapp.models import GeneralStudyModuleAttributes
from tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _log_in(page, live_server, username: str) -> None:
    page.goto(f"{live_server.url}/openrem/")
    assert "/login/" in page.url  # anonymous users are sent to the login page
    page.get_by_label("User name").fill(username)
    page.get_by_label("Password").fill(f"pw-{username}")
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(re.compile(r"/openrem/$"))


@pytest.fixture
def ct_pair(transactional_db):
    flash = factories.make_ct_study(
        seed=1,
        accession_number="FLASH-1",
        study_description="CT Chest",
        manufacturer_model_name="SOMATOM Flash",
        protocols=["Topogram", "Thorax Routine"],
        patient_weight=Decimal("81.5"),
    )
    other = factories.make_ct_study(
        seed=2, accession_number="OTHER-2", manufacturer_model_name="Discovery 750"
    )
    return flash, other


def test_viewer_filters_ct_by_model_and_opens_a_study(page, live_server, browser_users, ct_pair):
    flash, _ = ct_pair
    _log_in(page, live_server, "viewer")
    assert "viewgroup" in page.get_by_test_id("user").inner_text()
    page.get_by_role("link", name="CT", exact=True).click()
    page.get_by_label("Model name").fill("soma")
    page.get_by_role("button", name="Apply").click()
    page.wait_for_url(re.compile(r"model_name=soma"))  # the filter lives in the URL
    table = page.get_by_test_id("study-table")
    assert "FLASH-1" in table.inner_text() and "OTHER-2" not in table.inner_text()
    assert page.get_by_test_id("total").inner_text().startswith("1 study")
    assert page.get_by_test_id("delete-column").count() == 0  # a viewer has no delete column
    assert page.get_by_test_id("exports").count() == 0

    table.get_by_role("link", name="CT Chest").click()
    page.wait_for_url(re.compile(rf"/openrem/ct/{flash.pk}/$"))
    assert page.locator('[data-field="weight"]').inner_text() == "81.5"
    assert page.locator('[data-field="accession-number"]').inner_text() == "FLASH-1"
    events = page.get_by_test_id("table-irradiation-events").inner_text()
    assert "Topogram" in events and "Thorax Routine" in events
    assert display(flash.total_dlp) in page.get_by_test_id("table-accumulated-dose").inner_text()


def test_admin_deletes_through_the_confirmation_page(page, live_server, browser_users, ct_pair):
    flash, other = ct_pair
    _log_in(page, live_server, "admin")
    page.goto(f"{live_server.url}/openrem/ct/?accession_number=flash")
    assert page.get_by_test_id("delete-column").count() == 1
    page.get_by_role("link", name=re.compile("Delete")).first.click()
    page.get_by_role("heading", name="Delete this study?").wait_for()
    page.get_by_role("button", name="Yes, delete").click()
    page.wait_for_url(re.compile(r"/openrem/ct/\?accession_number=flash"))
    assert "Deleted CT study FLASH-1." in page.get_by_role("status").inner_text()
    assert list(GeneralStudyModuleAttributes.objects.values_list("pk", flat=True)) == [other.pk]


def test_keyboard_reaches_the_filter_form(page, live_server, browser_users, ct_pair):
    _log_in(page, live_server, "viewer")
    page.goto(f"{live_server.url}/openrem/ct/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent").strip() == "Skip to content"
    page.get_by_label("Study description").focus()
    page.keyboard.type("chest")
    page.keyboard.press("Enter")  # submitting with the keyboard alone
    page.wait_for_url(re.compile(r"study_description=chest"))


def test_exporter_exports_the_filtered_list_to_xlsx_and_downloads_it(page, live_server, browser_users, ct_pair,
                                                                     settings, tmp_path):
    from openpyxl import load_workbook

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.MEDIA_ROOT = tmp_path / "media"
    flash, _ = ct_pair
    _log_in(page, live_server, "exporter")
    page.get_by_role("link", name="CT", exact=True).click()
    page.get_by_label("Model name").fill("soma")
    page.get_by_role("button", name="Apply").click()
    page.wait_for_url(re.compile(r"model_name=soma"))
    page.get_by_role("link", name="Export XLSX").click()
    assert "1 study" in page.locator("main").inner_text()  # the confirmation page: nothing started yet
    page.get_by_role("button", name="Start the export").click()
    page.wait_for_url(re.compile(r"/openrem/exports/$"))
    assert page.locator('[data-status="done"]').count() == 1
    with page.expect_download() as download:
        page.get_by_role("link", name="Download").click()
    path = tmp_path / download.value.suggested_filename
    download.value.save_as(path)
    assert path.suffix == ".xlsx"
    workbook = load_workbook(path, read_only=True)
    assert workbook.sheetnames == ["Summary", "All data", "Thorax Routine", "Topogram"]
    header, *rows = workbook["All data"].iter_rows(values_only=True)
    assert len(rows) == 1
    record = dict(zip(header, rows[0], strict=False))
    assert record["Accession number"] == "FLASH-1"
    assert record["Total DLP (mGy·cm)"] == float(flash.total_dlp)
