"""URLs of the DICOM network pages, included under /openrem/dicom/ by remapp/urls.py."""

from django.urls import path

from . import views

app_name = "netdicom"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("scp/", views.scp_config, name="scp_config"),
    path("nodes/new/", views.node_edit, name="node_new"),
    path("nodes/<int:pk>/", views.node_edit, name="node_edit"),
    path("nodes/<int:pk>/delete/", views.node_delete, name="node_delete"),
    path("nodes/<int:pk>/echo/", views.node_echo, name="node_echo"),
    path("quarantine/", views.quarantine, name="quarantine"),
    path("quarantine/retry/", views.quarantine_retry, name="quarantine_retry"),
    path("quarantine/discard/", views.quarantine_discard, name="quarantine_discard"),
    path("query/", views.query, name="query"),
    path("query/<int:pk>/", views.query_run, name="query_run"),
]
