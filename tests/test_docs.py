"""Docs that are generated from code stay current."""

import importlib.util
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def test_code_reference_matches_the_models():
    spec = importlib.util.spec_from_file_location("make_code_reference", REPO / "scripts/make_code_reference.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    current = (REPO / "docs/code-reference.md").read_text(encoding="utf-8")
    assert current == module.render(), "run: python scripts/make_code_reference.py > docs/code-reference.md"


def test_readme_names_the_two_setup_commands():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "python3 scripts/bootstrap.py run" in readme
    assert "python3 scripts/bootstrap.py test" in readme


def test_every_setting_and_command_is_documented():
    """Every OPENREM_* variable the settings read and every management command we ship is in docs/."""
    import re

    docs = "\n".join(path.read_text(encoding="utf-8") for path in (REPO / "docs").glob("*.md"))
    settings_code = "\n".join(path.read_text(encoding="utf-8") for path in (REPO / "openrem").glob("*.py"))
    variables = set(re.findall(r'env_\w+\(\s*"(OPENREM_[A-Z0-9_]+)"', settings_code))
    assert len(variables) > 20
    assert sorted(name for name in variables if name not in docs) == []
    commands = {path.stem for path in (REPO / "remapp/management/commands").glob("openrem_*.py")}
    assert sorted(name for name in commands if name not in docs) == []
