"""Malformed and random answer tables: every input is read or refused with a TableError.

`read_answer_table` is what `wego score` feeds an operator's CSV or XLSX to; whatever the
file holds, it must either give a table or say what is wrong and where, never fail with
another exception.
"""

import io
import math
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from tests.scoring.conftest import SMALL, framework_from
from wego.scoring.answers import (
    ANSWERED,
    MISSING,
    AnswerError,
    TableError,
    parse_answer,
    read_answer_table,
)

FRAMEWORK = framework_from(SMALL)
QUESTIONS = FRAMEWORK.questions()
HEADER = "city,A1,A2,B1,B2\n"
fast = settings(
    max_examples=50,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

cells = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(min_value=-(10**400), max_value=10**400),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=30),
    st.sampled_from(["dk", "NA", "1;2", "web|phone", "5%", "1e400", "-0", " 3 ", "yes", "web;web"]),
)
# What a spreadsheet cell can hold: no control characters, numbers within what Excel stores.
sheet_cells = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**15), max_value=10**15),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cs")), max_size=30),
    st.sampled_from(["dk", "NA", "1;2", "web|phone", "5%", "1e400", "-0", " 3 ", "yes", "web;web"]),
)


def _read(path):
    error = None
    try:
        return read_answer_table(FRAMEWORK, path)
    except TableError as exc:
        error = exc
    if error is not None:
        lines = str(error).split("\n")
        assert all(line.startswith(path.name) for line in lines)  # one line per problem
        assert len(lines) <= 20
        return None


# One answer --------------------------------------------------------------------------------------


@fast
@given(cell=cells, index=st.integers(min_value=0, max_value=len(QUESTIONS) - 1))
def test_parse_answer_gives_a_value_and_status_or_an_answer_error(cell, index):
    question = QUESTIONS[index]
    error = None
    try:
        value, status = parse_answer(FRAMEWORK, question, cell)
    except AnswerError as exc:
        error = exc
    if error is not None:
        assert str(error)
        return
    assert status in (ANSWERED, MISSING, 1, 2)
    assert math.isnan(value) or math.isfinite(value)
    if status == ANSWERED:
        assert math.isfinite(value)


@pytest.mark.parametrize("question_id", ["A1", "A2", "B1", "B2"])
def test_parse_answer_refuses_an_integer_beyond_any_float(question_id):
    # openpyxl reads a cell <v>999...9</v> as a Python int of any size; float() of it overflows.
    question = next(q for q in QUESTIONS if q.id == question_id)
    with pytest.raises(AnswerError, match="the number is too large"):
        parse_answer(FRAMEWORK, question, 10**400)


def test_parse_answer_reads_a_large_but_finite_whole_number_as_a_number():
    question = next(q for q in QUESTIONS if q.id == "A1")
    with pytest.raises(AnswerError, match="is not a level: expected a whole number from 1 to 5"):
        parse_answer(FRAMEWORK, question, 10**300)


# Whole files ---------------------------------------------------------------------------------------


@fast
@given(data=st.binary(max_size=400))
def test_arbitrary_bytes_as_a_csv_are_read_or_refused(tmp_path_factory, data):
    path = tmp_path_factory.mktemp("answers") / "answers.csv"
    path.write_bytes(data)
    _read(path)


@fast
@given(rows=st.lists(st.lists(sheet_cells, min_size=0, max_size=7), max_size=6))
def test_random_rows_under_the_right_header_are_read_or_refused_by_row(tmp_path_factory, rows):
    path = tmp_path_factory.mktemp("answers") / "answers.xlsx"
    book = Workbook()
    sheet = book.active
    sheet.append(["city", "A1", "A2", "B1", "B2"])
    for row in rows:
        sheet.append(row)
    book.save(path)
    table = _read(path)
    if table is not None:
        assert len(table.entity_ids) == table.values.shape[0] == table.status.shape[0]
        assert table.question_ids == ["A1", "A2", "B1", "B2"]


@fast
@given(data=st.binary(max_size=400))
def test_arbitrary_bytes_as_an_xlsx_are_refused(tmp_path_factory, data):
    path = tmp_path_factory.mktemp("answers") / "answers.xlsx"
    path.write_bytes(data)
    with pytest.raises(TableError, match=r"^answers\.xlsx: not a readable XLSX workbook"):
        read_answer_table(FRAMEWORK, path)


def _xlsx_bytes(*rows) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _sheet_rewritten(data: bytes, change) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as target:
        for entry in source.infolist():
            content = source.read(entry)
            if entry.filename == "xl/worksheets/sheet1.xml":
                content = change(content)
            target.writestr(entry, content)
    return buffer.getvalue()


@pytest.mark.parametrize("cut", [100, 400, 1000, -200])
def test_truncated_xlsx_is_refused(tmp_path, cut):
    path = tmp_path / "answers.xlsx"
    path.write_bytes(_xlsx_bytes(["city", "A1", "A2", "B1", "B2"], ["Alpha", 5, "yes", 40, "web"])[:cut])
    with pytest.raises(TableError, match=r"^answers\.xlsx: not a readable XLSX workbook"):
        read_answer_table(FRAMEWORK, path)


def test_xlsx_with_damaged_sheet_xml_is_refused_not_a_parse_error(tmp_path):
    # The zip and the workbook part are sound; the sheet is read lazily, so the damage shows
    # up only while reading the rows.
    data = _xlsx_bytes(["city", "A1", "A2", "B1", "B2"], ["Alpha", 5, "yes", 40, "web"])
    path = tmp_path / "answers.xlsx"
    path.write_bytes(_sheet_rewritten(data, lambda xml: xml[: len(xml) // 2]))
    with pytest.raises(TableError, match=r"^answers\.xlsx: not a readable XLSX workbook \(.+\)$"):
        read_answer_table(FRAMEWORK, path)


def test_xlsx_cell_with_a_four_hundred_digit_number_is_refused_by_row_and_column(tmp_path):
    data = _xlsx_bytes(["city", "A1", "A2", "B1", "B2"], ["Alpha", 3, "yes", 40, "web"])
    path = tmp_path / "answers.xlsx"
    path.write_bytes(
        _sheet_rewritten(data, lambda xml: xml.replace(b"<v>3</v>", b"<v>" + b"9" * 400 + b"</v>"))
    )
    with pytest.raises(TableError) as caught:
        read_answer_table(FRAMEWORK, path)
    assert str(caught.value) == "answers.xlsx, row 2, column 'A1': the number is too large"


def test_csv_field_over_the_csv_module_limit_is_refused_with_its_line(tmp_path):
    path = tmp_path / "answers.csv"
    path.write_text(HEADER + "Alpha,5,yes,40,web\n" + "x" * 200_000 + ",1,no,3,web\n", encoding="utf-8")
    with pytest.raises(TableError) as caught:
        read_answer_table(FRAMEWORK, path)
    assert str(caught.value) == (
        "answers.csv, line 3: not a readable CSV line (field larger than field limit (131072))"
    )


def test_a_folder_given_as_the_answers_is_refused(tmp_path):
    folder = tmp_path / "answers.csv"
    folder.mkdir()
    with pytest.raises(TableError, match=r"^answers\.csv: cannot be read \(Is a directory\)$"):
        read_answer_table(FRAMEWORK, folder)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "answers.csv: the file is empty"),
        (b"\n\n , ,\n", "answers.csv: the file is empty"),
        (
            "city,A1,A2,B1,B2\nS\xe9oul,5,yes,40,web\n".encode("latin-1"),
            "answers.csv: not UTF-8 text; save the CSV as UTF-8",
        ),
        (b"\xff\xfe" + HEADER.encode("utf-16-le"), "answers.csv: not UTF-8 text; save the CSV as UTF-8"),
        (b"city,A1,A2,B1\nAlpha,5,yes,40\n", "answers.csv, row 1: missing column 'B2'"),
        (b"city,A1,A1,A2,B1,B2\n", "answers.csv, row 1: column 'A1' appears twice"),
        (
            HEADER.encode() + b"Alpha,5,yes,40,web\nAlpha,4,no,10,web\n",
            "answers.csv, row 3, column 'city': 'Alpha' already appears in row 2",
        ),
        (
            HEADER.encode() + b"Alpha,-3,yes,1e999,web\n",
            "answers.csv, row 2, column 'A1': '-3' is not a level: expected a whole number from 1 to 5\n"
            "answers.csv, row 2, column 'B1': '1e999' is not a finite number",
        ),
        (
            HEADER.encode() + b"Alpha,5,yes,-40,web\n",
            "answers.csv, row 2, column 'B1': -40 is not a percentage from 0 to 100",
        ),
        (HEADER.encode() + b",5,yes,40,web\n", "answers.csv, row 2, column 'city': the id is empty"),
    ],
    ids=[
        "empty",
        "blank-lines",
        "latin-1",
        "utf-16",
        "missing-column",
        "duplicate-column",
        "duplicate-id",
        "huge-and-negative",
        "negative-percent",
        "empty-id",
    ],
)
def test_malformed_csv_is_refused_with_file_row_and_column(tmp_path, content, message):
    path = tmp_path / "answers.csv"
    path.write_bytes(content)
    with pytest.raises(TableError) as caught:
        read_answer_table(FRAMEWORK, path)
    assert str(caught.value) == message


def test_a_line_break_inside_a_quoted_cell_or_column_name_is_written_out(tmp_path):
    path = tmp_path / "answers.csv"
    path.write_text(HEADER + 'Alpha,"1\n2",yes,40,web\n', encoding="utf-8")
    with pytest.raises(TableError) as caught:
        read_answer_table(FRAMEWORK, path)
    assert str(caught.value) == "answers.csv, row 2, column 'A1': '1\\n2' is not a number"

    path.write_text('city,"A1\r\nA2",B1,B2\n', encoding="utf-8")
    with pytest.raises(TableError) as caught:
        read_answer_table(FRAMEWORK, path)
    assert str(caught.value).startswith("answers.csv, row 1: unknown column 'A1\\nA2' ")
