"""One test per crash the hostile corpus found, at the depth where it was fixed."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import IntegrityError

from remapp.dicom.lean import MAX_DEPTH, Malformed, read_sr
from remapp.dicom.sr import Builder, DatasetReader
from remapp.extractors import image_import
from remapp.extractors.mam import mam
from remapp.extractors.rdsr import rdsr, read_dataset
from remapp.importing import Refused, Status, limits, writer
from remapp.importing.codes import resolve
from remapp.models import CtIrradiationEventData, GeneralStudyModuleAttributes
from remapp.testing import dicom_builder as b
from remapp.testing import image_builder as ib

from . import hostile as h


def test_lean_reader_refuses_sequences_nested_past_the_limit(tmp_path):
    # Was: RecursionError from the recursive parser (depth 3000).
    path = tmp_path / "deep.dcm"
    path.write_bytes(h.encode(b.ct_rdsr([b.CtEvent()], extra=[h.nested(MAX_DEPTH + 5)])))
    with pytest.raises(Malformed, match="nested more than"):
        read_sr(path)


def test_walker_refuses_content_nested_past_the_limit():
    # The pydicom path (big-endian and other files the lean reader leaves to pydicom) has the same limit.
    inner = b.text(b.PROTOCOL, "deep")
    for _ in range(70):
        inner = b.container(h.NEST, [inner])
    with pytest.raises(ValueError, match="nested more than"):
        Builder(DatasetReader()).build(inner)


def test_pydicom_struct_errors_are_a_refusal(tmp_path):
    # Was: struct.error escaping dcmread for a mammogram cut 4 bytes into an element header.
    data = h.encode(ib.image(ib.MG_DEFAULTS, "1.2.3"))
    path = tmp_path / "cut.dcm"
    for cut in range(132, len(data)):
        path.write_bytes(data[:cut])
        try:
            read_dataset(str(path))
        except Refused as refusal:
            assert str(refusal)


@pytest.mark.django_db
def test_numbers_a_column_cannot_hold_are_dropped_with_a_warning(tmp_path):
    # Was: decimal.InvalidOperation from Django (SQLite) or DataError (PostgreSQL) for the whole file.
    warnings: list[str] = []
    values = {"mean_ctdivol": Decimal("1E+30"), "dlp": Decimal("-1E+400"), "scanning_length": Decimal("12.5"),
              "acquisition_protocol": "P" * 5000}
    limits.clean_values(CtIrradiationEventData, values, warnings)
    assert values["mean_ctdivol"] is None and values["dlp"] is None
    assert values["scanning_length"] == Decimal("12.5")
    assert len(values["acquisition_protocol"]) == 255
    assert len(warnings) == 3


@pytest.mark.django_db
def test_a_too_long_string_is_cut_alike_on_every_database(tmp_path):
    # Was: stored whole on SQLite, refused ("value too long") on PostgreSQL.
    path = b.save(b.ct_rdsr([b.CtEvent(protocol="P" * 1000)]), tmp_path / "long.dcm")
    result = rdsr(path)
    assert result.status is Status.IMPORTED
    assert CtIrradiationEventData.objects.get().acquisition_protocol == "P" * 255


@pytest.mark.django_db
def test_a_code_longer_than_its_column_is_left_unresolved():
    from remapp.dicom.codes import normalise
    from remapp.dicom.sr import Coded

    long = Coded("SCT", "9" * 65, "too long", normalise("SCT", "9" * 65))
    assert resolve([long]) == {}


@pytest.mark.django_db
def test_an_unexpected_error_in_an_image_reader_refuses_the_file(tmp_path, monkeypatch):
    # Was: escaped mam()/dx()/ct_philips() (the batch runner reported "internal error").
    path = ib.write(ib.image(ib.MG_DEFAULTS, "1.2.3.9"), tmp_path, "mg.dcm")

    def broken(ds, zone):
        raise ZeroDivisionError("vendor surprise")

    monkeypatch.setattr(image_import, "build_study", _build_with(broken))
    result = mam(path)
    assert result.status is Status.REFUSED and "ZeroDivisionError" in result.reason
    assert GeneralStudyModuleAttributes.objects.count() == 0


def _build_with(dose):
    original = image_import.build_study

    def build(name, kind, zone=None):
        return original(name, image_import.ImageKind(kind.modality, kind.source_kind, kind.accepts,
                                                      kind.refusal, dose), zone)
    return build


@pytest.mark.django_db
def test_a_retried_image_import_applies_the_image_rules_again(tmp_path, monkeypatch):
    """After losing a race (IntegrityError), the retry must decide afresh on what the winner stored (was:
    the image rules ran once, before the first attempt, so a retry could put image events into a study
    that had meanwhile received its dose report). The race itself, between real processes, is in
    tests/robustness/test_concurrency_processes.py."""
    image = ib.write(ib.image(ib.MG_DEFAULTS, "1.2.3.10"), tmp_path, "mg.dcm")
    real_write, real_rules, writes, rules = writer._write, image_import._apply_merge_rules, [], []

    def lose_the_race_once(imp):
        writes.append(imp.sop_instance_uid)
        if len(writes) == 1:
            raise IntegrityError("duplicate key value violates unique constraint")
        return real_write(imp)

    def counted_rules(imp):
        rules.append(imp.sop_instance_uid)
        return real_rules(imp)

    monkeypatch.setattr(writer, "_write", lose_the_race_once)
    monkeypatch.setattr(image_import, "_apply_merge_rules", counted_rules)
    result = mam(image)
    assert result.status is Status.IMPORTED, result.line()
    assert len(writes) == 2 and len(rules) == 2  # the rules ran before each attempt


@pytest.mark.django_db
@pytest.mark.vendor
@pytest.mark.parametrize("order", [(0, 1, 2), (2, 1, 0), (1, 2, 0)])
def test_images_of_one_study_leave_the_same_primary_in_any_order(order, vendor_file):
    # Was: the first image imported stayed the primary (its header the study's): found by the
    # multi-process test comparing concurrent and serial imports.
    from remapp.models import ImportedObject

    names = ["MG-Im-GE_Seno_1_ForProcessing.dcm", "MG-Im-GE_Seno_1_ForPresentation.dcm",
             "MG-Im-GE_Seno_2_ForPresentation.dcm"]
    for index in order:
        assert mam(vendor_file(names[index])).status is not Status.REFUSED
    primary = ImportedObject.objects.filter(is_complete=True).values_list("sop_instance_uid", flat=True)
    expected = max(ImportedObject.objects.values_list("content_datetime", "sop_instance_uid"))[1]
    assert list(primary) == [expected]


@pytest.mark.django_db
def test_an_image_after_its_report_records_the_event_it_carried(tmp_path):
    # Was: recorded as carrying 0 events after a report, 1 before it: order-dependent ImportedObject rows.
    from remapp.models import ImportedObject

    study = "1.2.826.0.1.3680043.99.21"
    report = b.save(b.projection_rdsr([b.ProjectionEvent(agd="1.1", breast="L", fluoro=False)], kind="MG",
                                     study_uid=study), tmp_path / "report.dcm")
    assert rdsr(report).status is Status.IMPORTED
    image = ib.image(ib.MG_DEFAULTS, study)
    result = mam(ib.write(image, tmp_path, "image.dcm"))
    assert result.status is Status.MERGED and "adds no events" in result.reason
    assert ImportedObject.objects.get(sop_instance_uid=image.SOPInstanceUID).number_of_events == 1


@pytest.mark.django_db
def test_nul_characters_are_removed_before_the_write(tmp_path):
    # Was (PostgreSQL only, found by the fuzzer): psycopg2's ValueError "A string literal cannot contain
    # NUL (0x00) characters" escaped the importer.
    path = b.save(b.ct_rdsr([b.CtEvent(protocol="Chest\x00Abdo")], description="CT\x00Head"),
                  tmp_path / "nul.dcm")
    result = rdsr(path)
    assert result.status is Status.IMPORTED, result.line()
    assert GeneralStudyModuleAttributes.objects.get().study_description == "CTHead"
    assert CtIrradiationEventData.objects.get().acquisition_protocol == "ChestAbdo"


@pytest.mark.django_db
def test_nul_in_uids_is_removed_and_a_uid_of_nul_only_refused(tmp_path):
    # Was (PostgreSQL, found by the fuzzer): a NUL in a UID reached the study lookup and psycopg2 raised.
    path = ib.write(ib.image(ib.MG_DEFAULTS, "1.2.3.4\x005"), tmp_path, "nul-uid.dcm")
    assert mam(path).status is Status.IMPORTED
    assert GeneralStudyModuleAttributes.objects.get().study_instance_uid == "1.2.3.45"
