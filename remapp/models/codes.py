from django.db import models


class ContentItemDescriptions(models.Model):
    """A coded concept (code value, coding scheme, code meaning), as met in the files.

    Codes are identified by scheme and value: vendors spell the meaning of one code differently, so the
    meaning stored is the first one seen. Filled as codes occur; cached per process by the importer.
    """

    code_value = models.CharField(max_length=64)
    code_meaning = models.CharField(max_length=255, blank=True, default="")
    coding_scheme_designator = models.CharField(max_length=64, blank=True, default="")
    coding_scheme_version = models.CharField(max_length=64, blank=True, default="")

    class Meta:
        verbose_name = "content item description"
        constraints = [
            models.UniqueConstraint(
                fields=["coding_scheme_designator", "code_value"], name="unique_code_per_scheme"
            )
        ]

    def __str__(self) -> str:
        return self.code_meaning or f"{self.coding_scheme_designator}:{self.code_value}"
