import gzip
import io
import json
import re
import shutil
import tarfile

import pytest

from tests.operations.conftest import all_files, all_rows, make_installation
from wego.assessments.models import Answer
from wego.cli import main
from wego.members.models import City
from wego.operations import data
from wego.operations.backup import FORMAT_VERSION, BackupError, backup_create, backup_restore

pytestmark = pytest.mark.django_db
# Round trips commit for real (as a restore does); the refusals run inside the test's transaction.
committed = pytest.mark.django_db(transaction=True)


def by_key(rows_by_table):
    """Rows sorted by primary key as text: engines order text keys differently."""
    return {label: sorted(rows, key=lambda row: str(row[0])) for label, rows in rows_by_table.items()}


def empty_installation(media_root):
    data.flush("default")
    shutil.rmtree(media_root, ignore_errors=True)


def lines():
    printed = []
    return printed, printed.append


@pytest.fixture
def installation(settings):
    make_installation()
    return settings.MEDIA_ROOT


@committed
def test_backup_restore_round_trip_reproduces_every_row_and_file(installation, tmp_path):
    rows_before = all_rows("default")
    files_before = all_files(installation)
    archive = tmp_path / "backup.tar.gz"
    backup_create(path=archive, out=lambda _line: None)
    empty_installation(installation)
    printed, out = lines()

    counts = backup_restore(path=archive, out=out)

    assert by_key(all_rows("default")) == by_key(rows_before)
    assert all_files(installation) == files_before
    evidence = Answer.objects.exclude(evidence_file="").get().evidence_file.name
    # Private uploads (a letter of intent of the personas' world) are in the media folder too.
    assert sorted(files_before) == sorted(
        [evidence, "private/feasibility-letters/2026/letter.pdf", "reports/report.pdf"]
    )
    assert counts["members.city"] == 2
    assert printed[-2] == "files: 3 of 3 match their checksums"
    total = sum(len(rows) for rows in rows_before.values())
    assert printed[-1] == f"Restored {total} rows and 3 files into {data.describe('default')}."


def test_backup_manifest_lists_tables_rows_migrations_and_checksums(installation, tmp_path):
    archive = tmp_path / "backup.tar.gz"

    manifest = backup_create(path=archive, out=lambda _line: None)

    with tarfile.open(archive) as tar:
        names = tar.getnames()
        stored = json.loads(tar.extractfile("manifest.json").read())
    assert names[0] == "manifest.json"
    assert stored == manifest
    assert manifest["format_version"] == FORMAT_VERSION
    assert ["members", "0001_initial"] in manifest["migrations"]
    cities = next(entry for entry in manifest["tables"] if entry["model"] == "members.city")
    assert (cities["rows"], cities["file"], cities["table"]) == (2, "data/members.city.jsonl", "members_city")
    assert [entry["path"] for entry in manifest["files"]] == sorted(all_files(installation))
    assert sorted(names[1:]) == sorted(
        [entry["file"] for entry in manifest["tables"]] + [f"media/{e['path']}" for e in manifest["files"]]
    )


@committed
def test_restore_into_other_engine_reproduces_every_row_and_file(installation, tmp_path, other_database):
    rows_before = all_rows("default")
    files_before = all_files(installation)
    archive = tmp_path / "backup.tar.gz"
    backup_create(path=archive, out=lambda _line: None)
    media = tmp_path / "other-media"

    with data.extra_database(other_database, alias="other") as alias:
        backup_restore(path=archive, using=alias, media_root=media, out=lambda _line: None)
        rows_after = all_rows(alias)
        # The sequences follow the restored ids: a new row gets the next free id.
        new_city = City.objects.using(alias).create(
            name="New", slug="new", country_id="KOR", latitude=0, longitude=0
        )

    assert by_key(rows_after) == by_key(rows_before)
    assert all_files(media) == files_before
    assert new_city.pk == max(City.objects.values_list("pk", flat=True)) + 1


def test_restore_refuses_a_database_that_holds_data(installation, tmp_path):
    archive = tmp_path / "backup.tar.gz"
    backup_create(path=archive, out=lambda _line: None)
    shutil.rmtree(installation)

    with pytest.raises(
        BackupError,
        match=r"is not empty: it holds accounts.user \(6 rows\), members.city \(2 rows\), "
        r"assessments.assessment \(2 rows\); restore into an empty database, or pass --force",
    ):
        backup_restore(path=archive, out=lambda _line: None)


def test_restore_refuses_a_media_folder_that_holds_files(installation, tmp_path):
    archive = tmp_path / "backup.tar.gz"
    backup_create(path=archive, out=lambda _line: None)
    data.flush("default")

    with pytest.raises(BackupError, match=r"the media folder .* is not empty \(3 files\)"):
        backup_restore(path=archive, out=lambda _line: None)
    assert City.objects.count() == 0


def test_restore_force_replaces_everything(installation, tmp_path):
    rows_before = all_rows("default")
    archive = tmp_path / "backup.tar.gz"
    backup_create(path=archive, out=lambda _line: None)
    City.objects.create(name="Later", slug="later", country_id="KOR", latitude=0, longitude=0)

    backup_restore(path=archive, force=True, out=lambda _line: None)

    assert by_key(all_rows("default")) == by_key(rows_before)


def rewrite(archive, target, *, change_member=None, manifest_change=None, drop=None):
    """A copy of an archive with one member changed (its manifest entry left as it was)."""
    with tarfile.open(archive) as source, tarfile.open(target, "w:gz") as copy:
        for member in source:
            content = source.extractfile(member).read()
            if member.name == drop:
                continue
            if member.name == "manifest.json" and manifest_change:
                manifest = json.loads(content)
                manifest_change(manifest)
                content = json.dumps(manifest).encode()
            if member.name == change_member:
                content = content.replace(b"Alpha City", b"Omega City")
            member.size = len(content)
            copy.addfile(member, io.BytesIO(content))


@pytest.fixture
def emptied(installation, tmp_path):
    """A good archive, and the installation emptied as for a restore."""
    archive = tmp_path / "backup.tar.gz"
    backup_create(path=archive, out=lambda _line: None)
    empty_installation(installation)
    return archive


def assert_nothing_written(media_root):
    assert data.non_empty_tables("default") == []
    assert media_root.exists() is False  # emptied before, and not created by the failed restore
    assert [p.name for p in media_root.parent.iterdir() if p.name.startswith(".wego-restore-")] == []


def test_restore_truncated_archive_changes_nothing(emptied, tmp_path, settings):
    truncated = tmp_path / "truncated.tar.gz"
    truncated.write_bytes(emptied.read_bytes()[: emptied.stat().st_size // 2])

    with pytest.raises(
        BackupError, match=r"truncated.tar.gz is damaged or truncated \(.*\); nothing was restored"
    ):
        backup_restore(path=truncated, out=lambda _line: None)
    assert_nothing_written(settings.MEDIA_ROOT)


def test_restore_of_another_file_says_it_is_not_a_backup(emptied, tmp_path, settings):
    other = tmp_path / "other.tar.gz"
    with tarfile.open(other, "w:gz") as tar:
        info = tarfile.TarInfo("readme.txt")
        info.size = 2
        tar.addfile(info, io.BytesIO(b"hi"))
    plain = tmp_path / "plain.tar.gz"
    plain.write_bytes(gzip.compress(b"not a tar file at all" * 100))

    with pytest.raises(
        BackupError, match=r"this is not a WeGO backup \(it does not start with manifest.json\)"
    ):
        backup_restore(path=other, out=lambda _line: None)
    with pytest.raises(BackupError, match=r"plain.tar.gz is damaged or truncated"):
        backup_restore(path=plain, out=lambda _line: None)
    assert_nothing_written(settings.MEDIA_ROOT)


def test_restore_checksum_mismatch_changes_nothing(emptied, tmp_path, settings):
    tampered = tmp_path / "tampered.tar.gz"
    rewrite(emptied, tampered, change_member="data/members.city.jsonl")

    with pytest.raises(
        BackupError,
        match=r"data/members.city.jsonl: the checksum does not match the manifest; the archive is damaged",
    ):
        backup_restore(path=tampered, out=lambda _line: None)
    assert_nothing_written(settings.MEDIA_ROOT)


def test_restore_missing_file_or_newer_format_changes_nothing(emptied, tmp_path, settings):
    missing = tmp_path / "missing.tar.gz"
    rewrite(emptied, missing, drop="media/reports/report.pdf")
    newer = tmp_path / "newer.tar.gz"
    rewrite(emptied, newer, manifest_change=lambda m: m.update(format_version=FORMAT_VERSION + 1))
    future = tmp_path / "future.tar.gz"
    rewrite(emptied, future, manifest_change=lambda m: m["migrations"].append(["members", "9999_future"]))

    with pytest.raises(
        BackupError, match=r"lacks 1 files listed in its manifest, e\.g\. media/reports/report.pdf"
    ):
        backup_restore(path=missing, out=lambda _line: None)
    with pytest.raises(BackupError, match=rf"backup format version {FORMAT_VERSION + 1} is not supported"):
        backup_restore(path=newer, out=lambda _line: None)
    with pytest.raises(
        BackupError, match=r"taken by a newer version of WeGO \(it has migration members.9999_future\)"
    ):
        backup_restore(path=future, out=lambda _line: None)
    assert_nothing_written(settings.MEDIA_ROOT)


def test_backup_refuses_to_overwrite_a_file(tmp_path):
    archive = tmp_path / "backup.tar.gz"
    archive.write_text("keep me")

    with pytest.raises(BackupError, match=r"backup.tar.gz already exists; choose a new file name"):
        backup_create(path=archive, out=lambda _line: None)
    assert archive.read_text() == "keep me"


def test_cli_backup_and_restore_report_what_they_did(installation, tmp_path, capsys):
    archive = tmp_path / "backup.tar.gz"

    assert main(["backup", str(archive)]) == 0
    backed_up = capsys.readouterr().out
    assert main(["restore", str(archive)]) == 2
    refused = capsys.readouterr().err
    empty_installation(installation)
    assert main(["restore", str(archive)]) == 0
    restored = capsys.readouterr().out

    assert backed_up.startswith(f"Backed up {data.describe('default')}: ")
    assert backed_up.endswith(f"3 files; wrote {archive}\n")
    assert refused.startswith("wego restore: error: ")
    assert "is not empty" in refused
    assert re.search(r"^members\.city +2 +2$", restored, re.MULTILINE)
