"""Scoring many entities at once: normalise, aggregate up the tree, stage and rank.

A framework is compiled once into a `Plan`: the questions in column order and the
internal nodes in post-order (children before parents), each with the column indices
of its children and their weights. Scoring is then a short loop over nodes in which
every step is a numpy operation over all entities at once.

Conventions, in [0, 1] before scaling:
- "not applicable" is NaN and leaves every denominator it would have been in;
- "don't know" counts as the minimum (0) and is flagged;
- a missing answer counts as the minimum, or leaves the denominator when the
  framework says `missing: exclude`; it is flagged either way;
- a node whose children are all NaN is NaN itself.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from wego.scoring.answers import ANSWERED, DONT_KNOW, MISSING, NOT_APPLICABLE, AnswerTable
from wego.scoring.framework import Framework, Node, Question

OVERALL = "overall"
CHUNK = 16384  # entities scored together; small enough to stay in cache
INVENTORY = "inventory"


@dataclass(frozen=True)
class NodeStep:
    id: str
    aggregation: str
    columns: np.ndarray  # column indices of the children in the score matrix
    weights: np.ndarray  # their weights, same order


@dataclass(frozen=True)
class Plan:
    framework: Framework
    questions: list[Question]
    steps: list[NodeStep]
    # membership[q, k] is True when question q lies under internal node k
    membership: np.ndarray = field(repr=False)

    @property
    def node_ids(self) -> list[str]:
        return [s.id for s in self.steps]

    @property
    def question_ids(self) -> list[str]:
        return [q.id for q in self.questions]

    @property
    def overall_index(self) -> int:
        """Steps are in post-order, so the root comes after all of its descendants."""
        return self.node_ids.index(OVERALL)


@dataclass(frozen=True)
class Result:
    """Scores of every entity at every node, on the framework's scale.

    `scores[:, k]` is node k of `plan.node_ids` (NaN where not applicable);
    `leaf_scores` the normalised question scores in [0, 1];
    `coverage[:, k]` the share of questions under node k that have an answer
    (including "don't know" and "not applicable");
    `dont_know` and `missing` count flagged questions under each node;
    `stage` indexes `framework.stages` (-1: none); `rank` is competition ranking
    of the overall score (0: not ranked); both use the framework's precision.
    """

    plan: Plan
    entity_ids: list[str]
    scores: np.ndarray
    leaf_scores: np.ndarray
    coverage: np.ndarray
    dont_know: np.ndarray
    missing: np.ndarray
    rounded: np.ndarray
    stage: np.ndarray
    rank: np.ndarray

    def column(self, node_id: str) -> np.ndarray:
        return self.scores[:, self.plan.node_ids.index(node_id)]

    @property
    def overall(self) -> np.ndarray:
        return self.scores[:, self.plan.overall_index]

    def stage_id(self, row: int) -> str | None:
        index = int(self.stage[row])
        return self.plan.framework.stages[index].id if index >= 0 else None


def compile_plan(framework: Framework) -> Plan:
    """Lay out a framework for vectorised scoring."""
    questions = framework.questions()
    q_index = {q.id: i for i, q in enumerate(questions)}
    steps: list[NodeStep] = []
    under: list[list[int]] = []
    default = framework.aggregation

    def column_of(item: Node | Question) -> tuple[int, list[int]]:
        if item.is_question:
            return q_index[item.id], [q_index[item.id]]
        return add(item.id, item.children, item.aggregation or default)

    def add(node_id: str, children: list, aggregation: str) -> tuple[int, list[int]]:
        columns, weights, leaves = [], [], []
        for child in children:
            column, child_leaves = column_of(child)
            columns.append(column)
            weights.append(child.weight)
            leaves.extend(child_leaves)
        steps.append(NodeStep(node_id, aggregation, np.array(columns), np.array(weights, dtype=float)))
        under.append(leaves)
        return len(questions) + len(steps) - 1, leaves

    add(OVERALL, framework.tree, default)
    if framework.inventory:
        add(INVENTORY, framework.inventory, default)
    membership = np.zeros((len(questions), len(steps)), dtype=bool)
    for k, leaves in enumerate(under):
        membership[leaves, k] = True
    return Plan(framework, questions, steps, membership)


def _population_bounds(plan: Plan, table: AnswerTable) -> dict[int, tuple[float, float]]:
    """(lowest, highest) answer of every number question whose bounds come from the data."""
    bounds = {}
    for j, question in enumerate(plan.questions):
        rule = question.normalise
        if question.type == "number" and rule is not None and rule.bounds == "population":
            answered = table.values[table.status[:, j] == ANSWERED, j]
            bounds[j] = (float(answered.min()), float(answered.max())) if answered.size else (0.0, 1.0)
    return bounds


def _normalise(
    plan: Plan, values: np.ndarray, status: np.ndarray, bounds: dict[int, tuple[float, float]]
) -> np.ndarray:
    """Raw answers to [0, 1]; NaN where not applicable (and missing, if excluded)."""
    out = np.full(values.shape, np.nan)
    framework = plan.framework
    for j, question in enumerate(plan.questions):
        raw = values[:, j]
        kind = question.type
        if kind == "scale":
            top = len(framework.question_levels(question))
            norm = (raw - 1.0) / (top - 1.0)
        elif kind == "choice":
            options = question.options or []
            if question.max_points is not None:
                best = question.max_points
            elif question.multiple:
                best = sum(o.points for o in options)
            else:
                best = max(o.points for o in options)
            norm = raw / best
        elif kind == "percent":
            norm = raw / 100.0
        elif kind == "number":
            rule = question.normalise
            assert rule is not None
            if rule.bounds == "population":
                low, high = bounds[j]
            else:
                low, high = float(rule.min), float(rule.max)  # type: ignore[arg-type]
            if high > low:
                norm = (raw - low) / (high - low)
                if rule.direction == "lower":
                    norm = 1.0 - norm
            else:  # every entity has the same value: all are at the best observed
                norm = np.where(np.isnan(raw), np.nan, 1.0)
        else:  # yesno and normalised are already in [0, 1]
            norm = raw
        out[:, j] = np.clip(norm, 0.0, 1.0)
    out[status == DONT_KNOW] = 0.0
    out[status == MISSING] = np.nan if framework.missing == "exclude" else 0.0
    out[status == NOT_APPLICABLE] = np.nan
    return out


def _aggregate(step: NodeStep, children: np.ndarray) -> np.ndarray:
    keep = step.weights > 0
    values, weights = children[:, keep], step.weights[keep]
    present = ~np.isnan(values)
    if step.aggregation == "min":
        result = np.where(present, values, np.inf).min(axis=1)
        return np.where(present.any(axis=1), result, np.nan)
    denominator = present @ weights
    with np.errstate(divide="ignore", invalid="ignore"):
        if step.aggregation == "geometric":
            logs = np.where(present, np.log(np.where(present, values, 1.0)), 0.0)
            result = np.exp((logs * weights).sum(axis=1) / denominator)
        else:
            result = np.where(present, values, 0.0) @ weights / denominator
    return np.where(denominator > 0, result, np.nan)


def _count_up(plan: Plan, flags: np.ndarray) -> np.ndarray:
    """How many questions under each node have a flag: children's counts added up the tree."""
    n_questions = len(plan.questions)
    counts = np.empty((flags.shape[0], n_questions + len(plan.steps)), order="F")
    counts[:, :n_questions] = flags
    for k, step in enumerate(plan.steps):
        counts[:, n_questions + k] = counts[:, step.columns].sum(axis=1)
    return counts[:, n_questions:]


def _competition_rank(values: np.ndarray, groups: np.ndarray | None) -> np.ndarray:
    """1 + the number of entities (in the same group) with a strictly higher value."""
    rank = np.zeros(values.shape[0], dtype=np.int64)
    labels = np.zeros(values.shape[0], dtype=np.int64) if groups is None else groups
    for label in np.unique(labels):
        rows = np.flatnonzero((labels == label) & ~np.isnan(values))
        ordered = np.sort(values[rows])
        higher = rows.size - np.searchsorted(ordered, values[rows], side="right")
        rank[rows] = 1 + higher
    return rank


def score(plan: Plan, table: AnswerTable) -> Result:
    """Score every entity of `table` against `plan`. Deterministic."""
    if table.question_ids != plan.question_ids:
        raise ValueError("the answer table's columns do not follow the plan's questions")
    framework = plan.framework
    n_entities, n_questions = table.values.shape
    bounds = _population_bounds(plan, table)
    per_node = plan.membership.sum(axis=0)
    leaf = np.empty((n_entities, n_questions))
    scores = np.empty((n_entities, len(plan.steps)))
    coverage = np.empty((n_entities, len(plan.steps)))
    dont_know = np.empty((n_entities, len(plan.steps)), dtype=np.int64)
    missing = np.empty((n_entities, len(plan.steps)), dtype=np.int64)
    # Entities are independent once population bounds are known: work in blocks that
    # stay in the processor's cache, so the cost grows linearly with their number.
    for start in range(0, n_entities, CHUNK):
        rows = slice(start, min(start + CHUNK, n_entities))
        values, status = table.values[rows], table.status[rows]
        count = values.shape[0]
        # Column-major: each step reads whole columns (its children), which are contiguous.
        matrix = np.empty((count, n_questions + len(plan.steps)), order="F")
        matrix[:, :n_questions] = _normalise(plan, values, status, bounds)
        for k, step in enumerate(plan.steps):
            matrix[:, n_questions + k] = _aggregate(step, matrix[:, step.columns])
        leaf[rows] = matrix[:, :n_questions]
        scores[rows] = framework.scale.min + matrix[:, n_questions:] * (
            framework.scale.max - framework.scale.min
        )
        # Counts go up the tree like scores do: a node's count is the sum of its children's.
        answered_n, dont_know_n, missing_n = (
            _count_up(plan, status != MISSING),
            _count_up(plan, status == DONT_KNOW),
            _count_up(plan, status == MISSING),
        )
        coverage[rows] = answered_n / per_node
        dont_know[rows] = dont_know_n
        missing[rows] = missing_n

    overall = scores[:, plan.overall_index]
    rounded = overall if framework.precision is None else np.round(overall, framework.precision)
    stage = np.full(n_entities, -1, dtype=np.int64)
    for index, cut in enumerate(framework.stages):
        reached = rounded >= cut.min if cut.inclusive else rounded > cut.min
        stage[reached] = index
    stage[np.isnan(rounded)] = -1
    groups = None
    if table.perspectives is not None:
        _, groups = np.unique(np.array(table.perspectives, dtype=object).astype(str), return_inverse=True)
    rank = _competition_rank(rounded, groups)
    return Result(
        plan=plan,
        entity_ids=list(table.entity_ids),
        scores=scores,
        leaf_scores=leaf,
        coverage=coverage,
        dont_know=dont_know,
        missing=missing,
        rounded=rounded,
        stage=stage,
        rank=rank,
    )
