"""The number of SQL statements of an export depends on the number of chunks, never on the events."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from remapp.exports.core import export_studies
from remapp.exports.selection import studies_for_export

from .factories import make_ct_study, make_projection_study

pytestmark = pytest.mark.django_db


def queries_for(tmp_path, modality: str, fmt: str = "csv", chunk_size: int = 2) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        export_studies(modality=modality, export_format=fmt, queryset=studies_for_export(modality, {}),
                       out=tmp_path / f"x.{fmt}", chunk_size=chunk_size)
    return [query["sql"] for query in captured.captured_queries]


def ct_studies(count: int, events: int) -> None:
    for _ in range(count):
        make_ct_study([{"protocol": f"P{n}", "dlp": "10", "ctdivol": "1"} for n in range(events)])


def test_more_events_cost_no_more_queries(tmp_path):
    ct_studies(2, events=1)
    few = queries_for(tmp_path, "CT")
    ct_studies(2, events=6)
    many = queries_for(tmp_path, "CT", chunk_size=4)  # the same single chunk, six times the events
    assert len(many) == len(few), "\n".join(many)


def test_each_chunk_costs_a_fixed_number_of_queries(tmp_path):
    ct_studies(2, events=3)
    one_chunk = queries_for(tmp_path, "CT")
    ct_studies(2, events=3)
    two_chunks = queries_for(tmp_path, "CT")
    # studies, dose reports, events, X-ray source parameters
    assert len(two_chunks) - len(one_chunk) == 4, "\n".join(two_chunks)


def test_projection_chunk_queries(tmp_path):
    make_projection_study("RF", [{"protocol": "A", "kvps": [70, 80, 90]}])
    one = queries_for(tmp_path, "RF", chunk_size=1)
    make_projection_study("RF", [{"protocol": "A"}, {"protocol": "B"}])
    two = queries_for(tmp_path, "RF", chunk_size=1)
    # studies, dose reports, events, and one per child table of the RF spec (source, kVp, mA, pulse
    # width, filters, mechanical)
    assert len(two) - len(one) == 3 + 6, "\n".join(two)


def test_chunks_end_at_the_event_budget(db):
    from remapp.exports.source import iter_chunks
    from remapp.models import GeneralStudyModuleAttributes

    for events in (300, 300, 1, 1, 500):
        study = make_projection_study("RF", [{"protocol": "A"}])
        GeneralStudyModuleAttributes.objects.filter(pk=study.pk).update(number_of_events=events)
    queryset = GeneralStudyModuleAttributes.objects.order_by("pk")
    sizes = [len(chunk) for chunk in iter_chunks(queryset, chunk_size=1000, events_per_chunk=600)]
    assert sizes == [2, 3]  # 300 + 300 reaches the budget; 1 + 1 + 500 ends the export


def test_long_id_lists_are_split_without_changing_values(tmp_path, monkeypatch):
    from remapp.exports import source

    from .helpers import export_file, read_csv

    make_projection_study("RF", [{"protocol": "A", "kvps": [70, 80]}, {"protocol": "B", "kvps": [90]},
                                 {"protocol": "C", "kvps": [100, 120]}])
    whole = read_csv(export_file(tmp_path, "RF", "csv"))
    monkeypatch.setattr(source, "IDS_PER_QUERY", 1)
    assert read_csv(export_file(tmp_path, "RF", "csv")) == whole
    assert whole[1][whole[0].index("E3 kVp")] == "110"
