"""The DICOM network pages: admins only, changes by POST with CSRF, quarantine retry, status, Q/R form."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from remapp.models import (
    AuditAction,
    AuditLog,
    DicomRemoteNode,
    GeneralStudyModuleAttributes,
    QueryRun,
    StoreScpConfig,
    StoreScpStatus,
)
from remapp.netdicom import spool

pytestmark = pytest.mark.django_db

PAGES = ["overview", "quarantine", "query", "node_new"]
POSTS = ["scp_config", "quarantine_retry", "quarantine_discard"]


def url(name: str, **kwargs) -> str:
    return reverse(f"remapp:netdicom:{name}", kwargs=kwargs)


def client_for(personas, persona: str) -> Client:
    client = Client()
    if personas[persona] is not None:
        client.force_login(personas[persona])
    return client


@pytest.mark.parametrize(
    ("persona", "expected"),
    [("anonymous", 302), ("none", 403), ("viewer", 403), ("exporter", 403), ("admin", 200), ("superuser", 200)],
)
@pytest.mark.parametrize("page", PAGES)
def test_only_admins_see_the_pages(personas, persona, expected, page):
    assert client_for(personas, persona).get(url(page)).status_code == expected


@pytest.mark.parametrize("persona", ["viewer", "exporter", "none"])
@pytest.mark.parametrize("action", POSTS)
def test_only_admins_may_change_anything(personas, dicom_dir, persona, action):
    assert client_for(personas, persona).post(url(action), {"all": "1"}).status_code == 403


@pytest.mark.parametrize("action", POSTS)
def test_changes_need_post(personas, dicom_dir, action):
    assert client_for(personas, "admin").get(url(action)).status_code == 405


def test_changes_need_the_csrf_token(personas, dicom_dir):
    client = Client(enforce_csrf_checks=True)
    client.force_login(personas["admin"])
    assert client.post(url("quarantine_retry"), {"all": "1"}).status_code == 403


def test_the_navigation_links_the_pages_for_admins_only(personas):
    link = url("overview")
    assert link in client_for(personas, "admin").get(reverse("remapp:home")).content.decode()
    assert link not in client_for(personas, "viewer").get(reverse("remapp:home")).content.decode()


def test_status_panel_shows_a_running_scp_and_the_counts(personas, dicom_dir, vendor_file):
    StoreScpStatus.objects.create(pk=1, aet="OPENREM", bind="192.0.2.10", port=11112, host="box", pid=42,
                                  heartbeat_at=timezone.now(), last_received_at=timezone.now(),
                                  last_received_from="CT01", last_received_sop_class="1.2.840.10008.5.1.4.1.1.88.67")
    spool.spool(vendor_file("CT-RDSR-Siemens-Multi-1.dcm").read_bytes())
    page = client_for(personas, "admin").get(url("overview")).content.decode()
    assert "running</span> OPENREM on 192.0.2.10:11112" in page and "from CT01" in page
    assert 'data-testid="spool-count">1<' in page and 'data-testid="quarantine-count"><a' in page


def test_status_panel_says_not_running_after_the_heartbeat_stops(personas, dicom_dir):
    StoreScpStatus.objects.create(pk=1, heartbeat_at=timezone.now() - dt.timedelta(minutes=5))
    assert "not running" in client_for(personas, "admin").get(url("overview")).content.decode()


def test_local_scp_settings_are_saved_and_validated(personas):
    client = client_for(personas, "admin")
    assert client.post(url("scp_config"), {"aet": "DOSE_SCP", "port": "11113", "bind": "192.0.2.10"}).status_code == 302
    assert (StoreScpConfig.load().aet, StoreScpConfig.load().port) == ("DOSE_SCP", 11113)
    response = client.post(url("scp_config"), {"aet": "A" * 17, "port": "70000", "bind": ""})
    assert response.status_code == 400 and StoreScpConfig.load().aet == "DOSE_SCP"


def test_remote_nodes_are_added_edited_and_deleted(personas):
    client = client_for(personas, "admin")
    data = {"name": "pacs", "aet": "PACS", "host": "pacs.example", "port": "104", "calling_aet": "",
            "move_destination": ""}
    assert client.post(url("node_new"), data).status_code == 302
    node = DicomRemoteNode.objects.get(name="pacs")
    assert client.post(url("node_edit", pk=node.pk), {**data, "port": "11112"}).status_code == 302
    node.refresh_from_db()
    assert node.port == 11112
    assert client.post(url("node_new"), {**data, "name": "bad", "aet": "BACK\\SLASH"}).status_code == 400
    assert client.post(url("node_delete", pk=node.pk)).status_code == 302
    assert not DicomRemoteNode.objects.exists()
    assert AuditLog.objects.filter(action=AuditAction.CONFIG, username="admin").count() == 3


def test_test_connection_reports_an_unreachable_node(personas):
    node = DicomRemoteNode.objects.create(name="gone", aet="GONE", host="127.0.0.1", port=1)
    response = client_for(personas, "admin").post(url("node_echo", pk=node.pk), follow=True)
    assert "no association with GONE" in response.content.decode()


def test_quarantined_objects_are_listed_and_retried(personas, dicom_dir, immediate_tasks, vendor_file):
    name = spool.spool(vendor_file("CT-RDSR-Siemens-Multi-1.dcm").read_bytes())
    spool.quarantine(name, "refused: the database was being restored")
    client = client_for(personas, "admin")
    page = client.get(url("quarantine")).content.decode()
    assert name in page and "the database was being restored" in page
    response = client.post(url("quarantine_retry"), {"name": name}, follow=True)
    assert "1 object(s) queued for import again" in response.content.decode()
    assert spool.quarantined() == [] and spool.spooled() == []
    assert GeneralStudyModuleAttributes.objects.count() == 1
    assert AuditLog.objects.filter(action=AuditAction.IMPORT, username="admin", detail__files=[name]).exists()


def test_retry_ignores_names_that_are_not_spool_files(personas, dicom_dir):
    response = client_for(personas, "admin").post(url("quarantine_retry"), {"name": "../../etc/passwd"}, follow=True)
    assert "0 object(s) queued" in response.content.decode()


def test_quarantined_objects_can_be_deleted(personas, dicom_dir, vendor_file):
    name = spool.spool(vendor_file("CT-RDSR-Siemens-Multi-1.dcm").read_bytes())
    spool.quarantine(name, "not wanted")
    client_for(personas, "admin").post(url("quarantine_discard"), {"name": name})
    assert spool.quarantined() == []


def test_a_query_is_started_in_the_background_and_its_progress_shown(personas, database_tasks):
    node = DicomRemoteNode.objects.create(name="pacs", aet="PACS", host="127.0.0.1", port=1)
    client = client_for(personas, "admin")
    response = client.post(url("query"), {"node": node.pk, "date_from": "2024-01-01", "date_to": "2024-01-31",
                                          "modalities": ["CT", "MG"]})
    run = QueryRun.objects.get()
    assert response.status_code == 302 and response["Location"] == url("query_run", pk=run.pk)
    assert (run.state, run.modalities, run.requested_by) == ("queued", "CT,MG", "admin")
    page = client.get(url("query_run", pk=run.pk)).content.decode()
    assert 'http-equiv="refresh"' in page and "queued" in page


def test_a_query_with_dates_the_wrong_way_round_is_refused(personas):
    node = DicomRemoteNode.objects.create(name="pacs", aet="PACS", host="127.0.0.1", port=1)
    response = client_for(personas, "admin").post(url("query"), {"node": node.pk, "date_from": "2024-02-01",
                                                                  "date_to": "2024-01-01", "modalities": ["CT"]})
    assert response.status_code == 400 and not QueryRun.objects.exists()
