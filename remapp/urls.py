from django.urls import path

from .interface import views

app_name = "remapp"

urlpatterns = [
    path("", views.home, name="home"),
]
