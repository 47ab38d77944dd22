"""Export housekeeping: a job whose worker was killed is failed, not "Running" for ever; old exports and
left-over files are deleted after OPENREM_EXPORT_KEEP_DAYS."""

from __future__ import annotations

import datetime as dt
import os

import pytest
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from remapp.exports import jobs
from remapp.exports.jobs import fail_stalled_exports, prune_exports, run_export, start_export
from remapp.models import Export, ExportStatus

pytestmark = pytest.mark.django_db

NOW = timezone.now()


def _export(owner, status=ExportStatus.DONE, age=dt.timedelta(0), content=None, **fields) -> Export:
    export = Export.objects.create(owner=owner, modality="CT", export_format="csv", status=status, **fields)
    if content is not None:
        export.file.save(f"ct-export-{export.pk}.csv", ContentFile(content), save=False)
        export.size = len(content)
        export.save()
    Export.objects.filter(pk=export.pk).update(created_at=NOW - age)  # auto_now_add ignores a given value
    export.refresh_from_db()
    return export


def _age_file(path, days: float) -> None:
    then = (NOW - dt.timedelta(days=days)).timestamp()
    os.utime(path, (then, then))


def test_a_running_export_reports_signs_of_life(personas, ct_studies, media_root):
    export = Export.objects.create(owner=personas["exporter"], modality="CT", export_format="csv")
    before = timezone.now()
    run_export(export.pk)
    export.refresh_from_db()
    assert export.status == ExportStatus.DONE
    assert before <= export.started_at <= export.heartbeat_at <= export.finished_at


def test_a_silent_running_export_is_failed_with_its_partial_file(personas, media_root, settings):
    settings.EXPORT_STALE_MINUTES = 15
    owner = personas["exporter"]
    killed = _export(owner, ExportStatus.RUNNING, started_at=NOW - dt.timedelta(hours=1),
                     heartbeat_at=NOW - dt.timedelta(minutes=16))
    partial = jobs._partial_path(jobs._file_path(killed))
    partial.write_text("half an export")
    alive = _export(owner, ExportStatus.RUNNING, started_at=NOW - dt.timedelta(hours=1),
                    heartbeat_at=NOW - dt.timedelta(minutes=14))
    never_reported = _export(owner, ExportStatus.RUNNING, started_at=NOW - dt.timedelta(minutes=20))

    assert fail_stalled_exports() == 2
    killed.refresh_from_db()
    assert killed.status == ExportStatus.FAILED and killed.finished_at
    assert "stopped reporting progress" in killed.error and "Start the export again" in killed.error
    assert not partial.exists()
    alive.refresh_from_db()
    never_reported.refresh_from_db()
    assert alive.status == ExportStatus.RUNNING
    assert never_reported.status == ExportStatus.FAILED
    assert fail_stalled_exports() == 0


def test_the_exports_page_shows_a_killed_export_as_failed(client, personas, media_root):
    killed = _export(personas["exporter"], ExportStatus.RUNNING, started_at=NOW - dt.timedelta(hours=2),
                     heartbeat_at=NOW - dt.timedelta(hours=2))
    client.force_login(personas["exporter"])
    page = client.get(reverse("remapp:exports")).content.decode()
    killed.refresh_from_db()
    assert killed.status == ExportStatus.FAILED
    assert "stopped reporting progress" in page
    assert "deleted after 30 days" in page
    assert 'http-equiv="refresh"' not in page  # nothing left running: the page stops reloading


def test_old_exports_go_with_their_files_and_recent_or_active_ones_stay(personas, media_root, settings):
    settings.EXPORT_KEEP_DAYS = 30
    owner = personas["exporter"]
    old_done = _export(owner, age=dt.timedelta(days=31), content=b"a,b\n1,2\n")
    old_failed = _export(owner, ExportStatus.FAILED, age=dt.timedelta(days=40), error="FilterError: x")
    recent = _export(owner, age=dt.timedelta(days=29), content=b"kept\n")
    old_pending = _export(owner, ExportStatus.PENDING, age=dt.timedelta(days=60))
    old_file = media_root / old_done.file.name

    report = prune_exports()
    assert (report.exports, report.orphans, report.bytes) == (2, 0, 8)
    assert str(report) == "2 old exports and 0 left-over files, 8 bytes"
    assert not old_file.exists()
    assert set(Export.objects.values_list("pk", flat=True)) == {recent.pk, old_pending.pk}
    assert (media_root / recent.file.name).read_bytes() == b"kept\n"
    assert not Export.objects.filter(pk=old_failed.pk).exists()


def test_left_over_files_a_day_old_are_deleted(personas, media_root):
    owned = _export(personas["exporter"], content=b"mine\n")
    folder = media_root / "exports"
    stale_part = folder / "ct-export-20240101-000000-99.csv.part"
    stale_part.write_bytes(b"12345")
    stale_sheet = folder / "openrem-sheet-abc.xml"
    stale_sheet.write_bytes(b"<row/>")
    being_written = folder / "ct-export-20240101-000000-100.xlsx.part"
    being_written.write_bytes(b"new")
    for path in (stale_part, stale_sheet, media_root / owned.file.name):
        _age_file(path, 2)

    report = prune_exports(keep_days=0)  # 0: exports are kept, left-overs still go
    assert (report.exports, report.orphans, report.bytes) == (0, 2, 11)
    assert sorted(path.name for path in folder.iterdir()) == sorted([being_written.name, owned.file.name[8:]])


def test_a_dry_run_deletes_nothing(personas, media_root):
    old = _export(personas["exporter"], age=dt.timedelta(days=90), content=b"x\n")
    report = prune_exports(dry_run=True)
    assert report.exports == 1
    assert Export.objects.filter(pk=old.pk).exists() and (media_root / old.file.name).exists()


def test_starting_an_export_applies_retention(personas, ct_studies, media_root):
    old = _export(personas["exporter"], age=dt.timedelta(days=31), content=b"x\n")
    new = start_export(user=personas["exporter"], modality="CT", export_format="csv", params={})
    assert new.status == ExportStatus.DONE
    assert not Export.objects.filter(pk=old.pk).exists()


def test_retention_trouble_never_stops_a_new_export(personas, ct_studies, media_root, monkeypatch, caplog):
    def broken(*args, **kwargs):
        raise PermissionError("exports/ is read-only")

    monkeypatch.setattr(jobs, "prune_exports", broken)
    new = start_export(user=personas["exporter"], modality="CT", export_format="csv", params={})
    assert new.status == ExportStatus.DONE
    assert "export retention failed" in caplog.text


def test_the_prune_command(personas, media_root, settings):
    settings.EXPORT_STALE_MINUTES = 15
    _export(personas["exporter"], age=dt.timedelta(days=10), content=b"x\n")
    _export(personas["exporter"], ExportStatus.RUNNING, started_at=NOW - dt.timedelta(hours=1),
            heartbeat_at=NOW - dt.timedelta(hours=1))
    out = _call("--days", "7", "--dry-run")
    assert out == "Would delete 1 old export and 0 left-over files, 2 bytes.\n"
    assert Export.objects.count() == 2 and Export.objects.filter(status=ExportStatus.RUNNING).exists()
    out = _call("--days", "7")
    assert out == ("Failed 1 export whose worker stopped.\n"
                   "Deleted 1 old export and 0 left-over files, 2 bytes.\n")
    assert list(Export.objects.values_list("status", flat=True)) == [ExportStatus.FAILED]
    with pytest.raises(CommandError, match="--days must be 0 or more"):
        _call("--days", "-1")


def _call(*args: str) -> str:
    from io import StringIO

    out = StringIO()
    call_command("openrem_prune_exports", *args, stdout=out)
    return out.getvalue()


def test_an_export_nobody_takes_up_says_the_worker_may_be_missing(client, personas, media_root, settings):
    settings.EXPORT_STALE_MINUTES = 15
    waiting = _export(personas["exporter"], ExportStatus.PENDING, age=dt.timedelta(minutes=16))
    just_queued = _export(personas["exporter"], ExportStatus.PENDING, age=dt.timedelta(minutes=1))
    assert waiting.waiting_too_long and not just_queued.waiting_too_long
    client.force_login(personas["exporter"])
    page = client.get(reverse("remapp:exports")).content.decode()
    assert page.count('data-testid="no-worker"') == 1
    assert "is the OpenREM worker running?" in page
