from django.urls import include, path, register_converter

from .interface import audit, views
from .interface.modalities import ModalityConverter

app_name = "remapp"
register_converter(ModalityConverter, "modality")

urlpatterns = [
    path("", views.home, name="home"),
    path("audit/", audit.audit_log, name="audit_log"),
    path("dicom/", include("remapp.netdicom.urls")),
    path("exports/", include("remapp.exports.urls")),
    path("<modality:modality>/", views.study_list, name="study_list"),
    path("<modality:modality>/<int:pk>/", views.study_detail, name="study_detail"),
    path("<modality:modality>/<int:pk>/delete/", views.study_delete, name="study_delete"),
]
