"""Export URLs, included under /openrem/exports/ in the remapp namespace.

List pages link to e.g. ``{% url 'remapp:export_ct_csv' %}?{{ request.GET.urlencode }}``.
"""

from django.urls import path

from . import exportcsv, views, xlsx

urlpatterns = [
    path("", views.exports_list, name="exports"),
    path("<int:pk>/download/", views.export_download, name="export_download"),
    path("<int:pk>/delete/", views.export_delete, name="export_delete"),
    path("ct/csv/", exportcsv.exportCT2excel, name="export_ct_csv"),
    path("rf/csv/", exportcsv.exportFL2excel, name="export_rf_csv"),
    path("mg/csv/", exportcsv.exportMG2excel, name="export_mg_csv"),
    path("dx/csv/", exportcsv.exportDX2excel, name="export_dx_csv"),
    path("ct/xlsx/", xlsx.ctxlsx, name="export_ct_xlsx"),
    path("rf/xlsx/", xlsx.flxlsx, name="export_rf_xlsx"),
    path("mg/xlsx/", xlsx.mgxlsx, name="export_mg_xlsx"),
    path("dx/xlsx/", xlsx.dxxlsx, name="export_dx_xlsx"),
]
