"""The image import commands: one line per file, a summary, exit status, --help, folders and globs."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from remapp.cli import ctphilips_main, dx_main, expand, mg_main
from remapp.models import GeneralStudyModuleAttributes

pytestmark = [pytest.mark.django_db, pytest.mark.vendor]


def test_mg_command_prints_a_line_per_file_and_fails_on_refusal(vendor_dir, capsys):
    status = mg_main([str(vendor_dir / "MG-Im-GE_Seno_1_ForProcessing.dcm"),
                      str(vendor_dir / "MG-Im-GE_Seno_1_*.dcm"), str(vendor_dir / "DX-Im-GE_XR220-1.dcm")])
    lines = capsys.readouterr().out.splitlines()
    assert status == 1
    study = GeneralStudyModuleAttributes.objects.get().pk
    assert lines[0].endswith(f"MG-Im-GE_Seno_1_ForProcessing.dcm: imported (study {study}, 1 event)")
    # The glob names ForProcessing again: each file is imported once per batch.
    assert "ForPresentation.dcm: merged" in lines[1] and "refused: not a mammography image" in lines[2]
    assert lines[-1] == "3 files: 1 imported, 1 merged, 1 refused"


def test_dx_and_philips_commands_succeed_on_their_files(vendor_dir, capsys):
    assert dx_main([str(vendor_dir / f"DX-Im-GE_XR220-{n}.dcm") for n in (1, 2, 3)]) == 0
    assert ctphilips_main([str(vendor_dir / "CT-SC-Philips_Brilliance16P.dcm")]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "1 file: 1 imported"


def test_manage_py_command(vendor_dir):
    call_command("openrem_ctphilips", str(vendor_dir / "CT-SC-Philips_Brilliance16P.dcm"))
    with pytest.raises(CommandError):
        call_command("openrem_dx", str(vendor_dir / "MG-Im-Hologic-PropProj.dcm"))
    assert GeneralStudyModuleAttributes.objects.count() == 1


def test_help_explains(capsys):
    with pytest.raises(SystemExit):
        dx_main(["--help"])
    assert "radiography (CR and DX) image headers" in capsys.readouterr().out


def test_folders_expand_to_their_files(tmp_path):
    (tmp_path / "sub").mkdir()
    for name in ("b.dcm", "a.dcm", "sub/c.dcm"):
        (tmp_path / name).write_bytes(b"")
    assert [p.removeprefix(str(tmp_path)) for p in expand([str(tmp_path)])] == ["/a.dcm", "/b.dcm", "/sub/c.dcm"]
