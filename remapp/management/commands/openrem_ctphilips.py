"""``manage.py openrem_ctphilips FILE...``: the same import as the ``openrem_ctphilips.py`` command."""

from remapp.image_cli import import_command

Command = import_command("openrem_ctphilips.py")
