"""Benchmark: 300 final submissions in the last minute before an awards deadline.

Target (issue "WeGO Awards"): against a production-style server on PostgreSQL, every
accepted submission is stored exactly once, every late one is refused, nothing is lost.

Set-up: a fresh PostgreSQL database `wego_bench_awards_<pid>` on the server of
WEGO_DATABASE_URL (dropped at the end); an edition whose deadline is DEADLINE_IN seconds
ahead; 300 applicants (invented, labelled as benchmark data), each with a complete draft
and a received recommendation, two per city (the limit per city). Then gunicorn serves the
site and one client thread per applicant posts the final submission at a moment drawn
uniformly over the last minute before the deadline and a few seconds after it, through the
submit page (session cookie and CSRF token, as a browser). One client in three double-clicks
(two concurrent posts with the same submission key) and one in ten retries after a pause.

Checks, from the database: accepted answers = submitted rows = one audit row each; every
submitted row has its time at or before the deadline; every refused draft is still a draft;
no request failed (5xx, timeout); accepted + refused = 300.

    WEGO_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres python bench/awards_deadline.py
"""

from __future__ import annotations

import datetime as dt
import http.client
import os
import random
import secrets
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections import Counter

APPLICANTS = 300
WINDOW_BEFORE = 60.0  # seconds before the deadline over which submissions are spread
WINDOW_AFTER = 6.0  # and after it (all of these must be refused)
DEADLINE_IN = 65.0  # the deadline, in seconds from the moment the server is up
PORT = 8793


def setup_database(base_url: str) -> str:
    import psycopg

    name = f"wego_bench_awards_{os.getpid()}"
    with psycopg.connect(base_url, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    return f"{base_url.rsplit('/', 1)[0]}/{name}"


def drop_database(base_url: str, url: str) -> None:
    import psycopg

    with psycopg.connect(base_url, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{url.rsplit("/", 1)[1]}" WITH (FORCE)')


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


def load(deadline: dt.datetime) -> list[dict]:
    from django.core.management import call_command
    from django.utils import timezone

    from wego.accounts.models import User
    from wego.awards.models import Application, ApplicationStatus, Edition, EditionStatus, Recommendation
    from wego.awards.services import edition_create, project_key, token_hash
    from wego.members.models import City
    from wego.members.services import countries_load

    call_command("migrate", verbosity=0)
    countries_load()
    cities = City.objects.bulk_create(
        [
            City(
                name=f"Bench city {i:03d}",
                slug=f"bench-city-{i:03d}",
                country_id="KOR",
                latitude=37,
                longitude=127,
                notes="benchmark data",
            )
            for i in range(APPLICANTS // 2)
        ]
    )
    edition = edition_create(
        number=99,
        year=deadline.year,
        title="Benchmark Awards (benchmark data)",
        category_set="2020",
        actor=None,
        applications_open_at=timezone.now() - dt.timedelta(days=30),
        applications_close_at=deadline,
    )
    assert edition.status == EditionStatus.APPLICATIONS
    categories = list(edition.categories.all())
    users = User.objects.bulk_create(
        [
            User(email=f"applicant{i:03d}@bench.wego.invalid", full_name=f"Bench applicant {i:03d}")
            for i in range(APPLICANTS)
        ]
    )
    drafts = []
    for i, user in enumerate(users):
        title = f"Benchmark project {i:03d}"
        drafts.append(
            Application(
                edition=edition,
                applicant=user,
                city=cities[i // 2],
                category=categories[i % len(categories)],
                status=ApplicationStatus.DRAFT,
                project_title=title,
                project_key=project_key(title),
                summary="Benchmark data.",
                problem="Benchmark data.",
                solution="Benchmark data.",
                results="Benchmark data.",
                forms_in_english=True,
                contact_name=user.full_name,
                contact_email=user.email,
                is_demo=True,
            )
        )
    drafts = Application.objects.bulk_create(drafts)
    Recommendation.objects.bulk_create(
        [
            Recommendation(
                application=a,
                recommender_name="Bench recommender",
                recommender_email=f"rec{a.pk}@bench.wego.invalid",
                recommender_organisation="Benchmark",
                token_hash=token_hash(secrets.token_urlsafe(16)),
                due_at=deadline,
                received_at=timezone.now(),
            )
            for a in drafts
        ]
    )
    return [
        {"application": a.pk, "cookie": session_cookie(a.applicant)}
        for a in Edition.objects.get(pk=edition.pk).applications.select_related("applicant")
    ]


def serve(env: dict) -> subprocess.Popen:
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "wego.wsgi:application",
            "--workers",
            "4",
            "--threads",
            "4",
            "--bind",
            f"127.0.0.1:{PORT}",
            "--timeout",
            "60",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(150):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{PORT}/awards/", timeout=2)
            return process
        except OSError:
            time.sleep(0.2)
    process.terminate()
    raise SystemExit("gunicorn did not start")


def post_submit(client: dict, key: str) -> str:
    """One POST of the submit form; 'accepted', 'refused' or 'error: ...' by where it redirects."""
    csrf = secrets.token_hex(16)  # a 32-character CSRF secret, as the cookie holds
    body = f"csrfmiddlewaretoken={csrf}&key={key}"
    connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=60)
    try:
        connection.request(
            "POST",
            f"/awards/applications/{client['application']}/submit/",
            body=body,
            headers={
                "Cookie": f"{client['cookie']}; csrftoken={csrf}",
                "Content-Type": "application/x-www-form-urlencoded",
            },
        )
        response = connection.getresponse()
        response.read()
        location = response.getheader("Location", "")
    except OSError as exc:
        return f"error: {exc}"
    finally:
        connection.close()
    if response.status != 302:
        return f"error: HTTP {response.status}"
    if location.endswith(f"/awards/applications/{client['application']}/"):
        return "accepted"
    if location.endswith("/step/4/"):
        return "refused"
    return f"error: redirected to {location}"


def run_clients(clients: list[dict], deadline_at: float) -> list[dict]:
    rng = random.Random(2026)
    outcomes: list[dict] = []
    lock = threading.Lock()

    def one(client: dict, at: float, mode: str) -> None:
        key = secrets.token_hex(16)
        time.sleep(max(0.0, at - time.monotonic()))
        sent = time.monotonic()
        if mode == "double":
            results: list[str] = []
            pair = [
                threading.Thread(target=lambda: results.append(post_submit(client, key))) for _ in range(2)
            ]
            for t in pair:
                t.start()
            for t in pair:
                t.join()
        elif mode == "retry":
            results = [post_submit(client, key)]
            time.sleep(0.5)
            results.append(post_submit(client, key))
        else:
            results = [post_submit(client, key)]
        with lock:
            outcomes.append(
                {"application": client["application"], "sent": sent, "results": results, "mode": mode}
            )

    threads = []
    for client in clients:
        at = deadline_at + rng.uniform(-WINDOW_BEFORE, WINDOW_AFTER)
        roll = rng.random()
        mode = "double" if roll < 1 / 3 else ("retry" if roll < 1 / 3 + 0.1 else "single")
        threads.append(threading.Thread(target=one, args=(client, at, mode)))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def check(outcomes: list[dict], deadline: dt.datetime, deadline_at: float) -> int:
    from wego.awards.models import Application, ApplicationStatus
    from wego.common.models import AuditEvent

    errors = [r for o in outcomes for r in o["results"] if r.startswith("error")]
    accepted = {o["application"] for o in outcomes if "accepted" in o["results"]}
    refused = {o["application"] for o in outcomes if "accepted" not in o["results"]}
    submitted = dict(
        Application.objects.filter(status=ApplicationStatus.SUBMITTED).values_list("pk", "submitted_at")
    )
    drafts = set(Application.objects.filter(status=ApplicationStatus.DRAFT).values_list("pk", flat=True))
    audits = Counter(
        int(i)
        for i in AuditEvent.objects.filter(action="awards.application.submit").values_list(
            "object_id", flat=True
        )
    )
    sent_late = {o["application"] for o in outcomes if o["sent"] > deadline_at}
    sent_before = {o["application"] for o in outcomes if o["sent"] <= deadline_at}
    modes = Counter(o["mode"] for o in outcomes)
    requests = sum(len(o["results"]) for o in outcomes)
    failures = []
    if errors:
        failures.append(f"{len(errors)} failed requests, e.g. {errors[:3]}")
    if set(submitted) != accepted:
        failures.append(f"accepted answers ({len(accepted)}) differ from submitted rows ({len(submitted)})")
    if any(n != 1 for n in audits.values()) or set(audits) != set(submitted):
        failures.append("a submission was recorded more or less than once")
    if any(at > deadline for at in submitted.values()):
        failures.append("a submission is stored with a time after the deadline")
    if sent_late & accepted:
        failures.append(f"{len(sent_late & accepted)} submissions sent after the deadline were accepted")
    if refused != drafts:
        failures.append("a refused application is not a draft, or a draft went missing")
    if len(accepted) + len(refused) != APPLICANTS:
        failures.append("applications lost")
    print(
        f"applications: {APPLICANTS}; requests: {requests} "
        f"(single {modes['single']}, double-click {modes['double']}, retry {modes['retry']})"
    )
    print(f"sent before the deadline: {len(sent_before)}; sent after it: {len(sent_late)}")
    print(
        f"accepted: {len(accepted)}; stored as submitted: {len(submitted)}; audit rows: {sum(audits.values())}"
    )
    print(
        f"refused: {len(refused)} (sent after the deadline: {len(sent_late & refused)}; sent before it but "
        f"reaching the server after it: {len(sent_before & refused)}); still drafts: {len(drafts)}"
    )
    print(f"failed requests: {len(errors)}; lost: {APPLICANTS - len(accepted) - len(refused)}")
    print("PASS" if not failures else "FAIL: " + "; ".join(failures))
    return 0 if not failures else 1


def main() -> int:
    base_url = os.environ.get("WEGO_DATABASE_URL", "")
    if not base_url.startswith("postgres"):
        print(
            "bench/awards_deadline.py measures the production set-up: set WEGO_DATABASE_URL to a PostgreSQL server"
        )
        return 2
    data_dir = tempfile.mkdtemp(prefix="wego-bench-awards-")
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
        from django.db import connections

        from wego.awards.models import Edition, Recommendation

        clients = load(dt.datetime.now(dt.UTC) + dt.timedelta(hours=1))
        server = serve(env)
        # The deadline is set once the server runs, DEADLINE_IN seconds ahead.
        deadline = (dt.datetime.now(dt.UTC) + dt.timedelta(seconds=DEADLINE_IN)).replace(microsecond=0)
        Edition.objects.filter(number=99).update(
            applications_close_at=deadline, recommendation_due_at=deadline
        )
        Recommendation.objects.update(due_at=deadline)
        connections.close_all()
        # The clients' clock: the deadline in monotonic time.
        deadline_at = time.monotonic() + (deadline - dt.datetime.now(dt.UTC)).total_seconds()
        print(
            f"deadline {deadline:%H:%M:%S} UTC, in {deadline_at - time.monotonic():.0f} s; gunicorn 4 workers x 4 threads"
        )
        outcomes = run_clients(clients, deadline_at)
        return check(outcomes, deadline, deadline_at)
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=10)
        from django.db import connections

        connections.close_all()
        drop_database(base_url, url)
        shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
