"""``manage.py openrem_mg FILE...``: the same import as the ``openrem_mg.py`` command."""

from remapp.image_cli import import_command

Command = import_command("openrem_mg.py")
