from django.conf import settings
from django.db import models


class AuditAction(models.TextChoices):
    LOGIN = "login", "Logged in"
    LOGIN_FAILED = "login_failed", "Failed login"
    LOGOUT = "logout", "Logged out"
    EXPORT = "export", "Exported studies"
    DELETE = "delete", "Deleted a study"
    CONFIG = "config", "Changed configuration"
    IMPORT = "import", "Imported or retried a file"


class AuditLog(models.Model):
    """Who did what and when: exports with their filter, deletes, configuration changes, logins.

    Rows are only ever added; the admin pages show them read-only.
    """

    # The user link may go when a user is deleted; the name stays.
    when = models.DateTimeField(auto_now_add=True, db_index=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="+")
    username = models.CharField(max_length=150, blank=True, default="")
    action = models.CharField(max_length=16, choices=AuditAction.choices, db_index=True)
    summary = models.CharField(max_length=500, blank=True, default="")
    detail = models.JSONField(default=dict, blank=True)
    remote_addr = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        verbose_name = "audit log entry"
        verbose_name_plural = "audit log"
        ordering = ["-when", "-pk"]

    def __str__(self) -> str:
        return f"{self.when:%Y-%m-%d %H:%M} {self.username} {self.get_action_display()}"
