"""The importer and writer on synthetic reports: what the vendor corpus does not cover."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from remapp.extractors.rdsr import rdsr
from remapp.importing import Status
from remapp.models import (
    CtIrradiationEventData,
    GeneralStudyModuleAttributes,
    IrradiationEventXrayData,
    PatientModuleAttributes,
    PatientStudyModuleAttributes,
)
from remapp.testing import dicom_builder as b

pytestmark = pytest.mark.django_db


def _import(ds, tmp_path, name="report.dcm"):
    result = rdsr(b.save(ds, tmp_path / name))
    assert result.status in (Status.IMPORTED, Status.MERGED), result.reason
    return GeneralStudyModuleAttributes.objects.get(pk=result.study_pk)


def _queries(ds, tmp_path, name) -> int:
    """Statements for one import. Django splits a bulk INSERT into batches of at most 999 parameters on
    SQLite (none on PostgreSQL): consecutive INSERTs into one table count as one round of the writer."""
    path = b.save(ds, tmp_path / name)
    with CaptureQueriesContext(connection) as captured:
        assert rdsr(path).status is Status.IMPORTED
    statements = [q["sql"].split(" VALUES ")[0] if q["sql"].startswith("INSERT") else q["sql"]
                  for q in captured.captured_queries]
    return sum(1 for i, sql in enumerate(statements)
               if i == 0 or not (sql.startswith("INSERT") and sql == statements[i - 1]))


def test_statement_count_does_not_grow_with_events(tmp_path):
    # Warm-up imports store the coded values, so both measured imports find them the same way.
    _queries(b.ct_rdsr([b.CtEvent()], total_dlp="1"), tmp_path, "warm.dcm")
    _queries(b.projection_rdsr([b.ProjectionEvent()]), tmp_path, "warm-rf.dcm")
    few = _queries(b.ct_rdsr([b.CtEvent()], total_dlp="1"), tmp_path, "one.dcm")
    many = _queries(b.ct_rdsr([b.CtEvent() for _ in range(40)], total_dlp="1"), tmp_path, "forty.dcm")
    assert many == few
    fluoro_few = _queries(b.projection_rdsr([b.ProjectionEvent()]), tmp_path, "rf1.dcm")
    fluoro_many = _queries(b.projection_rdsr([b.ProjectionEvent() for _ in range(40)]), tmp_path, "rf40.dcm")
    assert fluoro_many == fluoro_few


def test_dap_in_dgy_cm2_is_stored_in_gy_m2(tmp_path):
    study = _import(b.projection_rdsr([b.ProjectionEvent(dap="2.39", dap_unit="dGy.cm2")],
                                      totals={"single": {"dap": "2.39", "dap_unit": "dGy.cm2"}}), tmp_path)
    event = IrradiationEventXrayData.objects.get()
    assert event.dose_area_product == Decimal("0.0000239")
    assert study.total_dap == Decimal("0.0000239")


def test_missing_and_empty_values_are_stored_as_missing(tmp_path):
    study = _import(b.ct_rdsr([b.CtEvent(dlp=None, ctdivol=None), b.CtEvent(dlp="100")]), tmp_path)
    assert sorted(e.dlp is None for e in CtIrradiationEventData.objects.all()) == [False, True]
    assert study.total_dlp == Decimal(100)  # no accumulated total sent: the events are summed


def test_dual_plane_events_and_totals_are_split_by_plane(tmp_path):
    events = [b.ProjectionEvent(plane="A", dap="0.001"), b.ProjectionEvent(plane="A", dap="0.002"),
              b.ProjectionEvent(plane="B", dap="0.004")]
    study = _import(b.projection_rdsr(events, totals={"A": {"dap": "0.003", "dose_rp": "0.1", "fluoro_time": "20"},
                                                      "B": {"dap": "0.004", "dose_rp": "0.2", "fluoro_time": "5"}}),
                    tmp_path)
    assert (study.total_dap_a, study.total_dap_b, study.total_dap) == (Decimal("0.003"), Decimal("0.004"),
                                                                        Decimal("0.007"))
    assert (study.total_rp_dose_a, study.total_rp_dose_b) == (Decimal("0.1"), Decimal("0.2"))
    assert study.total_fluoro_time == Decimal(25)
    planes = sorted(e.acquisition_plane.code_meaning for e in IrradiationEventXrayData.objects.all())
    assert planes == ["Plane A", "Plane A", "Plane B"]


def test_modality_from_content(tmp_path):
    rf = _import(b.projection_rdsr([b.ProjectionEvent(fluoro=True)], kind="DX"), tmp_path, "rf.dcm")
    dx = _import(b.projection_rdsr([b.ProjectionEvent(fluoro=False)], kind="DX"), tmp_path, "dx.dcm")
    mg = _import(b.projection_rdsr([b.ProjectionEvent(fluoro=False, agd="1.2", breast="L")], kind="MG",
                                   totals={"single": {"agd_L": "1.2"}}), tmp_path, "mg.dcm")
    ct = _import(b.ct_rdsr([b.CtEvent()]), tmp_path, "ct.dcm")
    assert [s.modality_type for s in (rf, dx, mg, ct)] == ["RF", "DX", "MG", "CT"]
    assert mg.total_agd_left == Decimal("1.2") and mg.total_agd_right is None


def test_privacy_age_and_test_patient(tmp_path):
    ds = b.ct_rdsr([b.CtEvent()], patient_name="QA^Phantom", patient_id="SECRET-ID-42", patient_age="",
                   birth_date="19800101", study_date="20200101")
    study = _import(ds, tmp_path)
    assert study.test_patient is True
    assert PatientModuleAttributes.objects.get().not_patient_indicator == "qa"
    assert PatientStudyModuleAttributes.objects.get().patient_age_decimal == Decimal(14610) / Decimal("365.25")
    stored = " ".join(str(v) for model in (GeneralStudyModuleAttributes, PatientModuleAttributes,
                                           PatientStudyModuleAttributes)
                      for row in model.objects.values() for v in row.values())
    assert "Phantom" not in stored and "SECRET-ID-42" not in stored and "19800101" not in stored


def test_time_zones(tmp_path, settings):
    settings.TIME_ZONE = "America/New_York"
    _import(b.ct_rdsr([b.CtEvent(started="20240102101700")], study_time="090000"), tmp_path, "naive.dcm")
    _import(b.ct_rdsr([b.CtEvent(started="20240102101700.5+0100")]), tmp_path, "offset.dcm")
    naive, offset = CtIrradiationEventData.objects.order_by("pk")
    assert naive.date_time_started == dt.datetime(2024, 1, 2, 15, 17, tzinfo=dt.UTC)  # 10:17 EST
    assert offset.date_time_started == dt.datetime(2024, 1, 2, 9, 17, 0, 500000, tzinfo=dt.UTC)
    study = GeneralStudyModuleAttributes.objects.order_by("pk").first()
    assert study.study_datetime == dt.datetime(2024, 1, 2, 14, 0, tzinfo=dt.UTC)


def test_a_refused_file_stores_nothing(tmp_path):
    ds = b.ct_rdsr([b.CtEvent()])
    ds.ConceptNameCodeSequence = [b.code_item(("18748-4", "LN", "Diagnostic imaging report"))]
    result = rdsr(b.save(ds, tmp_path / "other.dcm"))
    assert result.status is Status.REFUSED and "not a radiation dose report" in result.reason
    assert not GeneralStudyModuleAttributes.objects.exists()


def test_corrected_repeat_with_as_many_events_replaces_values(tmp_path):
    """A later report with the same events (a correction) becomes the primary, whatever the order."""
    events = [b.CtEvent(dlp="100"), b.CtEvent(dlp="200")]
    first = b.ct_rdsr(events, total_dlp="300", study_uid="1.2.826.0.1.99", content_time="100000")
    corrected = b.ct_rdsr([b.CtEvent(dlp="110", uid=events[0].uid), b.CtEvent(dlp="200", uid=events[1].uid)],
                          total_dlp="310", study_uid="1.2.826.0.1.99", content_time="110000")
    _import(corrected, tmp_path, "b.dcm")
    study = _import(first, tmp_path, "a.dcm")
    assert study.total_dlp == Decimal(310)
    assert sorted(e.dlp for e in CtIrradiationEventData.objects.all()) == [Decimal(110), Decimal(200)]


def test_unconvertible_unit_is_not_stored_and_is_reported(tmp_path):
    ds = b.ct_rdsr([b.CtEvent(dlp="5", dlp_unit="mGy")])  # a DLP in mGy: not a length-dose
    result = rdsr(b.save(ds, tmp_path / "odd.dcm"))
    assert result.status is Status.IMPORTED
    assert "dlp: cannot convert 'mGy' to 'mGy.cm'" in result.reason
    assert CtIrradiationEventData.objects.get().dlp is None


def test_losing_a_race_retries_the_file_once(tmp_path, monkeypatch):
    """The unique constraints decide a race between two importers; the loser retries and merges."""
    from django.db import IntegrityError

    from remapp.importing import writer

    path = b.save(b.ct_rdsr([b.CtEvent()]), tmp_path / "race.dcm")
    real_write, calls = writer._write, []

    def racing_write(imp):
        calls.append(imp.file_name)
        if len(calls) == 1:
            real_write(imp)  # the other process wins inside this transaction...
            raise IntegrityError("duplicate key value violates unique constraint")  # ...and ours fails
        return real_write(imp)

    monkeypatch.setattr(writer, "_write", racing_write)
    result = rdsr(path)
    assert len(calls) == 2
    # Our first transaction rolled back with the simulated failure, so the retry finds no study.
    assert result.status is Status.IMPORTED
    assert GeneralStudyModuleAttributes.objects.count() == 1
    assert CtIrradiationEventData.objects.count() == 1


class _Deadlock(Exception):
    pgcode = "40P01"  # what psycopg2 reports when PostgreSQL picks this transaction as a deadlock's victim


def _victim(times: int):
    from django.db import OperationalError

    from remapp.importing import writer

    real_write, calls = writer._write, []

    def deadlocked_write(imp):
        calls.append(imp.file_name)
        if len(calls) <= times:
            real_write(imp)  # written, then rolled back by the database
            raise OperationalError("deadlock detected") from _Deadlock()
        return real_write(imp)

    return deadlocked_write, calls


def test_a_deadlock_victim_is_imported_again(tmp_path, monkeypatch):
    """Found by the eight-process test: two imports of one study each waited for a row the other had
    inserted; PostgreSQL aborted one, which used to be refused. It is run again, as PostgreSQL asks."""
    from remapp.importing import writer

    write, calls = _victim(times=2)
    monkeypatch.setattr(writer, "_write", write)
    result = rdsr(b.save(b.ct_rdsr([b.CtEvent(dlp="12.93")]), tmp_path / "deadlock.dcm"))
    assert len(calls) == 3
    assert result.status is Status.IMPORTED
    assert [e.dlp for e in CtIrradiationEventData.objects.all()] == [Decimal("12.93")]


def test_a_file_deadlocked_every_time_is_refused_not_retried_for_ever(tmp_path, monkeypatch):
    from remapp.importing import writer

    write, calls = _victim(times=99)
    monkeypatch.setattr(writer, "_write", write)
    result = rdsr(b.save(b.ct_rdsr([b.CtEvent()]), tmp_path / "stuck.dcm"))
    assert len(calls) == writer.ATTEMPTS
    assert result.status is Status.REFUSED and "deadlock detected" in result.reason
    assert GeneralStudyModuleAttributes.objects.count() == 0


def test_image_view_modifiers_and_grids_are_kept(tmp_path):
    view = b.code(b.dcm("111031", "Image View"), ("R-10242", "SRT", "cranio-caudal"))
    view.ContentSequence = [b.code(b.dcm("111032", "Image View Modifier"), ("R-102D6", "SRT", "Magnified"))]
    event = b.container(b.dcm("113706", "Irradiation Event X-Ray Data"), [
        b.uidref(b.EVENT_UID, "1.2.3.9"), b.code(b.dcm("113721", "Irradiation Event Type"), b.STATIONARY),
        view, b.code(b.dcm("111635", "X-Ray Grid"), b.dcm("111641", "Fixed Grid")),
        b.code(b.dcm("111635", "X-Ray Grid"), b.dcm("111642", "Focused Grid"))])
    _import(b.projection_rdsr([], kind="DX", extra=[event]), tmp_path)
    stored = IrradiationEventXrayData.objects.get()
    assert stored.image_view.code_meaning == "cranio-caudal"
    assert [m.image_view_modifier.code_meaning for m in stored.imageviewmodifier_set.all()] == ["Magnified"]
    grids = stored.irradiationeventxraysourcedata_set.get().xraygrid_set.all()
    assert sorted(g.xray_grid.code_meaning for g in grids) == ["Fixed Grid", "Focused Grid"]


def test_an_event_sent_twice_in_one_report_is_stored_once(tmp_path):
    event = b.CtEvent(dlp="10")
    result = rdsr(b.save(b.ct_rdsr([event, b.CtEvent(dlp="99", uid=event.uid)]), tmp_path / "twice.dcm"))
    assert result.status is Status.IMPORTED and "sent twice" in result.reason
    assert [e.dlp for e in CtIrradiationEventData.objects.all()] == [Decimal(10)]


def test_out_of_range_numbers_are_not_stored(tmp_path):
    result = rdsr(b.save(b.ct_rdsr([b.CtEvent(ctdivol="1E+15")]), tmp_path / "huge.dcm"))
    assert result.status is Status.IMPORTED and "out of range" in result.reason
    assert CtIrradiationEventData.objects.get().mean_ctdivol is None


def test_pulse_values_in_an_odd_unit_are_warned_not_fatal(tmp_path):
    event = b.ProjectionEvent(kvp=["70"])
    ds = b.projection_rdsr([event])
    kvp = next(item for item in ds.ContentSequence[-1].ContentSequence if item.ConceptNameCodeSequence[0].CodeValue
               == "113733")
    kvp.MeasuredValueSequence[0].MeasurementUnitsCodeSequence[0].CodeValue = "mGy"
    result = rdsr(b.save(ds, tmp_path / "odd-kvp.dcm"))
    assert result.status is Status.IMPORTED and "kvp: cannot convert 'mGy' to 'kV'" in result.reason


def test_statements_of_a_ct_import_are_pinned(tmp_path):
    """One statement per table, whatever the number of events (codes already stored by a first import)."""
    _import(b.ct_rdsr([b.CtEvent()]), tmp_path, "warm.dcm")
    path = b.save(b.ct_rdsr([b.CtEvent() for _ in range(3)], total_dlp="3"), tmp_path / "three.dcm")
    with CaptureQueriesContext(connection) as captured:
        assert rdsr(path).status is Status.IMPORTED
    tables = [q["sql"].split('"')[1] if q["sql"].startswith("INSERT") else q["sql"].split()[0]
              for q in captured.captured_queries if not q["sql"].startswith(("SAVEPOINT", "RELEASE", "BEGIN",
                                                                             "COMMIT"))]
    assert tables == [
        "SELECT",  # the study, locked (SELECT ... FOR UPDATE on PostgreSQL): new or merge?
        "SELECT",  # coded values not in the per-process cache (a committed import fills it)
        "remapp_generalstudymoduleattributes",  # the study with its summary columns
        "remapp_patientmoduleattributes",
        "remapp_patientstudymoduleattributes",
        "remapp_generalequipmentmoduleattributes",
        "remapp_importedobject",  # the 'already imported' key
        "remapp_ctradiationdose",
        "remapp_observercontext",
        "remapp_ctaccumulateddosedata",
        "remapp_ctirradiationeventdata",  # all three events
        "remapp_scanninglength",
        "remapp_ctxraysourceparameters",
    ]
