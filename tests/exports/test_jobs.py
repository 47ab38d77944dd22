"""Export jobs through the task queue (the immediate backend here; test_worker.py uses the real worker)."""

from __future__ import annotations

import pytest

from remapp.exports.jobs import run_export, start_export
from remapp.models import Export, ExportStatus

from .helpers import read_csv_dicts

pytestmark = pytest.mark.django_db


def test_a_started_export_runs_and_records_its_file_and_progress(personas, ct_studies, media_root):
    export = start_export(user=personas["exporter"], modality="ct", export_format="csv", params={})
    assert export.status == ExportStatus.DONE
    assert (export.rows_done, export.rows_total) == (2, 2)
    assert export.task_id and export.started_at and export.finished_at
    path = media_root / export.file.name
    assert export.file.name.startswith("exports/ct-export-") and path.suffix == ".csv"
    assert len(read_csv_dicts(path)) == 2
    assert export.size == path.stat().st_size


def test_a_failed_export_says_why_and_leaves_no_file(personas, ct_studies, media_root):
    export = Export.objects.create(owner=personas["exporter"], modality="CT", export_format="xlsx",
                                   filter_params={"date_from": "last tuesday"})
    with pytest.raises(ValueError, match="Date from: Enter a valid date"):
        run_export(export.pk)
    export.refresh_from_db()
    assert export.status == ExportStatus.FAILED
    assert export.error == "FilterError: Date from: Enter a valid date."
    assert not export.file
    assert list((media_root / "exports").iterdir()) == []


def test_a_stopped_worker_does_not_leave_the_job_running(personas, ct_studies, media_root, monkeypatch):
    from remapp.exports import jobs

    def interrupted(**kwargs):
        kwargs["out"].write_text("half a file")
        raise KeyboardInterrupt

    monkeypatch.setattr(jobs, "export_studies", interrupted)
    export = Export.objects.create(owner=personas["exporter"], modality="CT", export_format="csv")
    with pytest.raises(KeyboardInterrupt):
        run_export(export.pk)
    export.refresh_from_db()
    assert (export.status, export.error) == (ExportStatus.FAILED, "the worker was stopped")
    assert list((media_root / "exports").iterdir()) == []


def test_a_job_deleted_while_running_leaves_no_file(personas, ct_studies, media_root, monkeypatch):
    export = Export.objects.create(owner=personas["exporter"], modality="CT", export_format="csv")
    from remapp.exports import jobs

    real_progress = jobs._progress

    def delete_midway(export_id, done, total):
        Export.objects.filter(pk=export_id).delete()
        real_progress(export_id, done, total)

    monkeypatch.setattr(jobs, "_progress", delete_midway)
    run_export(export.pk)
    assert list((media_root / "exports").iterdir()) == []


def test_unknown_modality_or_format_is_refused(personas):
    with pytest.raises(ValueError, match="no export for modality"):
        start_export(user=personas["exporter"], modality="PT", export_format="csv", params={})
    with pytest.raises(ValueError, match="unknown export format"):
        start_export(user=personas["exporter"], modality="CT", export_format="pdf", params={})
