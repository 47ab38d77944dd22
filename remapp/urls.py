from django.urls import include, path

from .interface import views

app_name = "remapp"

urlpatterns = [
    path("", views.home, name="home"),
    path("exports/", include("remapp.exports.urls")),
]
