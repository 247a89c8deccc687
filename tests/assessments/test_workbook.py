import datetime as dt
import io
import zipfile
from types import SimpleNamespace

import openpyxl
import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from tests.factories import AssessmentFactory, CityFactory, CycleFactory
from tests.scoring.conftest import SMALL
from wego.accounts.models import Role, RoleKind, User
from wego.assessments.models import Answer, AnswerRevision, AnswerStatus, AssessmentStatus, FrameworkVersion
from wego.assessments.services import (
    AnswerInput,
    answer_save,
    assignment_set,
    framework_load,
    frameworks_load_shipped,
)
from wego.assessments.workbook import (
    XLSX_CONTENT_TYPE,
    ImportResult,
    WorkbookProblem,
    section_sheet_names,
    workbook_build,
    workbook_import,
)
from wego.common.models import AuditEvent

pytestmark = pytest.mark.django_db

CEDS_SHEETS = ["GM", "PI", "RC", "IN", "CR", "PS", "eadmin", "elife", "eindustry", "einfra"]
MACROS = (
    "Workbooks with macros are not accepted. Save the file as an Excel Workbook (.xlsx) and upload it again."
)
NOT_XLSX = (
    "The file is not an Excel workbook (.xlsx). Upload the workbook downloaded from this page, "
    "saved as an Excel Workbook."
)
BOMB = (
    "The file unpacks to far more data than a workbook holds (more than 50 MB, or compressed more "
    "than 100 times); it is refused."
)
NOT_ASSIGNED = (
    "This section is not assigned to you; ask your coordinator to change it or to assign it to you."
)


# Arrange helpers ---------------------------------------------------------------------------------


def _open_cycle(framework, **fields):
    today = timezone.now().date()
    return CycleFactory(
        framework=framework,
        opens_on=today - dt.timedelta(days=30),
        closes_on=today + dt.timedelta(days=30),
        **fields,
    )


def _person(email, kind, city):
    user = User.objects.create_user(email=email, password="a long password 123")
    Role.objects.create(user=user, kind=kind, city=city)
    return user


@pytest.fixture
def ceds():
    frameworks_load_shipped()
    return FrameworkVersion.objects.get(slug="ceds")


@pytest.fixture
def assessment(ceds):
    return AssessmentFactory(city=CityFactory(name="Seoul", slug="seoul"), cycle=_open_cycle(ceds))


@pytest.fixture
def coordinator(assessment):
    return _person("coordinator@seoul.example", RoleKind.COORDINATOR, assessment.city)


def _answer(assessment, user, question_id, value="", status=AnswerStatus.ANSWERED, **fields):
    item = AnswerInput(question_id=question_id, status=status, value=value, **fields)
    return answer_save(assessment=assessment, actor=user, item=item).answer


def _book(data: bytes):
    return openpyxl.load_workbook(io.BytesIO(data))


def _upload(book, name="ceds-2026-seoul.xlsx") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=XLSX_CONTENT_TYPE)


def _download(assessment, user):
    return _book(workbook_build(assessment=assessment, user=user))


def _stored(assessment) -> dict[str, tuple]:
    return {
        a.question_id: (a.status, a.value, a.comment, a.evidence_url, a.version)
        for a in Answer.objects.filter(assessment=assessment)
    }


def _zip(entries: dict[str, bytes], compression=zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def _refused(message: str) -> ImportResult:
    return ImportResult(saved=0, errors=[WorkbookProblem("", None, "", message)])


# Building the workbook ------------------------------------------------------------------------------


def test_workbook_build_has_instructions_one_sheet_per_section_and_hidden_metadata(assessment, coordinator):
    book = _download(assessment, coordinator)

    assert book.sheetnames == ["Instructions", *CEDS_SHEETS, "_wego"]
    assert book["_wego"].sheet_state == "veryHidden"
    assert [row[:2] for row in book["_wego"].iter_rows(max_row=7, values_only=True)] == [
        ("format", 1),
        ("assessment", assessment.pk),
        ("city", "Seoul"),
        ("cycle", "CeDS 2026"),
        ("framework", "ceds"),
        ("framework_version", "2026.2"),
        ("content_hash", assessment.cycle.framework.content_hash),
    ]
    assert book.security.lockStructure is True
    instructions = [row[0] for row in book["Instructions"].iter_rows(values_only=True)]
    assert instructions[:7] == [
        "Seoul: CeDS 2026",
        f"Assessment number: {assessment.pk}",
        "City: Seoul",
        "Cycle: CeDS 2026 (2026)",
        "Framework: CeDS e-Government Maturity Model, version 2026.2",
        f"Framework content hash: {assessment.cycle.framework.content_hash}",
        instructions[6],  # the download time
    ]
    assert "dk = don't know: you could not find out the answer." in instructions
    assert "na = not applicable: the question does not apply to your city." in instructions
    upload_url = f"{settings.SITE_URL}/assessments/{assessment.pk}/workbook/upload/"
    assert f"Upload it (at most {settings.MAX_UPLOAD_MB} MB) at: {upload_url}" in instructions
    assert instructions[-10:] == [
        "GM: Governance Mechanism (you can change it)",
        "PI: Policy & Institution (you can change it)",
        "RC: Resource Capacity (you can change it)",
        "IN: ICT Network (you can change it)",
        "CR: Citizen Readiness (you can change it)",
        "PS: Public Service Infrastructure (you can change it)",
        "eadmin: e-Admin (G2E) (you can change it)",
        "elife: e-Life (G2C) (you can change it)",
        "eindustry: e-Industry (G2B) (you can change it)",
        "einfra: e-Infra (you can change it)",
    ]


def test_workbook_build_section_sheet_has_columns_questions_and_level_texts(assessment, coordinator):
    sheet = _download(assessment, coordinator)["GM"]

    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == (
        "Question id",
        "Question",
        "Answers to choose from",
        "Help",
        "Answer",
        "Comment",
        "Evidence link",
        "version",
    )
    assert [r[0] for r in rows[1:]] == [f"GM.{i}.{j}" for i in range(1, 6) for j in range(1, 4)]
    assert rows[1][1] == "Who leads e-government in the city administration, and with what mandate?"
    assert rows[1][2].splitlines()[0] == (
        "1 = No one is formally responsible for e-government; each department decides on its own ICT."
    )
    assert rows[1][2].splitlines()[5:] == ["dk = don't know", "na = not applicable"]
    assert rows[1][3].startswith("A Chief Information Officer (CIO)")
    assert [r[4:] for r in rows[1:3]] == [(None, None, None, 0), (None, None, None, 0)]
    assert sheet.column_dimensions["H"].hidden is True


def test_workbook_build_every_answer_cell_has_a_drop_down_and_sheets_are_protected(assessment, coordinator):
    book = _download(assessment, coordinator)

    for name, count in zip(CEDS_SHEETS, [15, 15, 15, 15, 15, 15, 30, 35, 20, 25], strict=True):
        sheet = book[name]
        validations = sheet.data_validations.dataValidation
        assert [(v.type, v.formula1, v.showErrorMessage) for v in validations] == [
            ("list", '"1,2,3,4,5,dk,na"', True)
        ]
        assert {str(c) for c in validations[0].sqref.ranges} == {f"E{r}" for r in range(2, count + 2)}
        assert sheet.protection.sheet is True
        unlocked = {
            cell.coordinate for row in sheet.iter_rows() for cell in row if not cell.protection.locked
        }
        assert unlocked == {f"{c}{r}" for c in "EFG" for r in range(2, count + 2)}
    assert book["Instructions"].protection.sheet is True


def test_workbook_build_fills_in_current_answers(assessment, coordinator):
    _answer(assessment, coordinator, "GM.1.1", "3", comment="Decree 12/2024")
    _answer(assessment, coordinator, "GM.1.2", status=AnswerStatus.DONT_KNOW)
    _answer(
        assessment,
        coordinator,
        "GM.1.3",
        status=AnswerStatus.NOT_APPLICABLE,
        evidence_url="https://seoul.example/cio",
    )
    _answer(assessment, coordinator, "GM.1.3", status=AnswerStatus.NOT_APPLICABLE, comment="twice")

    sheet = _download(assessment, coordinator)["GM"]

    assert [r[4:] for r in sheet.iter_rows(min_row=2, max_row=5, values_only=True)] == [
        (3, "Decree 12/2024", None, 1),
        ("dk", None, None, 1),
        ("na", "twice", "https://seoul.example/cio", 2),
        (None, None, None, 0),
    ]


def test_workbook_build_writes_text_starting_like_a_formula_as_text(assessment, coordinator):
    _answer(assessment, coordinator, "GM.1.1", "2", comment='=HYPERLINK("http://evil.example","click")')
    _answer(assessment, coordinator, "GM.1.2", "2", comment="+1 more: see minutes")

    sheet = _download(assessment, coordinator)["GM"]

    assert [(sheet[c].value, sheet[c].data_type, sheet[c].quotePrefix) for c in ("F2", "F3")] == [
        ('=HYPERLINK("http://evil.example","click")', "s", True),
        ("+1 more: see minutes", "s", True),
    ]


def test_workbook_build_for_a_respondent_unlocks_only_assigned_sections(assessment, coordinator):
    respondent = _person("respondent@seoul.example", RoleKind.RESPONDENT, assessment.city)
    assignment_set(assessment=assessment, actor=coordinator, user=respondent, sections=["GM"])

    book = _download(assessment, respondent)

    assert (book["GM"]["E2"].protection.locked, book["PI"]["E2"].protection.locked) == (False, True)
    assert [row[0] for row in book["Instructions"].iter_rows(values_only=True)][-10:-8] == [
        "GM: Governance Mechanism (you can change it)",
        "PI: Policy & Institution (read only)",
    ]


def test_section_sheet_names_are_safe_for_excel_and_unique():
    sections = [
        SimpleNamespace(id=section_id)
        for section_id in ["a/b:c", "x" * 40, "X" * 40, "instructions", "History", "ok"]
    ]

    names = section_sheet_names(sections)

    assert list(names.values()) == ["a-b-c", "x" * 31, "X" * 29 + "~2", "instructions~2", "History~2", "ok"]


# Importing: what is saved -------------------------------------------------------------------------------


def test_workbook_import_unchanged_round_trip_saves_nothing(assessment, coordinator):
    _answer(assessment, coordinator, "GM.1.1", "3", comment="Decree", evidence_url="https://seoul.example/a")
    _answer(assessment, coordinator, "PI.1.1", status=AnswerStatus.DONT_KNOW)
    _answer(assessment, coordinator, "einfra.govnet.use", status=AnswerStatus.NOT_APPLICABLE)
    before = _stored(assessment)
    revisions, audits = AnswerRevision.objects.count(), AuditEvent.objects.count()

    result = workbook_import(
        assessment=assessment, user=coordinator, upload=_upload(_download(assessment, coordinator))
    )

    assert result == ImportResult(saved=0, errors=[])
    assert _stored(assessment) == before
    assert (AnswerRevision.objects.count(), AuditEvent.objects.count()) == (revisions, audits)


def test_workbook_import_round_trip_of_browser_newlines_and_control_characters_saves_nothing(
    assessment, coordinator
):
    _answer(assessment, coordinator, "GM.1.1", "3", comment="line 1\r\nline 2\x01")
    before = _stored(assessment)

    book = _download(assessment, coordinator)
    result = workbook_import(assessment=assessment, user=coordinator, upload=_upload(book))

    assert book["GM"]["F2"].value == "line 1\nline 2"  # what Excel shows
    assert result == ImportResult(saved=0, errors=[])
    assert _stored(assessment) == before


def test_workbook_import_saves_exactly_the_edited_answers(assessment, coordinator):
    _answer(assessment, coordinator, "GM.1.1", "3")
    _answer(assessment, coordinator, "GM.1.2", "2")
    book = _download(assessment, coordinator)
    book["GM"]["E2"] = 4  # GM.1.1: 3 -> 4
    book["PI"]["E3"] = "dk"  # PI.1.2: new
    book["GM"]["F3"] = "Minutes of 2026-03-02"  # GM.1.2: a comment only
    revisions = AnswerRevision.objects.count()

    result = workbook_import(assessment=assessment, user=coordinator, upload=_upload(book))

    assert result == ImportResult(saved=3, errors=[])
    assert _stored(assessment) == {
        "GM.1.1": ("answered", "4", "", "", 2),
        "GM.1.2": ("answered", "2", "Minutes of 2026-03-02", "", 2),
        "PI.1.2": ("dont_know", "", "", "", 1),
    }
    new = AnswerRevision.objects.order_by("id")[revisions:]
    assert [(r.question_id, r.old_value, r.new_status, r.new_value, r.changes, r.actor) for r in new] == [
        ("GM.1.1", "3", "answered", "4", {}, coordinator),
        ("GM.1.2", "2", "answered", "2", {"comment": ["", "Minutes of 2026-03-02"]}, coordinator),
        ("PI.1.2", "", "dont_know", "", {}, coordinator),
    ]


def test_workbook_import_one_bad_cell_saves_nothing_and_names_sheet_row_column(assessment, coordinator):
    _answer(assessment, coordinator, "GM.1.1", "3")
    book = _download(assessment, coordinator)
    book["GM"]["E2"] = 4
    book["GM"]["E5"] = 7
    before, revisions = _stored(assessment), AnswerRevision.objects.count()

    result = workbook_import(assessment=assessment, user=coordinator, upload=_upload(book))

    assert result == ImportResult(
        saved=0,
        errors=[WorkbookProblem("GM", 5, "E", "'7' is not a level: expected a whole number from 1 to 5")],
    )
    assert (_stored(assessment), AnswerRevision.objects.count()) == (before, revisions)


def test_workbook_import_reports_every_problem_at_once(assessment, coordinator):
    book = _download(assessment, coordinator)
    book["GM"]["E2"] = "=1+2"
    book["PI"]["E4"] = "level three"
    book["RC"]["G2"] = "www.seoul.example"
    book["RC"]["E2"] = 2

    result = workbook_import(assessment=assessment, user=coordinator, upload=_upload(book))

    assert result.errors == [
        WorkbookProblem("GM", 2, "E", "Formulas are not accepted; type the value."),
        WorkbookProblem("PI", 4, "E", "'level three' is not a number"),
        WorkbookProblem(
            "RC", 2, "G", "The evidence link must be a web address starting with http:// or https://."
        ),
    ]
    assert Answer.objects.filter(assessment=assessment).count() == 0


def test_workbook_import_formula_in_answer_cell_is_refused_not_evaluated(assessment, coordinator):
    _answer(assessment, coordinator, "GM.2.1", "1")
    book = _download(assessment, coordinator)
    book["GM"]["E5"] = "=2+2"
    book["GM"]["E2"] = 4  # a good edit: not saved either

    result = workbook_import(assessment=assessment, user=coordinator, upload=_upload(book))

    assert result.errors == [WorkbookProblem("GM", 5, "E", "Formulas are not accepted; type the value.")]
    assert _stored(assessment) == {"GM.2.1": ("answered", "1", "", "", 1)}


def test_workbook_import_keeps_a_comment_formula_as_literal_text(assessment, coordinator):
    _answer(assessment, coordinator, "GM.1.1", "3", comment='=HYPERLINK("http://evil.example")')
    book = _download(assessment, coordinator)
    book["GM"]["F3"] = "=1+2"  # typed into a comment cell: Excel stores a formula
    book["GM"]["E3"] = 2

    result = workbook_import(assessment=assessment, user=coordinator, upload=_upload(book))

    assert result == ImportResult(saved=1, errors=[])
    assert _stored(assessment) == {
        "GM.1.1": ("answered", "3", '=HYPERLINK("http://evil.example")', "", 1),
        "GM.1.2": ("answered", "2", "=1+2", "", 1),
    }
    again = _download(assessment, coordinator)["GM"]["F3"]
    assert (again.value, again.data_type) == ("=1+2", "s")


def test_workbook_import_emptied_answer_is_refused(assessment, coordinator):
    _answer(assessment, coordinator, "GM.1.1", "3")
    book = _download(assessment, coordinator)
    book["GM"]["E2"] = None
    book["GM"]["F3"] = "a comment without an answer"

    result = workbook_import(assessment=assessment, user=coordinator, upload=_upload(book))

    assert result.errors == [
        WorkbookProblem(
            "GM", 2, "E", "An answer cannot be emptied; choose dk (don't know) or na (not applicable)."
        ),
        WorkbookProblem("GM", 3, "E", "Choose an answer before adding a comment or an evidence link."),
    ]


def test_workbook_import_respondent_edit_outside_their_sections_is_refused_by_row(assessment, coordinator):
    respondent = _person("respondent@seoul.example", RoleKind.RESPONDENT, assessment.city)
    assignment_set(assessment=assessment, actor=coordinator, user=respondent, sections=["GM"])
    book = _download(assessment, respondent)
    book["GM"]["E2"] = 3
    book["PI"]["E2"] = 4
    book["eadmin"]["F3"] = "a note"

    result = workbook_import(assessment=assessment, user=respondent, upload=_upload(book))

    assert result == ImportResult(
        saved=0,
        errors=[
            WorkbookProblem("PI", 2, "E", NOT_ASSIGNED),
            WorkbookProblem("eadmin", 3, "F", NOT_ASSIGNED),
        ],
    )
    assert _stored(assessment) == {}


def test_workbook_import_respondent_edit_inside_their_sections_is_saved(assessment, coordinator):
    respondent = _person("respondent@seoul.example", RoleKind.RESPONDENT, assessment.city)
    assignment_set(assessment=assessment, actor=coordinator, user=respondent, sections=["GM"])
    book = _download(assessment, respondent)
    book["GM"]["E2"] = 3

    result = workbook_import(assessment=assessment, user=respondent, upload=_upload(book))

    assert result == ImportResult(saved=1, errors=[])
    assert _stored(assessment) == {"GM.1.1": ("answered", "3", "", "", 1)}


def test_workbook_import_stale_version_is_reported_as_a_conflict(assessment, coordinator):
    _answer(assessment, coordinator, "GM.1.1", "3")
    book = _download(assessment, coordinator)
    colleague = _person("colleague@seoul.example", RoleKind.COORDINATOR, assessment.city)
    _answer(assessment, colleague, "GM.1.1", "5")  # after the download
    book["GM"]["E2"] = 4
    book["GM"]["E3"] = 2

    result = workbook_import(assessment=assessment, user=coordinator, upload=_upload(book))

    assert result == ImportResult(
        saved=0,
        errors=[WorkbookProblem("GM", 2, "E", "Someone else changed this answer since you loaded it.")],
    )
    assert _stored(assessment) == {"GM.1.1": ("answered", "5", "", "", 2)}


def test_workbook_import_into_a_submitted_assessment_is_refused_by_row(assessment, coordinator):
    book = _download(assessment, coordinator)
    book["GM"]["E2"] = 3
    assessment.status = AssessmentStatus.SUBMITTED
    assessment.save()

    result = workbook_import(assessment=assessment, user=coordinator, upload=_upload(book))

    assert result.errors == [
        WorkbookProblem("GM", 2, "E", "The assessment is submitted; it must be reopened to change answers.")
    ]


# Importing: files that are refused -----------------------------------------------------------------------


def test_workbook_import_refuses_an_xlsm_file(assessment, coordinator):
    upload = _upload(_download(assessment, coordinator), name="ceds-2026-seoul.xlsm")

    result = workbook_import(assessment=assessment, user=coordinator, upload=upload)

    assert result == _refused(MACROS)


def test_workbook_import_refuses_a_workbook_with_a_vba_project(assessment, coordinator):
    data = workbook_build(assessment=assessment, user=coordinator)
    with zipfile.ZipFile(io.BytesIO(data)) as original:
        entries = {info.filename: original.read(info) for info in original.infolist()}
    entries["xl/vbaProject.bin"] = b"\xd0\xcf\x11\xe0 Attribute VB_Name = Module1"
    upload = SimpleUploadedFile("ceds-2026-seoul.xlsx", _zip(entries))

    result = workbook_import(assessment=assessment, user=coordinator, upload=upload)

    assert result == _refused(MACROS)


def test_workbook_import_refuses_a_macro_content_type(assessment, coordinator):
    data = workbook_build(assessment=assessment, user=coordinator)
    with zipfile.ZipFile(io.BytesIO(data)) as original:
        entries = {info.filename: original.read(info) for info in original.infolist()}
    entries["[Content_Types].xml"] = entries["[Content_Types].xml"].replace(
        b"spreadsheetml.sheet.main+xml", b"ms-excel.sheet.macroEnabled.main+xml"
    )
    upload = SimpleUploadedFile("ceds-2026-seoul.xlsx", _zip(entries))

    result = workbook_import(assessment=assessment, user=coordinator, upload=upload)

    assert result == _refused(MACROS)


@override_settings(MAX_UPLOAD_MB=1)
def test_workbook_import_refuses_a_file_over_the_size_limit(assessment, coordinator):
    upload = SimpleUploadedFile("ceds-2026-seoul.xlsx", b"PK\x03\x04" + b"x" * (1024 * 1024))

    result = workbook_import(assessment=assessment, user=coordinator, upload=upload)

    assert result == _refused("The file is larger than 1 MB.")


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("answers.xlsx", b"question,answer\nGM.1.1,3\n", NOT_XLSX),
        ("answers.csv", b"question,answer\nGM.1.1,3\n", NOT_XLSX),
        (
            "answers.xls",
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512,
            "This is an old-format Excel file (.xls). Open it in Excel and save it as an Excel Workbook (.xlsx).",
        ),
        (
            "answers.xlsx",
            b"PK\x03\x04 this is not really a zip",
            "The file is damaged: it cannot be opened as an Excel workbook (.xlsx).",
        ),
        (
            "report.xlsx",
            _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"}),
            "The file is a zip archive but not an Excel workbook (.xlsx).",
        ),
    ],
)
def test_workbook_import_refuses_what_is_not_an_xlsx(assessment, coordinator, name, content, message):
    upload = SimpleUploadedFile(name, content)

    result = workbook_import(assessment=assessment, user=coordinator, upload=upload)

    assert result == _refused(message)


def test_workbook_import_refuses_a_zip_bomb_by_compression_ratio(assessment, coordinator):
    bomb = _zip(
        {
            "[Content_Types].xml": b"<Types/>",
            "xl/workbook.xml": b"<workbook/>",
            "xl/worksheets/sheet1.xml": b"0" * (20 * 1024 * 1024),
        }
    )
    upload = SimpleUploadedFile("ceds-2026-seoul.xlsx", bomb)

    result = workbook_import(assessment=assessment, user=coordinator, upload=upload)

    assert len(bomb) < 100 * 1024
    assert result == _refused(BOMB)


@override_settings(MAX_UPLOAD_MB=60)
def test_workbook_import_refuses_a_zip_over_the_uncompressed_size(assessment, coordinator):
    big = _zip(
        {
            "[Content_Types].xml": b"<Types/>",
            "xl/workbook.xml": b"<workbook/>",
            "xl/media/image1.png": bytes(51 * 1024 * 1024),
        },
        compression=zipfile.ZIP_STORED,  # ratio 1: only the total size gives it away
    )

    result = workbook_import(
        assessment=assessment, user=coordinator, upload=SimpleUploadedFile("ceds-2026-seoul.xlsx", big)
    )

    assert result == _refused(BOMB)


def test_workbook_import_refuses_a_workbook_of_another_assessment(assessment, coordinator):
    hanoi = AssessmentFactory(city=CityFactory(name="Hanoi", slug="hanoi"), cycle=assessment.cycle)
    hanoi_coordinator = _person("coordinator@hanoi.example", RoleKind.COORDINATOR, hanoi.city)
    book = _download(hanoi, hanoi_coordinator)
    book["GM"]["E2"] = 3

    result = workbook_import(assessment=assessment, user=coordinator, upload=_upload(book))

    assert result == _refused(
        "This workbook is for another assessment (Hanoi, CeDS 2026). Download the workbook of this "
        "assessment and copy your answers into it."
    )
    assert Answer.objects.count() == 0


def test_workbook_import_refuses_a_workbook_of_another_framework_version(assessment, coordinator):
    book = _download(assessment, coordinator)
    book["_wego"]["B7"] = "0" * 64
    book["_wego"]["B6"] = "2025.3"

    result = workbook_import(assessment=assessment, user=coordinator, upload=_upload(book))

    assert result == _refused(
        "This workbook was made for another version of the questionnaire (2025.3). Download a new "
        "workbook and copy your answers into it."
    )


def test_workbook_import_refuses_a_workbook_not_made_by_the_platform(assessment, coordinator):
    book = openpyxl.Workbook()
    book.active.append(["GM.1.1", 3])

    result = workbook_import(assessment=assessment, user=coordinator, upload=_upload(book))

    assert result == _refused(
        "This workbook was not downloaded from the platform (its hidden information sheet is "
        "missing). Download the workbook of this assessment and fill that in."
    )


def test_workbook_import_reports_missing_sheets_and_columns(assessment, coordinator):
    book = _download(assessment, coordinator)
    del book["PI"]
    book["GM"].delete_cols(7)  # Evidence link
    book["RC"]["E2"] = 3

    result = workbook_import(assessment=assessment, user=coordinator, upload=_upload(book))

    assert result == ImportResult(
        saved=0,
        errors=[
            WorkbookProblem(
                "GM",
                1,
                "G",
                "The column 'Evidence link' is missing here; do not insert, move or delete columns.",
            ),
            WorkbookProblem(
                "GM", 1, "H", "The column 'version' is missing here; do not insert, move or delete columns."
            ),
            WorkbookProblem(
                "PI",
                None,
                "",
                "The sheet of section Policy & Institution is missing; do not delete or rename sheets.",
            ),
        ],
    )
    assert Answer.objects.count() == 0


def test_workbook_import_reports_changed_ids_and_versions(assessment, coordinator):
    book = _download(assessment, coordinator)
    book["GM"]["A2"] = "GM.9.9"
    book["GM"]["A4"] = "GM.1.2"  # now twice
    book["GM"]["H5"] = "new"
    book["GM"]["E5"] = 2

    result = workbook_import(assessment=assessment, user=coordinator, upload=_upload(book))

    assert result.errors == [
        WorkbookProblem("GM", 2, "A", "There is no question GM.9.9 in this section; do not change the ids."),
        WorkbookProblem("GM", 4, "A", "The question GM.1.2 appears twice."),
        WorkbookProblem("GM", 5, "H", "The hidden version of this row was changed; download a new workbook."),
    ]


# Other question types (a small framework with yes/no, percent and multiple choice) ---------------------


@pytest.fixture
def small_assessment(tmp_path):
    path = tmp_path / "small.yaml"
    path.write_text(SMALL, encoding="utf-8")
    version, _ = framework_load(path=path)
    return AssessmentFactory(cycle=_open_cycle(version, name="Small 2026"))


def test_workbook_other_question_types_have_their_lists_and_round_trip(small_assessment):
    user = _person("coordinator@small.example", RoleKind.COORDINATOR, small_assessment.city)
    _answer(small_assessment, user, "A2", "yes")
    _answer(small_assessment, user, "B1", "42.5")
    _answer(small_assessment, user, "B2", "web;phone")
    book = _download(small_assessment, user)
    revisions = AnswerRevision.objects.count()

    unchanged = workbook_import(assessment=small_assessment, user=user, upload=_upload(book))
    book["B"]["E3"] = "phone"
    book["B"]["E2"] = 50
    edited = workbook_import(assessment=small_assessment, user=user, upload=_upload(book))

    lists = {
        name: [
            (v.formula1, v.showErrorMessage, str(v.sqref)) for v in book[name].data_validations.dataValidation
        ]
        for name in ("A", "B")
    }
    assert lists == {
        "A": [('"1,2,3,4,5,dk,na"', True, "E2"), ('"yes,no,dk,na"', True, "E3")],
        "B": [('"dk,na"', False, "E2"), ('"web,phone,none,dk,na"', False, "E3")],
    }
    assert [r[2] for r in book["B"].iter_rows(min_row=3, max_row=3, values_only=True)] == [
        "web = Web\nphone = Phone\nnone = None\nSeveral may be chosen: separate the ids with ;\n"
        "dk = don't know\nna = not applicable"
    ]
    assert (unchanged, edited) == (ImportResult(saved=0), ImportResult(saved=2))
    assert AnswerRevision.objects.count() == revisions + 2
    assert {q: v[1] for q, v in _stored(small_assessment).items()} == {"A2": "yes", "B1": "50", "B2": "phone"}


def test_workbook_long_drop_down_list_goes_to_a_hidden_sheet(tmp_path):
    options = "\n".join(
        f"          - {{id: option-number-{n:02d}, text: Option {n}, points: 1}}" for n in range(30)
    )
    text = SMALL.split("  - id: B\n")[0] + (
        "  - id: C\n    title: Dimension C\n    children:\n      - id: C1\n        type: choice\n"
        "        text: Which?\n        options:\n" + options + "\n"
    )
    path = tmp_path / "long.yaml"
    path.write_text(text, encoding="utf-8")
    version, _ = framework_load(path=path)
    assessment = AssessmentFactory(cycle=_open_cycle(version))
    user = _person("coordinator@long.example", RoleKind.COORDINATOR, assessment.city)

    book = _download(assessment, user)

    validation = book["C"].data_validations.dataValidation[0]
    assert (validation.formula1, str(validation.sqref)) == ("'_lists'!$A$1:$A$32", "E2")
    assert book["_lists"].sheet_state == "veryHidden"
    assert [r[0] for r in book["_lists"].iter_rows(values_only=True)][-3:] == ["option-number-29", "dk", "na"]


# Views -------------------------------------------------------------------------------------------------------


def test_workbook_download_view_sends_an_xlsx_attachment(client, assessment, coordinator):
    client.force_login(coordinator)

    response = client.get(reverse("assessments:workbook", args=[assessment.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == XLSX_CONTENT_TYPE
    assert response["Content-Disposition"] == 'attachment; filename="ceds-2026-seoul.xlsx"'
    assert _book(response.content).sheetnames == ["Instructions", *CEDS_SHEETS, "_wego"]


def test_workbook_download_view_is_refused_to_another_city(client, assessment):
    other = _person("coordinator@hanoi.example", RoleKind.COORDINATOR, CityFactory(name="Hanoi"))
    client.force_login(other)

    response = client.get(reverse("assessments:workbook", args=[assessment.pk]))

    assert response.status_code == 403


def test_workbook_upload_view_shows_the_form(client, assessment, coordinator):
    client.force_login(coordinator)

    response = client.get(reverse("assessments:workbook_upload", args=[assessment.pk]))

    assert response.status_code == 200
    assert b'type="file" name="file"' in response.content


def test_workbook_upload_view_lists_the_errors_and_saves_nothing(client, assessment, coordinator):
    book = _download(assessment, coordinator)
    book["GM"]["E5"] = 7
    client.force_login(coordinator)

    response = client.post(
        reverse("assessments:workbook_upload", args=[assessment.pk]), {"file": _upload(book)}
    )

    assert response.status_code == 422
    assert response.context["errors"] == [
        WorkbookProblem("GM", 5, "E", "'7' is not a level: expected a whole number from 1 to 5")
    ]
    assert (
        b'<tr><td>GM</td><td>5</td><td>E</td><td class="error">&#x27;7&#x27; is not a level: expected a whole '
        b"number from 1 to 5</td></tr>" in response.content
    )
    assert Answer.objects.count() == 0


def test_workbook_upload_view_saves_and_says_how_many(client, assessment, coordinator):
    book = _download(assessment, coordinator)
    book["GM"]["E2"] = 3
    book["GM"]["E3"] = "na"
    client.force_login(coordinator)

    response = client.post(
        reverse("assessments:workbook_upload", args=[assessment.pk]), {"file": _upload(book)}, follow=True
    )

    assert response.redirect_chain == [(reverse("assessments:detail", args=[assessment.pk]), 302)]
    assert [str(m) for m in response.context["messages"]] == ["2 answers saved from the workbook."]
    assert {q: v[:2] for q, v in _stored(assessment).items()} == {
        "GM.1.1": ("answered", "3"),
        "GM.1.2": ("not_applicable", ""),
    }


def test_workbook_upload_view_without_a_file_is_refused(client, assessment, coordinator):
    client.force_login(coordinator)

    response = client.post(reverse("assessments:workbook_upload", args=[assessment.pk]), {})

    assert response.status_code == 422
    assert response.context["form"].errors == {"file": ["This field is required."]}


def test_detail_page_links_to_the_workbook(client, assessment, coordinator):
    client.force_login(coordinator)

    response = client.get(reverse("assessments:detail", args=[assessment.pk]))

    assert f'href="/assessments/{assessment.pk}/workbook.xlsx"'.encode() in response.content
    assert f'href="/assessments/{assessment.pk}/workbook/upload/"'.encode() in response.content
