"""The model stores what it is given, exactly, and a study's delete takes its whole tree with it."""

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.apps import apps
from django.db import IntegrityError, transaction

from remapp import models as m

pytestmark = pytest.mark.django_db


def _code(value, meaning, scheme="DCM"):
    return m.ContentItemDescriptions.objects.get_or_create(
        coding_scheme_designator=scheme, code_value=value, defaults={"code_meaning": meaning}
    )[0]


def _full_study(uid="1.2.3.4") -> m.GeneralStudyModuleAttributes:
    study = m.GeneralStudyModuleAttributes.objects.create(
        study_instance_uid=uid, study_date=dt.date(2018, 1, 5), study_time=dt.time(17, 17, 12, 641000),
        study_datetime=dt.datetime(2018, 1, 5, 17, 17, 12, 641000, tzinfo=ZoneInfo("Europe/London")),
        accession_number="ACC1", study_description="CT Thorax", modality_type=m.Modality.CT,
        total_dlp=Decimal("7.46"), number_of_events=1,
    )
    m.PatientModuleAttributes.objects.create(general_study_module_attributes=study, patient_sex="F")
    m.PatientStudyModuleAttributes.objects.create(general_study_module_attributes=study, patient_age="045Y",
                                                  patient_age_decimal=Decimal("45"),
                                                  patient_size=Decimal("1.62"), patient_weight=Decimal("70.5"))
    m.GeneralEquipmentModuleAttributes.objects.create(general_study_module_attributes=study,
                                                      manufacturer="SIEMENS", station_name="CTAWP100044")
    m.ImportedObject.objects.create(general_study_module_attributes=study, sop_instance_uid="1.2.3.4.5")
    ct = m.CtRadiationDose.objects.create(general_study_module_attributes=study,
                                          procedure_reported=_code("P5-08000", "Computed Tomography X-Ray",
                                                                   "SRT"))
    m.CtAccumulatedDoseData.objects.create(ct_radiation_dose=ct, ct_dose_length_product_total=Decimal("7.46"))
    m.ObserverContext.objects.create(ct_radiation_dose=ct, device_observer_name="CTAWP100044")
    event = m.CtIrradiationEventData.objects.create(ct_radiation_dose=ct, acquisition_protocol="Topogram",
                                                    mean_ctdivol=Decimal("0.15"), dlp=Decimal("7.46"),
                                                    irradiation_event_uid="1.2.3.4.6")
    m.CtXraySourceParameters.objects.create(ct_irradiation_event_data=event, kvp=Decimal("120"))
    m.ScanningLength.objects.create(ct_irradiation_event_data=event, scanning_length=Decimal("514"))
    check = m.CtDoseCheckDetails.objects.create(ct_irradiation_event_data=event,
                                                ctdivol_alert_value=Decimal("1000"))
    m.PersonParticipant.objects.create(ct_dose_check_details_alert=check, person_name="Doe^Jane")
    m.DeviceParticipant.objects.create(ct_irradiation_event_data=event, device_name="CT1")

    proj = m.ProjectionXrayRadiationDose.objects.create(general_study_module_attributes=study)
    acc = m.AccumulatedXrayDose.objects.create(projection_xray_radiation_dose=proj)
    m.AccumulatedProjectionXrayDose.objects.create(accumulated_xray_dose=acc,
                                                   dose_area_product_total=Decimal("0.0000123456"))
    m.AccumulatedMammographyXrayDose.objects.create(accumulated_xray_dose=acc)
    m.AccumulatedCassetteBasedProjectionRadiographyDose.objects.create(accumulated_xray_dose=acc)
    m.AccumulatedIntegratedProjectionRadiographyDose.objects.create(accumulated_xray_dose=acc)
    m.Calibration.objects.create(accumulated_xray_dose=acc, calibration_factor=Decimal("1.02"))
    xe = m.IrradiationEventXrayData.objects.create(projection_xray_radiation_dose=proj,
                                                   dose_area_product=Decimal("0.00000264"))
    m.ImageViewModifier.objects.create(irradiation_event_xray_data=xe)
    m.IrradiationEventXrayDetectorData.objects.create(irradiation_event_xray_data=xe)
    src = m.IrradiationEventXraySourceData.objects.create(irradiation_event_xray_data=xe)
    for model, field in [(m.XrayGrid, None), (m.PulseWidth, "pulse_width"), (m.Kvp, "kvp"),
                         (m.XrayTubeCurrent, "xray_tube_current"), (m.Exposure, "exposure"),
                         (m.XrayFilters, None)]:
        model.objects.create(irradiation_event_xray_source_data=src, **({field: Decimal("1")} if field else {}))
    mech = m.IrradiationEventXrayMechanicalData.objects.create(irradiation_event_xray_data=xe)
    m.DoseRelatedDistanceMeasurements.objects.create(irradiation_event_xray_mechanical_data=mech)
    return study


def test_every_seed_model_is_importable_from_remapp_models():
    names = """ContentItemDescriptions GeneralStudyModuleAttributes PatientModuleAttributes
    PatientStudyModuleAttributes GeneralEquipmentModuleAttributes CtRadiationDose CtAccumulatedDoseData
    CtIrradiationEventData CtXraySourceParameters ScanningLength CtDoseCheckDetails ProjectionXrayRadiationDose
    AccumulatedXrayDose AccumulatedProjectionXrayDose AccumulatedMammographyXrayDose
    AccumulatedCassetteBasedProjectionRadiographyDose AccumulatedIntegratedProjectionRadiographyDose Calibration
    IrradiationEventXrayData ImageViewModifier IrradiationEventXrayDetectorData IrradiationEventXraySourceData
    XrayGrid PulseWidth Kvp XrayTubeCurrent Exposure XrayFilters IrradiationEventXrayMechanicalData
    DoseRelatedDistanceMeasurements ObserverContext DeviceParticipant PersonParticipant""".split()
    assert len(names) == 33
    for name in names:
        assert getattr(m, name)._meta.app_label == "remapp"


def test_no_field_can_hold_patient_name_id_or_birth_date():
    forbidden = ("patient_name", "patient_id", "patients_name", "patients_id", "birth")
    for model in apps.get_app_config("remapp").get_models():
        for field in model._meta.get_fields():
            assert not any(word in field.name for word in forbidden), f"{model.__name__}.{field.name}"


def test_values_round_trip_exactly():
    _full_study()
    study = m.GeneralStudyModuleAttributes.objects.get(study_instance_uid="1.2.3.4")
    assert study.total_dlp == Decimal("7.46")
    assert study.study_time == dt.time(17, 17, 12, 641000)
    # Aware datetimes keep their instant: 17:17 in London in January is 17:17 UTC.
    assert study.study_datetime == dt.datetime(2018, 1, 5, 17, 17, 12, 641000, tzinfo=dt.UTC)
    event = m.CtIrradiationEventData.objects.get(ct_radiation_dose__general_study_module_attributes=study)
    assert (event.mean_ctdivol, event.dlp) == (Decimal("0.15"), Decimal("7.46"))
    dap = m.AccumulatedProjectionXrayDose.objects.get().dose_area_product_total
    assert dap == Decimal("0.0000123456")
    xe = m.IrradiationEventXrayData.objects.get()
    assert xe.convert_gym2_to_cgycm2() == Decimal("2.64")
    assert m.PatientStudyModuleAttributes.objects.get().patient_size == Decimal("1.62")


def test_deleting_a_study_deletes_its_whole_tree_and_nothing_else():
    keep = _full_study("9.9.9")
    study = _full_study()
    counts_with_two = {model: model.objects.count() for model in apps.get_app_config("remapp").get_models()}
    study.delete()
    for model, before in counts_with_two.items():
        if model is m.ContentItemDescriptions:
            assert model.objects.count() == before  # shared codes are kept
        else:
            assert model.objects.count() == before // 2, model.__name__
    assert m.GeneralStudyModuleAttributes.objects.get().pk == keep.pk


def test_study_instance_uid_is_unique():
    _full_study()
    with pytest.raises(IntegrityError), transaction.atomic():
        m.GeneralStudyModuleAttributes.objects.create(study_instance_uid="1.2.3.4")


def test_an_event_uid_is_stored_once_per_report_but_blank_uids_may_repeat():
    study = _full_study()
    ct = study.ctradiationdose_set.get()
    m.CtIrradiationEventData.objects.create(ct_radiation_dose=ct)
    m.CtIrradiationEventData.objects.create(ct_radiation_dose=ct)
    with pytest.raises(IntegrityError), transaction.atomic():
        m.CtIrradiationEventData.objects.create(ct_radiation_dose=ct, irradiation_event_uid="1.2.3.4.6")


def test_one_code_per_scheme_and_value():
    _code("113830", "Mean CTDIvol")
    with pytest.raises(IntegrityError), transaction.atomic():
        m.ContentItemDescriptions.objects.create(coding_scheme_designator="DCM", code_value="113830",
                                                 code_meaning="CTDIvol (mean)")
    assert _code("113830", "other").code_meaning == "Mean CTDIvol"
