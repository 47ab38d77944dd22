"""The CSV layout: one row per study, its events in repeated column groups to the right."""

from __future__ import annotations

import csv
from typing import TextIO

from .cells import CSV_CONVERTERS
from .plan import ExportPlan


def write_csv(plan: ExportPlan, out: TextIO) -> int:
    """Write the export to ``out`` (opened with newline=""), chunk by chunk; returns studies written."""
    spec = plan.spec
    plan.numbers_as_text = True  # plain text already, on PostgreSQL: no Decimal per value (see source)
    most = plan.max_events
    writer = csv.writer(out)
    header = [col.title for col in spec.study_columns] + plan.event_headers()
    writer.writerow(header)
    width = len(header)
    study_row, event_row = plan.row_converters(CSV_CONVERTERS)
    for chunk in plan.records():
        for record in chunk:
            row = study_row(record.values)
            # A study imported after the column count was fixed could have more events: keep columns aligned.
            for event in record.events[:most]:
                row += event_row(event)
            # Every line as wide as the header (RFC 4180), so readers see empty cells, not missing ones.
            row += [""] * (width - len(row))
            writer.writerow(row)
    return plan.written
