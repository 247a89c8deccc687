"""The diagnosis of one assessment: scores, stages, targets, gaps, benchmarks, history.

Everything here reads; the engine (wego.scoring) computes. Another city's individual
result is never returned unless that city shares its results, and no statistic is given
for a group of fewer than MIN_GROUP submitted assessments.
"""

from __future__ import annotations

import csv
import math
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np
from django.db.models import FloatField
from django.db.models.fields.json import KT
from django.db.models.functions import Cast
from django.utils.translation import gettext as _

from wego.analysis.models import PeerGroup, Target
from wego.assessments.models import Assessment, AssessmentStatus
from wego.assessments.selectors import framework_plan, framework_sections
from wego.assessments.services import answer_table_build
from wego.scoring import score

MIN_GROUP = 5
DATA = Path(__file__).resolve().parent / "data"
POPULATION_BANDS = [
    (0, 500_000, "under 0.5 million"),
    (500_000, 2_000_000, "0.5 to 2 million"),
    (2_000_000, 5_000_000, "2 to 5 million"),
    (5_000_000, 10**12, "over 5 million"),
]


# One assessment -------------------------------------------------------------------------------


@dataclass(frozen=True)
class QuestionRow:
    id: str
    text: object
    level: int | None  # the level answered (scale questions); None otherwise
    status: str  # answered, dont_know, not_applicable, missing
    score: float | None  # 0-100
    next_level_text: object | None


@dataclass(frozen=True)
class IndicatorRow:
    id: str
    title: object
    score: float | None
    dimension_id: str
    weight_share: float  # its weight in the overall score (0-1)
    questions: tuple[QuestionRow, ...]


@dataclass(frozen=True)
class Gap:
    indicator: IndicatorRow
    target: float
    distance: float  # target - score, points
    weighted: float  # distance x weight share: what closing it adds to the overall score


@dataclass
class Dashboard:
    assessment: Assessment
    overall: float | None
    stage: object | None
    next_stage: object | None
    dimensions: list[dict]
    indicators: list[IndicatorRow]
    gaps: list[Gap]
    strengths: list[IndicatorRow]
    inventory: list[dict]
    targets: dict[str, float] = field(default_factory=dict)


def _stage_index(framework, value: float | None) -> int:
    if value is None:
        return -1
    index = -1
    for i, stage in enumerate(framework.stages):
        if value > stage.min or (stage.inclusive and value == stage.min):
            index = i
    return index


def default_target(framework, value: float | None) -> float:
    """One stage above the current one: the next stage's cut-off (the top of the scale at the top)."""
    index = _stage_index(framework, value)
    if index + 1 < len(framework.stages):
        return float(framework.stages[index + 1].min)
    return float(framework.scale.max)


def _clean(value) -> float | None:
    return (
        None if value is None or (isinstance(value, float) and math.isnan(value)) else round(float(value), 1)
    )


def _weight_shares(framework) -> dict[str, float]:
    """Each node's share of the overall score: the product of its weight shares down the tree."""
    shares: dict[str, float] = {}

    def visit(children, share):
        total = sum(c.weight for c in children)
        for child in children:
            own = share * (child.weight / total if total else 0.0)
            shares[child.id] = own
            if not child.is_question:
                visit(child.children, own)

    visit(framework.tree, 1.0)
    return shares


def dashboard(assessment: Assessment) -> Dashboard:
    version = assessment.cycle.framework
    plan = framework_plan(version)
    framework = plan.framework
    table = answer_table_build(version=version, assessments=[assessment])
    result = score(plan, table)
    node_score = {node: _clean(v) for node, v in zip(plan.node_ids, result.scores[0], strict=True)}
    q_index = {q: j for j, q in enumerate(plan.question_ids)}
    span = framework.scale.max - framework.scale.min
    stored = dict(Target.objects.filter(assessment=assessment).values_list("node_id", "value"))
    shares = _weight_shares(framework)
    overall = node_score["overall"]

    def question_row(question) -> QuestionRow:
        j = q_index[question.id]
        status = ("answered", "dont_know", "not_applicable", "missing")[int(table.status[0, j])]
        raw = table.values[0, j]
        levels = framework.question_levels(question) if question.type == "scale" else []
        level = (
            int(raw) if levels and status == "answered" else (1 if levels and status == "dont_know" else None)
        )
        next_text = (
            levels[level]
            if level is not None and level < len(levels)
            else (levels[0] if levels and level is None and status == "missing" else None)
        )
        leaf = result.leaf_scores[0, j]
        return QuestionRow(
            question.id,
            question.text,
            level,
            status,
            None if np.isnan(leaf) else round(framework.scale.min + leaf * span, 1),
            next_text,
        )

    dimensions, indicators = [], []
    targets: dict[str, float] = {"overall": stored.get("overall", default_target(framework, overall))}
    for section in framework_sections(version):
        if section.part != "tree":
            continue
        dim_score = node_score.get(section.id)
        target = stored.get(section.id, default_target(framework, dim_score))
        targets[section.id] = target
        stage_i = _stage_index(framework, dim_score)
        dimensions.append(
            {
                "id": section.id,
                "title": section.title,
                "score": dim_score,
                "stage": framework.stages[stage_i] if stage_i >= 0 else None,
                "target": target,
                "target_is_default": section.id not in stored,
            }
        )
        for heading, questions in section.groups:
            if heading is None:
                continue
            indicators.append(
                IndicatorRow(
                    heading.id,
                    heading.title,
                    node_score.get(heading.id),
                    section.id,
                    shares.get(heading.id, 0.0),
                    tuple(question_row(q) for q in questions),
                )
            )
    gaps = sorted(
        (
            Gap(
                ind,
                targets[ind.dimension_id],
                targets[ind.dimension_id] - ind.score,
                (targets[ind.dimension_id] - ind.score) * ind.weight_share,
            )
            for ind in indicators
            if ind.score is not None and ind.score < targets[ind.dimension_id]
        ),
        key=lambda g: (-g.weighted, g.indicator.id),
    )
    strengths = sorted(
        (i for i in indicators if i.score is not None and i.score >= targets[i.dimension_id]),
        key=lambda i: (-i.score, i.id),
    )[:5]
    inventory = _inventory(framework, version, table, q_index)
    stage_i = _stage_index(framework, overall)
    return Dashboard(
        assessment=assessment,
        overall=overall,
        stage=framework.stages[stage_i] if stage_i >= 0 else None,
        next_stage=framework.stages[stage_i + 1] if 0 <= stage_i + 1 < len(framework.stages) else None,
        dimensions=dimensions,
        indicators=indicators,
        gaps=gaps,
        strengths=strengths,
        inventory=inventory,
        targets=targets,
    )


EXISTS_LEVEL, IN_USE_LEVEL = 3, 4


def _inventory(framework, version, table, q_index) -> list[dict]:
    """Groups x systems: exists (level 3 or more) and in use (level 4 or more)."""
    groups = []
    for section in framework_sections(version):
        if section.part != "inventory":
            continue
        systems = []
        for heading, questions in section.groups:
            for question in questions:
                j = q_index[question.id]
                answered = int(table.status[0, j]) == 0
                level = int(table.values[0, j]) if answered and question.type == "scale" else None
                systems.append(
                    {
                        "id": question.id,
                        "system_id": heading.id if heading is not None else question.id,
                        "title": heading.title if heading is not None else question.text,
                        "level": level,
                        "state": "not_applicable"
                        if int(table.status[0, j]) == 2
                        else (
                            "in_use"
                            if level and level >= IN_USE_LEVEL
                            else "exists"
                            if level and level >= EXISTS_LEVEL
                            else "absent"
                            if level
                            else "unknown"
                        ),
                    }
                )
        groups.append({"id": section.id, "title": section.title, "systems": systems})
    return groups


# Benchmarks ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class GroupStats:
    key: str
    label: str
    n: int
    enough: bool
    low: float | None = None
    q1: float | None = None
    median: float | None = None
    q3: float | None = None
    high: float | None = None
    percentile: float | None = None  # where the city stands, 0-100
    shared: tuple[tuple[str, float], ...] = ()  # (city, value) of cities that share their results


def population_band(population: int | None) -> str | None:
    if population is None:
        return None
    for low, high, label in POPULATION_BANDS:
        if low <= population < high:
            return label
    return None


@dataclass(frozen=True)
class Peer:
    """What benchmarks need of one submitted assessment, and nothing more."""

    pk: int
    city_id: int
    city_name: str
    shares_results: bool
    population: int | None
    region: str
    income_group: str
    scores: dict


def _peers(assessment: Assessment, node_ids: tuple[str, ...]) -> list[Peer]:
    """Submitted assessments of the same cycle and framework version (never across versions).

    Only the requested scores are read out of each assessment's stored scores, in the
    database, so a network of thousands of cities costs one light query.
    """
    columns = {f"score_{i}": Cast(KT(f"scores__{node}"), FloatField()) for i, node in enumerate(node_ids)}
    rows = (
        Assessment.objects.filter(
            cycle=assessment.cycle,
            status=AssessmentStatus.SUBMITTED,
            cycle__framework__content_hash=assessment.cycle.framework.content_hash,
        )
        .annotate(**columns)
        .values_list(
            "pk",
            "city_id",
            "city__name",
            "city__shares_results",
            "city__population",
            "city__country__region",
            "city__country__income_group",
            *columns,
        )
    )
    return [Peer(*row[:7], scores={node: row[7 + i] for i, node in enumerate(node_ids)}) for row in rows]


def percentile_rank(values: list[float], value: float) -> float:
    """Share of the group below the city, counting ties as half (0-100)."""
    below = sum(v < value for v in values)
    equal = sum(v == value for v in values)
    return round(100.0 * (below + 0.5 * equal) / len(values), 1)


def group_stats(
    key: str, label: str, rows: list[tuple[Peer, float]], own: Assessment, own_value: float | None
) -> GroupStats:
    n = len(rows)
    if n < MIN_GROUP:
        return GroupStats(key, label, n, False)
    values = np.array([v for _, v in rows])
    low, q1, median, q3, high = (round(float(x), 1) for x in np.percentile(values, [0, 25, 50, 75, 100]))
    shared = tuple((a.city_name, round(v, 1)) for a, v in rows if a.shares_results and a.pk != own.pk)
    return GroupStats(
        key,
        label,
        n,
        True,
        low,
        q1,
        median,
        q3,
        high,
        percentile_rank(values.tolist(), own_value) if own_value is not None else None,
        shared,
    )


def benchmarks(
    assessment: Assessment, node_ids: tuple[str, ...] = ("overall",)
) -> dict[str, list[GroupStats]]:
    """The city against all cities, its region, income group, population band and its own groups.

    One query for the peers, one for the city's own groups, whatever the number of nodes.
    """
    city = assessment.city
    peers = _peers(assessment, node_ids)
    groups = [("all", _("All cities"), lambda a: True)]
    region = city.country.region
    groups.append(("region", _("Region: %(region)s") % {"region": region}, lambda a: a.region == region))
    if city.country.income_group:
        income = city.country.income_group
        groups.append(
            (
                "income",
                _("Income group: %(income)s") % {"income": income},
                lambda a: a.income_group == income,
            )
        )
    band = population_band(city.population)
    if band:
        groups.append(
            (
                "population",
                _("Population %(band)s") % {"band": band},
                lambda a: population_band(a.population) == band,
            )
        )
    for group in PeerGroup.objects.filter(owner=city).prefetch_related("members"):
        members = {c.pk for c in group.members.all()} | {city.pk}
        groups.append((f"custom-{group.pk}", group.name, lambda a, m=members: a.city_id in m))
    found: dict[str, list[GroupStats]] = {}
    for node_id in node_ids:
        own_value = (assessment.scores or {}).get(node_id)
        values = [(a, a.scores[node_id]) for a in peers]
        values = [(a, v) for a, v in values if v is not None]
        found[node_id] = [
            group_stats(key, label, [(a, v) for a, v in values if test(a)], assessment, own_value)
            for key, label, test in groups
        ]
    return found


# History -------------------------------------------------------------------------------------------


def history(assessment: Assessment) -> dict:
    """The city's submitted assessments of the same framework, oldest first, with scores by node."""
    earlier = list(
        Assessment.objects.filter(
            city=assessment.city,
            status=AssessmentStatus.SUBMITTED,
            cycle__framework__slug=assessment.cycle.framework.slug,
            cycle__year__lte=assessment.cycle.year,
        )
        .exclude(pk=assessment.pk)
        .select_related("cycle__framework")
        .order_by("cycle__year")
    )
    series = [*earlier, assessment]
    same_version = all(
        a.cycle.framework.content_hash == assessment.cycle.framework.content_hash for a in series
    )
    return {"assessments": series, "same_version": same_version}


# Country context -------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _egdi() -> dict[str, list[dict]]:
    found: dict[str, list[dict]] = {}
    for year in (2016, 2018):
        with (DATA / f"egdi-{year}.csv").open(encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                found.setdefault(row["country-code"], []).append(
                    {
                        "year": year,
                        "egdi": float(row["e-gov-index"]),
                        "rank": int(row["e-gov-rank"]),
                        "osi": float(row["osi"]),
                        "hci": float(row["hci"]),
                        "tii": float(row["tii"]),
                    }
                )
    return found


def egdi_group(value: float) -> str:
    if value > 0.75:
        return "Very High"
    if value >= 0.5:
        return "High"
    if value >= 0.25:
        return "Middle"
    return "Low"


def country_context(iso3: str) -> list[dict]:
    """The country's published EGDI by survey year (UN DESA), newest first."""
    rows = sorted(_egdi().get(iso3, []), key=lambda r: -r["year"])
    return [
        dict(
            r,
            group=egdi_group(r["egdi"]),
            source="UN DESA, United Nations E-Government Survey " + str(r["year"]),
        )
        for r in rows
    ]
