"""``manage.py openrem_dx FILE...``: the same import as the ``openrem_dx.py`` command."""

from remapp.image_cli import import_command

Command = import_command("openrem_dx.py")
