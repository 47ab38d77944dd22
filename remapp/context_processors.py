from openrem import __version__

from . import roles
from .interface.modalities import MODALITIES


def openrem(request):
    """Version for the footer; the user's roles for the navigation bar."""
    user = getattr(request, "user", None)
    groups: list[str] = []
    if user is not None and user.is_authenticated:
        groups = sorted(group.name for group in user.groups.all())
    return {
        "openrem_version": __version__,
        "user_groups": groups,
        "can_export": bool(user and user.has_perm(roles.PERM_EXPORT)),
        "can_delete": bool(user and user.has_perm(roles.PERM_DELETE)),
        "nav_modalities": [(spec.slug, spec.label) for spec in MODALITIES.values()],
    }
