"""`wego backup` and `wego restore`: the database and the uploaded files in one archive.

The archive is a gzip-compressed tar file:

    manifest.json                    format, version, migration state, tables, files, checksums
    data/<app>.<model>.jsonl         one JSON array per row, columns as listed in the manifest
    media/<path>                     every file under MEDIA_ROOT

The database is read in one consistent snapshot (see `data.snapshot`) through the ORM, not
with pg_dump: the same archive restores into SQLite or PostgreSQL, whichever engine it came
from, and nothing outside Python is needed. A restore checks the whole archive (every
checksum and row count) before it writes anything, loads every table in one transaction,
then puts the files in place and verifies both against the manifest.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
import shutil
import tarfile
import tempfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import DatabaseError, connections, transaction
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from wego.operations import data
from wego.operations.data import OperationError

FORMAT = "wego-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
CHUNK = 1024 * 1024


class BackupError(OperationError):
    pass


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def media_files(root: Path) -> list[Path]:
    """Regular files under the media folder (symbolic links are not followed)."""
    if not root.is_dir():
        return []
    found = []
    for directory, subdirectories, names in os.walk(root):
        subdirectories.sort()
        for name in sorted(names):
            path = Path(directory) / name
            if path.is_file() and not path.is_symlink():
                found.append(path)
    return found


def _wego_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("wego")
    except PackageNotFoundError:
        return "unknown"


# ---------------------------------------------------------------------------------------- backup


def backup_create(
    *, path: Path, using: str = "default", media_root: Path | None = None, out: Callable[[str], None] = print
) -> dict:
    """Write the archive to `path` (a new file). Returns the manifest."""
    path = Path(path)
    media_root = Path(media_root or settings.MEDIA_ROOT)
    if path.exists():
        raise BackupError(f"{path} already exists; choose a new file name")
    if not path.resolve().parent.is_dir():
        raise BackupError(f"the folder {path.resolve().parent} does not exist")
    pending = data.pending_migrations(using)
    if pending:
        raise BackupError(
            f"the database has migrations not applied ({', '.join(pending[:3])}...); run `wego migrate` first"
        )
    manifest = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "created_at": timezone.now().isoformat(),
        "wego_version": _wego_version(),
        "source": connections[using].vendor,
        "migrations": [],
        "tables": [],
        "files": [],
    }
    with tempfile.TemporaryDirectory(prefix="wego-backup-", dir=path.resolve().parent) as work:
        work_dir = Path(work)
        (work_dir / "data").mkdir()
        with data.snapshot(using):
            manifest["migrations"] = [list(node) for node in data.applied_migrations(using)]
            for table in data.tables(using=using):
                file_name = f"data/{table.label}.jsonl"
                digest = hashlib.sha256()
                rows = 0
                with open(work_dir / file_name, "wb") as handle:
                    for row in data.read_rows(using, table):
                        line = (
                            json.dumps(
                                row, ensure_ascii=False, separators=(",", ":"), default=data.encode_value
                            )
                            + "\n"
                        ).encode("utf-8")
                        handle.write(line)
                        digest.update(line)
                        rows += 1
                manifest["tables"].append(
                    {
                        "model": table.label,
                        "table": table.name,
                        "columns": table.columns,
                        "rows": rows,
                        "file": file_name,
                        "sha256": digest.hexdigest(),
                    }
                )
        # Files are read after the database: a file uploaded meanwhile is included unreferenced
        # (harmless); uploads never replace an existing file.
        for file_path in media_files(media_root):
            manifest["files"].append(
                {
                    "path": file_path.relative_to(media_root).as_posix(),
                    "size": file_path.stat().st_size,
                    "sha256": sha256_file(file_path),
                }
            )
        temporary = work_dir / "archive.tar.gz"
        with tarfile.open(temporary, "w:gz") as archive:
            text = json.dumps(manifest, indent=1, ensure_ascii=False).encode("utf-8")
            info = tarfile.TarInfo(MANIFEST)
            info.size = len(text)
            info.mtime = int(dt.datetime.now().timestamp())
            archive.addfile(info, io.BytesIO(text))
            for entry in manifest["tables"]:
                archive.add(work_dir / entry["file"], arcname=entry["file"], recursive=False)
            for entry in manifest["files"]:
                archive.add(media_root / entry["path"], arcname=f"media/{entry['path']}", recursive=False)
        os.replace(temporary, path)
    rows = sum(t["rows"] for t in manifest["tables"])
    out(
        f"Backed up {data.describe(using)}: {rows} rows in {len(manifest['tables'])} tables, "
        f"{len(manifest['files'])} files; wrote {path}"
    )
    return manifest


# ---------------------------------------------------------------------------------------- reading


@dataclass
class Archive:
    """A checked archive, unpacked into a staging folder."""

    manifest: dict
    staging: Path
    tables: list[dict] = field(default_factory=list)

    def data_file(self, entry: dict) -> Path:
        return self.staging / entry["file"]

    def media_file(self, entry: dict) -> Path:
        return self.staging / "media" / entry["path"]


def _safe_member_name(name: str) -> PurePosixPath:
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or not path.parts:
        raise BackupError(f"the archive holds a file outside its folders: {name!r}")
    return path


def _check_manifest(manifest) -> None:
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError("this is not a WeGO backup (manifest.json has no 'format': 'wego-backup')")
    if manifest.get("format_version") != FORMAT_VERSION:
        raise BackupError(
            f"backup format version {manifest.get('format_version')!r} is not supported "
            f"(this version of WeGO reads version {FORMAT_VERSION})"
        )
    try:
        for node in manifest["migrations"]:
            if not (isinstance(node, list) and len(node) == 2 and all(isinstance(p, str) for p in node)):
                raise ValueError("migrations")
        for entry in manifest["tables"]:
            if not (
                isinstance(entry["model"], str)
                and isinstance(entry["file"], str)
                and isinstance(entry["rows"], int)
                and isinstance(entry["sha256"], str)
                and isinstance(entry["columns"], list)
            ):
                raise ValueError(f"tables ({entry.get('model')})")
        for entry in manifest["files"]:
            if not (isinstance(entry["path"], str) and isinstance(entry["sha256"], str)):
                raise ValueError("files")
            _safe_member_name(entry["path"])
    except (KeyError, TypeError, ValueError) as exc:
        raise BackupError(f"manifest.json is incomplete or malformed (at {exc})") from None


def archive_open(path: Path, *, staging_parent: Path) -> Archive:
    """Unpack and check the archive: the manifest, every member's checksum, every table's
    row count. Raises BackupError, and leaves nothing behind, when anything is wrong."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"{path} does not exist or is not a file")
    try:
        staging_parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".wego-restore-", dir=staging_parent))
    except OSError:
        # Beside the media folder keeps the final move a rename; any writable place will do.
        staging = Path(tempfile.mkdtemp(prefix=".wego-restore-"))
    try:
        manifest = _unpack(path, staging)
        return Archive(manifest=manifest, staging=staging, tables=manifest["tables"])
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def _unpack(path: Path, staging: Path) -> dict:
    manifest = None
    seen: dict[str, tuple[str, int]] = {}
    try:
        with tarfile.open(path, "r:gz") as archive:
            for number, member in enumerate(archive):
                name = _safe_member_name(member.name)
                if number == 0:
                    if member.name != MANIFEST or not member.isfile():
                        raise BackupError("this is not a WeGO backup (it does not start with manifest.json)")
                    manifest = json.loads(archive.extractfile(member).read().decode("utf-8"))
                    _check_manifest(manifest)
                    continue
                if member.isdir():
                    continue
                if not member.isfile():
                    raise BackupError(f"the archive holds {member.name!r}, which is not a regular file")
                if name.parts[0] not in ("data", "media") or len(name.parts) < 2:
                    raise BackupError(f"the archive holds an unexpected file {member.name!r}")
                target = staging.joinpath(*name.parts)
                target.parent.mkdir(parents=True, exist_ok=True)
                digest = hashlib.sha256()
                lines = 0
                source = archive.extractfile(member)
                with open(target, "wb") as handle:
                    while chunk := source.read(CHUNK):
                        digest.update(chunk)
                        lines += chunk.count(b"\n")
                        handle.write(chunk)
                seen[name.as_posix()] = (digest.hexdigest(), lines)
    except BackupError:
        raise
    except (tarfile.TarError, EOFError, zlib.error, OSError) as exc:
        raise BackupError(f"{path} is damaged or truncated ({exc}); nothing was restored") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BackupError(f"manifest.json is not valid JSON ({exc})") from None
    if manifest is None:
        raise BackupError(f"{path} is empty: it is not a WeGO backup")
    expected = {entry["file"]: entry for entry in manifest["tables"]}
    expected.update({f"media/{entry['path']}": entry for entry in manifest["files"]})
    missing = sorted(expected.keys() - seen.keys())
    if missing:
        raise BackupError(f"the archive lacks {len(missing)} files listed in its manifest, e.g. {missing[0]}")
    extra = sorted(seen.keys() - expected.keys())
    if extra:
        raise BackupError(f"the archive holds a file its manifest does not list: {extra[0]}")
    for name, entry in expected.items():
        digest, lines = seen[name]
        if digest != entry["sha256"]:
            raise BackupError(f"{name}: the checksum does not match the manifest; the archive is damaged")
        if name.startswith("data/") and lines != entry["rows"]:
            raise BackupError(f"{name}: {lines} rows, the manifest says {entry['rows']}")
    return manifest


# ---------------------------------------------------------------------------------------- restore


def _migration_targets(executor: MigrationExecutor, nodes: set[tuple[str, str]]) -> list[tuple[str, str]]:
    """The last migration of each app in a set of applied migrations."""
    graph = executor.loader.graph
    return sorted(
        node for node in nodes if not ({child.key for child in graph.node_map[node].children} & nodes)
    )


def backup_restore(
    *,
    path: Path,
    using: str = "default",
    media_root: Path | None = None,
    force: bool = False,
    out: Callable[[str], None] = print,
) -> dict:
    """Restore an archive into an empty database and media folder. Returns {table: rows}."""
    media_root = Path(media_root or settings.MEDIA_ROOT)
    archive = archive_open(path, staging_parent=media_root.parent)
    try:
        return _restore(archive, using=using, media_root=media_root, force=force, out=out)
    finally:
        shutil.rmtree(archive.staging, ignore_errors=True)


def _restore(archive: Archive, *, using: str, media_root: Path, force: bool, out) -> dict:
    manifest = archive.manifest
    connection = connections[using]
    executor = MigrationExecutor(connection)
    graph = executor.loader.graph
    backup_nodes = {tuple(node) for node in manifest["migrations"]}
    unknown = sorted(backup_nodes - set(graph.nodes))
    if unknown:
        raise BackupError(
            f"the backup was taken by a newer version of WeGO (it has migration {'.'.join(unknown[0])}); "
            "upgrade WeGO, then restore"
        )
    targets = _migration_targets(executor, backup_nodes)
    applied = set(data.applied_migrations(using))
    if applied and applied != backup_nodes:
        raise BackupError(
            f"{data.describe(using)} is at another migration state than the backup; "
            "restore into a new, empty database (restore migrates it)"
        )
    state_apps = executor.loader.project_state(targets, at_end=True).apps
    historical = {table.label: table for table in data.tables(state_apps)}
    by_label = {}
    for entry in manifest["tables"]:
        table = historical.get(entry["model"])
        by_label[entry["model"]] = table.in_order(entry["columns"]) if table else None
        if by_label[entry["model"]] is None:
            raise BackupError(
                f"the table {entry['model']} in the backup does not match its migration state "
                "(its columns differ from what the migrations create)"
            )
    if applied and not force:
        occupied = data.tables_in_use(using, state_apps)
        if occupied:
            raise BackupError(
                f"{data.describe(using)} is not empty: it holds {', '.join(occupied)}; "
                "restore into an empty database, or pass --force to replace everything in it"
            )
    existing_files = media_files(media_root)
    if existing_files and not force:
        raise BackupError(
            f"the media folder {media_root} is not empty ({len(existing_files)} files); "
            "restore into an empty folder, or pass --force to overwrite files of the same name"
        )
    if not applied:
        out(f"Creating the tables in {data.describe(using)} (migration state of the backup)...")
        with data.routed_to(using):
            executor.migrate(targets)
    with transaction.atomic(using=using):
        # What migrations and loaders put there (content types, reference data) is in the
        # backup too: it all comes from the backup.
        data.flush(using)
        for entry in manifest["tables"]:
            table = by_label[entry["model"]]
            with open(archive.data_file(entry), encoding="utf-8", newline="\n") as handle:
                rows = (data.decode_row(table.fields, json.loads(line)) for line in handle)
                try:
                    data.insert_rows(using, table, rows)
                except (ValueError, TypeError, ValidationError, DatabaseError) as exc:
                    # A crafted or hand-edited archive can be consistent (checksums and row
                    # counts match) and still hold rows the database refuses; all is rolled back.
                    # PostgreSQL adds a DETAIL line: the operator's message stays on one line.
                    reason = "; ".join(part.strip() for part in str(exc).splitlines() if part.strip())
                    raise BackupError(f"{entry['file']}: a value cannot be restored ({reason})") from None
        data.check_foreign_keys(using)
    ContentType.objects.clear_cache()
    if data.pending_migrations(using):
        out("Applying the migrations added since the backup was taken...")
        with data.routed_to(using):
            call_command("migrate", database=using, interactive=False, verbosity=0)
    data.reset_sequences(using)
    for entry in manifest["files"]:
        target = media_root.joinpath(*PurePosixPath(entry["path"]).parts)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(archive.media_file(entry), target)
    return _verify(manifest, using=using, media_root=media_root, out=out)


def _verify(manifest: dict, *, using: str, media_root: Path, out) -> dict:
    counts = {}
    problems = []
    width = max((len(entry["model"]) for entry in manifest["tables"]), default=10)
    out(f"{'table':<{width}}  {'backup':>8}  {'restored':>8}")
    for entry in manifest["tables"]:
        restored = data.row_count(using, entry["table"])
        counts[entry["model"]] = restored
        # Migrations applied after the backup may add content types and permissions.
        if entry["model"] in data.CREATED_BY_MIGRATE:
            mark = "" if restored >= entry["rows"] else "  MISMATCH"
        else:
            mark = "" if restored == entry["rows"] else "  MISMATCH"
        if mark:
            problems.append(entry["model"])
        out(f"{entry['model']:<{width}}  {entry['rows']:>8}  {restored:>8}{mark}")
    bad_files = [
        entry["path"]
        for entry in manifest["files"]
        if sha256_file(media_root.joinpath(*PurePosixPath(entry["path"]).parts)) != entry["sha256"]
    ]
    out(f"files: {len(manifest['files']) - len(bad_files)} of {len(manifest['files'])} match their checksums")
    if problems or bad_files:
        raise BackupError(
            "the restored data differs from the backup: "
            + ", ".join(problems + bad_files[:5])
            + " (see the table above)"
        )
    rows = sum(entry["rows"] for entry in manifest["tables"])
    out(f"Restored {rows} rows and {len(manifest['files'])} files into {data.describe(using)}.")
    return counts
