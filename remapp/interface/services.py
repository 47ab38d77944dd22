"""Writes of the web interface."""

from __future__ import annotations

import logging

from django.db import transaction

from ..models import GeneralStudyModuleAttributes

log = logging.getLogger(__name__)


@transaction.atomic
def study_delete(*, study: GeneralStudyModuleAttributes, user: str) -> str:
    """Delete a study and everything under it (CASCADE); returns a short description for the message."""
    described = f"{study.get_modality_type_display()} study {study.accession_number or study.pk}"
    log.info("study %s (%s) deleted by %s", study.pk, study.study_instance_uid, user)
    study.delete()
    return described
