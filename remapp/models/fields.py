"""Field factories, so every quantity of one kind is stored the same way.

Numbers are DecimalFields: DICOM sends decimal strings (DS) and a dose register must give back the digits
it was sent, not a binary float near them. The unit is in each field's help text; one canonical unit per
quantity (DAP in Gy·m², CTDIvol in mGy, DLP in mGy·cm, reference point dose in Gy, times in s unless noted).
"""

from __future__ import annotations

from django.db import models


def measure(unit: str, *, help_text: str = "", db_index: bool = False) -> models.DecimalField:
    """A measured value in ``unit``; up to 12 integer and 12 fractional digits."""
    text = f"{help_text} [{unit}]".strip() if help_text else f"[{unit}]"
    return models.DecimalField(
        max_digits=24, decimal_places=12, null=True, blank=True, help_text=text, db_index=db_index
    )


def count(help_text: str = "") -> models.PositiveIntegerField:
    return models.PositiveIntegerField(null=True, blank=True, help_text=help_text)


def text(max_length: int = 255, *, db_index: bool = False, help_text: str = "") -> models.CharField:
    """A string attribute. Blank means 'not sent'; strings are never NULL (Django convention)."""
    return models.CharField(max_length=max_length, blank=True, default="", db_index=db_index,
                            help_text=help_text)


def long_text(help_text: str = "") -> models.TextField:
    return models.TextField(blank=True, default="", help_text=help_text)


def uid(*, db_index: bool = False) -> models.CharField:
    return models.CharField(max_length=64, blank=True, default="", db_index=db_index)


def code(help_text: str = "") -> models.ForeignKey:
    """A coded value (CODE content item or code sequence), pointing at ContentItemDescriptions."""
    return models.ForeignKey(
        "remapp.ContentItemDescriptions",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=help_text,
    )


def when(help_text: str = "") -> models.DateTimeField:
    """An aware date-time (stored in UTC)."""
    return models.DateTimeField(null=True, blank=True, help_text=help_text)


def parent(model: str, *, one: bool = False, null: bool = False) -> models.ForeignKey:
    """The link to the parent row; deleting a study cascades down the whole tree."""
    field = models.OneToOneField if one else models.ForeignKey
    return field(model, on_delete=models.CASCADE, null=null, blank=null)


def flag(help_text: str = "") -> models.BooleanField:
    return models.BooleanField(null=True, blank=True, help_text=help_text)
