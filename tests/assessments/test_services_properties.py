"""Malformed framework files and evidence uploads: refused with a clear error, nothing written.

`framework_load` (and `wego load_frameworks`) store an operator's framework file; an
evidence upload is checked by its content. A bad input must leave the database and the
media folder exactly as they were.
"""

import datetime as dt
import os
import subprocess
import sys

import pytest
from django.conf import settings as django_settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import AssessmentFactory, CycleFactory
from tests.scoring.conftest import SMALL
from wego.accounts.models import Role, RoleKind, User
from wego.assessments.models import Answer, AnswerRevision, FrameworkVersion
from wego.assessments.services import (
    EVIDENCE_SIGNATURES,
    AnswerInput,
    answer_save,
    evidence_attach,
    evidence_check,
    framework_load,
)
from wego.common.models import AuditEvent
from wego.scoring import FrameworkError

pytestmark = pytest.mark.django_db

fast = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
EXTENSIONS = sorted(EVIDENCE_SIGNATURES)


def _versions():
    return sorted(FrameworkVersion.objects.values_list("slug", "version", "content_hash", "is_current"))


def _media():
    root = django_settings.MEDIA_ROOT
    return sorted(str(p) for p in root.rglob("*")) if root.exists() else []


@pytest.fixture
def small_version(tmp_path):
    path = tmp_path / "small.yaml"
    path.write_text(SMALL, encoding="utf-8")
    return framework_load(path=path)[0]


# Framework files -----------------------------------------------------------------------------------


@fast
@given(data=st.binary(max_size=300))
def test_framework_load_of_arbitrary_bytes_raises_a_framework_error_and_stores_nothing(
    small_version, tmp_path_factory, data
):
    path = tmp_path_factory.mktemp("framework") / "broken.yaml"
    path.write_bytes(data)
    before = _versions()
    with pytest.raises(FrameworkError) as caught:
        framework_load(path=path)
    assert caught.value.source == "broken.yaml"
    assert _versions() == before


@pytest.mark.parametrize(
    ("content", "first_line"),
    [
        (
            SMALL.replace('version: "1"', 'version: "2"\nversion: "3"').encode(),
            "broken.yaml, line 4: duplicate key 'version'",
        ),
        (
            SMALL.replace('version: "1"', 'version: "2"').replace("weight: 2", "weight: .inf").encode(),
            "broken.yaml, line 14, at tree[0].weight: Input should be a finite number",
        ),
        (SMALL.encode("utf-16"), "broken.yaml: cannot be read as UTF-8 text: "),
        (SMALL[: len(SMALL) // 2].encode(), "broken.yaml"),
    ],
    ids=["duplicate-key", "infinite-weight", "utf-16", "truncated"],
)
def test_a_bad_new_version_leaves_the_current_version_current(small_version, tmp_path, content, first_line):
    path = tmp_path / "broken.yaml"
    path.write_bytes(content)
    before = _versions()
    with pytest.raises(FrameworkError) as caught:
        framework_load(path=path)
    assert caught.value.describe().splitlines()[0].startswith(first_line)
    assert _versions() == before == [("small", "1", small_version.content_hash, True)]


def test_load_frameworks_command_on_a_bad_file_raises_a_command_error_and_stores_nothing(
    small_version, tmp_path
):
    good = tmp_path / "good.yaml"
    good.write_text(SMALL.replace('version: "1"', 'version: "2"'), encoding="utf-8")
    bad = tmp_path / "bad.yaml"
    bad.write_bytes(b"format: 1\nid: \x00\n")
    before = _versions()
    # The good file comes first: it is not stored either, so the operator can fix and run again.
    with pytest.raises(CommandError) as caught:
        call_command("load_frameworks", str(good), str(bad))
    assert (
        str(caught.value) == "bad.yaml, line 2: not valid YAML: control characters are not allowed (#x0000)"
    )
    assert _versions() == before


def test_load_frameworks_command_loads_every_good_file(small_version, tmp_path, capsys):
    good = tmp_path / "good.yaml"
    good.write_text(SMALL.replace('version: "1"', 'version: "2"'), encoding="utf-8")
    call_command("load_frameworks", str(good), "egdi")
    assert capsys.readouterr().out.splitlines()[0].startswith("good.yaml: ")
    assert [(slug, version, current) for slug, version, _, current in _versions()] == [
        ("egdi", "2018", True),
        ("small", "1", False),
        ("small", "2", True),
    ]


# Evidence uploads --------------------------------------------------------------------------------


@fast
@given(data=st.binary(max_size=64), extension=st.sampled_from([*EXTENSIONS, ".exe", ".svg", ".html", ""]))
def test_evidence_check_accepts_only_content_that_matches_the_name(data, extension):
    upload = SimpleUploadedFile(f"evidence{extension}", data)
    error = None
    try:
        evidence_check(upload)
    except ValidationError as exc:
        error = exc
    if error is not None:
        assert len(error.messages) == 1
        assert error.messages[0]
        return
    assert any(data.startswith(signature) for signature in EVIDENCE_SIGNATURES[extension])


@pytest.fixture
def answered(small_version):
    today = timezone.now().date()
    cycle = CycleFactory(
        framework=small_version,
        opens_on=today - dt.timedelta(days=30),
        closes_on=today + dt.timedelta(days=30),
    )
    assessment = AssessmentFactory(cycle=cycle)
    user = User.objects.create_user(email="coordinator@small.example", password="a long password 123")
    Role.objects.create(user=user, kind=RoleKind.COORDINATOR, city=assessment.city)
    answer_save(
        assessment=assessment, actor=user, item=AnswerInput(question_id="A1", status="answered", value="3")
    )
    return assessment, user


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("decree.pdf", b"MZ\x90\x00 not a pdf", "The file's content is not a PDF file."),
        ("decree.exe", b"%PDF-1.7\n", None),
        ("decree", b"%PDF-1.7\n", None),
        ("photo.png", b"", "The file's content is not a PNG file."),
        ("sheet.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "The file's content is not a XLSX file."),
    ],
    ids=["pdf-name-other-content", "executable", "no-extension", "empty", "xls-as-xlsx"],
)
def test_evidence_attach_of_a_bad_file_writes_no_file_and_no_row(answered, name, content, message):
    assessment, user = answered
    before = (
        list(Answer.objects.values_list("question_id", "version", "evidence_file")),
        AnswerRevision.objects.count(),
        AuditEvent.objects.count(),
        _media(),
    )
    with pytest.raises(ValidationError) as caught:
        evidence_attach(
            assessment=assessment, actor=user, question_id="A1", upload=SimpleUploadedFile(name, content)
        )
    if message is not None:
        assert caught.value.messages == [message]
    after = (
        list(Answer.objects.values_list("question_id", "version", "evidence_file")),
        AnswerRevision.objects.count(),
        AuditEvent.objects.count(),
        _media(),
    )
    assert after == before


def test_wego_load_frameworks_on_a_bad_file_exits_2_with_one_line_before_touching_the_database(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_bytes(b"format: 1\nid: \x00\n")
    env = {k: v for k, v in os.environ.items() if not k.startswith("WEGO_")}
    env.update(WEGO_DATA_DIR=str(tmp_path / "data"), DJANGO_SETTINGS_MODULE="wego.settings")
    finished = subprocess.run(
        [sys.executable, "-m", "wego.cli", "load_frameworks", str(bad)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert finished.returncode == 2
    assert finished.stdout == ""
    assert finished.stderr == (
        "CommandError: bad.yaml, line 2: not valid YAML: control characters are not allowed (#x0000)\n"
    )
    assert not list((tmp_path / "data").glob("*.sqlite3"))  # no database was even created
