"""Export benchmark: N synthetic CT studies with E events each in PostgreSQL, exported to CSV and XLSX by
the real database worker (``manage.py db_worker --batch`` in a child process).

Reports studies per second (from the job's own start and finish times) and the worker's peak resident
memory (the child's ru_maxrss), for a small and the full export, so flat memory shows as equal figures.

    python benchmarks/export_bench.py                      # 100,000 studies, 10k and 100k exports
    python benchmarks/export_bench.py --studies 20000 --sizes 2000,20000
    OPENREM_BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/openrem_export_bench (the default)

Seeding happens once; a later run reuses the data when the study count matches.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import subprocess
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/openrem_export_bench"
START = dt.date(2020, 1, 1)
STUDIES_PER_DAY = 100  # so that the first k studies are exactly those up to a known date
PROTOCOLS = [
    "Head",
    "Chest",
    "Abdomen",
    "Pelvis",
    "Chest/Abdo: [contrast]",
    "Scout",
    "CTA Neck",
    "Sinus",
    "Spine L",
    "Low dose chest",
    "Cardiac",
    "Extremity",
]
BATCH = 2000


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--studies", type=int, default=100_000)
    parser.add_argument("--events", type=int, default=5)
    parser.add_argument("--sizes", default="10000,100000", help="export sizes (studies), comma separated")
    parser.add_argument("--formats", default="csv,xlsx")
    parser.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()) / "openrem-export-bench")
    return parser.parse_args()


def setup_django(args: argparse.Namespace) -> dict[str, str]:
    env = {
        "OPENREM_DATABASE_URL": os.environ.get("OPENREM_BENCH_DATABASE_URL", DEFAULT_URL),
        "OPENREM_TASK_BACKEND": "db",
        "OPENREM_DATA_DIR": str(args.workdir / "data"),
        "OPENREM_MEDIA_ROOT": str(args.workdir / "media"),
        "OPENREM_LOG_TO_FILE": "false",
        "DJANGO_SETTINGS_MODULE": "openrem.settings",
    }
    os.environ.update(env)
    sys.path.insert(0, str(REPO))
    create_database(env["OPENREM_DATABASE_URL"])
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    return env


def create_database(url: str) -> None:
    import psycopg2
    from psycopg2 import sql

    from openrem.env import parse_database_url

    db = parse_database_url(url)
    conn = psycopg2.connect(
        dbname="postgres", user=db["USER"], password=db["PASSWORD"], host=db["HOST"], port=db["PORT"] or 5432
    )
    conn.autocommit = True
    with conn.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [db["NAME"]])
        if cursor.fetchone() is None:
            cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(db["NAME"])))
    conn.close()


def seed(studies: int, events: int) -> None:
    from remapp.models import GeneralStudyModuleAttributes

    existing = GeneralStudyModuleAttributes.objects.filter(modality_type="CT").count()
    if existing == studies:
        print(f"reusing {studies} seeded CT studies")
        analyze()
        return
    GeneralStudyModuleAttributes.objects.all().delete()
    started = time.perf_counter()
    rng = random.Random(42)
    for first in range(0, studies, BATCH):
        seed_batch(rng, first, min(BATCH, studies - first), events)
        print(f"\rseeded {first + BATCH:,} studies", end="", flush=True)
    print(f"\nseeding took {time.perf_counter() - started:.0f} s")
    analyze()


def analyze() -> None:
    """Planner statistics, as autovacuum keeps them on a live site; a fresh bulk load has none yet."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def seed_batch(rng: random.Random, first: int, count: int, events: int) -> None:
    """One batch of studies, level by level, with bulk inserts."""
    from django.utils import timezone

    from remapp.models import (
        CtIrradiationEventData,
        CtRadiationDose,
        CtXraySourceParameters,
        GeneralEquipmentModuleAttributes,
        GeneralStudyModuleAttributes,
        PatientModuleAttributes,
        PatientStudyModuleAttributes,
        ScanningLength,
    )

    studies = []
    for index in range(first, first + count):
        date = START + dt.timedelta(days=index // STUDIES_PER_DAY)
        moment = timezone.make_aware(
            dt.datetime.combine(date, dt.time(8)) + dt.timedelta(seconds=index % 86400), dt.UTC
        )
        studies.append(
            GeneralStudyModuleAttributes(
                study_instance_uid=f"1.2.826.0.1.3680043.10.{index}",
                modality_type="CT",
                study_date=date,
                study_time=moment.time(),
                study_datetime=moment,
                accession_number=f"A{index:08d}",
                study_description=rng.choice(["CT Head", "CT Chest", "CT CAP", "CT Abdomen"]),
                requested_procedure_code_meaning=rng.choice(["CT Head", "CT Thorax", "CT CAP"]),
                number_of_events=events,
                total_dlp=Decimal(rng.randint(100, 3000)),
                max_ctdivol=Decimal(rng.randint(5, 80)),
            )
        )
    GeneralStudyModuleAttributes.objects.bulk_create(studies)
    GeneralEquipmentModuleAttributes.objects.bulk_create(
        GeneralEquipmentModuleAttributes(
            general_study_module_attributes=s,
            institution_name="Bench Hospital",
            manufacturer="Acme",
            manufacturer_model_name=f"Model {s.pk % 7}",
            station_name=f"CT{s.pk % 3}",
        )
        for s in studies
    )
    PatientModuleAttributes.objects.bulk_create(
        PatientModuleAttributes(general_study_module_attributes=s, patient_sex=rng.choice("MF"))
        for s in studies
    )
    PatientStudyModuleAttributes.objects.bulk_create(
        PatientStudyModuleAttributes(
            general_study_module_attributes=s,
            patient_age_decimal=Decimal(rng.randint(1, 95)),
            patient_size=Decimal("1.70"),
            patient_weight=Decimal(rng.randint(40, 120)),
        )
        for s in studies
    )
    doses = CtRadiationDose.objects.bulk_create(
        CtRadiationDose(general_study_module_attributes=s) for s in studies
    )
    event_rows = CtIrradiationEventData.objects.bulk_create(
        CtIrradiationEventData(
            ct_radiation_dose=dose,
            acquisition_protocol=rng.choice(PROTOCOLS),
            dlp=Decimal(rng.randint(5, 900)),
            mean_ctdivol=Decimal(rng.randint(1, 80)) / 4,
            pitch_factor=Decimal("0.984"),
            exposure_time=Decimal("4.5"),
            nominal_single_collimation_width=Decimal("0.625"),
            nominal_total_collimation_width=Decimal("40"),
            number_of_xray_sources=1,
            date_time_started=dose.general_study_module_attributes.study_datetime + dt.timedelta(minutes=n),
        )
        for dose in doses
        for n in range(events)
    )
    CtXraySourceParameters.objects.bulk_create(
        CtXraySourceParameters(
            ct_irradiation_event_data=e,
            identification_of_the_xray_source="A",
            kvp=Decimal(rng.choice([80, 100, 120])),
            xray_tube_current=Decimal(rng.randint(50, 500)),
            maximum_xray_tube_current=Decimal(500),
            exposure_time_per_rotation=Decimal("0.5"),
        )
        for e in event_rows
    )
    ScanningLength.objects.bulk_create(
        ScanningLength(ct_irradiation_event_data=e, scanning_length=Decimal(rng.randint(100, 900)))
        for e in event_rows
    )


def measure(env: dict[str, str], size: int, fmt: str) -> dict[str, float]:
    """Queue one export of the first ``size`` studies and run it in a fresh db_worker process."""
    from django.contrib.auth.models import User

    from remapp.exports.jobs import start_export
    from remapp.models import Export

    user, _ = User.objects.get_or_create(username="bench")
    last_day = START + dt.timedelta(days=size // STUDIES_PER_DAY - 1)
    export = start_export(
        user=user, modality="CT", export_format=fmt, params={"date_to": last_day.isoformat()}
    )
    worker = subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--batch", "--no-startup-delay", "--interval", "0"],
        cwd=REPO,
        env={**os.environ, **env},
    )
    _, status, usage = os.wait4(worker.pid, 0)
    export = Export.objects.get(pk=export.pk)
    if status != 0 or export.status != "done":
        raise SystemExit(f"export failed: {export.status} {export.error}")
    seconds = (export.finished_at - export.started_at).total_seconds()
    result = {
        "studies": export.rows_done,
        "seconds": seconds,
        "rate": export.rows_done / seconds,
        # The worker's own CPU time (start-up included): the figure to read when the machine is shared.
        "cpu": usage.ru_utime + usage.ru_stime,
        "peak_mb": usage.ru_maxrss / 1024,
        "file_mb": export.size / 1024 / 1024,
    }
    Path(env["OPENREM_MEDIA_ROOT"], export.file.name).unlink()
    export.delete()
    return result


def main() -> None:
    args = parse_args()
    env = setup_django(args)
    seed(args.studies, args.events)
    print(f"\nload average before: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    print("| format | studies | events | seconds | studies/s | worker CPU s | studies/CPU s | worker peak RSS (MB) "
          "| file (MB) |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for fmt in args.formats.split(","):
        for size in (int(s) for s in args.sizes.split(",")):
            r = measure(env, size, fmt)
            print(
                f"| {fmt} | {r['studies']:,} | {r['studies'] * args.events:,} | {r['seconds']:.1f} | "
                f"{r['rate']:,.0f} | {r['cpu']:.1f} | {r['studies'] / r['cpu']:,.0f} | {r['peak_mb']:.0f} "
                f"| {r['file_mb']:.1f} |",
                flush=True,
            )


if __name__ == "__main__":
    main()
