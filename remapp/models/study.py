"""Study-level modules of DICOM PS3.3: General Study (C.7.2.1), Patient (C.7.1.1), Patient Study (C.7.2.2),
General Equipment (C.7.5.1); plus the record of which DICOM objects a study was built from."""

from django.db import models

from .fields import count, flag, long_text, measure, parent, text, uid, when


class Modality(models.TextChoices):
    """What kind of study this is, decided from the content (docs/import-rules.md)."""

    CT = "CT", "CT"
    RF = "RF", "Fluoroscopy"
    MG = "MG", "Mammography"
    DX = "DX", "Radiography"


class SourceKind(models.TextChoices):
    """Where the study's dose data came from; a dose report outranks image headers."""

    RDSR = "rdsr", "Radiation dose structured report"
    MG_IMAGE = "mg_image", "Mammography image headers"
    DX_IMAGE = "dx_image", "Radiography image headers"
    CT_PHILIPS = "ct_philips", "Philips CT dose report image"


class GeneralStudyModuleAttributes(models.Model):
    """General Study Module, PS3.3 C.7.2.1: the root of everything stored for one study.

    Additional to the module: performing physician and operator names, modality type, procedure and
    requested procedure codes, and the per-study summary columns that lists and exports read.
    """

    study_instance_uid = models.CharField(max_length=64, unique=True)
    study_date = models.DateField(null=True, blank=True, db_index=True)
    study_time = models.TimeField(null=True, blank=True)
    # study_date + study_time in the site's zone, stored aware: what the lists sort on.
    study_datetime = when("Study date and time")
    referring_physician_name = text(324)
    referring_physician_identification = text()
    study_id = text(64)
    accession_number = text(64, db_index=True)
    study_description = text(db_index=True)
    physician_of_record = text(324)
    name_of_physician_reading_study = text(324)
    performing_physician_name = text(324)
    operator_name = text(324)
    modality_type = models.CharField(max_length=8, choices=Modality.choices, blank=True, default="",
                                     db_index=True)
    source_kind = models.CharField(max_length=16, choices=SourceKind.choices, blank=True, default="")
    procedure_code_value = text(64)
    procedure_code_meaning = text(db_index=True)
    requested_procedure_code_value = text(64)
    requested_procedure_code_meaning = text(db_index=True)

    # Per-study summaries, filled at import so lists and exports need no per-row queries.
    number_of_events = count("Irradiation events in the study")
    total_dlp = measure("mGy·cm", help_text="CT: total dose length product")
    max_ctdivol = measure("mGy", help_text="CT: largest CTDIvol of any event")
    total_dap = measure("Gy·m²", help_text="Projection: total dose area product, all planes")
    total_dap_a = measure("Gy·m²", help_text="Projection: total DAP of plane A / single plane")
    total_dap_b = measure("Gy·m²", help_text="Projection: total DAP of plane B")
    total_rp_dose = measure("Gy", help_text="Projection: total dose at the reference point, all planes")
    total_rp_dose_a = measure("Gy", help_text="Projection: total reference point dose, plane A")
    total_rp_dose_b = measure("Gy", help_text="Projection: total reference point dose, plane B")
    total_fluoro_time = measure("s", help_text="Fluoroscopy: total fluoroscopy time, all planes")
    total_agd_left = measure("mGy", help_text="Mammography: accumulated AGD, left breast")
    total_agd_right = measure("mGy", help_text="Mammography: accumulated AGD, right breast")
    total_agd_both = measure("mGy", help_text="Mammography: accumulated AGD, both breasts")
    test_patient = models.BooleanField(default=False, db_index=True,
                                       help_text="Name or ID suggests a test or QA patient")
    imported_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "study"
        verbose_name_plural = "studies"
        permissions = [("export_studies", "Can export studies to CSV and XLSX")]
        indexes = [
            # Every list: WHERE modality_type = ? ORDER BY study_datetime DESC, pk DESC
            models.Index(fields=["modality_type", "-study_datetime", "-id"], name="study_list_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.modality_type or '?'} {self.study_date or ''} {self.study_description}".strip()


class PatientModuleAttributes(models.Model):
    """Patient Module, PS3.3 C.7.1.1 — without name, ID or birth date, which are never stored.

    ``not_patient_indicator`` records only which test/QA marker the name or ID contained.
    """

    general_study_module_attributes = parent("GeneralStudyModuleAttributes", one=True)
    patient_sex = text(16)
    not_patient_indicator = text(help_text="Markers such as 'test' or 'qa' found in the name or ID")

    class Meta:
        verbose_name = "patient"


class PatientStudyModuleAttributes(models.Model):
    """Patient Study Module, PS3.3 C.7.2.2: the patient at the time of the study."""

    general_study_module_attributes = parent("GeneralStudyModuleAttributes", one=True)
    admitting_diagnosis_description = text()
    admitting_diagnosis_code_sequence = text()
    patient_age = text(8, help_text="As sent, e.g. 045Y")
    patient_age_decimal = models.DecimalField(max_digits=7, decimal_places=3, null=True, blank=True,
                                              db_index=True, help_text="Age at the study [years]")
    patient_size = measure("m", help_text="Patient height")
    patient_weight = measure("kg", help_text="Patient weight")

    class Meta:
        verbose_name = "patient study"


class GeneralEquipmentModuleAttributes(models.Model):
    """General Equipment Module, PS3.3 C.7.5.1: the equipment that produced the study."""

    general_study_module_attributes = parent("GeneralStudyModuleAttributes", one=True)
    manufacturer = text(db_index=True)
    institution_name = text(db_index=True)
    institution_address = long_text()
    station_name = text(db_index=True)
    institutional_department_name = text()
    manufacturer_model_name = text(db_index=True)
    device_serial_number = text()
    software_versions = text()
    gantry_id = text(64)
    spatial_resolution = measure("mm")
    date_of_last_calibration = models.DateField(null=True, blank=True)
    time_of_last_calibration = models.TimeField(null=True, blank=True)

    class Meta:
        verbose_name = "equipment"
        verbose_name_plural = "equipment"


class ImportedObject(models.Model):
    """One DICOM object that contributed to a study: the key for 'already imported'."""

    general_study_module_attributes = parent("GeneralStudyModuleAttributes")
    sop_instance_uid = uid()
    sop_class_uid = uid()
    series_instance_uid = uid()
    source_kind = models.CharField(max_length=16, choices=SourceKind.choices, blank=True, default="")
    file_name = text(1024)
    number_of_events = count("Irradiation events this object carried")
    imported_at = models.DateTimeField(auto_now_add=True)
    is_complete = flag("Whether this object was kept as the study's accumulated data")
    # When the object says it was made; ranks reports of one study that carry as many events
    # (a corrected repeat outranks the original), whatever order they are imported in.
    content_datetime = when("Content date and time of the object")

    class Meta:
        constraints = [
            # The same object imported twice, even by two processes at once, is stored once.
            models.UniqueConstraint(
                fields=["general_study_module_attributes", "sop_instance_uid"], name="unique_object_per_study"
            )
        ]
        indexes = [models.Index(fields=["sop_instance_uid"], name="imported_sop_uid_idx")]


__all__ = [
    "GeneralEquipmentModuleAttributes",
    "GeneralStudyModuleAttributes",
    "ImportedObject",
    "Modality",
    "PatientModuleAttributes",
    "PatientStudyModuleAttributes",
    "SourceKind",
]
