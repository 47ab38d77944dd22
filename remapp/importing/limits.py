"""Values a column cannot hold, cleaned before the write so that SQLite and PostgreSQL behave alike.

PostgreSQL refuses a string longer than its column, a string holding NUL, or a number with more digits
than its DecimalField; SQLite stores the strings whole; Django raises a bare ``decimal.InvalidOperation``
for the number on either. A vendor sending a 70,000-character description or a CTDIvol of 1E+30 should
not lose the whole report over it, nor get different results on the two databases: NULs are removed, the
string is cut to the column's length and the number is not stored, each with a warning on the import's
result line (docs/robustness.md).
"""

from __future__ import annotations

import decimal
from decimal import Decimal
from functools import cache

from django.db import connection, models

from .tree import StudyImport

_EXACT = decimal.Context(prec=200)


@cache
def _limits(model: type[models.Model]) -> dict[str, tuple]:
    limits: dict[str, tuple] = {}
    for field in model._meta.concrete_fields:
        if isinstance(field, models.DecimalField):
            limits[field.name] = ("decimal", Decimal(10) ** (field.max_digits - field.decimal_places),
                                  Decimal(1).scaleb(-field.decimal_places))
        elif isinstance(field, models.CharField | models.TextField):
            limits[field.name] = ("text", field.max_length)
        elif isinstance(field, models.IntegerField) and not field.is_relation:
            low, high = connection.ops.integer_field_range(field.get_internal_type())
            limits[field.name] = ("integer", low, high)
    return limits


def _storable_text(name: str, value: str, max_length: int | None, warnings: list[str]) -> str:
    if "\x00" in value:  # PostgreSQL text cannot hold NUL (psycopg2 raises ValueError); SQLite can
        value = value.replace("\x00", "")
        warnings.append(f"{name}: NUL characters removed")
    if max_length and len(value) > max_length:
        warnings.append(f"{name}: {len(value)} characters cut to {max_length}")
        value = value[:max_length]
    return value


def clean_values(model: type[models.Model], values: dict, warnings: list[str]) -> None:
    """Cut over-long strings and drop numbers the column cannot hold, in place."""
    limits = _limits(model)
    for name, value in values.items():
        limit = limits.get(name)
        if limit is None or value is None:
            continue
        kind = limit[0]
        if kind == "text" and isinstance(value, str):
            values[name] = _storable_text(name, value, limit[1], warnings)
        elif kind == "decimal" and isinstance(value, Decimal):
            # Magnitude first: quantizing 1E+400 to 12 places would itself overflow.
            fits = value.is_finite() and abs(value) < limit[1]
            if not fits or abs(value.quantize(limit[2], context=_EXACT)) >= limit[1]:
                values[name] = None
                warnings.append(f"{name}: {value} is out of range; value not stored")
        elif kind == "integer" and isinstance(value, int) and not (
                (limit[1] is None or value >= limit[1]) and (limit[2] is None or value <= limit[2])):
            values[name] = None
            warnings.append(f"{name}: {value} is out of range; value not stored")


def clean_import(imp: StudyImport) -> None:
    """Every value of ``imp`` made storable (see the module docstring); warnings go on ``imp``."""
    from remapp.models import (
        GeneralEquipmentModuleAttributes,
        GeneralStudyModuleAttributes,
        PatientModuleAttributes,
        PatientStudyModuleAttributes,
    )

    for model, values in ((GeneralStudyModuleAttributes, imp.study), (PatientModuleAttributes, imp.patient),
                          (PatientStudyModuleAttributes, imp.patient_study),
                          (GeneralEquipmentModuleAttributes, imp.equipment)):
        clean_values(model, values, imp.warnings)
    if imp.dose is not None:
        for row in imp.dose.walk():
            clean_values(row.model, row.values, imp.warnings)
    for name in ("study_instance_uid", "sop_instance_uid", "sop_class_uid", "series_instance_uid"):
        setattr(imp, name, getattr(imp, name).replace("\x00", "")[:64])

