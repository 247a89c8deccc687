"""Benchmark: the analysis at network scale, on PostgreSQL, behind a production-style server.

Targets (issue "CeDS Analysis"):
  - the dashboard of a submitted assessment: p95 at most 150 ms with 8 concurrent clients
    against gunicorn with 2 workers;
  - benchmark statistics reflect a new submission within 1 second;
  - the diagnostic report PDF renders in at most 5 seconds (when the report module exists).

Set-up: a fresh PostgreSQL database `wego_bench_analysis_<pid>` on the server of
WEGO_DATABASE_URL (its own database is only used to connect; the bench database is
dropped at the end); the shipped frameworks; N invented cities ("Bench city 00001", ...,
labelled as benchmark data, in real countries) with three cycles of full CeDS assessments
each (N x 3 x 200 answers, written with COPY), scored by the engine and stored as the
platform stores them. Then gunicorn serves the site, and 8 client threads, each logged in
as the coordinator of one city, fetch their dashboards.

    pip install gunicorn
    WEGO_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres python bench/analysis.py         # N = 5,000
    WEGO_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres python bench/analysis.py 500     # smaller N
"""

from __future__ import annotations

import datetime as dt
import io
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

CLIENTS = 8
REQUESTS_PER_CLIENT = 30
WARM_UP = 3
DASHBOARD_TARGET_MS = 150.0
UPDATE_TARGET_S = 1.0
PDF_TARGET_S = 5.0
YEARS = (2022, 2024, 2026)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * share // 1))
    return ordered[int(rank) - 1]


def setup_database(base_url: str) -> str:
    import psycopg

    name = f"wego_bench_analysis_{os.getpid()}"
    server = base_url.rsplit("/", 1)[0]
    with psycopg.connect(base_url, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    return f"{server}/{name}"


def drop_database(base_url: str, url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1]
    with psycopg.connect(base_url, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def load(n_cities: int) -> dict:
    import numpy as np
    from django.core.management import call_command
    from django.db import connection, transaction

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from scoring import synthetic_table  # the same synthetic answers as bench/scoring.py
    from wego.accounts.models import Role, RoleKind, User
    from wego.assessments.models import Assessment, Cycle, FrameworkVersion
    from wego.assessments.selectors import framework_plan
    from wego.assessments.services import frameworks_load_shipped
    from wego.members.models import City, Country
    from wego.members.services import countries_load
    from wego.scoring import score
    from wego.scoring.answers import ANSWERED, DONT_KNOW, NOT_APPLICABLE

    call_command("migrate", verbosity=0)
    countries_load()
    frameworks_load_shipped()
    version = FrameworkVersion.objects.get(slug="ceds", is_current=True)
    plan = framework_plan(version)
    rng = np.random.default_rng(7)
    countries = list(Country.objects.values_list("iso3", flat=True))
    started = time.perf_counter()
    City.objects.bulk_create(
        [
            City(
                name=f"Bench city {i:05d}",
                slug=f"bench-city-{i:05d}",
                country_id=countries[int(rng.integers(len(countries)))],
                population=int(rng.integers(50_000, 12_000_000)),
                latitude=float(rng.uniform(-60, 70)),
                longitude=float(rng.uniform(-180, 180)),
                notes="benchmark data",
            )
            for i in range(n_cities)
        ],
        batch_size=2000,
    )
    cities = list(City.objects.order_by("pk").values_list("pk", flat=True))
    today = dt.date.today()
    tokens = {DONT_KNOW: ("dont_know", ""), NOT_APPLICABLE: ("not_applicable", "")}
    latest = []
    for year in YEARS:
        closes = (
            max(dt.date(year, 9, 30), today + dt.timedelta(days=30))
            if year == YEARS[-1]
            else dt.date(year, 9, 30)
        )
        cycle = Cycle.objects.create(
            year=year, name=f"CeDS {year}", framework=version, opens_on=dt.date(year, 3, 1), closes_on=closes
        )
        Assessment.objects.bulk_create(
            [Assessment(city_id=c, cycle=cycle, status="submitted", is_demo=True) for c in cities],
            batch_size=2000,
        )
        assessments = list(Assessment.objects.filter(cycle=cycle).order_by("city_id"))
        table = synthetic_table(plan.framework, len(assessments), seed=year)
        buffer = io.StringIO()
        now = f"{year}-09-01 12:00:00+00"
        for i, assessment in enumerate(assessments):
            for j, question in enumerate(plan.question_ids):
                state = int(table.status[i, j])
                status, value = tokens.get(
                    state, ("answered", str(int(table.values[i, j])) if state == ANSWERED else "")
                )
                buffer.write(f"{assessment.pk}\t{question}\t{status}\t{value}\t\t\t\t\\N\t{now}\t1\t\\N\n")
        buffer.seek(0)
        with (
            connection.cursor() as cursor,
            cursor.copy(
                "COPY assessments_answer (assessment_id, question_id, status, value, comment, evidence_url, "
                "evidence_file, answered_by_id, answered_at, version, carried_from_year) FROM STDIN"
            ) as copy,
        ):
            while chunk := buffer.read(1 << 20):
                copy.write(chunk)
        result = score(plan, table)
        for i, assessment in enumerate(assessments):
            assessment.overall_score = float(result.rounded[i])
            assessment.stage = result.stage_id(i) or ""
            assessment.coverage = float(result.coverage[i, plan.overall_index])
            assessment.scores = {
                node: (None if np.isnan(v) else round(float(v), 4))
                for node, v in zip(plan.node_ids, result.scores[i], strict=True)
            }
        with transaction.atomic():
            Assessment.objects.bulk_update(
                assessments, ["overall_score", "stage", "coverage", "scores"], batch_size=1000
            )
        latest = assessments
    clients = []
    for k in range(CLIENTS):
        assessment = latest[k * (len(latest) // CLIENTS)]
        user = User.objects.create_user(email=f"bench-{k}@bench.wego.invalid", password=None)
        Role.objects.create(user=user, kind=RoleKind.COORDINATOR, city_id=assessment.city_id)
        clients.append((user, assessment.pk))
    # One assessment left in progress, to measure how fast a new submission reaches the statistics.
    pending = latest[-1]
    Assessment.objects.filter(pk=pending.pk).update(status="in_progress")
    coordinator = User.objects.create_user(email="bench-submit@bench.wego.invalid", password=None)
    Role.objects.create(user=coordinator, kind=RoleKind.COORDINATOR, city_id=pending.city_id)
    elapsed = time.perf_counter() - started
    answers = len(cities) * len(YEARS) * len(plan.question_ids)
    print(f"loaded {len(cities):,} cities x {len(YEARS)} cycles, {answers:,} answers in {elapsed:.0f} s")
    return {"clients": clients, "pending": pending.pk, "coordinator": coordinator.pk}


def session_cookie(user) -> str:
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.save()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"


def serve(env: dict, port: int) -> subprocess.Popen:
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "wego.wsgi:application",
            "--workers",
            "2",
            "--bind",
            f"127.0.0.1:{port}",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/account/login/", timeout=2)
            return process
        except OSError:
            time.sleep(0.2)
    process.terminate()
    raise SystemExit("gunicorn did not start")


def dashboards(port: int, clients: list[tuple[str, int]]) -> list[float]:
    times: list[float] = []
    lock = threading.Lock()
    failures: list[str] = []

    def run(cookie: str, assessment_id: int) -> None:
        url = f"http://127.0.0.1:{port}/assessments/{assessment_id}/dashboard/"
        for i in range(REQUESTS_PER_CLIENT + WARM_UP):
            request = urllib.request.Request(url, headers={"Cookie": cookie})
            start = time.perf_counter()
            with urllib.request.urlopen(request, timeout=30) as response:
                body = response.read()
                status = response.status
            took = (time.perf_counter() - start) * 1000
            if status != 200 or b"Diagnosis" not in body:
                failures.append(f"{url}: {status}")
            if i >= WARM_UP:
                with lock:
                    times.append(took)

    threads = [threading.Thread(target=run, args=client) for client in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if failures:
        raise SystemExit(f"dashboard requests failed: {failures[:3]}")
    return times


def submission_update(state: dict) -> float:
    from wego.accounts.models import User
    from wego.analysis.selectors import benchmarks
    from wego.assessments.models import Assessment
    from wego.assessments.services import assessment_submit

    pending = Assessment.objects.select_related("cycle__framework", "city__country").get(pk=state["pending"])
    other = Assessment.objects.select_related("cycle__framework", "city__country").get(
        pk=state["clients"][0][1]
    )
    before = {g.key: g.n for g in benchmarks(other)["overall"]}["all"]
    start = time.perf_counter()
    assessment_submit(assessment=pending, actor=User.objects.get(pk=state["coordinator"]))
    after = {g.key: g.n for g in benchmarks(other)["overall"]}["all"]
    took = time.perf_counter() - start
    if after != before + 1:
        raise SystemExit(f"the new submission is not in the statistics ({before} -> {after})")
    return took


def pdf_time(state: dict) -> float | None:
    try:
        from wego.analysis.report import report_render
    except ImportError:
        return None
    from wego.assessments.models import Assessment

    assessment = Assessment.objects.select_related("cycle__framework", "city__country").get(
        pk=state["clients"][0][1]
    )
    report_render(assessment)  # warm: fonts, templates
    start = time.perf_counter()
    report_render(assessment)
    return time.perf_counter() - start


def main() -> int:
    n_cities = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
    base_url = os.environ.get("WEGO_DATABASE_URL", "")
    if not base_url.startswith("postgres"):
        print(
            "bench/analysis.py measures the production set-up: set WEGO_DATABASE_URL to a PostgreSQL server"
        )
        return 2
    data_dir = tempfile.mkdtemp(prefix="wego-bench-analysis-")
    url = setup_database(base_url)
    env = dict(
        os.environ, WEGO_DATABASE_URL=url, WEGO_DATA_DIR=data_dir, WEGO_ALLOWED_HOSTS="127.0.0.1,localhost"
    )
    os.environ.update(env)
    os.environ["DJANGO_SETTINGS_MODULE"] = "wego.settings"
    server = None
    try:
        import django

        django.setup()
        from wego.accounts.models import User

        state = load(n_cities)
        clients = [
            (session_cookie(User.objects.get(pk=user.pk)), assessment)
            for user, assessment in state["clients"]
        ]
        server = serve(env, 8791)
        single = dashboards(8791, clients[:1])
        print(
            f"dashboard, 1 client (service time): n={len(single)} median {statistics.median(single):.1f} ms "
            f"p95 {percentile(single, 0.95):.1f} ms"
        )
        times = dashboards(8791, clients)
        p95 = percentile(times, 0.95)
        print(
            f"dashboard, {CLIENTS} clients, gunicorn 2 workers: n={len(times)} median {statistics.median(times):.1f} ms "
            f"p95 {p95:.1f} ms max {max(times):.1f} ms  {'PASS' if p95 <= DASHBOARD_TARGET_MS else 'FAIL'} (<= {DASHBOARD_TARGET_MS:.0f} ms)"
        )
        update = submission_update(state)
        print(
            f"new submission in the benchmark statistics: {update:.3f} s  {'PASS' if update <= UPDATE_TARGET_S else 'FAIL'} (<= 1 s)"
        )
        pdf = pdf_time(state)
        if pdf is None:
            print("diagnostic report PDF: not measured (the report module is not installed)")
        else:
            print(f"diagnostic report PDF: {pdf:.2f} s  {'PASS' if pdf <= PDF_TARGET_S else 'FAIL'} (<= 5 s)")
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=10)
        from django.db import connections

        connections.close_all()
        drop_database(base_url, url)
        shutil.rmtree(data_dir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
