"""Realistic synthetic studies of every modality, with their event trees and filled summary columns.

Plain functions, no factory library. Each ``build_*`` function returns a ``StudyBuild``: the unsaved model
instances of one study, parents before children. ``save_builds`` writes any number of builds with one
``bulk_create`` per model (so 100,000 studies cost a few hundred statements, not millions), and the
``make_*_study`` helpers build and save one study for a test.

Coded values go through a ``CodeBook``, which creates each ``ContentItemDescriptions`` row once per book:
tests roll their transactions back, so a module-level cache would hand out rows that no longer exist.
"""

from __future__ import annotations

import datetime as dt
import random
import uuid
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.db import models as dj_models
from django.utils import timezone

from remapp.models import (
    AccumulatedIntegratedProjectionRadiographyDose,
    AccumulatedMammographyXrayDose,
    AccumulatedProjectionXrayDose,
    AccumulatedXrayDose,
    ContentItemDescriptions,
    CtAccumulatedDoseData,
    CtDoseCheckDetails,
    CtIrradiationEventData,
    CtRadiationDose,
    CtXraySourceParameters,
    Exposure,
    GeneralEquipmentModuleAttributes,
    GeneralStudyModuleAttributes,
    IrradiationEventXrayData,
    IrradiationEventXrayMechanicalData,
    IrradiationEventXraySourceData,
    Kvp,
    Modality,
    PatientModuleAttributes,
    PatientStudyModuleAttributes,
    PulseWidth,
    ScanningLength,
    SourceKind,
    XrayFilters,
    XrayTubeCurrent,
)
from remapp.models.projection import ProjectionXrayRadiationDose

# (scheme, value, meaning) of the codes the synthetic reports use.
CODES: dict[str, tuple[str, str, str]] = {
    "spiral": ("DCM", "116152", "Spiral Acquisition"),
    "sequenced": ("DCM", "113804", "Sequenced Acquisition"),
    "constant_angle": ("DCM", "113805", "Constant Angle Acquisition"),
    "body_phantom": ("DCM", "113691", "IEC Body Dosimetry Phantom"),
    "head_phantom": ("DCM", "113690", "IEC Head Dosimetry Phantom"),
    "single_plane": ("DCM", "113622", "Single Plane"),
    "plane_a": ("DCM", "113620", "Plane A"),
    "plane_b": ("DCM", "113621", "Plane B"),
    "fluoroscopy": ("SRT", "P5-06000", "Fluoroscopy"),
    "stationary": ("DCM", "113611", "Stationary Acquisition"),
    "pulsed": ("DCM", "113631", "Pulsed"),
    "left_breast": ("SRT", "T-04030", "Left breast"),
    "right_breast": ("SRT", "T-04020", "Right breast"),
    "both_breasts": ("SRT", "T-04080", "Both breasts"),
    "cc": ("SRT", "R-10242", "cranio-caudal"),
    "mlo": ("SRT", "R-10226", "medio-lateral oblique"),
    "pa": ("SRT", "R-10214", "postero-anterior"),
    "lateral": ("SRT", "R-10236", "lateral"),
    "tungsten": ("SRT", "C-164F5", "Tungsten or Tungsten compound"),
    "molybdenum": ("SRT", "C-150F9", "Molybdenum or Molybdenum compound"),
    "rhodium": ("SRT", "C-167F2", "Rhodium or Rhodium compound"),
    "aluminum": ("SRT", "C-120F9", "Aluminum or Aluminum compound"),
    "copper": ("SRT", "C-127F9", "Copper or Copper compound"),
}


class CodeBook:
    """Hands out ``ContentItemDescriptions`` rows by short name, creating each once."""

    def __init__(self) -> None:
        self._rows: dict[str, ContentItemDescriptions] = {}

    def __getitem__(self, name: str) -> ContentItemDescriptions:
        if name not in self._rows:
            scheme, value, meaning = CODES[name]
            self._rows[name], _ = ContentItemDescriptions.objects.get_or_create(
                coding_scheme_designator=scheme, code_value=value, defaults={"code_meaning": meaning}
            )
        return self._rows[name]


class StudyBuild:
    """The unsaved rows of one study, by model, in the order parents come before children."""

    def __init__(self) -> None:
        self.rows: dict[type[dj_models.Model], list[dj_models.Model]] = {}

    def add(self, obj: dj_models.Model) -> Any:
        self.rows.setdefault(type(obj), []).append(obj)
        return obj

    @property
    def study(self) -> GeneralStudyModuleAttributes:
        return self.rows[GeneralStudyModuleAttributes][0]  # type: ignore[return-value]


def save_builds(builds: Iterable[StudyBuild], batch_size: int = 2000) -> list[GeneralStudyModuleAttributes]:
    """Write the builds level by level: one bulk insert per model, parents first.

    Children hold their parent *objects*; Django copies each parent's new primary key into the child's
    foreign key when the child is inserted, so the parents must be saved first, hence the order.
    """
    merged: dict[type[dj_models.Model], list[dj_models.Model]] = {}
    for build in builds:
        for model, rows in build.rows.items():
            merged.setdefault(model, []).extend(rows)
    for model, rows in merged.items():
        model.objects.bulk_create(rows, batch_size=batch_size)
    return merged.get(GeneralStudyModuleAttributes, [])  # type: ignore[return-value]


def _d(value: float, places: int = 4) -> Decimal:
    return Decimal(str(round(value, places)))


# --- study level, shared by all modalities ---------------------------------------------------------

EQUIPMENT: dict[str, list[tuple[str, str, str, str]]] = {
    # modality: (institution, manufacturer, model, station)
    "CT": [
        ("Royal Infirmary", "SIEMENS", "SOMATOM Definition Flash", "CTAWP01"),
        ("Royal Infirmary", "GE MEDICAL SYSTEMS", "Discovery CT750 HD", "CT99"),
        ("General Hospital", "Philips", "Brilliance 64", "PHCT1"),
        ("General Hospital", "TOSHIBA", "Aquilion ONE", "CT-ONE"),
    ],
    "RF": [
        ("Royal Infirmary", "Siemens", "AXIOM-Artis", "CARDIAC1"),
        ("General Hospital", "Philips", "AlluraXper", "IR-SUITE"),
    ],
    "MG": [
        ("Breast Unit", "HOLOGIC, Inc.", "Selenia Dimensions", "MAMMO1"),
        ("Breast Unit", "GE MEDICAL SYSTEMS", "Senographe Essential", "MAMMO2"),
    ],
    "DX": [
        ("Royal Infirmary", "Carestream Health", "DRX-Evolution", "DXROOM1"),
        ("General Hospital", "KODAK", "DR 7500", "DXROOM2"),
    ],
}

DESCRIPTIONS: dict[str, list[tuple[str, list[str]]]] = {
    # modality: (study description, event protocols)
    "CT": [
        ("CT Head", ["Topogram", "Head Routine"]),
        ("CT Chest Abdomen Pelvis", ["Topogram", "Thorax Abdomen", "Pelvis"]),
        ("CT Chest", ["Topogram", "Thorax Routine"]),
        ("CT Coronary angiogram", ["Topogram", "Calcium Score", "CorCTA"]),
    ],
    "RF": [
        ("Coronary angiogram", ["Coro low", "Coro acq"]),
        ("Barium swallow", ["Fluoro normal", "Swallow acq"]),
        ("Nephrostomy", ["Fluoro low", "DSA"]),
    ],
    "MG": [("Screening mammography", ["Routine"]), ("Symptomatic mammography", ["Routine", "Spot"])],
    "DX": [("Chest PA", ["Chest PA"]), ("Knee", ["Knee AP", "Knee Lat"]), ("Lumbar spine", ["LSpine AP"])],
}


def _study(
    build: StudyBuild, rng: random.Random, modality: str, when: dt.datetime | None, overrides: dict[str, Any]
) -> GeneralStudyModuleAttributes:
    """The study, patient, patient-study and equipment rows; ``overrides`` may set any of their fields."""
    when = when or timezone.now() - dt.timedelta(days=rng.randint(0, 720), minutes=rng.randint(0, 1440))
    local = timezone.localtime(when)
    description, _ = rng.choice(DESCRIPTIONS[modality])
    institution, manufacturer, model_name, station = rng.choice(EQUIPMENT[modality])
    fields = {
        "study_instance_uid": f"2.25.{uuid.uuid4().int}",  # unique even when seeds repeat
        "study_date": local.date(),
        "study_time": local.time().replace(microsecond=0),
        "study_datetime": when,
        "accession_number": f"ACC{rng.randint(0, 10**8):08d}",
        "study_description": description,
        "requested_procedure_code_meaning": description,
        "procedure_code_meaning": description,
        "performing_physician_name": "Dr^Bloggs",
        "operator_name": rng.choice(["Smith^Jo", "Jones^Al", "Patel^Ravi"]),
        "modality_type": modality,
        "test_patient": False,
        "source_kind": SourceKind.RDSR if modality in ("CT", "RF") else f"{modality.lower()}_image",
    }
    patient_fields = {
        "patient_age_decimal": _d(rng.uniform(18, 90), 3),
        "patient_sex": rng.choice("FM"),
        "patient_size": _d(rng.uniform(1.5, 1.95), 2),
        "patient_weight": _d(rng.uniform(50, 110), 1),
        "institution_name": institution,
        "manufacturer": manufacturer,
        "manufacturer_model_name": model_name,
        "station_name": station,
        "not_patient_indicator": "",
    }
    _apply(fields, patient_fields, overrides)
    study = build.add(GeneralStudyModuleAttributes(**fields))
    age = patient_fields["patient_age_decimal"]
    build.add(
        PatientModuleAttributes(
            general_study_module_attributes=study,
            patient_sex=patient_fields["patient_sex"],
            not_patient_indicator=patient_fields["not_patient_indicator"],
        )
    )
    build.add(
        PatientStudyModuleAttributes(
            general_study_module_attributes=study,
            patient_age_decimal=age,
            patient_age=f"{int(age):03d}Y" if age is not None else "",
            patient_size=patient_fields["patient_size"],
            patient_weight=patient_fields["patient_weight"],
        )
    )
    build.add(
        GeneralEquipmentModuleAttributes(
            general_study_module_attributes=study,
            institution_name=patient_fields["institution_name"],
            manufacturer=patient_fields["manufacturer"],
            station_name=patient_fields["station_name"],
            manufacturer_model_name=patient_fields["manufacturer_model_name"],
            software_versions="VA48A",
        )
    )
    return study


def _apply(study_fields: dict[str, Any], other_fields: dict[str, Any], overrides: dict[str, Any]) -> None:
    """Route each override to the study row or to the patient / equipment rows."""
    for key, value in overrides.items():
        if key in other_fields:
            other_fields[key] = value
        else:
            study_fields[key] = value


def _protocols(rng: random.Random, modality: str, description: str, n_events: int | None) -> list[str]:
    protocols = dict(DESCRIPTIONS[modality]).get(description) or ["Routine"]
    if n_events is None:
        return list(protocols)
    return [protocols[i % len(protocols)] for i in range(n_events)]


# --- CT ---------------------------------------------------------------------------------------------


def build_ct(
    codes: CodeBook,
    rng: random.Random,
    *,
    when: dt.datetime | None = None,
    n_events: int | None = None,
    protocols: list[str] | None = None,
    dose_check: bool = False,
    **overrides: Any,
) -> StudyBuild:
    """A CT study from an RDSR: a scout, then helical or axial acquisitions with one source each."""
    build = StudyBuild()
    study = _study(build, rng, Modality.CT, when, overrides)
    dose = build.add(CtRadiationDose(general_study_module_attributes=study))
    protocols = protocols or _protocols(rng, "CT", study.study_description, n_events)
    total_dlp, max_ctdi = Decimal(0), Decimal(0)
    for index, protocol in enumerate(protocols):
        scout = protocol == "Topogram"
        ctdi = _d(0.1 if scout else rng.uniform(3, 60), 2)
        length = _d(rng.uniform(250, 500) if scout else rng.uniform(100, 600), 1)
        dlp = _d(float(ctdi) * float(length) / 10, 2)
        total_dlp, max_ctdi = total_dlp + dlp, max(max_ctdi, ctdi)
        event = build.add(
            CtIrradiationEventData(
                ct_radiation_dose=dose,
                acquisition_protocol=protocol,
                mean_ctdivol=ctdi,
                dlp=dlp,
                ct_acquisition_type=codes["constant_angle" if scout else rng.choice(["spiral", "sequenced"])],
                ctdiw_phantom_type=codes["head_phantom" if "Head" in protocol else "body_phantom"],
                exposure_time=_d(rng.uniform(1, 20), 2),
                pitch_factor=None if scout else _d(rng.uniform(0.6, 1.5), 3),
                nominal_single_collimation_width=_d(0.6, 1),
                nominal_total_collimation_width=_d(38.4, 1),
                irradiation_event_uid=f"{study.study_instance_uid}.{index + 1}",
                date_time_started=study.study_datetime + dt.timedelta(minutes=index),
            )
        )
        build.add(
            CtXraySourceParameters(
                ct_irradiation_event_data=event,
                identification_of_the_xray_source="A",
                kvp=_d(rng.choice([80, 100, 120, 140]), 0),
                xray_tube_current=_d(rng.uniform(30, 400), 1),
                exposure_time_per_rotation=_d(0.5, 2),
            )
        )
        build.add(ScanningLength(ct_irradiation_event_data=event, scanning_length=length))
        if dose_check and not scout:
            build.add(
                CtDoseCheckDetails(
                    ct_irradiation_event_data=event,
                    dlp_alert_value_configured=True,
                    dlp_alert_value=_d(1000, 0),
                    accumulated_dlp_forward_estimate=dlp,
                    alert_reason_for_proceeding="Large patient",
                )
            )
    build.add(
        CtAccumulatedDoseData(
            ct_radiation_dose=dose,
            total_number_of_irradiation_events=len(protocols),
            ct_dose_length_product_total=total_dlp,
        )
    )
    study.number_of_events, study.total_dlp, study.max_ctdivol = len(protocols), total_dlp, max_ctdi
    return build


# --- projection: RF, DX, MG -------------------------------------------------------------------------


def _source(
    build: StudyBuild,
    event: IrradiationEventXrayData,
    *,
    kvp: float,
    ma: float,
    pulse_ms: float | None,
    exposure_uas: float,
    target: ContentItemDescriptions | None,
    filters: list[tuple[ContentItemDescriptions, float]],
    **fields: Any,
) -> IrradiationEventXraySourceData:
    source = build.add(
        IrradiationEventXraySourceData(
            irradiation_event_xray_data=event, anode_target_material=target, **fields
        )
    )
    build.add(Kvp(irradiation_event_xray_source_data=source, kvp=_d(kvp, 1)))
    build.add(XrayTubeCurrent(irradiation_event_xray_source_data=source, xray_tube_current=_d(ma, 1)))
    build.add(Exposure(irradiation_event_xray_source_data=source, exposure=_d(exposure_uas, 0)))
    if pulse_ms is not None:
        build.add(PulseWidth(irradiation_event_xray_source_data=source, pulse_width=_d(pulse_ms, 1)))
    for material, thickness in filters:
        build.add(
            XrayFilters(
                irradiation_event_xray_source_data=source,
                xray_filter_material=material,
                xray_filter_thickness_minimum=_d(thickness, 2),
                xray_filter_thickness_maximum=_d(thickness, 2),
            )
        )
    return source


ProjectionRoot = tuple[StudyBuild, GeneralStudyModuleAttributes, ProjectionXrayRadiationDose, dict[str, Any]]


def _projection_root(
    codes: CodeBook, rng: random.Random, modality: str, when: Any, overrides: dict, plane_names: list[str]
) -> ProjectionRoot:
    """Study rows, the projection dose report and its accumulated-dose container per plane."""
    build = StudyBuild()
    study = _study(build, rng, modality, when, overrides)
    dose = build.add(ProjectionXrayRadiationDose(general_study_module_attributes=study))
    return build, study, dose, _planes(build, codes, dose, plane_names)


def _event(build: StudyBuild, dose: Any, index: int, **fields: Any) -> IrradiationEventXrayData:
    """An irradiation event, the index-th of its study, one minute after the one before."""
    study = dose.general_study_module_attributes
    return build.add(
        IrradiationEventXrayData(
            projection_xray_radiation_dose=dose,
            irradiation_event_uid=f"{study.study_instance_uid}.{index + 1}",
            date_time_started=study.study_datetime + dt.timedelta(minutes=index),
            **fields,
        )
    )


def _planes(
    build: StudyBuild, codes: CodeBook, dose: Any, names: list[str]
) -> dict[str, AccumulatedXrayDose]:
    return {
        name: build.add(
            AccumulatedXrayDose(projection_xray_radiation_dose=dose, acquisition_plane=codes[name])
        )
        for name in names
    }


def build_rf(
    codes: CodeBook,
    rng: random.Random,
    *,
    when: dt.datetime | None = None,
    n_events: int | None = None,
    dual_plane: bool = False,
    **overrides: Any,
) -> StudyBuild:
    """A fluoroscopy study from an RDSR: fluoroscopy runs and acquisitions, on one or two planes."""
    plane_names = ["plane_a", "plane_b"] if dual_plane else ["single_plane"]
    build, study, dose, planes = _projection_root(codes, rng, Modality.RF, when, overrides, plane_names)
    protocols = _protocols(rng, "RF", study.study_description, n_events if n_events is not None else 4)
    totals = {name: {"dap": Decimal(0), "rp": Decimal(0), "time": Decimal(0)} for name in plane_names}
    for index, protocol in enumerate(protocols):
        plane = plane_names[index % len(plane_names)]
        fluoro = index % 2 == 0
        dap, rp, seconds = (
            _d(rng.uniform(1e-5, 5e-4), 9),
            _d(rng.uniform(0.001, 0.1), 6),
            _d(rng.uniform(2, 120), 1),
        )
        for key, value in (("dap", dap), ("rp", rp), ("time", seconds if fluoro else Decimal(0))):
            totals[plane][key] += value
        event = _event(
            build,
            dose,
            index,
            acquisition_plane=codes[plane],
            acquisition_protocol=protocol,
            irradiation_event_type=codes["fluoroscopy" if fluoro else "stationary"],
            dose_area_product=dap,
            dose_rp=rp,
        )
        _source(
            build,
            event,
            kvp=rng.uniform(60, 110),
            ma=rng.uniform(5, 800),
            pulse_ms=rng.uniform(3, 12),
            exposure_uas=rng.uniform(100, 50000),
            target=codes["tungsten"],
            filters=[(codes["copper"], rng.choice([0.1, 0.2, 0.3, 0.6]))],
            fluoro_mode=codes["pulsed"],
            pulse_rate=_d(rng.choice([7.5, 15, 30]), 1),
            irradiation_duration=seconds,
        )
        build.add(
            IrradiationEventXrayMechanicalData(
                irradiation_event_xray_data=event,
                positioner_primary_angle=_d(rng.uniform(-90, 90), 1),
                positioner_secondary_angle=_d(rng.uniform(-40, 40), 1),
            )
        )
    for name, accumulated in planes.items():
        build.add(
            AccumulatedProjectionXrayDose(
                accumulated_xray_dose=accumulated,
                dose_area_product_total=totals[name]["dap"],
                dose_rp_total=totals[name]["rp"],
                total_fluoro_time=totals[name]["time"],
            )
        )
    first, last = plane_names[0], plane_names[-1]
    study.number_of_events = len(protocols)
    study.total_dap = sum(t["dap"] for t in totals.values())
    study.total_rp_dose = sum(t["rp"] for t in totals.values())
    study.total_fluoro_time = sum(t["time"] for t in totals.values())
    study.total_dap_a, study.total_rp_dose_a = totals[first]["dap"], totals[first]["rp"]
    if dual_plane:
        study.total_dap_b, study.total_rp_dose_b = totals[last]["dap"], totals[last]["rp"]
    return build


def build_dx(
    codes: CodeBook,
    rng: random.Random,
    *,
    when: dt.datetime | None = None,
    n_events: int | None = None,
    **overrides: Any,
) -> StudyBuild:
    """A radiography study from image headers: one event per image."""
    build, study, dose, planes = _projection_root(codes, rng, Modality.DX, when, overrides, ["single_plane"])
    plane = planes["single_plane"]
    protocols = _protocols(rng, "DX", study.study_description, n_events)
    total = Decimal(0)
    for index, protocol in enumerate(protocols):
        dap = _d(rng.uniform(1e-6, 3e-4), 9)
        total += dap
        event = _event(
            build,
            dose,
            index,
            acquisition_plane=codes["single_plane"],
            acquisition_protocol=protocol,
            irradiation_event_type=codes["stationary"],
            dose_area_product=dap,
            image_view=codes["lateral" if "Lat" in protocol else "pa"],
            entrance_exposure_at_rp=_d(rng.uniform(0.05, 5), 3),
        )
        _source(
            build,
            event,
            kvp=rng.uniform(55, 125),
            ma=rng.uniform(100, 500),
            pulse_ms=None,
            exposure_uas=rng.uniform(500, 40000),
            target=codes["tungsten"],
            filters=[(codes["aluminum"], 1.0)],
            exposure_time=_d(rng.uniform(5, 100), 1),
        )
    build.add(
        AccumulatedIntegratedProjectionRadiographyDose(
            accumulated_xray_dose=plane,
            dose_area_product_total=total,
            total_number_of_radiographic_frames=len(protocols),
        )
    )
    study.number_of_events, study.total_dap, study.total_dap_a = len(protocols), total, total
    return build


def build_mg(
    codes: CodeBook,
    rng: random.Random,
    *,
    when: dt.datetime | None = None,
    n_events: int | None = None,
    **overrides: Any,
) -> StudyBuild:
    """A mammography study from image headers: CC and MLO of each breast, AGD summed per breast."""
    build, study, dose, planes = _projection_root(codes, rng, Modality.MG, when, overrides, ["single_plane"])
    plane = planes["single_plane"]
    views = [("right_breast", "cc"), ("left_breast", "cc"), ("right_breast", "mlo"), ("left_breast", "mlo")]
    views = [views[i % 4] for i in range(n_events if n_events is not None else 4)]
    agd = {"left_breast": Decimal(0), "right_breast": Decimal(0)}
    for index, (side, view) in enumerate(views):
        value = _d(rng.uniform(0.8, 2.5), 3)
        agd[side] += value
        event = _event(
            build,
            dose,
            index,
            acquisition_plane=codes["single_plane"],
            acquisition_protocol="Routine",
            irradiation_event_type=codes["stationary"],
            laterality=codes[side],
            image_view=codes[view],
            average_glandular_dose=value,
            entrance_exposure_at_rp=_d(rng.uniform(3, 12), 3),
        )
        _source(
            build,
            event,
            kvp=rng.choice([26, 28, 29, 31]),
            ma=rng.uniform(60, 180),
            pulse_ms=None,
            exposure_uas=rng.uniform(40000, 200000),
            target=codes["tungsten"],
            filters=[(codes["rhodium"], 0.05)],
            exposure_time=_d(rng.uniform(400, 1500), 0),
        )
        build.add(
            IrradiationEventXrayMechanicalData(
                irradiation_event_xray_data=event,
                compression_thickness=_d(rng.uniform(30, 80), 0),
                compression_force=_d(rng.uniform(60, 150), 0),
            )
        )
    for side, total in agd.items():
        build.add(
            AccumulatedMammographyXrayDose(
                accumulated_xray_dose=plane, laterality=codes[side], accumulated_average_glandular_dose=total
            )
        )
    study.number_of_events = len(views)
    study.total_agd_left, study.total_agd_right = agd["left_breast"], agd["right_breast"]
    study.total_agd_both = agd["left_breast"] + agd["right_breast"]
    return build


BUILDERS = {"CT": build_ct, "RF": build_rf, "MG": build_mg, "DX": build_dx}


def make_study(modality: str, *, seed: int | None = None, **kwargs: Any) -> GeneralStudyModuleAttributes:
    """Build and save one study of ``modality``; keyword arguments override any field the builder sets."""
    rng = random.Random(seed)
    (study,) = save_builds([BUILDERS[modality](CodeBook(), rng, **kwargs)])
    return study


def make_ct_study(**kwargs: Any) -> GeneralStudyModuleAttributes:
    return make_study("CT", **kwargs)


def make_rf_study(**kwargs: Any) -> GeneralStudyModuleAttributes:
    return make_study("RF", **kwargs)


def make_mg_study(**kwargs: Any) -> GeneralStudyModuleAttributes:
    return make_study("MG", **kwargs)


def make_dx_study(**kwargs: Any) -> GeneralStudyModuleAttributes:
    return make_study("DX", **kwargs)


def make_many(
    count: int,
    *,
    modalities: Iterable[str] = ("CT", "RF", "MG", "DX"),
    seed: int = 1,
    chunk: int = 2000,
    **kwargs: Any,
) -> int:
    """Bulk-create ``count`` studies spread evenly over ``modalities``, ``chunk`` studies per round."""
    rng, codes, order = random.Random(seed), CodeBook(), list(modalities)
    made = 0
    while made < count:
        size = min(chunk, count - made)
        save_builds([BUILDERS[order[(made + i) % len(order)]](codes, rng, **kwargs) for i in range(size)])
        made += size
    return made
