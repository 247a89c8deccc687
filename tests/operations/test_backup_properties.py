"""Restoring crafted archives: every one is refused with a BackupError and nothing is written.

tests/operations/test_backup.py covers truncated archives, other files, checksum mismatches,
missing files and newer formats. These archives are consistent (their manifest's checksums
and row counts match) but their content is wrong, or their structure is hostile.
"""

import hashlib
import io
import json
import shutil
import tarfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.operations.conftest import make_installation
from wego.cli import main
from wego.operations import data
from wego.operations.backup import FORMAT_VERSION, BackupError, backup_create, backup_restore
from wego.operations.data import OperationError

pytestmark = pytest.mark.django_db

CITY = "data/members.city.jsonl"
EMPTY_MANIFEST = {
    "format": "wego-backup",
    "format_version": FORMAT_VERSION,
    "migrations": [],
    "tables": [],
    "files": [],
}


@pytest.fixture
def emptied(settings, tmp_path):
    """A good archive, and the installation emptied as for a restore."""
    make_installation()
    archive = tmp_path / "backup.tar.gz"
    backup_create(path=archive, out=lambda _line: None)
    data.flush("default")
    shutil.rmtree(settings.MEDIA_ROOT, ignore_errors=True)
    return archive


def assert_nothing_written(media_root):
    assert data.non_empty_tables("default") == []
    assert media_root.exists() is False
    assert [p.name for p in media_root.parent.iterdir() if p.name.startswith(".wego-restore-")] == []


def _members(archive):
    with tarfile.open(archive) as source:
        return [(member, source.extractfile(member).read() if member.isfile() else b"") for member in source]


def crafted(archive, target, *, change=None, extra=()):
    """A copy of an archive with members changed by `change(name, content)`, and the manifest's
    checksums and row counts made to match, so only the content itself is wrong."""
    members = _members(archive)
    manifest = json.loads(members[0][1])
    contents = {m.name: (change(m.name, c) if change else c) for m, c in members[1:]}
    for entry in manifest["tables"]:
        content = contents[entry["file"]]
        entry.update(sha256=hashlib.sha256(content).hexdigest(), rows=content.count(b"\n"))
    with tarfile.open(target, "w:gz") as copy:
        for member, content in [
            (members[0][0], json.dumps(manifest).encode()),
            *[(m, contents[m.name]) for m, _ in members[1:]],
        ]:
            member.size = len(content)
            copy.addfile(member, io.BytesIO(content))
        for member, content in extra:
            copy.addfile(member, io.BytesIO(content) if content is not None else None)
    return target


def _first_city_row(content: bytes) -> list:
    return json.loads(content.split(b"\n")[0])


def _city_rows_replaced(rows_change):
    def change(name, content):
        if name != CITY:
            return content
        rows = [json.loads(line) for line in content.decode().splitlines()]
        return "".join(json.dumps(row) + "\n" for row in rows_change(rows)).encode()

    return change


@pytest.mark.parametrize(
    "rows_change",
    [
        lambda rows: [*rows, rows[0]],  # a primary key twice
        lambda rows: [[None, *rows[0][1:]], *rows[1:]],  # no primary key
        lambda rows: [[rows[0][0], *([None] * (len(rows[0]) - 1))], *rows[1:]],  # NOT NULL columns empty
        lambda rows: [rows[0][:-1], *rows[1:]],  # a column short
        lambda rows: [{"name": "x"}, *rows[1:]],  # an object instead of a row
        lambda rows: [
            [
                "not a number" if isinstance(v, int | float) and not isinstance(v, bool) else v
                for v in rows[0]
            ],
            *rows[1:],
        ],
        lambda rows: [["twelve" if v in ("12.5", 12.5) else v for v in row] for row in rows],  # ict_staff_fte
    ],
    ids=[
        "duplicate-key",
        "null-key",
        "null-columns",
        "short-row",
        "object",
        "text-for-number",
        "text-for-decimal",
    ],
)
def test_a_consistent_archive_with_impossible_rows_is_refused_and_nothing_is_written(
    emptied, tmp_path, settings, rows_change
):
    archive = crafted(emptied, tmp_path / "crafted.tar.gz", change=_city_rows_replaced(rows_change))
    # BackupError, or its parent OperationError when only the foreign keys show the damage.
    with pytest.raises(
        OperationError,
        match=r"^data/members\.city\.jsonl: a value cannot be restored \(.+\)$|^the copied rows do not hold together: ",
    ):
        backup_restore(path=archive, out=lambda _line: None)
    assert_nothing_written(settings.MEDIA_ROOT)


def test_a_data_line_that_is_not_json_is_refused(emptied, tmp_path, settings):
    def change(name, content):
        return content.replace(b"\n", b"\n{not json\n", 1) if name == CITY else content

    archive = crafted(emptied, tmp_path / "crafted.tar.gz", change=change)
    with pytest.raises(BackupError, match=r"^data/members\.city\.jsonl: a value cannot be restored \("):
        backup_restore(path=archive, out=lambda _line: None)
    assert_nothing_written(settings.MEDIA_ROOT)


def _member(name: str, kind=tarfile.REGTYPE, size=0, linkname=""):
    info = tarfile.TarInfo(name)
    info.type, info.size, info.linkname = kind, size, linkname
    return info


@pytest.mark.parametrize(
    ("member", "content", "message"),
    [
        (
            _member("../outside.txt", size=2),
            b"hi",
            "the archive holds a file outside its folders: '../outside.txt'",
        ),
        (
            _member("/etc/passwd", size=2),
            b"hi",
            "the archive holds a file outside its folders: '/etc/passwd'",
        ),
        (
            _member("media/link", tarfile.SYMTYPE, linkname="/etc/passwd"),
            None,
            "the archive holds 'media/link', which is not a regular file",
        ),
        (
            _member("media/device", tarfile.CHRTYPE),
            None,
            "the archive holds 'media/device', which is not a regular file",
        ),
        (_member("notes.txt", size=2), b"hi", "the archive holds an unexpected file 'notes.txt'"),
        (
            _member("media/unlisted.pdf", size=2),
            b"hi",
            "the archive holds a file its manifest does not list: media/unlisted.pdf",
        ),
    ],
    ids=["parent-folder", "absolute", "symlink", "device", "top-level-file", "unlisted"],
)
def test_a_hostile_member_is_refused_and_nothing_is_written(tmp_path, settings, member, content, message):
    # The members are checked while unpacking, before the database is looked at: an archive
    # with an empty manifest is enough.
    archive = tmp_path / "backup" / "crafted.tar.gz"
    archive.parent.mkdir()
    manifest = json.dumps(EMPTY_MANIFEST).encode()
    with tarfile.open(archive, "w:gz") as tar:
        tar.addfile(_member("manifest.json", size=len(manifest)), io.BytesIO(manifest))
        tar.addfile(member, io.BytesIO(content) if content is not None else None)
    tables = data.non_empty_tables("default")
    with pytest.raises(BackupError) as caught:
        backup_restore(path=archive, out=lambda _line: None)
    assert str(caught.value) == message
    assert data.non_empty_tables("default") == tables
    assert not settings.MEDIA_ROOT.exists()
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["backup", "crafted.tar.gz"]


manifests = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=8)),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3)
    ),
    max_leaves=8,
)


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    field=st.sampled_from(["format", "format_version", "migrations", "tables", "files", "other"]),
    value=manifests,
)
def test_a_manifest_with_a_random_field_is_refused_with_a_backup_error(
    tmp_path_factory, settings, field, value
):
    manifest = dict(EMPTY_MANIFEST, **{field: value})
    archive = tmp_path_factory.mktemp("backup") / "backup.tar.gz"
    content = json.dumps(manifest).encode()
    with tarfile.open(archive, "w:gz") as tar:
        tar.addfile(_member("manifest.json", size=len(content)), io.BytesIO(content))
    before = data.non_empty_tables("default")
    with pytest.raises(BackupError) as caught:
        backup_restore(path=archive, out=lambda _line: None)
    assert str(caught.value)
    assert data.non_empty_tables("default") == before


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(content=st.binary(max_size=300))
def test_arbitrary_bytes_are_refused_with_a_backup_error(tmp_path_factory, content):
    archive = tmp_path_factory.mktemp("backup") / "backup.tar.gz"
    archive.write_bytes(content)
    before = data.non_empty_tables("default")
    with pytest.raises(BackupError):
        backup_restore(path=archive, out=lambda _line: None)
    assert data.non_empty_tables("default") == before


def test_cli_restore_of_a_crafted_archive_exits_2_with_one_line(emptied, tmp_path, settings, capsys):
    archive = crafted(
        emptied, tmp_path / "crafted.tar.gz", change=_city_rows_replaced(lambda rows: [*rows, rows[0]])
    )
    status = main(["restore", str(archive)])
    captured = capsys.readouterr()
    assert status == 2
    assert captured.err.startswith("wego restore: error: ")
    assert captured.err.count("\n") == 1
    assert "Traceback" not in captured.err
    assert_nothing_written(settings.MEDIA_ROOT)
