"""Benchmark: the questionnaire's two hot paths, measured server-side.

Targets:
  - saving one answer takes at most 50 ms at the 95th percentile;
  - a section page with its questions renders in at most 150 ms (judged at the 95th
    percentile too; the maximum is printed beside it).

Set-up: the full CeDS framework (200 questions) and the demo (58 member cities, three
cycles, about 30,000 answers) in a fresh database; then, with `django.test.Client` logged
in as the Seoul coordinator, it times 300 answer saves (htmx POSTs to the question URL,
alternating questions across all ten sections and levels, each with the answer's current
version, so that every save really writes an answer, a revision and an audit row) and
100 renders of section pages (all ten sections in turn, including eadmin with 30
questions and elife with 35). A time is that of the client call: the whole Django
request/response cycle, middleware and sessions included, with no network.

Run it from the repository root, with the package installed (`pip install -e '.[test]'`):

    python bench/investigation.py
        SQLite: a database file in a throw-away folder, deleted at the end.

    WEGO_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres python bench/investigation.py
        PostgreSQL: creates a fresh database wego_bench_<pid> on that server (the URL's
        database is only used to connect), and drops it at the end.

WEGO_DATA_DIR (secret key, static and media folders) is a throw-away folder unless it is
set. The first few requests of each kind warm the caches (parsed framework, templates,
the database connection) and are not counted.
"""

from __future__ import annotations

import os
import re
import shutil
import statistics
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

SAVES = 300
RENDERS = 100
WARM_UP = 5
SAVE_TARGET_MS = 50.0
RENDER_TARGET_MS = 150.0
VERSION = re.compile(r'name="version" value="(\d+)"')


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile: the smallest value with at least `share` of the values at or below it."""
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * share // 1))  # ceil(n * share), at least 1
    return ordered[int(rank) - 1]


def report(label: str, times_ms: list[float], target_ms: float) -> bool:
    p95 = percentile(times_ms, 0.95)
    passed = p95 <= target_ms
    print(
        f"{label:<22} {len(times_ms):>5} {statistics.median(times_ms):>9.1f} {p95:>9.1f} "
        f"{max(times_ms):>9.1f}   p95 <= {target_ms:.0f} ms: {'PASS' if passed else 'FAIL'}"
    )
    return passed


@contextmanager
def count_queries():
    """Count the SQL statements run inside the block."""
    from django.db import connection

    seen: list[str] = []

    def wrapper(execute, sql, params, many, context):
        seen.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(wrapper):
        yield seen


def run() -> bool:
    from django.conf import settings
    from django.db import connection
    from django.test import Client

    from wego.assessments.models import Answer, Assessment
    from wego.assessments.selectors import framework_plan, framework_sections
    from wego.assessments.services import frameworks_load_shipped
    from wego.demo.loader import COORDINATOR_EMAIL, DEMO_CITY, DEMO_PASSWORD, demo_load, demo_users

    # The test client's host name. (setup_test_environment would add it too, but it also
    # instruments template rendering for assertions, which would slow the renders down.)
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]

    started = time.perf_counter()
    frameworks_load_shipped()
    demo_load()
    demo_users()
    assessment = Assessment.objects.select_related("cycle__framework").get(
        city__slug=DEMO_CITY, cycle__year=2026
    )
    version = assessment.cycle.framework
    framework = framework_plan(version).framework
    sections = framework_sections(version)
    print(
        f"data: {version.slug} {version.version} ({version.question_count} questions, "
        f"{len(sections)} sections), {Answer.objects.count():,} answers, "
        f"{Assessment.objects.count()} assessments; loaded in {time.perf_counter() - started:.1f} s"
    )

    client = Client()
    if not client.login(email=COORDINATOR_EMAIL, password=DEMO_PASSWORD):
        raise SystemExit("bench: could not log in as the demo coordinator")
    htmx = {"HX-Request": "true"}

    # Every question's current version and level, so that each save is a real change.
    current = {
        qid: (v, value)
        for qid, v, value in Answer.objects.filter(assessment=assessment).values_list(
            "question_id", "version", "value"
        )
    }
    tops = {q.id: len(framework.question_levels(q)) for q in framework.questions()}
    # Questions in turn across the sections: GM's first, PI's first, ..., einfra's first,
    # GM's second, ...
    order = []
    for i in range(max(len(s.question_ids) for s in sections)):
        order.extend(s.question_ids[i] for s in sections if i < len(s.question_ids))

    def save(n: int) -> float:
        qid = order[n % len(order)]
        known_version, value = current.get(qid, (0, ""))
        level = int(value) % tops[qid] + 1 if value.isdigit() else 1 + n % tops[qid]
        url = f"/assessments/{assessment.pk}/questions/{qid}/"
        data = {"version": str(known_version), "answer": str(level), "comment": "", "evidence_url": ""}
        start = time.perf_counter()
        response = client.post(url, data, headers=htmx)
        elapsed = (time.perf_counter() - start) * 1000
        body = response.content.decode()
        saved = f'<span class="answer-state" data-state="answered">Level {level}</span>'
        if response.status_code != 200 or saved not in body:
            raise SystemExit(f"bench: saving {qid} = {level} answered {response.status_code}:\n{body[:500]}")
        current[qid] = (int(VERSION.search(body).group(1)), str(level))
        return elapsed

    def render(n: int) -> float:
        section = sections[n % len(sections)]
        url = f"/assessments/{assessment.pk}/sections/{section.id}/"
        start = time.perf_counter()
        response = client.get(url)
        elapsed = (time.perf_counter() - start) * 1000
        if response.status_code != 200 or response.content.count(b'<article id="q-') != len(
            section.question_ids
        ):
            raise SystemExit(f"bench: section {section.id} answered {response.status_code}")
        return elapsed

    for n in range(WARM_UP):
        render(n)
        save(len(order) - 1 - n)
    with count_queries() as save_queries:
        save(len(order) - 1 - WARM_UP)
    with count_queries() as render_queries:
        render(sections.index(next(s for s in sections if s.id == "elife")))

    save_times = [save(n) for n in range(SAVES)]
    render_times = [render(n) for n in range(RENDERS)]
    by_section: dict[str, list[float]] = {}
    for n, ms in enumerate(render_times):
        by_section.setdefault(sections[n % len(sections)].id, []).append(ms)

    vendor = connection.vendor
    engine = f"{vendor} {connection.Database.sqlite_version if vendor == 'sqlite' else ''}".strip()
    if vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            engine = f"postgresql {cursor.fetchone()[0]}"
    print(f"database: {engine}, {connection.settings_dict['NAME']}")
    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}")
    print(f"queries: {len(save_queries)} per answer save, {len(render_queries)} per section page (elife)")
    print(f"{'':<22} {'N':>5} {'median ms':>9} {'p95 ms':>9} {'max ms':>9}")
    saves_ok = report("answer save (POST)", save_times, SAVE_TARGET_MS)
    renders_ok = report("section page (GET)", render_times, RENDER_TARGET_MS)
    for section in sections:
        times = by_section[section.id]
        print(
            f"  {section.id:<10} {len(section.question_ids):>3} q {len(times):>5} "
            f"{statistics.median(times):>9.1f} {percentile(times, 0.95):>9.1f} {max(times):>9.1f}"
        )
    return saves_ok and renders_ok


def main() -> int:
    throwaway = None
    if not os.environ.get("WEGO_DATA_DIR"):
        throwaway = tempfile.mkdtemp(prefix="wego-bench-")
        os.environ["WEGO_DATA_DIR"] = throwaway
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wego.settings")
    folder = Path(tempfile.mkdtemp(prefix="wego-bench-db-"))
    try:
        import django

        django.setup()
        from django.db import connection

        # A fresh database: a file in a throw-away folder for SQLite, a new database on the
        # server for PostgreSQL. create_test_db creates it and runs the migrations.
        if connection.vendor == "sqlite":
            connection.settings_dict["TEST"]["NAME"] = str(folder / "bench.sqlite3")
        else:
            connection.settings_dict["TEST"]["NAME"] = f"wego_bench_{os.getpid()}"
        old_name = connection.settings_dict["NAME"]
        connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
        try:
            passed = run()
        finally:
            connection.creation.destroy_test_db(old_name, verbosity=0)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
        if throwaway:
            shutil.rmtree(throwaway, ignore_errors=True)
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
