"""The audit log page for administrators."""

from django.core.paginator import Paginator
from django.shortcuts import render

from .. import roles
from ..models import AuditAction, AuditLog
from .access import require_perm


@require_perm(roles.PERM_AUDIT)
def audit_log(request):
    entries = AuditLog.objects.all()
    action = request.GET.get("action", "")
    if action in AuditAction.values:
        entries = entries.filter(action=action)
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    return render(request, "remapp/audit_log.html",
                  {"page": page, "actions": AuditAction.choices, "action": action})
