"""A second database of the other engine, for backups and moves across engines.

With SQLite as the test database the other one is a throw-away PostgreSQL database on the
server named by WEGO_TEST_POSTGRES_URL (default postgres://postgres@127.0.0.1:5432/postgres);
the tests that need it skip when no server answers. With PostgreSQL as the test database
the other one is an SQLite file.
"""

import datetime as dt
import os
import uuid
from contextlib import contextmanager
from decimal import Decimal

import dj_database_url
import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from tests.personas import build_world
from wego.analysis.models import Report
from wego.assessments.models import Answer
from wego.common.services import audit_record
from wego.operations import data

POSTGRES_SERVER = os.environ.get("WEGO_TEST_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres")


def _postgres_server() -> dict:
    if connection.vendor == "postgresql":
        conf = dict(connection.settings_dict)
        return {k: conf[k] for k in ("HOST", "PORT", "USER", "PASSWORD")}
    conf = dj_database_url.parse(POSTGRES_SERVER)
    return {k: conf.get(k, "") for k in ("HOST", "PORT", "USER", "PASSWORD")}


@contextmanager
def throwaway_postgres():
    """Settings of a new, empty PostgreSQL database, dropped afterwards; skips the test when
    no server answers."""
    import psycopg

    server = _postgres_server()
    params = {
        "host": server["HOST"] or "127.0.0.1",
        "port": server["PORT"] or 5432,
        "user": server["USER"] or "postgres",
        "password": server["PASSWORD"] or None,
        "dbname": "postgres",
        "connect_timeout": 3,
        "autocommit": True,
    }
    try:
        admin = psycopg.connect(**params)
    except psycopg.OperationalError as exc:
        pytest.skip(f"PostgreSQL is not reachable ({exc}); set WEGO_TEST_POSTGRES_URL to run this test")
    name = f"wego_ops_{uuid.uuid4().hex[:12]}"
    admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield {"ENGINE": "django.db.backends.postgresql", "NAME": name, **server}
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


@pytest.fixture
def other_database(tmp_path):
    """Settings of an empty database of the other engine; dropped afterwards."""
    if connection.vendor == "postgresql":
        yield {"ENGINE": "django.db.backends.sqlite3", "NAME": str(tmp_path / "other.sqlite3")}
        return
    with throwaway_postgres() as settings:
        yield settings


@pytest.fixture
def postgres_database():
    with throwaway_postgres() as settings:
        yield settings


def make_installation():
    """Personas and cities, plus values of every awkward kind: a decimal, JSON, non-ASCII
    text, a UUID key, many-to-many rows, timestamps, and uploaded files (one in a
    sub-folder, one binary)."""
    world = build_world()
    world.city_a.ict_staff_fte = Decimal("12.5")
    world.city_a.notes = "서울 · Zürich · القاهرة"
    world.city_a.save()
    world.assessment_a.cycle.invited.add(world.city_a, world.city_b)
    world.assessment_a.scores = {"GM": 61.25, "overall": 1 / 3, "nested": {"list": [1, None, "x"]}}
    world.assessment_a.save()
    answer = Answer.objects.get(assessment=world.assessment_a, question_id="GM.1.1")
    answer.evidence_file.save("policy é.pdf", ContentFile(b"%PDF-1.4 evidence\n"), save=True)
    report = Report.objects.create(assessment=world.assessment_a, language="en", status="done")
    report.file.save("report.pdf", ContentFile(bytes(range(256)) * 40), save=True)
    audit_record(actor=world.users["secretariat"], action="test.backup", obj=world.city_a, data={"n": 1})
    DBTaskResult.objects.create(
        args_kwargs={"args": [1], "kwargs": {}},
        task_path="wego.analysis.tasks.report_make",
        backend_name="default",
        run_after=timezone.now() + dt.timedelta(days=1),
    )
    return world


def all_rows(using: str) -> dict[str, list[tuple]]:
    """Every row of every table, in primary key order."""
    return {table.label: list(data.read_rows(using, table)) for table in data.tables(using=using)}


def all_files(root) -> dict[str, bytes]:
    return {
        path.relative_to(root).as_posix(): path.read_bytes() for path in root.rglob("*") if path.is_file()
    }
