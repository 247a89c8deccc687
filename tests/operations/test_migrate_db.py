import re

import pytest
from django.db import connection

from tests.operations.conftest import all_rows, make_installation
from tests.operations.test_backup import by_key
from wego.cli import main
from wego.members.models import City
from wego.operations import data
from wego.operations.data import OperationError
from wego.operations.migrate_db import database_migrate

pytestmark = pytest.mark.django_db


@pytest.mark.django_db(transaction=True)
def test_migrate_db_copies_every_row_and_refuses_a_second_time(other_database):
    make_installation()
    rows_before = all_rows("default")
    printed = []

    counts = database_migrate(target=other_database, out=printed.append)

    with data.extra_database(other_database, alias="check") as alias:
        rows_after = all_rows(alias)
        new_city = City.objects.using(alias).create(
            name="New", slug="new", country_id="KOR", latitude=0, longitude=0
        )
    assert by_key(rows_after) == by_key(rows_before)
    assert counts["members.city"] == (2, 2)
    assert counts == {label: (len(rows), len(rows)) for label, rows in rows_before.items()}
    assert re.fullmatch(
        r"members\.city +2 +2", next(line for line in printed if line.startswith("members.city "))
    )
    assert printed[-1].startswith(
        f"Copied {sum(len(r) for r in rows_before.values())} rows in {len(counts)} tables"
    )
    assert new_city.pk == max(City.objects.values_list("pk", flat=True)) + 1
    with pytest.raises(
        OperationError,
        match=r"is not empty: it holds accounts.user \(\d+ rows\), .*; migrate into a new, empty database$",
    ):
        database_migrate(target=other_database, out=printed.append)


def test_migrate_db_refuses_the_database_in_use():
    with pytest.raises(OperationError, match="the target is the database the installation already uses"):
        database_migrate(target=dict(connection.settings_dict), out=lambda _line: None)


def test_cli_migrate_db_rejects_a_bad_url(capsys):
    status = main(["migrate-db", "--to", "nosuchengine://x"])

    assert status == 2
    assert capsys.readouterr().err.startswith(
        "wego migrate-db: error: 'nosuchengine://x' is not a database URL: "
    )
