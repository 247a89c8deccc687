"""`wego score` and `wego validate` on malformed input: exit status 2, a message, no traceback.

An operator runs these on files they made by hand; a bad file must end in a message that says
what and where, and `--out` must not be written.
"""

import subprocess
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.scoring.conftest import SMALL
from wego.cli import EXIT_BAD_INPUT, main

HEADER = "city,A1,A2,B1,B2\n"
fast = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.fixture(scope="module")
def framework_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("framework") / "small.yaml"
    path.write_text(SMALL, encoding="utf-8")
    return path


def score(capsys, framework, answers, out):
    status = main(["score", "--framework", str(framework), "--answers", str(answers), "--out", str(out)])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


@fast
@given(data=st.binary(max_size=300), suffix=st.sampled_from([".csv", ".xlsx", ".txt"]))
def test_score_on_arbitrary_bytes_scores_or_exits_2_and_writes_nothing(
    tmp_path_factory, capsys, framework_file, data, suffix
):
    folder = tmp_path_factory.mktemp("score")
    answers = folder / f"answers{suffix}"
    answers.write_bytes(data)
    out = folder / "scores.csv"
    status, stdout, err = score(capsys, framework_file, answers, out)
    assert status in (0, EXIT_BAD_INPUT)
    if status == EXIT_BAD_INPUT:
        assert err.startswith(f"wego score: error: answers{suffix}")
        assert "Traceback" not in err
        assert not out.exists()
        assert sorted(p.name for p in folder.iterdir()) == [answers.name]  # no temporary file left
    assert stdout == ""


def _xlsx_with_damaged_sheet(path):
    import io
    import zipfile

    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["city", "A1", "A2", "B1", "B2"])
    book.active.append(["Alpha", 5, "yes", 40, "web"])
    buffer = io.BytesIO()
    book.save(buffer)
    source = zipfile.ZipFile(buffer)
    with zipfile.ZipFile(path, "w") as target:
        for entry in source.infolist():
            content = source.read(entry)
            if entry.filename == "xl/worksheets/sheet1.xml":
                content = content[: len(content) // 2]
            target.writestr(entry, content)


@pytest.mark.parametrize(
    ("name", "make", "message"),
    [
        (
            "answers.csv",
            lambda p: p.mkdir(),
            "wego score: error: answers.csv: cannot be read (Is a directory)\n",
        ),
        (
            "answers.csv",
            lambda p: p.write_text(HEADER + "x" * 200_000 + ",5,yes,40,web\n", encoding="utf-8"),
            "wego score: error: answers.csv, line 2: not a readable CSV line "
            "(field larger than field limit (131072))\n",
        ),
        (
            "answers.xlsx",
            _xlsx_with_damaged_sheet,
            None,  # openpyxl's own words follow; the start is checked
        ),
        (
            "answers.csv",
            lambda p: p.write_bytes("city,A1,A2,B1,B2\nS\xe9oul,5,yes,40,web\n".encode("latin-1")),
            "wego score: error: answers.csv: not UTF-8 text; save the CSV as UTF-8\n",
        ),
        (
            "answers.csv",
            lambda p: p.write_text(HEADER + "Alpha,99999999999999999999,yes,40,web\n", encoding="utf-8"),
            "wego score: error: answers.csv, row 2, column 'A1': '99999999999999999999' is not a level: "
            "expected a whole number from 1 to 5\n",
        ),
        (
            "answers.csv",
            lambda p: p.write_text("city,A1,A2,B1\nAlpha,5,yes,40\n", encoding="utf-8"),
            "wego score: error: answers.csv, row 1: missing column 'B2'\n",
        ),
    ],
    ids=["folder", "huge-field", "damaged-xlsx", "latin-1", "huge-number", "missing-column"],
)
def test_score_on_a_malformed_file_exits_2_with_one_line_and_writes_nothing(
    tmp_path, capsys, framework_file, name, make, message
):
    answers = tmp_path / name
    make(answers)
    out = tmp_path / "scores.csv"
    status, stdout, err = score(capsys, framework_file, answers, out)
    assert status == EXIT_BAD_INPUT
    if message is None:
        assert err.startswith(f"wego score: error: {name}: not a readable XLSX workbook (")
    else:
        assert err == message
    assert err.count("\n") == 1
    assert stdout == ""
    assert not out.exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            b"format: 1\nid: \x00\n",
            "broken.yaml, line 2: not valid YAML: control characters are not allowed (#x0000)\n",
        ),
        (b"\xff\xfe\x00", None),
        (
            SMALL.replace("weight: 2", "weight: .inf").encode(),
            "broken.yaml, line 14, at tree[0].weight: Input should be a finite number\n",
        ),
    ],
    ids=["control-character", "not-utf-8", "infinite-weight"],
)
def test_validate_on_a_malformed_file_exits_2_with_file_and_line(tmp_path, capsys, content, message):
    path = tmp_path / "broken.yaml"
    path.write_bytes(content)
    status = main(["validate", str(path)])
    captured = capsys.readouterr()
    assert status == EXIT_BAD_INPUT
    assert captured.out == ""
    if message is None:
        assert captured.err.startswith("broken.yaml: cannot be read as UTF-8 text: ")
        assert captured.err.count("\n") == 1
    else:
        assert captured.err == message


def test_score_as_a_process_on_a_bad_file_prints_no_traceback(tmp_path, framework_file):
    answers = tmp_path / "answers.xlsx"
    _xlsx_with_damaged_sheet(answers)
    finished = subprocess.run(
        [
            sys.executable,
            "-m",
            "wego.cli",
            "score",
            "--framework",
            str(framework_file),
            "--answers",
            str(answers),
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert finished.returncode == EXIT_BAD_INPUT
    assert finished.stdout == ""
    assert finished.stderr.startswith("wego score: error: answers.xlsx: not a readable XLSX workbook (")
    assert "Traceback" not in finished.stderr
