"""The snapshot a backup reads: what other connections commit meanwhile is not in it."""

import pytest
from django.conf import settings as django_settings

from wego.operations import data

pytestmark = pytest.mark.django_db


def count(alias):
    return data.row_count(alias, "items")


def snapshot_ignores_concurrent_commits(conf):
    with (
        data.extra_database(conf, alias="reader") as reader,
        data.extra_database(conf, alias="writer") as writer,
    ):
        from django.db import connections

        with connections[writer].cursor() as cursor:
            cursor.execute("CREATE TABLE items (id integer PRIMARY KEY)")
            cursor.execute("INSERT INTO items VALUES (1)")
        with data.snapshot(reader):
            first = count(reader)
            with connections[writer].cursor() as cursor:
                cursor.execute("INSERT INTO items VALUES (2)")  # committed at once (autocommit)
            inside = count(reader)
        after = count(reader)
    return first, inside, after


def test_snapshot_on_sqlite_does_not_see_later_commits(tmp_path):
    conf = dict(django_settings.DATABASES["default"])
    if conf["ENGINE"] != "django.db.backends.sqlite3":
        conf = {"ENGINE": "django.db.backends.sqlite3", "OPTIONS": {}}
    # The production options: WAL, so the writer goes on while the snapshot is open.
    conf["OPTIONS"] = {"init_command": "PRAGMA journal_mode=WAL;", "timeout": 5}
    conf["NAME"] = str(tmp_path / "snapshot.sqlite3")

    assert snapshot_ignores_concurrent_commits(conf) == (1, 1, 2)


def test_snapshot_on_postgresql_does_not_see_later_commits(postgres_database):
    assert snapshot_ignores_concurrent_commits(postgres_database) == (1, 1, 2)
