"""Admin pages of the DICOM network: status, local SCP, remote nodes, quarantine, query/retrieve.

Every view needs ``roles.PERM_NETWORK`` (admingroup); every change is a POST with a CSRF token.
"""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from remapp import roles
from remapp.audit import record
from remapp.interface.access import require_perm
from remapp.models import AuditAction, DicomRemoteNode, QueryRun, StoreScpConfig, StoreScpStatus

from . import qr, spool
from .forms import DicomRemoteNodeForm, QueryForm, StoreScpConfigForm
from .scp import HEARTBEAT_SECONDS, resolve_options
from .tasks import enqueue_import

# The SCP counts as running while its heartbeat is younger than this.
ALIVE = dt.timedelta(seconds=max(30, 3 * HEARTBEAT_SECONDS))

network_admin = require_perm(roles.PERM_NETWORK)


def scp_status() -> dict:
    """What the status panel shows: is the SCP alive, what it last received, what waits on disk."""
    status = StoreScpStatus.objects.filter(pk=1).first()
    running = bool(status and status.heartbeat_at and timezone.now() - status.heartbeat_at < ALIVE)
    return {"status": status, "running": running, **spool.counts()}


@network_admin
def overview(request: HttpRequest) -> HttpResponse:
    context = {
        **scp_status(),
        "effective": resolve_options(),
        "scp_form": StoreScpConfigForm(instance=StoreScpConfig.load()),
        "nodes": DicomRemoteNode.objects.all(),
    }
    return render(request, "remapp/netdicom/overview.html", context)


@network_admin
@require_POST
def scp_config(request: HttpRequest) -> HttpResponse:
    form = StoreScpConfigForm(request.POST, instance=StoreScpConfig.load())
    if form.is_valid():
        saved = form.save()
        record(AuditAction.CONFIG, request=request, aet=saved.aet, bind=saved.bind, port=saved.port,
               summary=f"Store SCP settings: {saved.aet} {saved.bind}:{saved.port}")
        messages.success(request, "Store SCP settings saved; restart the SCP to use them.")
        return redirect("remapp:netdicom:overview")
    context = {**scp_status(), "effective": resolve_options(), "scp_form": form,
               "nodes": DicomRemoteNode.objects.all()}
    return render(request, "remapp/netdicom/overview.html", context, status=400)


@network_admin
def node_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    node = get_object_or_404(DicomRemoteNode, pk=pk) if pk else None
    form = DicomRemoteNodeForm(request.POST or None, instance=node)
    if request.method == "POST" and form.is_valid():
        saved = form.save()
        record(AuditAction.CONFIG, request=request, summary=f"remote DICOM node saved: {saved}", node=saved.pk)
        messages.success(request, f"Remote node {saved.name} saved.")
        return redirect("remapp:netdicom:overview")
    status = 400 if request.method == "POST" else 200
    return render(request, "remapp/netdicom/node_form.html", {"form": form, "node": node}, status=status)


@network_admin
@require_POST
def node_delete(request: HttpRequest, pk: int) -> HttpResponse:
    node = get_object_or_404(DicomRemoteNode, pk=pk)
    record(AuditAction.CONFIG, request=request, summary=f"remote DICOM node deleted: {node}")
    node.delete()
    messages.success(request, f"Remote node {node.name} deleted.")
    return redirect("remapp:netdicom:overview")


@network_admin
@require_POST
def node_echo(request: HttpRequest, pk: int) -> HttpResponse:
    node = get_object_or_404(DicomRemoteNode, pk=pk)
    ok, message = qr.echo(node)
    (messages.success if ok else messages.error)(request, message)
    return redirect("remapp:netdicom:overview")


@network_admin
def quarantine(request: HttpRequest) -> HttpResponse:
    return render(request, "remapp/netdicom/quarantine.html", {"items": spool.quarantined()})


def _names(request: HttpRequest) -> list[str]:
    names = request.POST.getlist("name")
    if request.POST.get("all"):
        names = [item.name for item in spool.quarantined()]
    return [name for name in names if _valid(name)]


def _valid(name: str) -> bool:
    try:
        spool.check_name(name)
    except ValueError:
        return False
    return True


@network_admin
@require_POST
def quarantine_retry(request: HttpRequest) -> HttpResponse:
    """Put quarantined objects back in the spool and queue their import again."""
    released = [name for name in _names(request) if spool.release(name)]
    for name in released:
        enqueue_import(name)
    if released:
        record(AuditAction.IMPORT, request=request, summary=f"retried {len(released)} quarantined object(s)",
               files=released[:100])
    messages.success(request, f"{len(released)} object(s) queued for import again.")
    return redirect("remapp:netdicom:quarantine")


@network_admin
@require_POST
def quarantine_discard(request: HttpRequest) -> HttpResponse:
    names = [name for name in _names(request) if spool.discard(name)]
    discarded = len(names)
    if names:
        record(AuditAction.IMPORT, request=request, summary=f"deleted {discarded} quarantined object(s)",
               files=names[:100])
    messages.success(request, f"{discarded} object(s) deleted from the quarantine.")
    return redirect("remapp:netdicom:quarantine")


@network_admin
def query(request: HttpRequest) -> HttpResponse:
    form = QueryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        run = qr.start_run(node=form.cleaned_data["node"], date_from=form.cleaned_data["date_from"],
                           date_to=form.cleaned_data["date_to"], modalities=form.cleaned_data["modalities"],
                           user=request.user.get_username())
        record(AuditAction.IMPORT, request=request, summary=f"query/retrieve {run.modalities} from {run.node.name}",
               run=run.pk, date_from=str(run.date_from or ""), date_to=str(run.date_to or ""))
        return redirect("remapp:netdicom:query_run", pk=run.pk)
    runs = QueryRun.objects.select_related("node")[:20]
    status = 400 if request.method == "POST" else 200
    return render(request, "remapp/netdicom/query.html", {"form": form, "runs": runs}, status=status)


@network_admin
def query_run(request: HttpRequest, pk: int) -> HttpResponse:
    run = get_object_or_404(QueryRun.objects.select_related("node"), pk=pk)
    active = run.state in (QueryRun.State.QUEUED, QueryRun.State.RUNNING)
    return render(request, "remapp/netdicom/query_run.html", {"run": run, "active": active})
