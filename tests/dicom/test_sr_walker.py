"""The SR walker on synthetic reports: every value type, through both item readers (pydicom datasets and
the lean byte reader), with the same result."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from remapp.dicom import codes as c
from remapp.dicom.dcmdatetime import make_date_time
from remapp.dicom.lean import Truncated, read_sr
from remapp.dicom.sr import Coded, parse_content
from remapp.testing import dicom_builder as b

EVERY_TYPE = [
    b.num(b.dcm("113830", "Mean CTDIvol"), "12.50", "mGy"),
    b.num(b.dcm("113838", "DLP"), None, "mGy.cm"),
    b.code(b.dcm("113764", "Acquisition Plane"), b.dcm("113622", "Single Plane")),
    b.text(b.dcm("125203", "Acquisition Protocol"), "Thorax  \r\n"),
    b.datetime(b.dcm("111526", "DateTime Started"), "20240102101700.25+0100"),
    b.uidref(b.dcm("113769", "Irradiation Event UID"), "1.2.3.4.5"),
    b.pname(b.dcm("113870", "Person Name"), "Smith^Anne"),
    b.container(b.dcm("113771", "X-Ray Filters"), [b.num(b.dcm("113758", "Min"), "0.1\\0.2", "mm")]),
]


def flat(node, out):
    """The tree as a list, for comparing what two readers built."""
    out.append((node.concept, node.value_type, node.value, node.unit, node.values))
    for child in node.children:
        flat(child, out)
    return out


@pytest.fixture(params=["pydicom", "lean"])
def root(request, tmp_path):
    ds = b.projection_rdsr([], extra=EVERY_TYPE)
    if request.param == "pydicom":
        return parse_content(ds)
    header, tree = read_sr(b.save(ds, tmp_path / "every.dcm"))
    assert header.StudyInstanceUID == ds.StudyInstanceUID
    return tree


def test_num_with_value_and_unit(root):
    node = root.child(c.MEAN_CTDIVOL)
    assert (node.value, node.unit) == (Decimal("12.50"), "mGy")


def test_num_without_value_is_none(root):
    node = root.child(c.DLP)
    assert node.value is None and node.values == []


def test_code_keeps_meaning_and_compares_by_key(root):
    value = root.get(c.ACQUISITION_PLANE)
    assert isinstance(value, Coded) and value.key == c.SINGLE_PLANE and value.meaning == "Single Plane"


def test_text_is_stripped(root):
    assert root.get(c.ACQUISITION_PROTOCOL) == "Thorax"


def test_datetime_uid_and_person_name(root):
    assert make_date_time(root.get(c.DATETIME_STARTED)) == dt.datetime(
        2024, 1, 2, 10, 17, 0, 250000, tzinfo=dt.timezone(dt.timedelta(hours=1)))
    assert root.get(c.IRRADIATION_EVENT_UID) == "1.2.3.4.5"
    assert root.get(c.PERSON_NAME) == "Smith^Anne"


def test_container_children_and_multi_values(root):
    filters = root.child(c.XRAY_FILTERS)
    assert filters.value_type == "CONTAINER"
    assert filters.children[0].values == [Decimal("0.1"), Decimal("0.2")]


def test_both_readers_build_the_same_tree(tmp_path):
    ds = b.ct_rdsr([b.CtEvent(), b.CtEvent(sources=[("A", "80", "100"), ("B", "140", "90")])], total_dlp="500")

    assert flat(read_sr(b.save(ds, tmp_path / "ct.dcm"))[1], []) == flat(parse_content(ds), [])


def test_lean_reader_refuses_a_cut_file(tmp_path):
    path = b.save(b.ct_rdsr([b.CtEvent()]), tmp_path / "ct.dcm")
    path.write_bytes(path.read_bytes()[:-40])
    with pytest.raises(Truncated):
        read_sr(path)


def test_srt_and_sct_codes_are_one_concept():
    assert c.normalise("SRT", "P5-06000") == c.normalise("SCT", "44491008") == c.FLUOROSCOPY
    assert c.normalise("SNM3", "R-10242") == c.normalise("SCT", "399162004")
    assert c.normalise("DCM", "C-120F9") == c.normalise("SRT", "C-120F9")  # SNOMED value under DCM


def test_implicit_vr_files_are_read_the_same(tmp_path):
    from pydicom.uid import ImplicitVRLittleEndian

    ds = b.projection_rdsr([b.ProjectionEvent(kvp=["70", "71"])], extra=EVERY_TYPE)
    ds.file_meta.TransferSyntaxUID = ImplicitVRLittleEndian
    header, tree = read_sr(b.save(ds, tmp_path / "implicit.dcm"))
    assert header.Manufacturer == ds.Manufacturer

    assert flat(tree, []) == flat(parse_content(ds), [])
