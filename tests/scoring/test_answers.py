import math

import pytest

from tests.scoring.conftest import SMALL, framework_from
from wego.scoring import AnswerError, parse_answer
from wego.scoring.answers import ANSWERED, DONT_KNOW, MISSING, NOT_APPLICABLE


@pytest.fixture
def questions():
    framework = framework_from(SMALL)
    return framework, {q.id: q for q in framework.questions()}


@pytest.mark.parametrize(
    ("qid", "cell", "expected"),
    [
        ("A1", "3", (3.0, ANSWERED)),
        ("A1", 5, (5.0, ANSWERED)),
        ("A1", "DK", (math.nan, DONT_KNOW)),
        ("A1", "n/a", (math.nan, NOT_APPLICABLE)),
        ("A1", "", (math.nan, MISSING)),
        ("A1", None, (math.nan, MISSING)),
        ("A2", "Yes", (1.0, ANSWERED)),
        ("A2", False, (0.0, ANSWERED)),
        ("B1", "42.5%", (42.5, ANSWERED)),
        ("B2", "web | phone", (3.0, ANSWERED)),
        ("B2", "none", (0.0, ANSWERED)),
    ],
)
def test_parse_answer_accepts(questions, qid, cell, expected):
    framework, by_id = questions

    value, status = parse_answer(framework, by_id[qid], cell)

    assert status == expected[1]
    assert (math.isnan(value) and math.isnan(expected[0])) or value == expected[0]


@pytest.mark.parametrize(
    ("qid", "cell", "message"),
    [
        ("A1", "6", "'6' is not a level: expected a whole number from 1 to 5"),
        ("A1", "2.5", "'2.5' is not a level: expected a whole number from 1 to 5"),
        ("A1", "high", "'high' is not a number"),
        ("A2", "maybe", "'maybe' is not yes or no"),
        ("B1", "120", "120 is not a percentage from 0 to 100"),
        ("B1", "nan", "'nan' is not a finite number"),
        ("B2", "fax", "unknown option 'fax' (options: web, phone, none)"),
        ("B2", "web;web", "an option is chosen twice"),
    ],
)
def test_parse_answer_refuses_with_a_reason(questions, qid, cell, message):
    framework, by_id = questions

    with pytest.raises(AnswerError) as caught:
        parse_answer(framework, by_id[qid], cell)

    assert str(caught.value) == message


def test_dont_know_and_not_applicable_can_be_forbidden():
    framework = framework_from(
        """\
        format: 1
        id: strict
        version: "1"
        title: Strict
        tree:
          - {id: q, type: normalised, text: q, dont_know: false, not_applicable: false}
        """
    )
    question = framework.questions()[0]

    with pytest.raises(AnswerError, match="'don't know' is not allowed"):
        parse_answer(framework, question, "dk")
    with pytest.raises(AnswerError, match="'not applicable' is not allowed"):
        parse_answer(framework, question, "na")
    with pytest.raises(AnswerError, match=r"1\.5 is not a value from 0 to 1"):
        parse_answer(framework, question, "1.5")
