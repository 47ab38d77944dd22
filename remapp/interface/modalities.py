"""The four modalities the interface serves, as data: URL slug, label, and the URL converter for them.

Every per-modality piece (FilterSet, list columns, detail sections) is looked up by the modality code
(``Modality.CT`` ...), so adding a modality means adding one entry to each table, not new views.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..models import Modality


@dataclass(frozen=True)
class ModalitySpec:
    code: str  # GeneralStudyModuleAttributes.modality_type
    slug: str  # the URL segment, /openrem/<slug>/
    label: str  # what people call it
    heading: str  # page heading of the list

    def __str__(self) -> str:
        return self.slug


MODALITIES: dict[str, ModalitySpec] = {
    spec.slug: spec
    for spec in (
        ModalitySpec(Modality.CT, "ct", "CT", "CT studies"),
        ModalitySpec(Modality.RF, "rf", "Fluoroscopy", "Fluoroscopy studies"),
        ModalitySpec(Modality.MG, "mg", "Mammography", "Mammography studies"),
        ModalitySpec(Modality.DX, "dx", "Radiography", "Radiography studies"),
    )
}
BY_CODE: dict[str, ModalitySpec] = {spec.code: spec for spec in MODALITIES.values()}


def modality(name: str) -> ModalitySpec:
    """The spec for a slug ("ct") or a code ("CT"); KeyError for anything else."""
    return MODALITIES.get(name) or BY_CODE[name]


class ModalityConverter:
    """URL converter: ``<modality:modality>`` matches ct|rf|mg|dx and hands the view a ModalitySpec."""

    regex = "|".join(MODALITIES)

    def to_python(self, value: str) -> ModalitySpec:
        return MODALITIES[value]

    def to_url(self, value: ModalitySpec | str) -> str:
        return modality(str(value)).slug  # a spec's str() is its slug
