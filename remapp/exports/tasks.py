"""Background tasks (Django's tasks API; the django-tasks backport on Django 5.2)."""

from __future__ import annotations

from django_tasks import task

from .jobs import run_export


@task()
def run_export_task(export_id: int) -> int:
    """Run one export job; returns the number of studies written."""
    return run_export(export_id)
