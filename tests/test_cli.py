"""The import commands: one line per file, a summary, exit status 0 only when nothing was refused."""

from __future__ import annotations

import io
import shutil

import pytest
from django.core.management import CommandError, call_command

from remapp.cli import expand, rdsr_main, run_batch
from remapp.extractors.rdsr import rdsr
from remapp.models import GeneralStudyModuleAttributes

pytestmark = pytest.mark.django_db


def test_expand_takes_files_globs_and_directories(tmp_path):
    for name in ("a.dcm", "b.dcm", "sub/c.dcm"):
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_bytes(b"")
    files = expand([str(tmp_path / "*.dcm"), str(tmp_path / "sub"), str(tmp_path / "a.dcm"), "missing.dcm"])
    assert files == [str(tmp_path / "a.dcm"), str(tmp_path / "b.dcm"), str(tmp_path / "sub/c.dcm"), "missing.dcm"]


@pytest.mark.vendor
def test_batch_reports_each_file_and_continues_after_refusals(vendor_file, tmp_path):
    empty = tmp_path / "empty.dcm"
    empty.write_bytes(b"")
    truncated = tmp_path / "truncated.dcm"
    truncated.write_bytes(vendor_file("CT-RDSR-Siemens-Multi-1.dcm").read_bytes()[:3000])
    good = vendor_file("CT-RDSR-Siemens-Multi-1.dcm")
    again = tmp_path / "copy.dcm"
    shutil.copy(good, again)
    out = io.StringIO()
    status = run_batch(rdsr, [str(empty), str(truncated), str(vendor_file("ESR_non-dose.dcm")), str(good),
                              str(again)], out)
    lines = out.getvalue().splitlines()
    assert status == 1
    assert lines[0] == f"{empty}: refused: empty file (zero bytes)"
    assert lines[1].startswith(f"{truncated}: refused: ")
    assert "ESR_non-dose.dcm: refused: " in lines[2]
    assert lines[3].startswith(f"{good}: imported (study ")
    assert lines[4].startswith(f"{again}: already imported")
    assert lines[5] == "5 files: 1 imported, 1 already imported, 3 refused"
    assert GeneralStudyModuleAttributes.objects.count() == 1


@pytest.mark.vendor
def test_command_exit_status_is_zero_when_all_import(vendor_file, tmp_path, capsys):
    folder = tmp_path / "reports"
    folder.mkdir()
    for name in ("CT-RDSR-Siemens-Multi-1.dcm", "CT-RDSR-Siemens-Multi-2.dcm"):
        shutil.copy(vendor_file(name), folder / name)
    assert rdsr_main([str(folder)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert ": imported (study" in out[0]
    assert ": merged (study" in out[1]
    assert out[2] == "2 files: 1 imported, 1 merged"


def test_command_help_explains_itself(capsys):
    with pytest.raises(SystemExit) as exit_info:
        rdsr_main(["--help"])
    assert exit_info.value.code == 0
    assert "radiation dose structured reports" in capsys.readouterr().out


@pytest.mark.vendor
def test_manage_py_command(vendor_file, tmp_path):
    out = io.StringIO()
    call_command("openrem_rdsr", str(vendor_file("DX-RDSR-Canon_CXDI.dcm")), stdout=out)
    assert out.getvalue().splitlines()[-1] == "1 file: 1 imported"
    with pytest.raises(CommandError):
        call_command("openrem_rdsr", str(tmp_path / "nothing.dcm"), stdout=io.StringIO())
