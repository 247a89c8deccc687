"""The CeDS scoring engine: framework files, normalisation, aggregation, stages, ranking.

Pure Python and numpy; no Django imports, so it can be used as a library and from
the command line alike. The public surface is re-exported here.
"""

from wego.scoring.answers import (
    AnswerError,
    AnswerTable,
    TableError,
    parse_answer,
    read_answer_table,
)
from wego.scoring.engine import Plan, Result, compile_plan, score
from wego.scoring.framework import (
    Framework,
    FrameworkError,
    Question,
    load_framework,
    load_framework_text,
    shipped_framework_path,
    shipped_frameworks,
)

__all__ = [
    "AnswerError",
    "AnswerTable",
    "Framework",
    "FrameworkError",
    "Plan",
    "Question",
    "Result",
    "TableError",
    "compile_plan",
    "load_framework",
    "load_framework_text",
    "parse_answer",
    "read_answer_table",
    "score",
    "shipped_framework_path",
    "shipped_frameworks",
]
