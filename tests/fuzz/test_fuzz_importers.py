"""Property-based fuzzing of the SR walker and of every extractor (docs/robustness.md).

The properties: nothing raises but the documented refusal; a refused file stores nothing; an imported
file leaves a whole study (its summary agrees with its rows; one primary object). Bounded by the
Hypothesis profile in tests/fuzz/conftest.py.
"""

from __future__ import annotations

import copy
from functools import cache
from pathlib import Path

import pydicom
import pytest
from django.apps import apps
from hypothesis import given
from hypothesis import strategies as st
from pydicom.sequence import Sequence

from remapp.dicom.lean import Malformed, read_sr
from remapp.dicom.sr import Builder, DatasetReader
from remapp.extractors.ct_philips import ct_philips
from remapp.extractors.dx import dx
from remapp.extractors.mam import mam
from remapp.extractors.rdsr import rdsr
from remapp.importing import Status
from remapp.models import GeneralStudyModuleAttributes, ImportedObject
from remapp.testing import dicom_builder as b
from remapp.testing import image_builder as ib
from tests.conftest import _testdata_dir
from tests.robustness.hostile import encode

from . import strategies as fs
from .conftest import count

pytestmark = [pytest.mark.fuzz, pytest.mark.filterwarnings("ignore")]


def _seeds() -> dict:
    """Datasets to mutate, per importer: builder files always, small vendor files when the corpus is here."""
    seeds = {
        rdsr: [b.ct_rdsr([b.CtEvent(), b.CtEvent(sources=[("A", "80", "100"), ("B", "140", "90")])],
                         total_dlp="500"),
               b.projection_rdsr([b.ProjectionEvent(), b.ProjectionEvent(fluoro=False, plane="B")],
                                 totals={"A": {"dap": "0.1", "fluoro_time": "3"}}),
               b.projection_rdsr([b.ProjectionEvent(agd="1.2", breast="L", fluoro=False)], kind="MG")],
        mam: [ib.image(ib.MG_DEFAULTS, "1.2.826.0.1.3680043.99.10")],
        dx: [ib.image(ib.DX_DEFAULTS, "1.2.826.0.1.3680043.99.11")],
        ct_philips: [],
    }
    found = _testdata_dir()
    vendor = {rdsr: ["CT-RDSR-Siemens-Multi-1.dcm", "DX-RDSR-Canon_CXDI.dcm", "MG-RDSR-Hologic_2D.dcm"],
              mam: ["MG-Im-GE_Seno_1_ForProcessing.dcm"], dx: ["DX-Im-GE_XR220-1.dcm"],
              ct_philips: ["CT-SC-Philips_Brilliance16P.dcm"]}
    if found:
        for importer, names in vendor.items():
            seeds[importer] += [pydicom.dcmread(found / "vendor" / n, stop_before_pixels=True) for n in names]
    return {importer: datasets for importer, datasets in seeds.items() if datasets}


@cache
def seeds() -> dict:
    return _seeds()


@cache
def seed_bytes() -> dict:
    return {importer: [encode(ds) for ds in datasets] for importer, datasets in seeds().items()}


def stored_rows() -> int:
    return sum(model.objects.count() for model in apps.get_app_config("remapp").get_models())


def check_import(importer, data: bytes, folder: Path) -> None:
    """The fuzz property for one file: no exception; refused stores nothing; imported is whole."""
    path = folder / "fuzz.dcm"
    path.write_bytes(data)
    before = stored_rows()
    result = importer(path)  # any exception fails the example: Hypothesis shrinks it and reports it
    assert result.line().startswith(str(path))
    if result.status is Status.REFUSED:
        assert result.reason
        assert stored_rows() == before, f"refused but stored: {result.line()}"
    else:
        assert result.status is Status.IMPORTED, result.line()
        study = GeneralStudyModuleAttributes.objects.get(pk=result.study_pk)
        assert ImportedObject.objects.filter(general_study_module_attributes=study, is_complete=True).count() == 1
        assert (study.number_of_events or 0) == result.events
    GeneralStudyModuleAttributes.objects.all().delete()


# --- the SR walker ---------------------------------------------------------------------------------------

@given(tree=fs.trees)
def test_walker_reads_any_content_tree(tree):
    count("walker")
    node = Builder(DatasetReader()).build(tree)
    assert node.count() >= 1


@given(tree=fs.trees)
def test_lean_reader_and_walker_agree_on_any_content_tree(tree, tmp_path_factory):
    count("lean reader")
    ds = b.ct_rdsr([])
    ds.ContentSequence = Sequence([tree])
    path = tmp_path_factory.mktemp("lean") / "tree.dcm"
    path.write_bytes(encode(ds))
    try:
        _, lean_root = read_sr(path)
    except Malformed:
        return  # documented refusal (e.g. a byte string that happens to look like a sequence)
    pydicom_root = Builder(DatasetReader()).build(pydicom.dcmread(path))
    assert lean_root.count() == pydicom_root.count()


# --- every extractor ----------------------------------------------------------------------------------

IMPORTERS = [rdsr, mam, dx, ct_philips]


def _fuzz_seeded(importer, data, table: dict, kind: str, damage, folder: Path) -> None:
    """Damage one of ``importer``'s seeds (``table``) with ``damage`` and check the import."""
    if importer not in table:
        pytest.skip("no seed file for this importer (vendor corpus absent)")
    count(f"{importer.__name__} {kind}")
    seed = data.draw(st.sampled_from(table[importer]))
    check_import(importer, damage(seed), folder)


@pytest.mark.django_db
@pytest.mark.parametrize("importer", IMPORTERS, ids=lambda i: i.__name__)
@given(data=st.data())
def test_extractor_survives_damaged_datasets(importer, data, tmp_path_factory):
    _fuzz_seeded(importer, data, seeds(), "dataset", lambda seed: encode(data.draw(fs.damaged_dataset(seed))),
                 tmp_path_factory.mktemp("ds"))


@pytest.mark.django_db
@pytest.mark.parametrize("importer", IMPORTERS, ids=lambda i: i.__name__)
@given(data=st.data())
def test_extractor_survives_byte_mutations(importer, data, tmp_path_factory):
    _fuzz_seeded(importer, data, seed_bytes(), "bytes", lambda seed: fs.mutate_bytes(seed, data.draw(fs.mutations())),
                 tmp_path_factory.mktemp("bytes"))


@pytest.mark.django_db
@given(tree=fs.trees, keep=st.booleans())
def test_rdsr_import_survives_random_content(tree, keep, tmp_path_factory):
    """Random subtrees inside a real report: the mapping and the writer meet arbitrary content."""
    count("rdsr content")
    ds = copy.deepcopy(seeds()[rdsr][0])
    content = list(ds.ContentSequence) if keep else []
    ds.ContentSequence = Sequence([*content, tree])
    check_import(rdsr, encode(ds), tmp_path_factory.mktemp("content"))
