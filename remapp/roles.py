"""The three roles of the original, as named constants, and the permissions each grants.

Views check permissions (``user.has_perm``), never group names, so a superuser or a site's own group
with the same permissions works too.
"""

from __future__ import annotations

VIEW_GROUP = "viewgroup"
EXPORT_GROUP = "exportgroup"
ADMIN_GROUP = "admingroup"

# app_label.codename
PERM_VIEW = "remapp.view_generalstudymoduleattributes"
PERM_EXPORT = "remapp.export_studies"
PERM_DELETE = "remapp.delete_generalstudymoduleattributes"
PERM_AUDIT = "remapp.view_auditlog"
# DICOM network configuration, quarantine and query/retrieve; granted to admingroup by its own migration.
PERM_NETWORK = "remapp.manage_dicom_network"

GROUP_PERMISSIONS: dict[str, tuple[str, ...]] = {
    VIEW_GROUP: (PERM_VIEW,),
    EXPORT_GROUP: (PERM_VIEW, PERM_EXPORT),
    ADMIN_GROUP: (PERM_VIEW, PERM_EXPORT, PERM_DELETE, PERM_AUDIT),
}


def ensure_groups(apps=None, group_permissions: dict[str, tuple[str, ...]] | None = None) -> None:
    """Create the groups and give them their permissions; safe to run any number of times.

    Migrations pass the mapping as it was when they were written, so that they keep working when the
    mapping here grows permissions of models that a later migration creates.
    """
    group_permissions = GROUP_PERMISSIONS if group_permissions is None else group_permissions
    if apps is None:
        from django.apps import apps as global_apps

        apps = global_apps
    group_model = apps.get_model("auth", "Group")
    permission_model = apps.get_model("auth", "Permission")
    for group_name, perms in group_permissions.items():
        group, _ = group_model.objects.get_or_create(name=group_name)
        for perm in perms:
            app_label, codename = perm.split(".")
            group.permissions.add(
                permission_model.objects.get(content_type__app_label=app_label, codename=codename)
            )


def grant_in_migration(group_permissions: dict[str, tuple[str, ...]]):
    """A RunPython function for a migration: make pending permissions, then grant ``group_permissions``."""

    def grant(apps, schema_editor):
        from django.contrib.auth.management import create_permissions

        # Permissions are normally made after all migrations (post_migrate); make them now.
        for app_config in apps.get_app_configs():
            app_config.models_module = True
            create_permissions(app_config, apps=apps, verbosity=0)
            app_config.models_module = None
        ensure_groups(apps, group_permissions)

    return grant
