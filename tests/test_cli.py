import json

import pytest
from openpyxl import Workbook

from tests.scoring.conftest import SMALL
from wego.cli import main

HEADER = "city,A1,A2,B1,B2\n"


@pytest.fixture
def framework_file(tmp_path):
    path = tmp_path / "small.yaml"
    path.write_text(SMALL, encoding="utf-8")
    return path


def run(capsys, *args):
    status = main(["score", *map(str, args)])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_score_writes_csv_with_every_node_stage_and_rank(tmp_path, framework_file, capsys):
    answers = tmp_path / "answers.csv"
    answers.write_text(HEADER + "Alpha,5,yes,40,web;phone\nBeta,3,no,100,web\n", encoding="utf-8")
    out = tmp_path / "scores.csv"

    status, _, err = run(capsys, "--framework", framework_file, "--answers", answers, "--out", out)

    assert status == 0
    assert err == f"wego score: 2 scored with small 1; wrote {out}\n"
    assert out.read_text(encoding="utf-8").splitlines() == [
        "id,overall,stage,rank,coverage,dont_know,missing,A,B",
        "Alpha,80,top,1,1,0,0,100,40",
        "Beta,38.9,low,2,1,0,0,25,66.666667",
    ]


def test_score_writes_json(tmp_path, framework_file, capsys):
    answers = tmp_path / "answers.csv"
    answers.write_text(HEADER + "Alpha,dk,yes,40,\n", encoding="utf-8")
    out = tmp_path / "scores.json"

    status, _, _ = run(capsys, "--framework", framework_file, "--answers", answers, "--out", out)

    document = json.loads(out.read_text(encoding="utf-8"))
    assert status == 0
    assert document["framework"]["id"] == "small"
    assert document["results"] == [
        {
            "id": "Alpha",
            "overall": 33.3,
            "stage": "low",
            "rank": 1,
            "coverage": 0.75,
            "flags": {"dont_know": 1, "missing": 1},
            "scores": {"A": 50.0, "B": 0.0},
        }
    ]


def test_score_reads_xlsx(tmp_path, framework_file, capsys):
    book = Workbook()
    sheet = book.active
    sheet.append(["city", "A1", "A2", "B1", "B2"])
    sheet.append(["Alpha", 5, "yes", 40, "web;phone"])
    answers = tmp_path / "answers.xlsx"
    book.save(answers)

    status, out, _ = run(capsys, "--framework", framework_file, "--answers", answers)

    assert status == 0
    assert out.splitlines()[1] == "Alpha,80,top,1,1,0,0,100,40"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            HEADER + "Alpha,7,yes,40,web\n",
            "answers.csv, row 2, column 'A1': '7' is not a level: expected a whole number from 1 to 5",
        ),
        (
            HEADER + "Alpha,5,yes,40,web\nBeta,5,perhaps,40,web\n",
            "answers.csv, row 3, column 'A2': 'perhaps' is not yes or no",
        ),
        (
            "city,A1,A2,B1,B2,C9\nAlpha,5,yes,40,web,1\n",
            "answers.csv, row 1: unknown column 'C9' (not a question of framework 'small'; pass --keep or --ignore for extra columns)",
        ),
        ("city,A1,A2\nAlpha,5,yes\n", "answers.csv, row 1: missing columns 'B1', 'B2'"),
        (
            HEADER + "Alpha,5,yes,40,web\nAlpha,4,yes,40,web\n",
            "answers.csv, row 3, column 'city': 'Alpha' already appears in row 2",
        ),
        (HEADER + ",5,yes,40,web\n", "answers.csv, row 2, column 'city': the id is empty"),
        ("", "answers.csv: the file is empty"),
    ],
)
def test_score_bad_answers_exit_2_name_row_and_column_and_write_nothing(
    tmp_path, framework_file, capsys, content, message
):
    answers = tmp_path / "answers.csv"
    answers.write_text(content, encoding="utf-8")
    out = tmp_path / "scores.csv"

    status, stdout, err = run(capsys, "--framework", framework_file, "--answers", answers, "--out", out)

    assert status == 2
    assert err == f"wego score: error: {message}\n"
    assert stdout == ""
    assert sorted(p.name for p in tmp_path.iterdir()) == ["answers.csv", "small.yaml"]


def test_score_bad_framework_exits_2_with_file_line_and_path(tmp_path, capsys):
    framework = tmp_path / "broken.yaml"
    framework.write_text(SMALL.replace("type: yesno", "type: yes-no"), encoding="utf-8")
    answers = tmp_path / "answers.csv"
    answers.write_text(HEADER, encoding="utf-8")
    out = tmp_path / "scores.csv"

    status, _, err = run(capsys, "--framework", framework, "--answers", answers, "--out", out)

    assert status == 2
    assert err.startswith(
        "wego score: error: the framework file has problems:\n"
        "broken.yaml, line 21, at tree[0].children[1].type: Input should be 'scale', 'yesno', 'choice', 'number', 'percent' or 'normalised'"
    )
    assert not out.exists()


def test_score_refuses_unknown_output_type(tmp_path, framework_file, capsys):
    status, _, err = run(
        capsys, "--framework", framework_file, "--answers", "x.csv", "--out", tmp_path / "out.txt"
    )

    assert (status, err) == (2, "wego score: error: --out out.txt: the output must end in .csv or .json\n")


def test_score_missing_answers_file(tmp_path, framework_file, capsys):
    status, _, err = run(capsys, "--framework", framework_file, "--answers", tmp_path / "none.csv")

    assert (status, err) == (2, f"wego score: error: {tmp_path / 'none.csv'}: no such file\n")


def test_validate_reports_counts_and_fails_on_a_broken_file(tmp_path, capsys):
    broken = tmp_path / "broken.yaml"
    broken.write_text("format: 1\nid: x\n", encoding="utf-8")

    ok = main(["validate", "egdi"])
    good = capsys.readouterr().out
    bad = main(["validate", str(broken)])
    err = capsys.readouterr().err

    assert ok == 0
    assert good.startswith(
        "egdi.yaml: egdi 2018 is valid: 3 questions in the tree, 0 in the inventory, 4 stages"
    )
    assert bad == 2
    assert err.splitlines()[0] == "broken.yaml, line 1: 'version' is required"


def test_row_numbers_count_blank_rows_as_a_spreadsheet_does(tmp_path, framework_file, capsys):
    answers = tmp_path / "answers.csv"
    answers.write_text(HEADER + "\n\nAlpha,9,yes,40,web\n", encoding="utf-8")

    status, _, err = run(capsys, "--framework", framework_file, "--answers", answers)

    assert (status, err) == (
        2,
        "wego score: error: answers.csv, row 4, column 'A1': '9' is not a level: expected a whole number from 1 to 5\n",
    )


def test_ignore_refuses_a_question_column(tmp_path, framework_file, capsys):
    answers = tmp_path / "answers.csv"
    answers.write_text(HEADER + "Alpha,5,yes,40,web\n", encoding="utf-8")

    status, _, err = run(capsys, "--framework", framework_file, "--answers", answers, "--ignore", "A1")

    assert (status, err) == (
        2,
        "wego score: error: --ignore A1: that is a question of framework 'small'; leave its cells empty to score it as missing\n",
    )


def test_nameless_empty_column_is_skipped_but_nameless_data_is_refused(tmp_path, framework_file, capsys):
    answers = tmp_path / "answers.csv"
    answers.write_text("city,A1,A2,B1,B2,\nAlpha,5,yes,40,web,\n", encoding="utf-8")
    ok, out, _ = run(capsys, "--framework", framework_file, "--answers", answers)
    answers.write_text("city,A1,A2,B1,B2,\nAlpha,5,yes,40,web,7\n", encoding="utf-8")
    bad, _, err = run(capsys, "--framework", framework_file, "--answers", answers)

    assert (ok, out.splitlines()[1]) == (0, "Alpha,80,top,1,1,0,0,100,40")
    assert (bad, err) == (
        2,
        "wego score: error: answers.csv, row 1, column 6: the column has data but no name\n",
    )


def test_xlsx_percentage_cells_and_whole_number_floats_read_as_shown(tmp_path, framework_file, capsys):
    book = Workbook()
    sheet = book.active
    sheet.append(["city", "A1", "A2", "B1", "B2"])
    sheet.append(["Alpha", 5.0, 1.0, 0.4, "web;phone"])
    sheet["D2"].number_format = "0%"
    answers = tmp_path / "answers.xlsx"
    book.save(answers)

    status, out, _ = run(capsys, "--framework", framework_file, "--answers", answers)

    assert (status, out.splitlines()[1]) == (0, "Alpha,80,top,1,1,0,0,100,40")


def test_keep_refuses_a_name_the_output_already_has(tmp_path, framework_file, capsys):
    answers = tmp_path / "answers.csv"
    answers.write_text("city,A1,A2,B1,B2,rank\nAlpha,5,yes,40,web,3\n", encoding="utf-8")

    status, _, err = run(capsys, "--framework", framework_file, "--answers", answers, "--keep", "rank")

    assert (status, err) == (
        2,
        "wego score: error: --keep rank: the output already has a column of that name\n",
    )


def test_keep_accepts_a_question_id_because_questions_are_not_output_columns(
    tmp_path, framework_file, capsys
):
    answers = tmp_path / "answers.csv"
    answers.write_text(HEADER + "Alpha,5,yes,40,web\n", encoding="utf-8")

    status, out, _ = run(capsys, "--framework", framework_file, "--answers", answers, "--keep", "A1")

    assert (status, out.splitlines()[0]) == (0, "id,A1,overall,stage,rank,coverage,dont_know,missing,A,B")
