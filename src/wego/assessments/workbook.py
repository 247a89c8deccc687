"""The offline Excel workbook of an assessment: download it, fill it in, upload it back.

Officials often answer offline and pass a file between departments (CeDS was born in
Excel). The workbook is made for that: an instructions sheet, one protected sheet per
questionnaire section with a drop-down list on every answer cell, and each answer's
version in a hidden column. Uploading it saves only the rows that changed, through
`answers_save_batch`: all of them or, when any cell has a problem, none.

An uploaded file is untrusted. Its size, its zip structure (macros, zip bombs) and its
origin (assessment id and framework content hash in a hidden sheet) are checked before
openpyxl parses it. Formulas are never evaluated: openpyxl cannot, and we read what is
in the cells (data_only=False), never a cached result.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import warnings
import zipfile
from dataclasses import dataclass, field
from typing import NamedTuple

import openpyxl
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, gettext
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.workbook.protection import WorkbookProtection
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from wego.assessments.models import Answer, AnswerStatus, Assessment, AssessmentStatus
from wego.assessments.selectors import Section, assigned_sections, framework_sections
from wego.assessments.services import AnswerInput, AnswerRefusedBatch, answers_save_batch
from wego.scoring.answers import DONT_KNOW_TOKENS, NOT_APPLICABLE_TOKENS

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMAT = 1
META_SHEET = "_wego"  # very hidden: which assessment and framework version the file is for
LISTS_SHEET = "_lists"  # very hidden: drop-down lists too long to write into the validation
# Column keys in sheet order; the header texts are translated and kept in the meta sheet,
# so a workbook downloaded in one language can be uploaded in another.
COLUMNS = ("id", "question", "levels", "help", "answer", "comment", "evidence", "version")
LETTER = {key: get_column_letter(i) for i, key in enumerate(COLUMNS, start=1)}
INDEX = {key: i for i, key in enumerate(COLUMNS)}
EDITABLE = ("answer", "comment", "evidence")
WIDTHS = {"id": 16, "question": 50, "levels": 60, "help": 50, "answer": 12, "comment": 40, "evidence": 32}
# Limits for an uploaded file, checked on the zip directory before anything is unpacked.
MAX_UNCOMPRESSED_BYTES = 50 * 1024 * 1024
MAX_COMPRESSION_RATIO = 100
RATIO_CHECK_FROM_BYTES = 1024 * 1024  # tiny parts compress absurdly well and are harmless
MAX_ZIP_ENTRIES = 2000
MAX_ROWS = 10000
MACRO_SUFFIXES = (".xlsm", ".xltm", ".xlam", ".xlsb")
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the old binary .xls (and .doc) format
ZIP_SIGNATURE = b"PK\x03\x04"
SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
SHEET_NAME_MAX = 31
INLINE_LIST_MAX = 250  # Excel refuses a validation list longer than 255 characters
FORMULA_PREFIXES = ("=", "+", "-", "@")
PLAIN_VALUES = (str, int, float, bool, dt.date, dt.time, dt.timedelta)

HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDDDDD")
INPUT_FILL = PatternFill("solid", fgColor="FFF7D6")
WRAPPED = Alignment(wrap_text=True, vertical="top")
UNLOCKED = Protection(locked=False)


class WorkbookProblem(NamedTuple):
    """One problem with an uploaded workbook; sheet, row and column are empty for the file."""

    sheet: str
    row: int | None
    column: str
    message: str


@dataclass
class ImportResult:
    saved: int = 0
    errors: list[WorkbookProblem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


class WorkbookRefused(Exception):
    """The whole file is refused; `message` says why, in words for the person."""

    def __init__(self, message: str):
        self.message = message
        super().__init__(message)


def workbook_filename(assessment: Assessment) -> str:
    """Like ceds-2026-seoul.xlsx: framework, year and city, so downloads do not collide."""
    return f"{assessment.cycle.framework.slug}-{assessment.cycle.year}-{assessment.city.slug}.xlsx"


# Building the workbook ---------------------------------------------------------------------


def workbook_build(*, assessment: Assessment, user) -> bytes:
    """The assessment as an XLSX to fill in offline, with the current answers filled in."""
    if not user.has_perm("assessments.view_assessment", assessment):
        raise PermissionDenied("assessments.view_assessment")
    version = assessment.cycle.framework
    framework = version.load()
    sections = framework_sections(version)
    names = section_sheet_names(sections)
    editable, _refusal = _edit_scope(user, assessment, sections)
    answers = {a.question_id: a for a in Answer.objects.filter(assessment=assessment)}
    headers = _headers()
    book = openpyxl.Workbook()
    _instructions_write(book.active, assessment=assessment, sections=sections, names=names, editable=editable)
    lists = _ValidationLists(book)
    for section in sections:
        sheet = book.create_sheet(names[section.id])
        _section_write(
            sheet,
            framework=framework,
            section=section,
            answers=answers,
            headers=headers,
            editable=section.id in editable,
            lists=lists,
        )
    _meta_write(book.create_sheet(META_SHEET), assessment=assessment, headers=headers, names=names)
    # Sheets may not be added, removed, renamed or unhidden: the upload finds them by name.
    book.security = WorkbookProtection(lockStructure=True)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _headers() -> dict[str, str]:
    return {
        "id": gettext("Question id"),
        "question": gettext("Question"),
        "levels": gettext("Answers to choose from"),
        "help": gettext("Help"),
        "answer": gettext("Answer"),
        "comment": gettext("Comment"),
        "evidence": gettext("Evidence link"),
        "version": "version",
    }


def section_sheet_names(sections) -> dict[str, str]:
    """A sheet name per section: Excel's rules (31 characters, no []:*?/\\), unique."""
    taken = {META_SHEET.lower(), LISTS_SHEET.lower(), "history", gettext("Instructions").lower()}
    names = {}
    for section in sections:
        base = SHEET_NAME_FORBIDDEN.sub("-", section.id).strip("'")[:SHEET_NAME_MAX] or "Section"
        name, n = base, 2
        while name.lower() in taken:  # Excel compares sheet names ignoring case
            suffix = f"~{n}"
            name = base[: SHEET_NAME_MAX - len(suffix)] + suffix
            n += 1
        taken.add(name.lower())
        names[section.id] = name
    return names


def _edit_scope(user, assessment: Assessment, sections) -> tuple[set[str], str]:
    """The ids of the sections the user may change, and why the others are read only."""
    if not user.has_perm("assessments.answer_assessment", assessment):
        if assessment.status == AssessmentStatus.SUBMITTED:
            return set(), gettext("The assessment is submitted; it must be reopened to change answers.")
        return set(), gettext("You may read this assessment but not change its answers.")
    allowed = assigned_sections(user, assessment)
    ids = {s.id for s in sections}
    return (ids if allowed is None else ids & allowed), gettext(
        "This section is not assigned to you; ask your coordinator to change it or to assign it to you."
    )


def _cell_write(cell: Cell, value) -> None:
    """Write a value, never a formula: text that Excel could read as one stays text."""
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)  # control characters XML cannot hold
    cell.value = value
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        cell.data_type = "s"  # openpyxl made "=..." a formula; store it as a string
        cell.quotePrefix = True  # and Excel keeps it text when someone edits the cell


def _section_questions(section: Section) -> list:
    return [question for _heading, questions in section.groups for question in questions]


def _section_write(
    sheet: Worksheet, *, framework, section: Section, answers, headers, editable: bool, lists
) -> None:
    language = get_language() or "en"
    for key in COLUMNS:
        cell = sheet.cell(row=1, column=INDEX[key] + 1)
        _cell_write(cell, headers[key])
        cell.font, cell.fill, cell.alignment = HEADER_FONT, HEADER_FILL, WRAPPED
    validations: dict[tuple[tuple[str, ...], bool], DataValidation] = {}
    for row, question in enumerate(_section_questions(section), start=2):
        answer = answers.get(question.id)
        values = {
            "id": question.id,
            "question": question.text.get(language),
            "levels": _choices_text(framework, question, language),
            "help": _help_text(question, language),
            "answer": _answer_display(question, answer),
            "comment": answer.comment if answer else None,
            "evidence": answer.evidence_url if answer else None,
            "version": answer.version if answer else 0,
        }
        for key, value in values.items():
            cell = sheet.cell(row=row, column=INDEX[key] + 1)
            _cell_write(cell, None if value == "" else value)
            cell.alignment = WRAPPED
            if editable and key in EDITABLE:
                cell.protection, cell.fill = UNLOCKED, INPUT_FILL
        _validation_add(validations, framework, question, f"{LETTER['answer']}{row}", lists)
    for validation in validations.values():
        sheet.add_data_validation(validation)
    for key, width in WIDTHS.items():
        sheet.column_dimensions[LETTER[key]].width = width
    sheet.column_dimensions[LETTER["version"]].hidden = True
    sheet.freeze_panes = "C2"
    _sheet_protect(sheet)


def _sheet_protect(sheet: Worksheet) -> None:
    sheet.protection.sheet = True
    # People may widen columns and rows to read long texts; that changes no content.
    sheet.protection.formatColumns = False
    sheet.protection.formatRows = False


def _answer_display(question, answer: Answer | None):
    """The stored answer as it goes into the Answer cell: a level as a number, dk, na, or text."""
    if answer is None:
        return None
    if answer.status == AnswerStatus.DONT_KNOW:
        return "dk"
    if answer.status == AnswerStatus.NOT_APPLICABLE:
        return "na"
    value = answer.value
    # A level is written as the number Excel's drop-down enters, but only when the number
    # reads back as exactly the stored text: an unedited round trip must change nothing.
    if question.type == "scale" and value.isdigit() and str(int(value)) == value:
        return int(value)
    return value


def _special_lines(question) -> list[str]:
    lines = []
    if question.dont_know:
        lines.append(gettext("dk = don't know"))
    if question.not_applicable:
        lines.append(gettext("na = not applicable"))
    return lines


def _choices_text(framework, question, language: str) -> str:
    """What may be typed in the Answer cell, one choice a line."""
    if question.type == "scale":
        lines = [
            f"{n} = {text.get(language)}" for n, text in enumerate(framework.question_levels(question), 1)
        ]
    elif question.type == "yesno":
        lines = [gettext("yes = Yes"), gettext("no = No")]
    elif question.type == "choice":
        lines = [f"{o.id} = {o.text.get(language)}" for o in question.options or []]
        if question.multiple:
            lines.append(gettext("Several may be chosen: separate the ids with ;"))
    elif question.type == "percent":
        lines = [gettext("A percentage from 0 to 100")]
    elif question.type == "normalised":
        lines = [gettext("A value from 0 to 1")]
    else:
        unit = f" ({question.unit})" if question.unit else ""
        lines = [gettext("A number") + unit]
    return "\n".join(lines + _special_lines(question))


def _help_text(question, language: str) -> str:
    parts = []
    if question.help is not None:
        parts.append(question.help.get(language))
    if question.evidence is not None:
        parts.append(gettext("Evidence: %(text)s") % {"text": question.evidence.get(language)})
    return "\n".join(parts)


def _allowed_values(framework, question) -> tuple[tuple[str, ...], bool]:
    """The drop-down values of an Answer cell, and whether they are the only values allowed."""
    special = tuple(
        token for token, allowed in (("dk", question.dont_know), ("na", question.not_applicable)) if allowed
    )
    if question.type == "scale":
        count = len(framework.question_levels(question))
        return tuple(str(n) for n in range(1, count + 1)) + special, True
    if question.type == "yesno":
        return ("yes", "no", *special), True
    if question.type == "choice":
        # Several options are typed as "a;b": the list only suggests, it cannot refuse.
        return tuple(o.id for o in question.options or []) + special, not question.multiple
    return special, False  # a number is typed; the list offers dk and na


class _ValidationLists:
    """Drop-down lists longer than Excel allows inline, written to a very hidden sheet."""

    def __init__(self, book):
        self.book = book
        self.sheet: Worksheet | None = None
        self.ranges: dict[tuple[str, ...], str] = {}

    def formula(self, values: tuple[str, ...]) -> str:
        inline = '"' + ",".join(values) + '"'
        if len(inline) <= INLINE_LIST_MAX:
            return inline
        if values not in self.ranges:
            if self.sheet is None:
                self.sheet = self.book.create_sheet(LISTS_SHEET)
                self.sheet.sheet_state = "veryHidden"
                _sheet_protect(self.sheet)
            column = len(self.ranges) + 1
            for row, value in enumerate(values, start=1):
                _cell_write(self.sheet.cell(row=row, column=column), value)
            letter = get_column_letter(column)
            self.ranges[values] = f"{quote_sheetname(LISTS_SHEET)}!${letter}$1:${letter}${len(values)}"
        return self.ranges[values]


def _validation_add(validations: dict, framework, question, coordinate: str, lists) -> None:
    values, strict = _allowed_values(framework, question)
    if not values:
        return
    key = (values, strict)
    if key not in validations:
        validations[key] = DataValidation(
            type="list",
            formula1=lists.formula(values),
            allow_blank=True,
            showErrorMessage=strict,
            errorTitle=gettext("Not an answer")[:32],
            error=(gettext("Choose one of: %(values)s") % {"values": ", ".join(values)})[:255],
            showInputMessage=True,
            promptTitle=gettext("Answer")[:32],
            prompt=(gettext("Choose or type: %(values)s") % {"values": ", ".join(values)})[:255],
        )
    validations[key].add(coordinate)


def _instructions_write(sheet: Worksheet, *, assessment: Assessment, sections, names, editable) -> None:
    version = assessment.cycle.framework
    upload_url = settings.SITE_URL.rstrip("/") + reverse("assessments:workbook_upload", args=[assessment.pk])
    sheet.title = gettext("Instructions")
    lines: list[tuple[str, bool]] = [
        (f"{assessment.city.name}: {assessment.cycle.name}", True),
        (gettext("Assessment number: %(id)s") % {"id": assessment.pk}, False),
        (gettext("City: %(city)s") % {"city": assessment.city.name}, False),
        (
            gettext("Cycle: %(cycle)s (%(year)s)")
            % {"cycle": assessment.cycle.name, "year": assessment.cycle.year},
            False,
        ),
        (
            gettext("Framework: %(title)s, version %(version)s")
            % {"title": version.title, "version": version.version},
            False,
        ),
        (gettext("Framework content hash: %(hash)s") % {"hash": version.content_hash}, False),
        (gettext("Downloaded: %(when)s UTC") % {"when": timezone.now().strftime("%Y-%m-%d %H:%M")}, False),
        ("", False),
        (gettext("How to fill in this workbook"), True),
        (gettext("Each sheet is one section of the questionnaire; each row is one question."), False),
        (
            gettext(
                "Type or choose your answer in the Answer column. The column 'Answers to choose from' "
                "lists what is allowed: for a level question the level number (1 = the first level "
                "text); for a yes/no question yes or no; for a choice question the option ids."
            ),
            False,
        ),
        (gettext("dk = don't know: you could not find out the answer."), False),
        (gettext("na = not applicable: the question does not apply to your city."), False),
        (
            gettext(
                "Comment and Evidence link are optional. An evidence link must start with http:// "
                "or https://. Evidence files are attached on the platform."
            ),
            False,
        ),
        (
            gettext(
                "Only the coloured Answer, Comment and Evidence link cells can be changed. Do not "
                "rename, move or delete sheets, rows or columns."
            ),
            False,
        ),
        (gettext("Formulas are not accepted in the Answer column: type the value."), False),
        ("", False),
        (gettext("How to upload the workbook"), True),
        (
            gettext("Save it as an Excel Workbook (.xlsx), not as a macro-enabled workbook or CSV."),
            False,
        ),
        (
            gettext("Upload it (at most %(mb)s MB) at: %(url)s")
            % {"mb": settings.MAX_UPLOAD_MB, "url": upload_url},
            False,
        ),
        (
            gettext(
                "Only the answers you changed are saved, all together or none: if a cell has a "
                "problem, the page lists every problem by sheet, row and column and nothing is saved."
            ),
            False,
        ),
        (
            gettext(
                "If someone changes an answer on the platform after you downloaded this workbook, "
                "your change to that answer is refused as a conflict: download a new workbook."
            ),
            False,
        ),
        ("", False),
        (gettext("Sheets"), True),
    ]
    for section in sections:
        state = gettext("you can change it") if section.id in editable else gettext("read only")
        lines.append((f"{names[section.id]}: {section.title} ({state})", False))
    for row, (text, bold) in enumerate(lines, start=1):
        cell = sheet.cell(row=row, column=1)
        _cell_write(cell, text or None)
        cell.alignment = WRAPPED
        if bold:
            cell.font = HEADER_FONT
    sheet.column_dimensions["A"].width = 110
    _sheet_protect(sheet)


def _meta_write(sheet: Worksheet, *, assessment: Assessment, headers, names) -> None:
    version = assessment.cycle.framework
    rows = [
        ["format", FORMAT],
        ["assessment", assessment.pk],
        ["city", assessment.city.name],
        ["cycle", assessment.cycle.name],
        ["framework", version.slug],
        ["framework_version", version.version],
        ["content_hash", version.content_hash],
        ["columns", *(headers[key] for key in COLUMNS)],
        *(["sheet", section_id, name] for section_id, name in names.items()),
    ]
    for row, values in enumerate(rows, start=1):
        for column, value in enumerate(values, start=1):
            _cell_write(sheet.cell(row=row, column=column), value)
    sheet.sheet_state = "veryHidden"
    _sheet_protect(sheet)


# Reading an uploaded workbook ------------------------------------------------------------------


@dataclass
class _Meta:
    values: dict[str, object]
    headers: list[str]
    sheets: dict[str, str]  # section id -> sheet name


@dataclass
class _Place:
    sheet: str
    row: int
    column: str


def workbook_import(*, assessment: Assessment, user, upload) -> ImportResult:
    """Save the answers changed in an uploaded workbook, all or nothing.

    Returns the number of answers saved, or every problem found (by sheet, row and
    column) and then nothing is saved.
    """
    try:
        data = _upload_read(upload)
        _archive_check(data)
        book = _book_open(data)
    except WorkbookRefused as exc:
        return ImportResult(errors=[WorkbookProblem("", None, "", exc.message)])
    try:
        sections = framework_sections(assessment.cycle.framework)
        meta = _meta_read(book, assessment)
        items, places, errors = _rows_collect(
            book, meta=meta, assessment=assessment, user=user, sections=sections
        )
    except WorkbookRefused as exc:
        return ImportResult(errors=[WorkbookProblem("", None, "", exc.message)])
    finally:
        book.close()
    return _items_save(assessment=assessment, user=user, items=items, places=places, errors=errors, meta=meta)


def _upload_read(upload) -> bytes:
    """The uploaded bytes, once its size, name and first bytes say it may be an XLSX."""
    name = (upload.name or "").lower()
    limit = settings.MAX_UPLOAD_MB * 1024 * 1024
    too_large = gettext("The file is larger than %(mb)s MB.") % {"mb": settings.MAX_UPLOAD_MB}
    if upload.size is not None and upload.size > limit:
        raise WorkbookRefused(too_large)
    if name.endswith(MACRO_SUFFIXES):
        raise WorkbookRefused(_macro_message())
    upload.seek(0)
    data = upload.read(limit + 1)
    if len(data) > limit:  # the size read, not the size claimed
        raise WorkbookRefused(too_large)
    if data.startswith(OLE_SIGNATURE):
        raise WorkbookRefused(
            gettext(
                "This is an old-format Excel file (.xls). Open it in Excel and save it as an Excel "
                "Workbook (.xlsx)."
            )
        )
    if not data.startswith(ZIP_SIGNATURE):
        raise WorkbookRefused(
            gettext(
                "The file is not an Excel workbook (.xlsx). Upload the workbook downloaded from this "
                "page, saved as an Excel Workbook."
            )
        )
    if not name.endswith(".xlsx"):
        raise WorkbookRefused(gettext("The file name must end in .xlsx."))
    return data


def _macro_message() -> str:
    return gettext(
        "Workbooks with macros are not accepted. Save the file as an Excel Workbook (.xlsx) and "
        "upload it again."
    )


def _archive_check(data: bytes) -> None:
    """Refuse zip bombs, macros and zips that are not spreadsheets, before anything is unpacked."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError):
        raise WorkbookRefused(
            gettext("The file is damaged: it cannot be opened as an Excel workbook (.xlsx).")
        ) from None
    with archive:
        entries = archive.infolist()
        bomb = gettext(
            "The file unpacks to far more data than a workbook holds (more than %(mb)s MB, or "
            "compressed more than %(ratio)s times); it is refused."
        ) % {"mb": MAX_UNCOMPRESSED_BYTES // (1024 * 1024), "ratio": MAX_COMPRESSION_RATIO}
        if len(entries) > MAX_ZIP_ENTRIES:
            raise WorkbookRefused(bomb)
        if sum(e.file_size for e in entries) > MAX_UNCOMPRESSED_BYTES:
            raise WorkbookRefused(bomb)
        for entry in entries:
            ratio_counts = entry.file_size > RATIO_CHECK_FROM_BYTES
            if ratio_counts and entry.file_size > MAX_COMPRESSION_RATIO * max(entry.compress_size, 1):
                raise WorkbookRefused(bomb)
        names = {e.filename.lower() for e in entries}
        if any(n.rsplit("/", 1)[-1] == "vbaproject.bin" for n in names):
            raise WorkbookRefused(_macro_message())
        if "[content_types].xml" not in names or "xl/workbook.xml" not in names:
            raise WorkbookRefused(gettext("The file is a zip archive but not an Excel workbook (.xlsx)."))
        content_types = archive.read(_entry_named(entries, "[content_types].xml")).lower()
        if b"macroenabled" in content_types or b"vbaproject" in content_types:
            raise WorkbookRefused(_macro_message())


def _entry_named(entries, lower_name: str) -> zipfile.ZipInfo:
    return next(e for e in entries if e.filename.lower() == lower_name)


def _book_open(data: bytes):
    try:
        with warnings.catch_warnings():
            # openpyxl warns about Excel features it does not keep (extensions, slicers);
            # reading cell values is unaffected, so a warning must not stop an upload.
            warnings.simplefilter("ignore")
            return openpyxl.load_workbook(
                io.BytesIO(data), read_only=True, data_only=False, keep_vba=False, keep_links=False
            )
    except Exception:  # openpyxl raises many types for a damaged file
        raise WorkbookRefused(
            gettext("The file is damaged: it cannot be opened as an Excel workbook (.xlsx).")
        ) from None


def _sheet_rows(book, name: str) -> list[tuple]:
    """The rows of a sheet as values; read-only sheets parse lazily, so damage shows up here."""
    rows = []
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # as in _book_open
            for row in book[name].iter_rows(max_col=len(COLUMNS), values_only=True):
                rows.append(row)
                if len(rows) > MAX_ROWS:
                    raise WorkbookRefused(
                        gettext("The sheet %(sheet)s has more than %(max)s rows.")
                        % {"sheet": name, "max": MAX_ROWS}
                    )
    except WorkbookRefused:
        raise
    except Exception:  # openpyxl raises many types for damaged sheet XML
        raise WorkbookRefused(
            gettext("The sheet %(sheet)s is damaged and cannot be read.") % {"sheet": name}
        ) from None
    return rows


def _meta_read(book, assessment: Assessment) -> _Meta:
    """The hidden sheet that says which assessment and framework version the file is for."""
    if META_SHEET not in book.sheetnames:
        raise WorkbookRefused(
            gettext(
                "This workbook was not downloaded from the platform (its hidden information sheet "
                "is missing). Download the workbook of this assessment and fill that in."
            )
        )
    meta = _Meta(values={}, headers=[], sheets={})
    for row in _sheet_rows(book, META_SHEET):
        key = row[0] if row else None
        if key == "columns":
            meta.headers = ["" if v is None else str(v) for v in row[1:]]
        elif key == "sheet" and len(row) >= 3:
            meta.sheets[str(row[1])] = str(row[2])
        elif key is not None:
            meta.values[str(key)] = row[1] if len(row) > 1 else None
    version = assessment.cycle.framework
    if str(meta.values.get("assessment")) != str(assessment.pk):
        raise WorkbookRefused(
            gettext(
                "This workbook is for another assessment (%(city)s, %(cycle)s). Download the "
                "workbook of this assessment and copy your answers into it."
            )
            % {"city": meta.values.get("city") or "?", "cycle": meta.values.get("cycle") or "?"}
        )
    if meta.values.get("content_hash") != version.content_hash:
        raise WorkbookRefused(
            gettext(
                "This workbook was made for another version of the questionnaire (%(version)s). "
                "Download a new workbook and copy your answers into it."
            )
            % {"version": meta.values.get("framework_version") or "?"}
        )
    return meta


def _rows_collect(book, *, meta: _Meta, assessment: Assessment, user, sections):
    """The changed rows as answer items, where each came from, and the problems found."""
    editable, refusal = _edit_scope(user, assessment, sections)
    answers = {a.question_id: a for a in Answer.objects.filter(assessment=assessment)}
    items: list[AnswerInput] = []
    places: dict[str, _Place] = {}
    errors: list[WorkbookProblem] = []
    for section in sections:
        name = meta.sheets.get(section.id)
        if name is None or name not in book.sheetnames:
            errors.append(
                WorkbookProblem(
                    name or section.id,
                    None,
                    "",
                    gettext("The sheet of section %(title)s is missing; do not delete or rename sheets.")
                    % {"title": section.title},
                )
            )
            continue
        rows = _sheet_rows(book, name)
        header_errors = _header_check(name, rows[0] if rows else (), meta.headers)
        if header_errors:
            errors.extend(header_errors)
            continue
        questions = {q.id: q for q in _section_questions(section)}
        seen: set[str] = set()
        for number, cells in enumerate(rows[1:], start=2):
            row = _SheetRow(name, number, tuple(cells) + (None,) * (len(COLUMNS) - len(cells)))
            item, problems = row.item(
                questions=questions,
                seen=seen,
                answers=answers,
                can_edit=section.id in editable,
                refusal=refusal,
            )
            errors.extend(problems)
            if item is not None and not problems:
                items.append(item)
                places[item.question_id] = _Place(name, number, LETTER["answer"])
    return items, places, errors


def _header_check(sheet: str, header, expected: list[str]) -> list[WorkbookProblem]:
    found = ["" if v is None else str(v).strip() for v in header] + [""] * len(COLUMNS)
    problems = []
    for key in COLUMNS:
        want = expected[INDEX[key]] if INDEX[key] < len(expected) else key
        if found[INDEX[key]] != want:
            problems.append(
                WorkbookProblem(
                    sheet,
                    1,
                    LETTER[key],
                    gettext("The column '%(name)s' is missing here; do not insert, move or delete columns.")
                    % {"name": want},
                )
            )
    return problems


def _is_formula(value) -> bool:
    # Array and data-table formulas come back as objects, not as text starting with "=".
    return (isinstance(value, str) and value.startswith("=")) or not (
        value is None or isinstance(value, PLAIN_VALUES)
    )


def _literal_text(value) -> str:
    """A cell as the text a person typed: a formula is kept as its text, never computed."""
    if value is None:
        return ""
    if not isinstance(value, PLAIN_VALUES):
        return str(getattr(value, "text", "") or "")
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    return str(value)


def _comparable(text: str) -> str:
    """Text as it survives a trip through the file: XML turns \r\n into \n, and control
    characters are not written; without this an unedited comment would count as changed."""
    return ILLEGAL_CHARACTERS_RE.sub("", text).replace("\r\n", "\n").replace("\r", "\n").strip()


def _answer_parse(value) -> tuple[str, str]:
    """(status, value) of an Answer cell, as the question page would store it."""
    if isinstance(value, bool):  # Excel turns a typed TRUE into a boolean
        value = "yes" if value else "no"
    text = _literal_text(value).strip()
    token = text.lower()
    if token in DONT_KNOW_TOKENS:
        return AnswerStatus.DONT_KNOW, ""
    if token in NOT_APPLICABLE_TOKENS:
        return AnswerStatus.NOT_APPLICABLE, ""
    return AnswerStatus.ANSWERED, text


def _version_parse(value) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None


@dataclass
class _SheetRow:
    sheet: str
    number: int
    cells: tuple

    def cell(self, key: str):
        return self.cells[INDEX[key]]

    def problem(self, key: str, message: str) -> WorkbookProblem:
        return WorkbookProblem(self.sheet, self.number, LETTER[key], message)

    def item(
        self, *, questions, seen: set[str], answers, can_edit: bool, refusal: str
    ) -> tuple[AnswerInput | None, list[WorkbookProblem]]:
        """The answer item of this row when it changes something, or why it cannot."""
        question_id = _literal_text(self.cell("id")).strip()
        if not question_id:
            if any(_literal_text(self.cell(k)).strip() for k in EDITABLE):
                return None, [self.problem("id", gettext("This row has no question id."))]
            return None, []  # an empty row below the questions
        if question_id not in questions:
            return None, [
                self.problem(
                    "id",
                    gettext("There is no question %(id)s in this section; do not change the ids.")
                    % {"id": question_id},
                )
            ]
        if question_id in seen:
            return None, [
                self.problem("id", gettext("The question %(id)s appears twice.") % {"id": question_id})
            ]
        seen.add(question_id)
        if _is_formula(self.cell("answer")):
            return None, [self.problem("answer", gettext("Formulas are not accepted; type the value."))]
        return self._changes(question_id, answers.get(question_id), can_edit, refusal)

    def _changes(self, question_id, answer: Answer | None, can_edit: bool, refusal: str):
        status, value = _answer_parse(self.cell("answer"))
        comment = _literal_text(self.cell("comment")).strip()
        evidence = _literal_text(self.cell("evidence")).strip()
        stored = (answer.status, answer.value) if answer else (AnswerStatus.ANSWERED, "")
        changed = {
            "answer": (status, value) != stored,
            "comment": _comparable(comment) != _comparable(answer.comment if answer else ""),
            "evidence": _comparable(evidence) != _comparable(answer.evidence_url if answer else ""),
        }
        if not any(changed.values()):
            return None, []  # unchanged rows are not sent: no revision, no new version
        first = next(key for key in EDITABLE if changed[key])
        if not can_edit:
            return None, [self.problem(first, refusal)]
        version = _version_parse(self.cell("version"))
        if version is None:
            return None, [
                self.problem(
                    "version",
                    gettext("The hidden version of this row was changed; download a new workbook."),
                )
            ]
        problems = self._blank_problems(status, value, answer)
        if changed["evidence"] and evidence and not _is_web_address(evidence):
            problems.append(
                self.problem(
                    "evidence",
                    gettext("The evidence link must be a web address starting with http:// or https://."),
                )
            )
        if problems:
            return None, problems
        if not changed["answer"]:
            status, value = stored  # keep the stored text exactly when only notes change
        return AnswerInput(
            question_id=question_id,
            status=status,
            value=value,
            comment=comment if changed["comment"] else None,
            evidence_url=evidence if changed["evidence"] else None,
            expected_version=version,
        ), []

    def _blank_problems(self, status: str, value: str, answer: Answer | None) -> list[WorkbookProblem]:
        if status != AnswerStatus.ANSWERED or value:
            return []
        if answer is not None:
            message = gettext("An answer cannot be emptied; choose dk (don't know) or na (not applicable).")
        else:
            message = gettext("Choose an answer before adding a comment or an evidence link.")
        return [self.problem("answer", message)]


def _is_web_address(text: str) -> bool:
    # Checked here, not only by the service, so the problem names the Evidence column.
    try:
        URLValidator(schemes=["http", "https"])(text)
    except ValidationError:
        return False
    return True


def _items_save(*, assessment, user, items, places, errors, meta: _Meta) -> ImportResult:
    """Save the items through the service; with any problem anywhere, keep nothing."""
    with transaction.atomic():
        saved = 0
        if items:
            try:
                outcomes = answers_save_batch(assessment=assessment, actor=user, items=items)
                saved = sum(o.changed for o in outcomes)
            except AnswerRefusedBatch as exc:
                errors = errors + [_problem_place(p, places) for p in exc.problems]
            except PermissionDenied:
                errors = [
                    *errors,
                    WorkbookProblem("", None, "", gettext("You may not change these answers.")),
                ]
        if errors:
            # The service also checked the rows without problems, so that one upload reports
            # every problem; what it saved is rolled back with this transaction.
            transaction.set_rollback(True)
            return ImportResult(errors=_problems_sorted(errors, meta))
    return ImportResult(saved=saved)


def _problem_place(problem, places: dict[str, _Place]) -> WorkbookProblem:
    place = places.get(problem.question_id)
    if place is None:
        return WorkbookProblem("", None, "", f"{problem.question_id}: {problem.message}")
    return WorkbookProblem(place.sheet, place.row, place.column, problem.message)


def _problems_sorted(errors: list[WorkbookProblem], meta: _Meta) -> list[WorkbookProblem]:
    """File problems first, then in questionnaire order: sheet, row, column."""
    order = {name: i for i, name in enumerate(meta.sheets.values())}
    return sorted(errors, key=lambda p: (order.get(p.sheet, -1), p.row or 0, p.column))
