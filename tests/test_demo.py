"""The demo command fills every modality through the real importer and makes one user per role."""

import re
from decimal import Decimal

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.db.models import Sum

from remapp.models import CtIrradiationEventData, GeneralStudyModuleAttributes, Modality

pytestmark = pytest.mark.django_db


def test_demo_imports_every_modality_and_makes_users(capsys):
    call_command("openrem_demo", studies=40, seed=7)
    out = capsys.readouterr().out
    assert "Demo studies: 40 imported" in out
    studies = GeneralStudyModuleAttributes.objects
    assert studies.count() == 40
    assert set(studies.values_list("modality_type", flat=True)) == set(Modality.values)
    # Summaries come from the importer, so they agree with the events.
    for study in studies.filter(modality_type=Modality.CT):
        events = CtIrradiationEventData.objects.filter(ct_radiation_dose__general_study_module_attributes=study)
        assert study.number_of_events == events.count()
        assert study.total_dlp == events.aggregate(total=Sum("dlp"))["total"]
    assert all(s.total_agd_left or s.total_agd_right for s in studies.filter(modality_type=Modality.MG))
    assert all(s.total_dap > Decimal(0) for s in studies.filter(modality_type__in=["RF", "DX"]))
    for username, group in (("demo-viewer", "viewgroup"), ("demo-exporter", "exportgroup"),
                            ("demo-admin", "admingroup")):
        password = re.search(rf"User {username}\s+\(\s*{group}\s*\) password: (\S+)", out).group(1)
        user = authenticate(username=username, password=password)
        assert user is not None and list(user.groups.values_list("name", flat=True)) == [group]


def test_demo_if_empty_leaves_a_used_database_alone(capsys):
    call_command("openrem_demo", studies=5, no_users=True)
    call_command("openrem_demo", studies=5, if_empty=True)
    assert "no demo data added" in capsys.readouterr().out
    assert GeneralStudyModuleAttributes.objects.count() == 5


def test_same_seed_same_demo():
    from remapp.demo.studies import demo_reports

    first = [(r.AccessionNumber, r.StudyDescription) for r in demo_reports(10, seed=3)]
    again = [(r.AccessionNumber, r.StudyDescription) for r in demo_reports(10, seed=3)]
    assert first == again
