"""Login lockout after repeated failures, the Content Security Policy, and the audit log."""

import pytest
from django.test import override_settings

from remapp import roles
from remapp.audit import record
from remapp.models import AuditAction, AuditLog

pytestmark = pytest.mark.django_db


def _login(client, username, password):
    page = client.get("/login/")
    assert page.status_code == 200
    return client.post("/login/", {"username": username, "password": password})


@override_settings(AXES_FAILURE_LIMIT=3)
def test_repeated_failed_logins_lock_the_account_out_even_with_the_right_password(client, personas):
    for _ in range(3):
        assert _login(client, "viewer", "wrong").status_code in (200, 429)
    response = _login(client, "viewer", "pw-viewer")
    assert response.status_code == 429
    assert b"Too many failed logins" in response.content
    assert "_auth_user_id" not in client.session


def test_a_good_login_works_and_is_audited(client, personas):
    response = _login(client, "viewer", "pw-viewer")
    assert response.status_code == 302
    entry = AuditLog.objects.get(action=AuditAction.LOGIN)
    assert entry.username == "viewer" and entry.remote_addr == "127.0.0.1"


def test_failed_login_is_audited_without_the_password(client, personas):
    _login(client, "viewer", "s3cret-guess")
    entry = AuditLog.objects.get(action=AuditAction.LOGIN_FAILED)
    assert entry.username == "viewer"
    assert "s3cret-guess" not in str(entry.detail) + entry.summary


def test_pages_carry_a_strict_content_security_policy(client):
    policy = client.get("/login/")["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy


@pytest.mark.parametrize(("persona", "status"), [("viewer", 403), ("exporter", 403), ("admin", 200),
                                                 ("superuser", 200)])
def test_audit_log_page_is_for_admins_only(client, personas, persona, status):
    client.force_login(personas[persona])
    assert client.get("/openrem/audit/").status_code == status


def test_audit_log_page_escapes_what_it_shows(client, personas):
    record(AuditAction.EXPORT, user=personas["exporter"], summary="<script>alert(1)</script>",
           filter={"study_description": "<b>x</b>"})
    client.force_login(personas["admin"])
    body = client.get("/openrem/audit/?action=export").content.decode()
    assert "<script>alert(1)</script>" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body


def test_admingroup_may_read_the_audit_log():
    from django.contrib.auth.models import Group

    perms = Group.objects.get(name=roles.ADMIN_GROUP).permissions.values_list("codename", flat=True)
    assert "view_auditlog" in perms
