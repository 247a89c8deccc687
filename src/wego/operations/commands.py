"""The operator's `wego` subcommands: backup, restore, migrate-db, trash, purge."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

EXIT_FAILED = 2


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wego.settings")
    import django

    django.setup()


def _fail(command: str, message: str) -> int:
    print(f"wego {command}: error: {message}", file=sys.stderr)
    return EXIT_FAILED


def _describe_os_error(exc: OSError) -> str:
    return f"{exc.filename}: {exc.strerror}" if exc.filename and exc.strerror else str(exc)


def backup_command(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="wego backup",
        description="Write the database and the uploaded files to one archive (.tar.gz), "
        "read in one consistent snapshot.",
    )
    parser.add_argument("file", help="the archive to write, e.g. wego-2026-11-27.tar.gz (must not exist)")
    args = parser.parse_args(argv)
    _setup()
    from wego.operations.backup import backup_create
    from wego.operations.data import OperationError

    try:
        backup_create(path=Path(args.file))
    except OperationError as exc:
        return _fail("backup", str(exc))
    except OSError as exc:
        return _fail("backup", _describe_os_error(exc))
    return 0


def restore_command(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="wego restore",
        description="Restore a `wego backup` archive into an empty database and media folder "
        "(a new database is migrated first), then verify every table's rows and every file's checksum.",
    )
    parser.add_argument("file", help="an archive written by `wego backup`")
    parser.add_argument(
        "--force",
        action="store_true",
        help="restore into a database that holds data: EVERY row in it is deleted first, "
        "and files of the same name in the media folder are overwritten",
    )
    args = parser.parse_args(argv)
    _setup()
    from wego.operations.backup import backup_restore
    from wego.operations.data import OperationError

    try:
        backup_restore(path=Path(args.file), force=args.force)
    except OperationError as exc:
        return _fail("restore", str(exc))
    except OSError as exc:
        return _fail("restore", _describe_os_error(exc))
    return 0


def migrate_db_command(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="wego migrate-db",
        description="Copy this installation's database (WEGO_DATABASE_URL, or the SQLite file) "
        "into a new, empty database, with a row count per table to verify. Stop the application "
        "and its workers first: changes made during the copy are not carried over.",
    )
    parser.add_argument("--to", required=True, help="the new database, e.g. postgres://wego:secret@host/wego")
    args = parser.parse_args(argv)
    _setup()
    from wego.operations.data import OperationError
    from wego.operations.migrate_db import database_migrate

    try:
        database_migrate(target=args.to)
    except OperationError as exc:
        return _fail("migrate-db", str(exc))
    except OSError as exc:
        return _fail("migrate-db", _describe_os_error(exc))
    return 0


def purge_command(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="wego purge",
        description="Delete for good the deleted cities and assessments whose retention period "
        "(WEGO_RETENTION_DAYS, 90 days by default) has passed, with the uploaded files only they used.",
    )
    parser.add_argument("--dry-run", action="store_true", help="list what would be deleted; delete nothing")
    args = parser.parse_args(argv)
    _setup()
    from django.utils import timezone

    from wego.operations.models import TrashEntry
    from wego.operations.services import trash_purge

    if args.dry_run:
        due = list(TrashEntry.objects.filter(purge_after__lte=timezone.now()).order_by("deleted_at"))
    else:
        due = trash_purge()
    for entry in due:
        print(f"{entry.kind} {entry.label}: deleted {entry.deleted_at:%Y-%m-%d}, {entry.row_count} rows")
    verb = "would be purged" if args.dry_run else "purged"
    print(f"{len(due)} deleted items {verb}; {TrashEntry.objects.count()} remain in the trash.")
    return 0


def trash_command(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="wego trash",
        description="List the deleted cities and assessments, or put one back (`wego trash restore ID`).",
    )
    parser.add_argument("action", nargs="?", choices=["list", "restore"], default="list")
    parser.add_argument("id", nargs="?", type=int, help="the entry to put back (from the list)")
    args = parser.parse_args(argv)
    _setup()
    from wego.operations.data import OperationError
    from wego.operations.models import TrashEntry
    from wego.operations.services import trash_restore

    if args.action == "list":
        for entry in TrashEntry.objects.order_by("-deleted_at"):
            print(
                f"{entry.pk:>5}  {entry.kind:<10}  {entry.label}  deleted {entry.deleted_at:%Y-%m-%d %H:%M}"
                f"  ({entry.row_count} rows, purged after {entry.purge_after:%Y-%m-%d})"
            )
        return 0
    entry = TrashEntry.objects.filter(pk=args.id).first() if args.id else None
    if entry is None:
        return _fail("trash", f"no deleted item with id {args.id}; see `wego trash list`")
    try:
        rows = trash_restore(entry=entry, actor=None)
    except OperationError as exc:
        return _fail("trash", str(exc))
    print(f"Put back {entry.kind} {entry.label}: {rows} rows.")
    return 0


HELP = (
    "  backup    write the database and uploaded files to one archive\n"
    "  restore   restore an archive into an empty database\n"
    "  migrate-db copy the installation into a new database (SQLite to PostgreSQL)\n"
    "  trash     list deleted cities and assessments, or put one back\n"
    "  purge     delete for good what has been in the trash longer than WEGO_RETENTION_DAYS\n"
)

HANDLERS = {
    "backup": backup_command,
    "restore": restore_command,
    "migrate-db": migrate_db_command,
    "trash": trash_command,
    "purge": purge_command,
}
