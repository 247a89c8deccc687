import textwrap

import numpy as np
import pytest

from wego.scoring import compile_plan, load_framework_text
from wego.scoring.answers import MISSING, AnswerTable, parse_answer


def framework_from(text: str):
    return load_framework_text(textwrap.dedent(text), source="test.yaml")


def table_for(framework, rows: dict[str, dict[str, object]]) -> AnswerTable:
    """An answer table from {entity: {question id: typed answer}}; absent means missing."""
    questions = framework.questions()
    values = np.full((len(rows), len(questions)), np.nan)
    status = np.full((len(rows), len(questions)), MISSING, dtype=np.int8)
    for i, answers in enumerate(rows.values()):
        for j, question in enumerate(questions):
            values[i, j], status[i, j] = parse_answer(framework, question, answers.get(question.id))
    return AnswerTable(list(rows), [q.id for q in questions], values, status)


SMALL = """\
format: 1
id: small
version: "1"
title: Small test framework
scale: {min: 0, max: 100}
precision: 1
stages:
  - {id: low, name: Low, min: 0}
  - {id: mid, name: Middle, min: 50}
  - {id: top, name: Top, min: 75, inclusive: false}
tree:
  - id: A
    title: Dimension A
    weight: 2
    children:
      - id: A1
        type: scale
        text: Level of A1
        levels: [one, two, three, four, five]
      - id: A2
        type: yesno
        text: Does A2 exist?
  - id: B
    title: Dimension B
    weight: 1
    aggregation: min
    children:
      - id: B1
        type: percent
        text: Share of B1
      - id: B2
        type: choice
        text: Which B2 channels?
        multiple: true
        options:
          - {id: web, text: Web, points: 2}
          - {id: phone, text: Phone, points: 1}
          - {id: none, text: None, points: 0}
"""


@pytest.fixture
def small():
    framework = framework_from(SMALL)
    return framework, compile_plan(framework)
