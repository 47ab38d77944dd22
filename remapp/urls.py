from django.urls import path

from .interface import audit, views

app_name = "remapp"

urlpatterns = [
    path("", views.home, name="home"),
    path("audit/", audit.audit_log, name="audit_log"),
]
