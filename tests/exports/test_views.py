"""Who may export, start, see, download and delete exports: the server decides, per role."""

from __future__ import annotations

import pytest
from django.urls import reverse

from remapp.models import AuditAction, AuditLog, Export, ExportStatus

pytestmark = pytest.mark.django_db

START_URLS = [f"remapp:export_{m}_{f}" for m in ("ct", "rf", "mg", "dx") for f in ("csv", "xlsx")]


def client_for(client, user):
    if user is not None:
        client.force_login(user)
    return client


@pytest.mark.parametrize(
    ("persona", "status"),
    [("none", 403), ("viewer", 403), ("staff", 403), ("exporter", 200), ("admin", 200), ("superuser", 200)],
)
@pytest.mark.parametrize("url_name", ["remapp:exports", *START_URLS])
def test_only_export_roles_reach_export_pages(client, personas, persona, status, url_name):
    response = client_for(client, personas[persona]).get(reverse(url_name))
    assert response.status_code == status


def test_anonymous_users_are_sent_to_log_in(client):
    response = client.get(reverse("remapp:exports"))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_viewer_cannot_start_an_export_by_posting(client, personas, ct_studies):
    response = client_for(client, personas["viewer"]).post(reverse("remapp:export_ct_csv"))
    assert response.status_code == 403
    assert not Export.objects.exists()


def test_a_get_only_confirms_with_the_count_and_filter(client, personas, ct_studies):
    url = reverse("remapp:export_ct_xlsx") + "?study_description=head"
    response = client_for(client, personas["exporter"]).get(url)
    assert response.status_code == 200
    assert b"1 study matches" in response.content and b"Study description: head" in response.content
    assert not Export.objects.exists()


def test_exporter_starts_downloads_and_deletes_an_export(client, personas, ct_studies, media_root):
    client = client_for(client, personas["exporter"])
    response = client.post(reverse("remapp:export_ct_csv") + "?study_description=head&page=2")
    assert response.status_code == 302 and response.url == reverse("remapp:exports")
    export = Export.objects.get()
    assert export.status == ExportStatus.DONE and (export.rows_done, export.rows_total) == (1, 1)
    assert export.filter_params == {"study_description": "head"}  # paging is not a filter
    audit = AuditLog.objects.get(action=AuditAction.EXPORT)
    assert (audit.username, audit.detail["filter"], audit.detail["format"]) == (
        "exporter", {"study_description": "head"}, "csv")
    assert export.size == (media_root / export.file.name).stat().st_size
    page = client.get(reverse("remapp:exports"))
    assert reverse("remapp:export_download", args=[export.pk]).encode() in page.content
    download = client.get(reverse("remapp:export_download", args=[export.pk]))
    assert download.status_code == 200
    body = b"".join(download.streaming_content).decode("utf-8-sig")
    assert "CT Head" in body and "Chest" not in body
    assert download["Content-Disposition"].startswith("attachment")
    assert client.get(reverse("remapp:export_delete", args=[export.pk])).status_code == 405
    assert client.post(reverse("remapp:export_delete", args=[export.pk])).status_code == 302
    assert not Export.objects.exists()
    assert not (media_root / export.file.name).exists()


def test_users_see_only_their_own_exports_unless_admin(client, personas, ct_studies):
    from remapp.exports.jobs import start_export

    export = start_export(user=personas["exporter"], modality="CT", export_format="csv", params={})
    other = personas["superuser"].__class__.objects.create_user("exporter2")
    other.groups.add(*personas["exporter"].groups.all())
    download = reverse("remapp:export_download", args=[export.pk])
    delete = reverse("remapp:export_delete", args=[export.pk])
    other_client = client_for(client, other)
    assert other_client.get(download).status_code == 404
    assert other_client.post(delete).status_code == 404
    assert other_client.get(reverse("remapp:exports")).context["exports"] == []
    client.logout()
    admin_client = client_for(client, personas["admin"])
    assert admin_client.get(download).status_code == 200
    assert admin_client.post(delete).status_code == 302


def test_viewer_cannot_download_even_with_the_link(client, personas, ct_studies):
    from remapp.exports.jobs import start_export

    export = start_export(user=personas["viewer"], modality="CT", export_format="csv", params={})
    response = client_for(client, personas["viewer"]).get(reverse("remapp:export_download", args=[export.pk]))
    assert response.status_code == 403


def test_a_bad_filter_says_why(client, personas):
    response = client_for(client, personas["exporter"]).get(
        reverse("remapp:export_ct_csv") + "?date_from=yesterday", follow=True
    )
    assert b"Date from: Enter a valid date" in response.content
    assert not Export.objects.exists()


def test_list_page_links_carry_the_filter(client, personas, ct_studies):
    html = client_for(client, personas["exporter"]).get("/openrem/ct/?study_description=head&page=1").content
    assert b'href="/openrem/exports/ct/csv/?study_description=head"' in html
    assert b'href="/openrem/exports/ct/xlsx/?study_description=head"' in html
    assert b'href="/openrem/exports/"' in html  # the navigation bar's Exports link


def test_exports_keep_the_lists_order(client, personas, ct_studies, media_root):
    client = client_for(client, personas["exporter"])
    client.post(reverse("remapp:export_ct_csv") + "?order=-dlp")
    export = Export.objects.get()
    body = (media_root / export.file.name).read_text(encoding="utf-8-sig")
    assert body.index("CT Head") < body.index("CT Chest")  # 850 mGy·cm before 706
    assert "Order by" not in export.filter_description
