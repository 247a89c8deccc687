"""`wego migrate-db --to postgres://...`: move an installation to another database.

The target is migrated (it gets the same tables as the source), then every table is copied
in dependency order, in batches, from one consistent snapshot of the source, in one
transaction on the target; sequences are reset and every table's row count is compared
with the source's. Uploaded files stay where they are (MEDIA_ROOT does not change).
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import DatabaseError, connections, transaction

from wego.operations import data
from wego.operations.data import OperationError


def database_migrate(
    *, target: str | dict, source: str = "default", out: Callable[[str], None] = print
) -> dict[str, tuple[int, int]]:
    """Copy every table of `source` into the empty database `target` (a URL or settings).
    Returns {table: (rows in the source, rows in the target)}."""
    pending = data.pending_migrations(source)
    if pending:
        raise OperationError(
            f"{data.describe(source)} has migrations not applied ({pending[0]}...); run `wego migrate` first"
        )
    with data.extra_database(target) as alias:
        if data.same_database(source, alias):
            raise OperationError("the target is the database the installation already uses")
        try:
            connections[alias].ensure_connection()
        except DatabaseError as exc:
            raise OperationError(f"cannot connect to {data.describe(alias)}: {exc}") from None
        occupied = data.tables_in_use(alias)
        if occupied:
            raise OperationError(
                f"{data.describe(alias)} is not empty: it holds {', '.join(occupied)}; "
                "migrate into a new, empty database"
            )
        out(f"Creating the tables in {data.describe(alias)}...")
        with data.routed_to(alias):
            call_command("migrate", database=alias, interactive=False, verbosity=0)
        counts: dict[str, tuple[int, int]] = {}
        copied_tables = data.tables(using=source)
        names = {table.label: table.name for table in copied_tables}
        with data.snapshot(source), transaction.atomic(using=alias):
            # What the migrations put there (content types, reference data) comes from the source.
            data.flush(alias)
            for table in copied_tables:
                copied = data.insert_rows(alias, table, data.read_rows(source, table))
                counts[table.label] = (data.row_count(source, table.name), copied)
            data.check_foreign_keys(alias)
        data.reset_sequences(alias)
        ContentType.objects.clear_cache()
        width = max(len(label) for label in counts)
        out(f"{'table':<{width}}  {'source':>8}  {'target':>8}")
        mismatches = []
        for label, (expected, _copied) in counts.items():
            found = data.row_count(alias, names[label])
            counts[label] = (expected, found)
            mark = "" if expected == found else "  MISMATCH"
            if mark:
                mismatches.append(label)
            out(f"{label:<{width}}  {expected:>8}  {found:>8}{mark}")
        if mismatches:
            raise OperationError(f"the row counts differ for {', '.join(mismatches)}")
        total = sum(expected for expected, _found in counts.values())
        out(
            f"Copied {total} rows in {len(counts)} tables from {data.describe(source)} to {data.describe(alias)}. "
            "Now set WEGO_DATABASE_URL to the new database and restart the application and its workers."
        )
        return counts
