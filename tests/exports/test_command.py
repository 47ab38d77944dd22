"""``manage.py openrem_export``: the same export for cron jobs, with the list pages' filters."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from remapp.models import AuditAction, AuditLog

from .helpers import read_csv_dicts, read_xlsx

pytestmark = pytest.mark.django_db


def test_command_writes_xlsx(ct_studies, tmp_path, capsys):
    out = tmp_path / "ct.xlsx"
    call_command("openrem_export", "--modality", "ct", "--format", "xlsx", "-o", str(out))
    assert "2 CT studies written" in capsys.readouterr().out
    assert list(read_xlsx(out))[:2] == ["Summary", "All data"]


def test_command_filters(ct_studies, tmp_path):
    out = tmp_path / "ct.csv"
    call_command("openrem_export", "--modality", "CT", "--format", "csv", "-o", str(out),
                 "--study-description", "pelvis", "--date-to", "2024-12-31")
    assert [row["Study description"] for row in read_csv_dicts(out)] == ["CT Chest Abdomen Pelvis"]
    audit = AuditLog.objects.get(action=AuditAction.EXPORT)
    assert audit.username.endswith("(command line)")
    assert audit.detail["filter"] == {"study_description": "pelvis", "date_to": "2024-12-31"}


def test_command_rejects_a_bad_date(db, tmp_path):
    with pytest.raises(CommandError, match="Date from: Enter a valid date"):
        call_command("openrem_export", "--modality", "ct", "--format", "csv", "-o", str(tmp_path / "x.csv"),
                     "--date-from", "next week")
