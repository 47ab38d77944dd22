"""Django admin: users and groups as Django ships them; imported dose data browsable read-only.

Dose data changes only through imports and the delete function of the web interface, which keep the
study summaries right; the admin never edits it.
"""

from django.apps import apps
from django.contrib import admin

from . import models


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(models.GeneralStudyModuleAttributes)
class StudyAdmin(ReadOnlyAdmin):
    list_display = ("study_date", "study_time", "modality_type", "accession_number", "study_description",
                    "number_of_events", "test_patient")
    list_filter = ("modality_type", "test_patient")
    search_fields = ("accession_number", "study_description", "study_instance_uid")
    date_hierarchy = "study_date"
    ordering = ("-study_datetime", "-pk")


@admin.register(models.ContentItemDescriptions)
class CodeAdmin(ReadOnlyAdmin):
    list_display = ("coding_scheme_designator", "code_value", "code_meaning")
    search_fields = ("code_value", "code_meaning")


@admin.register(models.AuditLog)
class AuditLogAdmin(ReadOnlyAdmin):
    list_display = ("when", "username", "action", "summary", "remote_addr")
    list_filter = ("action",)
    search_fields = ("username", "summary")


_registered = {models.GeneralStudyModuleAttributes, models.ContentItemDescriptions, models.AuditLog}
for _model in apps.get_app_config("remapp").get_models():
    if _model not in _registered and not admin.site.is_registered(_model):
        # list_select_related=False: the child tables are browsed rarely; keep their pages simple.
        admin.site.register(_model, ReadOnlyAdmin)
