"""Create viewgroup, exportgroup and admingroup with their permissions."""

from django.db import migrations

from remapp.roles import grant_in_migration

# The groups as this migration made them; later migrations add permissions of later models.
GROUPS_0002 = {
    "viewgroup": ("remapp.view_generalstudymoduleattributes",),
    "exportgroup": ("remapp.view_generalstudymoduleattributes", "remapp.export_studies"),
    "admingroup": ("remapp.view_generalstudymoduleattributes", "remapp.export_studies",
                   "remapp.delete_generalstudymoduleattributes"),
}


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=list(GROUPS_0002)).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("remapp", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant_in_migration(GROUPS_0002), remove_groups)]
