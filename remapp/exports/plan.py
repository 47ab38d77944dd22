"""What one export is about: the modality's spec, the studies, the filter, and where progress goes."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cached_property

from django.db.models import QuerySet

from .cells import Converter, RowConverter, row_converter
from .columns import Kind, ModalitySpec
from .source import StudyRecord, can_format_numbers, can_prefetch, iter_records, max_events_per_study, text_columns

Progress = Callable[[int, int], None]  # (studies written, studies in the export)

DEFAULT_CHUNK_SIZE = 2000


@dataclass
class ExportPlan:
    spec: ModalitySpec
    queryset: QuerySet
    filter_description: str = ""
    chunk_size: int = DEFAULT_CHUNK_SIZE
    progress: Progress | None = None
    written: int = 0  # studies handed out by records() so far
    numbers_as_text: bool = False  # number columns as plain text, where the database can (CSV)

    @cached_property
    def total(self) -> int:
        return self.queryset.count()

    @cached_property
    def max_events(self) -> int:
        return max_events_per_study(self.spec, self.queryset)

    def event_headers(self, events: int | None = None) -> list[str]:
        """Titles of the repeated event column groups: "E1 Protocol", ..., "E2 Protocol", ..."""
        return [
            f"E{number} {col.title}"
            for number in range(1, (self.max_events if events is None else events) + 1)
            for col in self.spec.all_event_columns
        ]

    @cached_property
    def text_numbers(self) -> bool:
        """Whether records() hands over numbers as plain text (asked for, and the database can)."""
        return self.numbers_as_text and can_format_numbers()

    def row_converters(self, converters: dict[Kind, Converter | None]) -> tuple[RowConverter, RowConverter]:
        """Converters for a study's own values and for one event's values, for one output format; numbers
        that arrive as text are written as they are."""
        study_text, event_text = text_columns(self.spec) if self.text_numbers else ((), ())
        return (row_converter(self.spec.study_columns, converters, study_text),
                row_converter(self.spec.all_event_columns, converters, event_text))

    def records(self) -> Iterator[list[StudyRecord]]:
        """Chunks of studies; progress is reported once the caller has written each chunk."""
        total = self.total
        if self.progress:
            self.progress(0, total)
        for chunk in iter_records(self.spec, self.queryset, self.chunk_size, prefetch=can_prefetch(),
                                  numbers_as_text=self.text_numbers):
            yield chunk
            self.written += len(chunk)
            if self.progress:
                self.progress(self.written, total)
