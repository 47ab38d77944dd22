from django.apps import AppConfig


class RemappConfig(AppConfig):
    name = "remapp"
    verbose_name = "OpenREM"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import audit  # noqa: F401  (connects the login/logout signal receivers)
