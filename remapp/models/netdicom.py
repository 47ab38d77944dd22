"""DICOM network: the local Store SCP's settings and heartbeat, remote nodes, query/retrieve runs."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models


def validate_ae_title(value: str) -> None:
    """PS3.5 AE title: 1-16 characters of the default repertoire, no backslash or control characters."""
    stripped = value.strip()
    if not stripped or len(value) > 16:
        raise ValidationError("An AE title has 1 to 16 characters.")
    if any(ch == "\\" or not (32 <= ord(ch) < 127) for ch in value):
        raise ValidationError("An AE title uses plain ASCII characters and no backslash.")


def ae_title(**extra) -> models.CharField:
    return models.CharField(max_length=16, validators=[validate_ae_title], **extra)


def tcp_port(**extra) -> models.PositiveIntegerField:
    return models.PositiveIntegerField(validators=[MinValueValidator(1), MaxValueValidator(65535)], **extra)


class StoreScpConfig(models.Model):
    """The local Store SCP as an admin configured it in the web interface (one row, pk 1).

    Empty fields fall back to the settings (OPENREM_SCP_*); command-line options win over both. The SCP
    reads this row when it starts.
    """

    aet = ae_title(blank=True, default="", verbose_name="AE title")
    port = tcp_port(null=True, blank=True)
    bind = models.CharField(max_length=255, blank=True, default="", help_text="Address to listen on")

    class Meta:
        verbose_name = "Store SCP configuration"
        permissions = [("manage_dicom_network", "Can configure DICOM nodes and run query/retrieve")]

    @classmethod
    def load(cls) -> StoreScpConfig:
        return cls.objects.filter(pk=1).first() or cls(pk=1)


class StoreScpStatus(models.Model):
    """Heartbeat of the running Store SCP (one row, pk 1), written every few seconds by the SCP."""

    aet = models.CharField(max_length=16, blank=True, default="")
    bind = models.CharField(max_length=255, blank=True, default="")
    port = models.PositiveIntegerField(null=True, blank=True)
    host = models.CharField(max_length=255, blank=True, default="", help_text="Machine the SCP runs on")
    pid = models.PositiveIntegerField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    stopped_at = models.DateTimeField(null=True, blank=True)
    received_count = models.PositiveBigIntegerField(default=0, help_text="Objects received since start")
    last_received_at = models.DateTimeField(null=True, blank=True)
    last_received_sop_class = models.CharField(max_length=64, blank=True, default="")
    last_received_from = models.CharField(max_length=64, blank=True, default="", help_text="Calling AE title")

    class Meta:
        verbose_name = "Store SCP status"


class DicomRemoteNode(models.Model):
    """A remote DICOM node (usually a PACS) we query and retrieve from."""

    name = models.CharField(max_length=64, unique=True)
    aet = ae_title(verbose_name="AE title")
    host = models.CharField(max_length=255)
    port = tcp_port(default=104)
    calling_aet = ae_title(blank=True, default="", verbose_name="our AE title",
                           help_text="AE title we call with; empty means the Store SCP's AE title")
    move_destination = ae_title(blank=True, default="",
                                help_text="Where the node sends retrieved objects; empty means our Store SCP")

    class Meta:
        ordering = ["name"]
        verbose_name = "remote DICOM node"

    def __str__(self) -> str:
        return f"{self.name} ({self.aet}@{self.host}:{self.port})"


class QueryRun(models.Model):
    """One query/retrieve run against a remote node, with its progress."""

    class State(models.TextChoices):
        QUEUED = "queued"
        RUNNING = "running"
        DONE = "done"
        FAILED = "failed"

    node = models.ForeignKey(DicomRemoteNode, on_delete=models.CASCADE, related_name="query_runs")
    date_from = models.DateField(null=True, blank=True)
    date_to = models.DateField(null=True, blank=True)
    modalities = models.CharField(max_length=64, default="CT", help_text="Comma-separated, e.g. CT,MG")
    state = models.CharField(max_length=8, choices=State.choices, default=State.QUEUED)
    message = models.TextField(blank=True, default="")
    studies_found = models.PositiveIntegerField(default=0)
    studies_done = models.PositiveIntegerField(default=0)
    studies_skipped = models.PositiveIntegerField(default=0, help_text="Already imported")
    studies_without_dose = models.PositiveIntegerField(default=0, help_text="No dose object found")
    series_moved = models.PositiveIntegerField(default=0)
    objects_moved = models.PositiveIntegerField(default=0)
    objects_failed = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    requested_by = models.CharField(max_length=150, blank=True, default="")

    class Meta:
        ordering = ["-created_at", "-pk"]

    @property
    def modality_list(self) -> list[str]:
        return [m.strip().upper() for m in self.modalities.split(",") if m.strip()]

    @property
    def percent(self) -> int:
        if self.state == self.State.DONE:
            return 100
        return int(100 * self.studies_done / self.studies_found) if self.studies_found else 0


__all__ = ["DicomRemoteNode", "QueryRun", "StoreScpConfig", "StoreScpStatus"]
