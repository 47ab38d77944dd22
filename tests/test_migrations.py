"""Upgrades: a database made by an earlier release's migrations migrates forward with its data intact."""

from decimal import Decimal

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)

# The first schema that held imported studies; everything later must carry their data forward.
EARLY = [("remapp", "0001_initial")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def _latest():
    executor = MigrationExecutor(connection)
    return executor.loader.graph.leaf_nodes()


def test_data_from_the_first_schema_survives_every_later_migration():
    # From before the roles migration: an earlier transactional test's flush empties the groups, and
    # migrating "back" to 0002 would not run it again.
    _migrate([("remapp", "0001_initial")])
    old = _migrate(EARLY)
    study_model = old.get_model("remapp", "GeneralStudyModuleAttributes")
    study = study_model.objects.create(study_instance_uid="1.2.826.0.1.1", study_description="CT Head",
                                       modality_type="CT", total_dlp=Decimal("812.45"), number_of_events=1)
    code = old.get_model("remapp", "ContentItemDescriptions").objects.create(
        coding_scheme_designator="DCM", code_value="113691", code_meaning="IEC Body Dosimetry Phantom")
    dose = old.get_model("remapp", "CtRadiationDose").objects.create(general_study_module_attributes=study)
    old.get_model("remapp", "CtIrradiationEventData").objects.create(
        ct_radiation_dose=dose, acquisition_protocol="Head", mean_ctdivol=Decimal("56.14"),
        dlp=Decimal("812.45"), ctdiw_phantom_type=code, irradiation_event_uid="1.2.3.4")
    old.get_model("remapp", "ImportedObject").objects.create(general_study_module_attributes=study,
                                                             sop_instance_uid="1.2.3.5")

    new = _migrate(_latest())
    study = new.get_model("remapp", "GeneralStudyModuleAttributes").objects.get(
        study_instance_uid="1.2.826.0.1.1")
    assert (study.study_description, study.total_dlp, study.number_of_events) == ("CT Head", Decimal("812.45"), 1)
    event = new.get_model("remapp", "CtIrradiationEventData").objects.get(
        ct_radiation_dose__general_study_module_attributes=study)
    assert (event.mean_ctdivol, event.ctdiw_phantom_type.code_meaning) == (Decimal("56.14"),
                                                                            "IEC Body Dosimetry Phantom")
    assert new.get_model("remapp", "ImportedObject").objects.get().sop_instance_uid == "1.2.3.5"
    # Groups made by the early migration keep their members' permissions and gain the later ones.
    admingroup = new.get_model("auth", "Group").objects.get(name="admingroup")
    assert set(admingroup.permissions.values_list("codename", flat=True)) >= {
        "view_generalstudymoduleattributes", "export_studies", "delete_generalstudymoduleattributes",
        "view_auditlog"}


def test_every_migration_reverses_to_the_first_schema_and_forward_again():
    _migrate(EARLY)
    _migrate(_latest())
    assert connection.introspection.table_names().count("remapp_auditlog") == 1
