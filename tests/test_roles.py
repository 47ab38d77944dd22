"""The three groups of the original exist after migrate, with exactly their permissions."""

import pytest
from django.contrib.auth.models import Group

from remapp import roles

pytestmark = pytest.mark.django_db


def _perms(group_name):
    group = Group.objects.get(name=group_name)
    return {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()}


def test_groups_exist_with_their_permissions():
    assert _perms("viewgroup") == {"remapp.view_generalstudymoduleattributes"}
    assert _perms("exportgroup") == {"remapp.view_generalstudymoduleattributes", "remapp.export_studies"}
    assert _perms("admingroup") == {"remapp.view_generalstudymoduleattributes", "remapp.export_studies",
                                    "remapp.delete_generalstudymoduleattributes", "remapp.view_auditlog",
                                    "remapp.manage_dicom_network"}


def test_ensure_groups_is_idempotent():
    roles.ensure_groups()
    roles.ensure_groups()
    assert Group.objects.filter(name__in=["viewgroup", "exportgroup", "admingroup"]).count() == 3


@pytest.mark.parametrize(
    ("persona", "view", "export", "delete"),
    [
        ("none", False, False, False),
        ("viewer", True, False, False),
        ("exporter", True, True, False),
        ("admin", True, True, True),
        ("superuser", True, True, True),
    ],
)
def test_persona_permissions(personas, persona, view, export, delete):
    user = personas[persona]
    assert user.has_perm(roles.PERM_VIEW) is view
    assert user.has_perm(roles.PERM_EXPORT) is export
    assert user.has_perm(roles.PERM_DELETE) is delete


def test_admin_site_can_put_a_user_into_a_group(client, personas):
    client.force_login(personas["superuser"])
    user = personas["none"]
    group = Group.objects.get(name="viewgroup")
    page = client.get(f"/admin/auth/user/{user.pk}/change/")
    assert page.status_code == 200
    form = page.context["adminform"].form
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    data.update({"groups": [group.pk], "_save": "Save", "date_joined_0": "2026-01-01",
                 "date_joined_1": "10:00:00", "last_login_0": "", "last_login_1": ""})
    data.pop("user_permissions", None)
    response = client.post(f"/admin/auth/user/{user.pk}/change/", data)
    assert response.status_code == 302, response.content[:2000]
    user.refresh_from_db()
    assert list(user.groups.values_list("name", flat=True)) == ["viewgroup"]


def test_admin_shows_imported_data_read_only(client, personas):
    from remapp.models import GeneralStudyModuleAttributes

    study = GeneralStudyModuleAttributes.objects.create(study_instance_uid="1.2.3", study_description="Chest")
    client.force_login(personas["superuser"])
    assert client.get("/admin/remapp/generalstudymoduleattributes/").status_code == 200
    assert b"Chest" in client.get(f"/admin/remapp/generalstudymoduleattributes/{study.pk}/change/").content
    assert client.get("/admin/remapp/generalstudymoduleattributes/add/").status_code == 403
    assert client.post(f"/admin/remapp/generalstudymoduleattributes/{study.pk}/delete/",
                       {"post": "yes"}).status_code == 403
    assert GeneralStudyModuleAttributes.objects.filter(pk=study.pk).exists()
