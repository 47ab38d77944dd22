"""How fast do the list and detail pages render over 100,000 studies? (issue 5)

    OPENREM_DATABASE_URL=postgres://postgres@127.0.0.1:5432/openrem_ui \\
        python benchmarks/web_lists.py --studies 100000 [--runs 21]

Migrates the database it is pointed at, tops it up to ``--studies`` synthetic studies (spread evenly over
CT, RF, MG and DX, with their event trees, bulk-created with tests/factories.py), then renders each page
through Django's test client, logged in as an admingroup user (the most columns, the most checks), and
prints the median and 90th percentile render time and the SQL query count of each page. Run it on an
otherwise idle machine; the first run of each page is a warm-up and not counted.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "openrem.settings")
os.environ.setdefault("OPENREM_LOG_TO_FILE", "false")

import django  # noqa: E402

django.setup()

from django.contrib.auth.models import Group, User  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

from remapp import roles  # noqa: E402
from remapp.models import GeneralStudyModuleAttributes  # noqa: E402
from tests import factories  # noqa: E402

TARGET_MS = 300


def populate(studies: int) -> None:
    have = GeneralStudyModuleAttributes.objects.count()
    if have >= studies:
        print(f"database already holds {have} studies")
        return
    started = time.perf_counter()
    missing = studies - have
    for done in range(0, missing, 10_000):
        factories.make_many(min(10_000, missing - done), seed=have + done)
        print(f"  {have + done + min(10_000, missing - done)} studies", flush=True)
    print(f"created {missing} studies in {time.perf_counter() - started:.0f} s")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # fresh planner statistics, as autovacuum would give a real site


def bench_user() -> User:
    user, created = User.objects.get_or_create(username="benchmark-admin")
    if created:
        user.groups.add(Group.objects.get(name=roles.ADMIN_GROUP))
    return user


def pages() -> dict[str, str]:
    ct = (
        GeneralStudyModuleAttributes.objects.filter(modality_type="CT")
        .order_by("-study_datetime", "-id")
        .first()
    )
    rf = (
        GeneralStudyModuleAttributes.objects.filter(modality_type="RF")
        .order_by("-study_datetime", "-id")
        .first()
    )
    return {
        "home": "/openrem/",
        "CT list, first page": "/openrem/ct/",
        "RF list, first page": "/openrem/rf/",
        "MG list, first page": "/openrem/mg/",
        "DX list, first page": "/openrem/dx/",
        "CT list, 200 per page": "/openrem/ct/?per_page=200",
        "CT filtered: model 'soma'": "/openrem/ct/?model_name=soma",
        "CT filtered: protocol + dates": (
            "/openrem/ct/?acquisition_protocol=thorax&date_from=2025-01-01&date_to=2025-12-31"
        ),
        "CT filtered: institution, by DLP": "/openrem/ct/?institution=royal&order=-dlp",
        "CT detail": f"/openrem/ct/{ct.pk}/",
        "RF detail": f"/openrem/rf/{rf.pk}/",
    }


def measure(client: Client, url: str, runs: int) -> tuple[float, float, int]:
    response = client.get(url)  # warm-up: templates compiled, caches filled
    assert response.status_code == 200, (url, response.status_code)
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        client.get(url)
        times.append((time.perf_counter() - started) * 1000)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.9) - 1], len(queries.captured_queries)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--studies", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=21)
    args = parser.parse_args()

    call_command("migrate", verbosity=0)
    populate(args.studies)
    setup_test_environment()  # lets the test client's host through ALLOWED_HOSTS
    client = Client()
    client.force_login(bench_user())

    total = GeneralStudyModuleAttributes.objects.count()
    print(f"\n{connection.vendor}, {total} studies, median of {args.runs} renders\n")
    print(f"{'page':36} {'median ms':>10} {'p90 ms':>8} {'queries':>8}")
    slow = 0
    for name, url in pages().items():
        median, p90, queries = measure(client, url, args.runs)
        slow += median > TARGET_MS
        print(f"{name:36} {median:10.1f} {p90:8.1f} {queries:8d}")
    print(f"\ntarget: median under {TARGET_MS} ms; {'all met' if not slow else f'{slow} page(s) over'}")
    return 1 if slow else 0


if __name__ == "__main__":
    sys.exit(main())
