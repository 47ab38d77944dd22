"""Recording the audit log: one call from each view or command that changes or takes data out."""

from __future__ import annotations

import logging
from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from .models import AuditAction, AuditLog

logger = logging.getLogger("remapp.audit")


def _client_address(request) -> str | None:
    return request.META.get("REMOTE_ADDR") if request is not None else None


def record(action: AuditAction, *, request=None, user=None, summary: str = "", remote_addr: str | None = None,
           **detail: Any) -> AuditLog:
    """Add one entry. ``user`` and ``remote_addr`` default to the request's; detail must be JSON-serialisable."""
    if user is None and request is not None and request.user.is_authenticated:
        user = request.user
    username = detail.pop("username", None) or (user.get_username() if user is not None else "")
    entry = AuditLog.objects.create(
        user=user, username=username, action=action, summary=summary[:500], detail=detail,
        remote_addr=remote_addr or _client_address(request),
    )
    logger.info("audit: %s %s %s", username or "-", action, summary)
    return entry


@receiver(user_logged_in)
def _logged_in(sender, request, user, **kwargs):
    record(AuditAction.LOGIN, request=request, user=user)


@receiver(user_logged_out)
def _logged_out(sender, request, user, **kwargs):
    if user is not None:
        record(AuditAction.LOGOUT, request=request, user=user)


@receiver(user_login_failed)
def _login_failed(sender, credentials, request=None, **kwargs):
    # Only the user name that was tried: never the password.
    record(AuditAction.LOGIN_FAILED, request=request, username=str(credentials.get("username", ""))[:150])
