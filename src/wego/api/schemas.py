"""What the API reads and writes. Input schemas validate; the services decide."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from ninja import Field, Schema
from pydantic import ConfigDict

AnswerStatusLiteral = Literal["answered", "dont_know", "not_applicable"]
AssessmentStatusLiteral = Literal["not_started", "in_progress", "submitted"]


# Errors ------------------------------------------------------------------------------------


class DetailOut(Schema):
    """401, 403, 404 and the other errors that are not about one answer."""

    detail: str


class ValidationErrorOut(Schema):
    """422: the request does not match the schema (django-ninja's list of problems)."""

    detail: list[dict[str, Any]]


class AnswerErrorOut(Schema):
    question_id: str
    message: str


class AnswerErrorsOut(Schema):
    """409 (a version conflict; nothing saved) or 422 (invalid answers; nothing saved)."""

    errors: list[AnswerErrorOut]


class MissingOut(Schema):
    section_id: str
    question_ids: list[str]


class SubmitRefusedOut(Schema):
    """422: why the assessment cannot be submitted; `missing` lists unanswered questions."""

    detail: str
    missing: list[MissingOut]


# Frameworks and cycles ---------------------------------------------------------------------------


class FrameworkOut(Schema):
    slug: str
    version: str
    title: str
    content_hash: str
    question_count: int


class FrameworkRefOut(Schema):
    slug: str
    content_hash: str


class CycleOut(Schema):
    id: int
    year: int
    name: str
    framework: FrameworkRefOut
    opens_on: dt.date
    closes_on: dt.date
    completeness_threshold: float = Field(description="Share of questions that must be answered, 0 to 1.")


# Assessments -------------------------------------------------------------------------------------


class CityOut(Schema):
    id: int
    name: str
    slug: str
    country: str = Field(description="ISO 3166-1 alpha-3 code.")


class AssessmentOut(Schema):
    id: int
    city: CityOut
    cycle_id: int
    status: AssessmentStatusLiteral
    submitted_at: dt.datetime | None
    share_answered: float = Field(description="Answered questions / questions, 0 to 1.")


class OptionOut(Schema):
    id: str
    text: str


class QuestionOut(Schema):
    id: str
    type: str
    text: str
    levels: list[str] = Field(description="Scale questions: the level texts, level 1 first.")
    options: list[OptionOut] = Field(description="Choice questions: the options.")
    multiple: bool
    unit: str | None
    help: str | None
    evidence: str | None = Field(description="What evidence supports the answer.")
    dont_know: bool = Field(description="Whether 'don't know' is allowed.")
    not_applicable: bool = Field(description="Whether 'not applicable' is allowed.")


class SectionOut(Schema):
    id: str
    part: str
    title: str
    questions: list[QuestionOut]


class QuestionnaireOut(Schema):
    assessment_id: int
    framework: FrameworkRefOut
    language: str
    sections: list[SectionOut]


class AnswerOut(Schema):
    question_id: str
    status: AnswerStatusLiteral
    value: str
    comment: str
    evidence_url: str
    version: int
    carried_from_year: int | None = Field(
        description="Carried over from that year's assessment and not yet confirmed or changed."
    )
    answered_by: str | None = Field(description="Email address of the last person who changed it.")
    answered_at: dt.datetime


class AnswerIn(Schema):
    model_config = ConfigDict(coerce_numbers_to_str=True, extra="forbid")

    question_id: str = Field(max_length=100)
    status: AnswerStatusLiteral
    value: str = Field(
        "",
        max_length=500,
        description="For 'answered': a level number, yes/no, option ids separated by ';', or a number.",
    )
    comment: str | None = Field(None, description="Omitted or null: keep the current comment.")
    evidence_url: str | None = Field(
        None, max_length=500, description="Omitted or null: keep the current link; '' removes it."
    )
    expected_version: int | None = Field(
        None,
        ge=0,
        description="The version you last read (0: no answer yet). If the answer has changed since, "
        "nothing is saved (409). Omitted or null: no check.",
    )


class AnswerBatchIn(Schema):
    model_config = ConfigDict(extra="forbid")

    answers: list[AnswerIn] = Field(min_length=1, max_length=1000)


class AnswerBatchOut(Schema):
    answers: list[AnswerOut]


# Analysis ------------------------------------------------------------------------------------------


class StageOut(Schema):
    id: str
    name: str


class DimensionScoreOut(Schema):
    id: str
    title: str
    score: float | None
    stage: StageOut | None
    target: float
    target_is_default: bool = Field(description="True: one stage above the score (no target set).")


class IndicatorScoreOut(Schema):
    id: str
    title: str
    dimension_id: str
    score: float | None
    weight_share: float = Field(description="Its share of the overall score, 0 to 1.")


class GapOut(Schema):
    indicator_id: str
    title: str
    score: float
    target: float
    distance: float = Field(description="Target minus score, points.")
    weighted: float = Field(description="Distance x weight share: what closing it adds to the overall.")


class ScoresOut(Schema):
    assessment_id: int
    status: AssessmentStatusLiteral
    overall: float | None
    stage: StageOut | None
    next_stage: StageOut | None
    scores: dict[str, float | None] = Field(
        description="Every node's score (overall, dimensions, indicators, questions), 0-100."
    )
    dimensions: list[DimensionScoreOut]
    indicators: list[IndicatorScoreOut]
    targets: dict[str, float]
    gaps: list[GapOut] = Field(description="Indicators below their dimension's target, largest first.")


class SharedPointOut(Schema):
    city: str
    value: float


class GroupStatsOut(Schema):
    key: str
    label: str
    n: int
    enough: bool = Field(description="False under five submitted assessments: no statistics.")
    low: float | None
    q1: float | None
    median: float | None
    q3: float | None
    high: float | None
    percentile: float | None = Field(description="Where the city stands in the group, 0-100.")
    shared: list[SharedPointOut] = Field(description="Cities of the group that share their results.")


class NodeBenchmarksOut(Schema):
    node_id: str
    groups: list[GroupStatsOut]


class BenchmarksOut(Schema):
    assessment_id: int
    submitted: bool = Field(description="Benchmarks are given for submitted assessments only.")
    nodes: list[NodeBenchmarksOut]


class ReportOut(Schema):
    """A diagnostic report: made in the background; `download` is set once it is ready."""

    assessment_id: int
    language: str
    status: Literal["queued", "running", "done", "failed"]
    progress: int
    message: str
    updated: dt.datetime
    download: str | None
