"""Malformed and randomly edited workbooks: saved all or nothing, every problem by sheet, row, column.

An uploaded workbook is untrusted: whatever it holds, `workbook_import` either saves the
changed answers or lists problems and leaves the database and the media folder as they were.
"""

import datetime as dt
import io
import zipfile

import openpyxl
import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import AssessmentFactory, CycleFactory
from tests.scoring.conftest import SMALL
from wego.accounts.models import Role, RoleKind, User
from wego.assessments.models import Answer, AnswerRevision, AnswerStatus, Assessment
from wego.assessments.services import AnswerInput, AnswerRefused, answer_save, framework_load
from wego.assessments.workbook import (
    COLUMNS,
    LETTER,
    META_SHEET,
    XLSX_CONTENT_TYPE,
    ImportResult,
    WorkbookProblem,
    workbook_build,
    workbook_import,
)
from wego.common.models import AuditEvent

pytestmark = pytest.mark.django_db

fast = settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
DAMAGED = "The file is damaged: it cannot be opened as an Excel workbook (.xlsx)."
NOT_XLSX = (
    "The file is not an Excel workbook (.xlsx). Upload the workbook downloaded from this page, "
    "saved as an Excel Workbook."
)

# What a person can type into a cell (openpyxl refuses control characters, as Excel does).
typed = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**15), max_value=10**15),
    st.floats(allow_nan=False, allow_infinity=False),
    st.datetimes(min_value=dt.datetime(1900, 3, 1), max_value=dt.datetime(9999, 1, 1)),
    st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cs")), max_size=40),
    st.sampled_from(
        [
            "1",
            "5",
            "6",
            "dk",
            "na",
            "yes",
            "NO",
            "web;phone",
            "web;web",
            "=1+2",
            "https://a.example/x",
            "0",
            "-1",
        ]
    ),
)
edits = st.lists(
    st.tuples(
        st.sampled_from(["A", "B", META_SHEET]),
        st.integers(min_value=1, max_value=4),
        st.sampled_from(COLUMNS),
        typed,
    ),
    min_size=1,
    max_size=4,
)


@pytest.fixture
def small_assessment(tmp_path):
    path = tmp_path / "small.yaml"
    path.write_text(SMALL, encoding="utf-8")
    version, _ = framework_load(path=path)
    today = timezone.now().date()
    cycle = CycleFactory(
        framework=version, opens_on=today - dt.timedelta(days=30), closes_on=today + dt.timedelta(days=30)
    )
    return AssessmentFactory(cycle=cycle)


@pytest.fixture
def coordinator(small_assessment):
    user = User.objects.create_user(email="coordinator@small.example", password="a long password 123")
    Role.objects.create(user=user, kind=RoleKind.COORDINATOR, city=small_assessment.city)
    return user


@pytest.fixture
def answered(small_assessment, coordinator):
    for question_id, value, status in [
        ("A1", "3", AnswerStatus.ANSWERED),
        ("A2", "", AnswerStatus.DONT_KNOW),
        ("B2", "web;phone", AnswerStatus.ANSWERED),
    ]:
        item = AnswerInput(question_id=question_id, status=status, value=value, comment="Decree 12")
        answer_save(assessment=small_assessment, actor=coordinator, item=item)
    return small_assessment


def _snapshot(assessment: Assessment):
    """Everything an import may write: answers, their versions, revisions, audit, files."""
    media = django_settings.MEDIA_ROOT
    return (
        sorted(
            Answer.objects.filter(assessment=assessment).values_list(
                "question_id", "status", "value", "comment", "evidence_url", "evidence_file", "version"
            )
        ),
        AnswerRevision.objects.count(),
        AuditEvent.objects.count(),
        sorted(str(p) for p in media.rglob("*")) if media.exists() else [],
    )


def _upload(data: bytes, name: str = "small-2026.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=XLSX_CONTENT_TYPE)


def _saved(book) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _import(assessment, user, data: bytes, name: str = "small-2026.xlsx") -> ImportResult:
    return workbook_import(assessment=assessment, user=user, upload=_upload(data, name))


def _refused_file(message: str) -> ImportResult:
    return ImportResult(saved=0, errors=[WorkbookProblem("", None, "", message)])


def _part_rewritten(data: bytes, part: str, change) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            content = source.read(entry)
            if entry.filename == part:
                content = change(content)
            target.writestr(entry, content)
    return buffer.getvalue()


def _sheet_part(data: bytes, title: str) -> str:
    """The zip member of a sheet, found through the workbook as openpyxl wrote it."""
    book = openpyxl.load_workbook(io.BytesIO(data))
    index = book.sheetnames.index(title) + 1
    return f"xl/worksheets/sheet{index}.xml"


# Random edits ----------------------------------------------------------------------------------------


@fast
@given(changes=edits)
def test_random_cell_edits_are_saved_all_or_nothing(answered, coordinator, changes):
    book = openpyxl.load_workbook(io.BytesIO(workbook_build(assessment=answered, user=coordinator)))
    for sheet, row, key, value in changes:
        book[sheet][f"{LETTER[key]}{row}"] = value
    before = _snapshot(answered)

    result = _import(answered, coordinator, _saved(book))

    for problem in result.errors:
        assert problem.message
        assert (problem.row is None) == (problem.column == "")
        assert problem.column in ("", *LETTER.values())
    if result.errors:
        assert result.saved == 0
        assert _snapshot(answered) == before
    else:
        after = _snapshot(answered)
        assert after[1] == before[1] + result.saved  # one revision per saved answer
        again = workbook_build(assessment=answered, user=coordinator)
        assert _import(answered, coordinator, again) == ImportResult(saved=0)  # the round trip is stable
        assert _snapshot(answered) == after


def test_an_answer_with_a_nul_character_is_refused_and_nothing_is_written(small_assessment, coordinator):
    before = _snapshot(small_assessment)
    item = AnswerInput(question_id="A1", status=AnswerStatus.ANSWERED, value="2", comment="Decree\x0012")

    with pytest.raises(AnswerRefused) as refused:
        answer_save(assessment=small_assessment, actor=coordinator, item=item)

    assert (refused.value.question_id, refused.value.message) == (
        "A1",
        "The answer contains a NUL character (0x00).",
    )
    assert _snapshot(small_assessment) == before


@fast
@given(
    comment=st.text(alphabet=st.characters(blacklist_characters="\x00"), max_size=60),
    value=st.sampled_from(["1", "2", "5", "dk", "na"]),
    evidence=st.sampled_from(["", "https://seoul.example/decree", "http://a.example/?q=1&x=%20"]),
)
def test_answers_downloaded_then_uploaded_unchanged_change_nothing(
    small_assessment, coordinator, comment, value, evidence
):
    status = {"dk": AnswerStatus.DONT_KNOW, "na": AnswerStatus.NOT_APPLICABLE}.get(
        value, AnswerStatus.ANSWERED
    )
    item = AnswerInput(
        question_id="A1",
        status=status,
        value="" if status != AnswerStatus.ANSWERED else value,
        comment=comment,
        evidence_url=evidence,
    )
    answer_save(assessment=small_assessment, actor=coordinator, item=item)
    before = _snapshot(small_assessment)

    result = _import(
        small_assessment, coordinator, workbook_build(assessment=small_assessment, user=coordinator)
    )

    assert result == ImportResult(saved=0)
    assert _snapshot(small_assessment) == before


# Whole files that are not a workbook ---------------------------------------------------------------


@fast
@given(data=st.binary(max_size=600))
def test_arbitrary_bytes_are_refused_and_nothing_is_written(answered, coordinator, data):
    before = _snapshot(answered)
    result = _import(answered, coordinator, data)
    assert result.saved == 0
    assert len(result.errors) == 1
    assert result.errors[0].sheet == ""
    assert result.errors[0].row is None
    assert _snapshot(answered) == before


@fast
@given(fraction=st.floats(min_value=0.0, max_value=0.999))
def test_a_truncated_workbook_is_refused_as_damaged_and_nothing_is_written(answered, coordinator, fraction):
    data = workbook_build(assessment=answered, user=coordinator)
    before = _snapshot(answered)
    result = _import(answered, coordinator, data[: int(len(data) * fraction)])
    assert result in (_refused_file(DAMAGED), _refused_file(NOT_XLSX))
    assert _snapshot(answered) == before


@pytest.mark.parametrize("sheet", [META_SHEET, "A", "B"])
def test_damaged_sheet_xml_is_refused_by_sheet_and_nothing_is_written(answered, coordinator, sheet):
    data = workbook_build(assessment=answered, user=coordinator)
    damaged = _part_rewritten(data, _sheet_part(data, sheet), lambda xml: xml[: len(xml) // 2])
    before = _snapshot(answered)
    assert _import(answered, coordinator, damaged) == _refused_file(
        f"The sheet {sheet} is damaged and cannot be read."
    )
    assert _snapshot(answered) == before


def test_a_four_hundred_digit_number_in_an_answer_cell_is_refused_by_cell(answered, coordinator):
    book = openpyxl.load_workbook(io.BytesIO(workbook_build(assessment=answered, user=coordinator)))
    book["A"]["E2"] = 4242
    data = _saved(book)
    huge = _part_rewritten(
        data, _sheet_part(data, "A"), lambda xml: xml.replace(b"<v>4242</v>", b"<v>" + b"9" * 400 + b"</v>")
    )
    before = _snapshot(answered)
    result = _import(answered, coordinator, huge)
    assert result.saved == 0
    assert [(p.sheet, p.row, p.column) for p in result.errors] == [("A", 2, "E")]
    assert _snapshot(answered) == before


@pytest.mark.parametrize(
    ("cell", "value", "problem"),
    [
        ("H2", 10**30, None),  # a version no answer has: a conflict, reported on the row
        ("H2", -1, None),
        ("H2", True, ("A", 2, "H", "The hidden version of this row was changed; download a new workbook.")),
        (
            "H2",
            dt.datetime(2026, 1, 1),
            ("A", 2, "H", "The hidden version of this row was changed; download a new workbook."),
        ),
        ("E2", dt.datetime(2026, 1, 1), None),
        ("E2", -3, None),
        ("E2", 2.5, None),
        ("A2", 3.0, ("A", 2, "A", "There is no question 3 in this section; do not change the ids.")),
        (
            "G2",
            "javascript:alert(1)",
            ("A", 2, "G", "The evidence link must be a web address starting with http:// or https://."),
        ),
    ],
    ids=[
        "huge-version",
        "negative-version",
        "bool-version",
        "date-version",
        "date-answer",
        "negative-level",
        "fraction-level",
        "number-id",
        "script-link",
    ],
)
def test_wrong_values_in_cells_are_refused_by_cell_and_nothing_is_written(
    answered, coordinator, cell, value, problem
):
    book = openpyxl.load_workbook(io.BytesIO(workbook_build(assessment=answered, user=coordinator)))
    book["A"][cell] = value
    if cell.startswith("H"):
        book["A"]["F2"] = "a changed comment"  # a changed row, so its version is read
    before = _snapshot(answered)

    result = _import(answered, coordinator, _saved(book))

    assert result.saved == 0
    assert result.errors, "the edit must be refused"
    if problem is not None:
        assert result.errors == [WorkbookProblem(*problem)]
    else:
        assert {(p.sheet, p.row) for p in result.errors} == {("A", 2)}
    assert _snapshot(answered) == before


def test_a_workbook_whose_meta_sheet_is_a_list_of_junk_is_refused_as_not_this_assessment(
    answered, coordinator
):
    book = openpyxl.load_workbook(io.BytesIO(workbook_build(assessment=answered, user=coordinator)))
    meta = book[META_SHEET]
    meta.delete_rows(1, meta.max_row)
    meta.append([None, None])
    meta.append(["assessment", 10**20])
    meta.append(["columns"])
    meta.append(["sheet"])
    before = _snapshot(answered)

    result = _import(answered, coordinator, _saved(book))

    assert result.saved == 0
    assert len(result.errors) == 1
    assert result.errors[0].message.startswith("This workbook is for another assessment")
    assert _snapshot(answered) == before
