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
# DICOM network configuration, quarantine and query/retrieve; granted to admingroup by its own migration.
PERM_NETWORK = "remapp.manage_dicom_network"

GROUP_PERMISSIONS: dict[str, tuple[str, ...]] = {
    VIEW_GROUP: (PERM_VIEW,),
    EXPORT_GROUP: (PERM_VIEW, PERM_EXPORT),
    ADMIN_GROUP: (PERM_VIEW, PERM_EXPORT, PERM_DELETE),
}


def ensure_groups(apps=None) -> None:
    """Create the groups and give them their permissions; safe to run any number of times."""
    if apps is None:
        from django.apps import apps as global_apps

        apps = global_apps
    group_model = apps.get_model("auth", "Group")
    permission_model = apps.get_model("auth", "Permission")
    for group_name, perms in GROUP_PERMISSIONS.items():
        group, _ = group_model.objects.get_or_create(name=group_name)
        for perm in perms:
            app_label, codename = perm.split(".")
            group.permissions.add(
                permission_model.objects.get(content_type__app_label=app_label, codename=codename)
            )
