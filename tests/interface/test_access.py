"""Every URL × every role: the server enforces the role matrix, whatever links a page shows."""

from __future__ import annotations

import pytest
from django.urls import reverse

from openrem import __version__
from remapp.models import GeneralStudyModuleAttributes

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "none", "viewer", "exporter", "admin")
SLUGS = ("ct", "rf", "mg", "dx")

# What each role gets from each kind of page: (home, list, detail, delete confirmation).
EXPECTED = {
    "anonymous": (302, 302, 302, 302),
    "none": (200, 403, 403, 403),
    "viewer": (200, 200, 200, 403),
    "exporter": (200, 200, 200, 403),
    "admin": (200, 200, 200, 200),
}


def _urls(slug: str, pk: int) -> tuple[str, str, str, str]:
    return (
        reverse("remapp:home"),
        reverse("remapp:study_list", kwargs={"modality": slug}),
        reverse("remapp:study_detail", kwargs={"modality": slug, "pk": pk}),
        reverse("remapp:study_delete", kwargs={"modality": slug, "pk": pk}),
    )


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("slug", SLUGS)
def test_status_of_every_page_for_every_role(client_for, one_of_each, role, slug):
    client = client_for(role)
    for url, status in zip(_urls(slug, one_of_each[slug].pk), EXPECTED[role], strict=True):
        response = client.get(url)
        assert response.status_code == status, (role, url)
        if status == 302:
            assert response["Location"].startswith("/login/?next=")


@pytest.mark.parametrize("role", ROLES)
def test_delete_post_only_for_admin(client_for, one_of_each, role):
    study = one_of_each["ct"]
    response = client_for(role).post(
        reverse("remapp:study_delete", kwargs={"modality": "ct", "pk": study.pk})
    )
    exists = GeneralStudyModuleAttributes.objects.filter(pk=study.pk).exists()
    if role == "admin":
        assert response.status_code == 302
        assert not exists
    else:
        assert response.status_code in (302, 403)  # anonymous to login, the rest refused
        assert exists


@pytest.mark.parametrize(
    "role, exports, delete_column",
    [("viewer", False, False), ("exporter", True, False), ("admin", True, True)],
)
def test_list_shows_exports_and_delete_by_role(client_for, one_of_each, role, exports, delete_column):
    html = client_for(role).get("/openrem/ct/").content.decode()
    assert ('data-testid="exports"' in html) is exports
    assert ('data-testid="delete-column"' in html) is delete_column
    assert ("/delete/" in html) is delete_column


def test_user_in_no_group_gets_an_explanation(client_for, one_of_each):
    response = client_for("none").get("/openrem/")
    assert response.status_code == 200
    assert b'data-testid="no-role"' in response.content
    assert b"viewgroup" in response.content


def test_navbar_shows_user_and_groups_and_footer_the_version(client_for, one_of_each):
    html = client_for("exporter").get("/openrem/").content.decode()
    assert "exporter" in html and "(exportgroup)" in html
    assert f"OpenREM {__version__}" in html


def test_logout_is_a_post(client_for):
    client = client_for("viewer")
    assert client.post("/logout/").status_code == 302
    assert client.get("/openrem/").status_code == 302


def test_login_page_renders_and_logs_in(client, personas):
    assert client.get("/login/").status_code == 200
    response = client.post("/login/", {"username": "viewer", "password": "pw-viewer"})
    assert response.status_code == 302
    assert client.get("/openrem/").status_code == 200


def test_detail_of_another_modality_is_404(client_for, one_of_each):
    client = client_for("admin")
    ct = one_of_each["ct"].pk
    assert client.get(f"/openrem/rf/{ct}/").status_code == 404
    assert client.get(f"/openrem/rf/{ct}/delete/").status_code == 404
    assert client.get("/openrem/xx/").status_code == 404


def test_delete_needs_csrf(personas, one_of_each):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(personas["admin"])
    study = one_of_each["dx"]
    assert client.post(f"/openrem/dx/{study.pk}/delete/").status_code == 403
    assert GeneralStudyModuleAttributes.objects.filter(pk=study.pk).exists()


def test_superuser_sees_everything(client_for, one_of_each):
    client = client_for("superuser")
    assert client.get(f"/openrem/mg/{one_of_each['mg'].pk}/delete/").status_code == 200


@pytest.mark.parametrize("role, url", [("none", "/openrem/ct/"), ("viewer", "delete")])
def test_refusals_explain_which_group_is_needed(client_for, one_of_each, role, url):
    if url == "delete":
        url = f"/openrem/ct/{one_of_each['ct'].pk}/delete/"
    response = client_for(role).get(url)
    assert response.status_code == 403
    assert b'data-testid="forbidden"' in response.content and b"admingroup" in response.content


def test_a_delete_is_written_to_the_audit_log(client_for, one_of_each):
    from remapp.models import AuditAction, AuditLog

    study = one_of_each["ct"]
    uid = study.study_instance_uid
    client = client_for("admin")
    response = client.post(reverse("remapp:study_delete", kwargs={"modality": "ct", "pk": study.pk}))
    assert response.status_code == 302
    entry = AuditLog.objects.get(action=AuditAction.DELETE)
    assert (entry.username, entry.detail["study_instance_uid"], entry.detail["modality"]) == ("admin", uid, "CT")
