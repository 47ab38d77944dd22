"""Writes of the web interface."""

from __future__ import annotations

import logging

from django.db import transaction

from ..audit import record
from ..models import AuditAction, GeneralStudyModuleAttributes

log = logging.getLogger(__name__)


@transaction.atomic
def study_delete(*, study: GeneralStudyModuleAttributes, user, remote_addr: str | None = None) -> str:
    """Delete a study and everything under it (CASCADE), audited; returns a description for the message."""
    described = f"{study.get_modality_type_display()} study {study.accession_number or study.pk}"
    log.info("study %s (%s) deleted by %s", study.pk, study.study_instance_uid, user.get_username())
    record(AuditAction.DELETE, user=user, remote_addr=remote_addr, summary=described,
           study_instance_uid=study.study_instance_uid, study_date=str(study.study_date or ""),
           modality=study.modality_type, number_of_events=study.number_of_events)
    study.delete()
    return described
