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
