"""Reading and writing every table of an installation, engine-neutrally.

Backups, restores and `migrate-db` all move rows as plain values: a row is read with the
ORM (so each engine's values come back as the same Python objects), written as JSON, read
back, turned into Python by the field itself (`Field.to_python`) and written with the
target engine's own adaptation (`Field.get_db_prep_save`). That is what makes a backup
taken on SQLite restore into PostgreSQL and back, value for value.

Tables are the tables of Django models (every installed app, many-to-many tables
included). Not copied: `django_migrations` (recorded as the migration state instead) and
the cache table (a cache).
"""

from __future__ import annotations

import base64
import datetime as dt
import decimal
import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import dj_database_url
from django.apps import apps as global_apps
from django.core.management.color import no_style
from django.db import DEFAULT_DB_ALIAS, connections, models, router, transaction
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.recorder import MigrationRecorder
from django.db.utils import load_backend
from django.utils.duration import duration_iso_string

# Rows `migrate` itself creates (post_migrate signal); data migrations may add reference data.
CREATED_BY_MIGRATE = ("contenttypes.contenttype", "auth.permission")
# A database with rows in any of these has been used: restoring or copying into it would mix
# two installations. Without them it holds at most what `migrate` and the loaders put there.
IN_USE = ("accounts.user", "members.city", "assessments.assessment")
BATCH = 1000


class OperationError(Exception):
    """A problem the operator can fix; the message says what and where."""


@dataclass(frozen=True)
class Table:
    label: str  # app_label.modelname, e.g. "assessments.answer"
    name: str  # the database table
    model: type[models.Model]
    fields: tuple[models.Field, ...]

    @property
    def columns(self) -> list[str]:
        return [field.column for field in self.fields]

    def in_order(self, columns: list[str]) -> Table | None:
        """The same table with its fields in the order of `columns` (a backup's), or None
        when the columns differ. A historical model lists its fields in another order."""
        by_column = {field.column: field for field in self.fields}
        if sorted(columns) != sorted(by_column):
            return None
        return Table(self.label, self.name, self.model, tuple(by_column[c] for c in columns))


def tables(app_registry=global_apps, *, using: str | None = None) -> list[Table]:
    """Every model table, parents before the tables that point at them; with `using`, only
    those that exist in that database (a model whose migration is not written has none)."""
    existing = set(connections[using].introspection.table_names()) if using else None
    found = {}
    for model in app_registry.get_models(include_auto_created=True):
        meta = model._meta
        if not meta.managed or meta.proxy or meta.swapped:
            continue
        if existing is not None and meta.db_table not in existing:
            continue
        fields = tuple(f for f in meta.concrete_fields if not getattr(f, "generated", False))
        found[meta.label_lower] = Table(meta.label_lower, meta.db_table, model, fields)
    depends = {
        label: {
            field.related_model._meta.concrete_model._meta.label_lower
            for field in table.fields
            if field.is_relation and field.related_model is not None
        }
        - {label}
        for label, table in found.items()
    }
    ordered: list[str] = []
    remaining = dict(sorted(depends.items()))
    while remaining:
        ready = [label for label, needs in remaining.items() if not (needs & remaining.keys())]
        # A cycle of foreign keys: constraints are checked at commit, so any order works.
        for label in ready or [next(iter(remaining))]:
            ordered.append(label)
            del remaining[label]
    return [found[label] for label in ordered]


def applied_migrations(using: str) -> list[tuple[str, str]]:
    recorder = MigrationRecorder(connections[using])
    if not recorder.has_table():
        return []
    return sorted(recorder.applied_migrations())


def pending_migrations(using: str) -> list[str]:
    executor = MigrationExecutor(connections[using])
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return [f"{migration.app_label}.{migration.name}" for migration, _backwards in plan]


def row_count(using: str, table: str) -> int:
    connection = connections[using]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
        return cursor.fetchone()[0]


def non_empty_tables(using: str, app_registry=global_apps) -> list[str]:
    """Tables holding rows, other than those `migrate` fills by itself."""
    return [
        table.label
        for table in tables(app_registry, using=using)
        if table.label not in CREATED_BY_MIGRATE and row_count(using, table.name)
    ]


def tables_in_use(using: str, app_registry=global_apps) -> list[str]:
    """Which of the tables that show a database has been used hold rows (see IN_USE)."""
    return [
        f"{table.label} ({row_count(using, table.name)} rows)"
        for table in tables(app_registry, using=using)
        if table.label in IN_USE and row_count(using, table.name)
    ]


class _PinnedRouter:
    """Sends every read and write to one database (see `routed_to`)."""

    def __init__(self, alias: str):
        self.alias = alias

    def db_for_read(self, model, **hints):
        return self.alias

    def db_for_write(self, model, **hints):
        return self.alias


@contextmanager
def routed_to(alias: str):
    """Migrating a second database: data migrations that write through a model's default
    manager (without `.using(...)`) must write into that database, not the default one."""
    pinned = _PinnedRouter(alias)
    router.routers.insert(0, pinned)
    try:
        yield
    finally:
        router.routers.remove(pinned)


@contextmanager
def snapshot(using: str):
    """One consistent read of the whole database: what other connections commit meanwhile
    is not seen. PostgreSQL: one REPEATABLE READ, READ ONLY transaction; SQLite: one
    deferred read transaction (in WAL mode writers go on meanwhile)."""
    connection = connections[using]
    if connection.in_atomic_block:
        # Already inside one transaction (the caller's): it is the snapshot.
        yield
        return
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        with connection.cursor() as cursor:
            cursor.execute("BEGIN DEFERRED")
        try:
            yield
        finally:
            with connection.cursor() as cursor:
                cursor.execute("ROLLBACK")
        return
    with transaction.atomic(using=using):
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        yield


def read_rows(using: str, table: Table) -> Iterator[tuple]:
    """Every row of a table, in primary key order, as Python values."""
    queryset = table.model._base_manager.using(using).order_by("pk")
    yield from queryset.values_list(*(f.attname for f in table.fields)).iterator(chunk_size=2000)


def encode_value(value):
    """JSON for the values json cannot write itself (the `default=` of json.dumps)."""
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return duration_iso_string(value)
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, bytes | memoryview):
        return base64.b64encode(bytes(value)).decode("ascii")
    raise TypeError(f"cannot store a {type(value).__name__} in a backup")


def decode_row(fields: tuple[models.Field, ...], row: list) -> list:
    """Python values from the JSON of one row; the field parses its own type."""
    return [
        value if value is None or isinstance(field, models.JSONField) else field.to_python(value)
        for field, value in zip(fields, row, strict=True)
    ]


def insert_rows(using: str, table: Table, rows: Iterable[list | tuple], *, batch: int = BATCH) -> int:
    """Insert rows (Python values, in `table.fields` order) as they are: primary keys and
    timestamps included. Returns the number inserted."""
    connection = connections[using]
    quote = connection.ops.quote_name
    sql = "INSERT INTO {} ({}) VALUES ({})".format(
        quote(table.name),
        ", ".join(quote(column) for column in table.columns),
        ", ".join(["%s"] * len(table.fields)),
    )
    count = 0
    pending: list[list] = []
    with connection.cursor() as cursor:
        for row in rows:
            pending.append(
                [
                    field.get_db_prep_save(value, connection)
                    for field, value in zip(table.fields, row, strict=True)
                ]
            )
            if len(pending) >= batch:
                cursor.executemany(sql, pending)
                count += len(pending)
                pending = []
        if pending:
            cursor.executemany(sql, pending)
            count += len(pending)
    return count


def flush(using: str) -> None:
    """Delete every row of every model table (what a restore or a copy starts with)."""
    connection = connections[using]
    names = connection.introspection.django_table_names(only_existing=True, include_views=False)
    statements = connection.ops.sql_flush(no_style(), names, allow_cascade=True)
    if connection.vendor == "postgresql" and connection.in_atomic_block:
        # TRUNCATE refuses tables with foreign key checks still pending in this transaction.
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    connection.ops.execute_sql_flush(statements)
    if connection.vendor == "postgresql" and connection.in_atomic_block:
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def reset_sequences(using: str) -> None:
    """Make the next generated id follow the largest restored one (PostgreSQL sequences;
    SQLite does this by itself)."""
    connection = connections[using]
    statements = connection.ops.sequence_reset_sql(no_style(), [t.model for t in tables(using=using)])
    if statements:
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)


def check_foreign_keys(using: str) -> None:
    connection = connections[using]
    try:
        connection.check_constraints()
    except Exception as exc:
        raise OperationError(f"the copied rows do not hold together: {exc}") from None


def describe(using: str) -> str:
    """The database in words, without its password."""
    conf = connections[using].settings_dict
    if conf["ENGINE"].endswith("sqlite3"):
        return f"SQLite {conf['NAME']}"
    host = conf.get("HOST") or "localhost"
    port = f":{conf['PORT']}" if conf.get("PORT") else ""
    return f"{connections[using].vendor} {conf.get('NAME')} on {host}{port}"


@contextmanager
def extra_database(url_or_settings: str | dict, *, alias: str = "wego_operations_target"):
    """A second database connection for the duration of the block (`migrate-db`, tests)."""
    if isinstance(url_or_settings, str):
        try:
            conf = dj_database_url.parse(url_or_settings)
        except Exception as exc:  # dj-database-url raises several types for a bad URL
            raise OperationError(f"{url_or_settings!r} is not a database URL: {exc}") from None
    else:
        conf = dict(url_or_settings)
    if alias in connections.settings:
        raise OperationError(f"the database alias {alias!r} is already in use")
    conf = connections.configure_settings({DEFAULT_DB_ALIAS: conf})[DEFAULT_DB_ALIAS]
    # A connection of this thread only, not added to DATABASES.
    connections[alias] = load_backend(conf["ENGINE"]).DatabaseWrapper(conf, alias)
    try:
        yield alias
    finally:
        connections[alias].close()
        del connections[alias]


def same_database(a: str, b: str) -> bool:
    keys = ("ENGINE", "NAME", "HOST", "PORT")
    first, second = connections[a].settings_dict, connections[b].settings_dict
    return all(str(first.get(k) or "") == str(second.get(k) or "") for k in keys)
