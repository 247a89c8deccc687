"""The results of an edition's latest round, per category, computed by the judging engine.

For each category: the judge x entry matrix of weighted totals (conflicted cells and
unsubmitted scorecards left out), calibrated with the edition's method and shown beside
the raw means, each judge's leniency and spread, the probability of each entry being in
the top k (leave-one-judge-out and bootstrap over judges), and the ranking with its tie
detection and the documented tie-break chain:

    1. the calibrated score (the method chosen);  2. the raw mean (when calibrated);
    3. the median of the judges' totals;  4. the score on the highest-weight criterion;
    5. the number of judges placing the entry in their own top k;  6. the chair's decision.

Nothing here writes: the chair's decision and the publication are services.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field

from wego.awards import selectors
from wego.awards.models import Application, Assignment, Category, Edition, Judge, Round
from wego.awards.services import criteria_for, latest_decisions, round_missing
from wego.judging import results as engine


@dataclass
class EntryRow:
    application: Application
    raw: float | None
    calibrated: float | None
    judges: int
    p_top_k: float | None
    position: int | None
    winner: bool
    criteria: dict[str, float]


@dataclass
class JudgeRow:
    judge: Judge
    stats: engine.JudgeStats


@dataclass
class CategoryResult:
    category: Category
    method: str
    k: int
    rows: list[EntryRow]
    judges: list[JudgeRow]
    criteria: list
    ranking: engine.Ranking | None
    excluded: list[Assignment]
    missing: int
    notes: list[str] = field(default_factory=list)
    decision: object = None

    @property
    def entries(self) -> list[Application]:
        return [r.application for r in self.rows]

    @property
    def suggested(self) -> list[int]:
        """The engine's winners (entry ids, best first), or the chair's when decided."""
        if self.decision is not None:
            return list(self.decision.winners)
        return [int(e) for e in self.ranking.winners] if self.ranking else []

    @property
    def ties(self) -> list[str]:
        return list(self.ranking.ties_at_boundary) if self.ranking else []

    def as_record(self) -> dict:
        """What the chair decided on, kept with the decision."""
        return {
            "method": self.method,
            "k": self.k,
            "rows": [
                {
                    "entry": r.application.pk,
                    "raw": r.raw,
                    "calibrated": r.calibrated,
                    "judges": r.judges,
                    "p_top_k": r.p_top_k,
                    "position": r.position,
                }
                for r in self.rows
            ],
            "excluded": [[a.judge_id, a.application_id] for a in self.excluded],
            "trace": list(self.ranking.trace) if self.ranking else [],
            "needs_chair_decision": bool(self.ranking and self.ranking.needs_chair_decision),
        }


@dataclass
class EditionResults:
    edition: Edition
    round: Round | None
    method: str
    categories: list[CategoryResult]


def latest_round(edition: Edition) -> Round | None:
    return edition.rounds.order_by("-number").first()


def edition_results(edition: Edition, *, method: str, resamples: int = 200) -> EditionResults:
    round_ = latest_round(edition)
    if round_ is None:
        return EditionResults(edition=edition, round=None, method=method, categories=[])
    cells = selectors.score_cells(round_)
    excluded = selectors.excluded_cells(round_)
    missing_by_category: dict[int, int] = {}
    for a in round_missing(round_):
        missing_by_category[a.application.category_id] = (
            missing_by_category.get(a.application.category_id, 0) + 1
        )
    entry_ids = set(round_.assignments.values_list("application_id", flat=True))
    applications = list(
        Application.objects.filter(pk__in=entry_ids)
        .select_related("category", "city")
        .order_by("category__order", "pk")
    )
    judges = Judge.objects.filter(edition=edition).in_bulk()
    decisions = latest_decisions(edition)
    blocks = []
    for category in Category.objects.filter(edition=edition).order_by("order"):
        items = [a for a in applications if a.category_id == category.pk]
        if not items:
            continue
        block = category_result(
            edition=edition,
            category=category,
            method=method,
            applications=items,
            cells=[c for c in cells if c["category"] == category.pk],
            judges=judges,
            resamples=resamples,
            decision=decisions.get(category.pk),
        )
        block.excluded = [a for a in excluded if a.application.category_id == category.pk]
        block.missing = missing_by_category.get(category.pk, 0)
        blocks.append(block)
    return EditionResults(edition=edition, round=round_, method=method, categories=blocks)


def category_result(
    *,
    edition: Edition,
    category: Category,
    method: str,
    applications: list[Application],
    cells: list[dict],
    judges: dict[int, Judge],
    resamples: int = 200,
    decision=None,
) -> CategoryResult:
    k = edition.winners_per_category
    criteria = criteria_for(applications[0])
    weights = {c.slug: float(c.weight) for c in criteria}
    totals: dict[tuple[str, str], float] = {}
    cell_scores: dict[tuple[str, str], dict[str, float]] = {}
    notes: list[str] = []
    for cell in cells:
        key = (str(cell["judge"]), str(cell["entry"]))
        scores = {slug: value for slug, value in cell["scores"].items() if slug in weights}
        try:
            totals[key] = engine.weighted_total(scores, weights)
        except engine.JudgingError as exc:
            notes.append(f"judge {cell['judge']}, entry {cell['entry']}: {exc}; left out")
            continue
        cell_scores[key] = scores
    calibration = engine.calibrate(totals, method) if totals else None
    probabilities = (
        engine.top_k_uncertainty(
            totals,
            method,
            k,
            {str(a.pk): category.slug for a in applications},
            resamples=resamples,
            seed=edition.number,
        )
        if totals
        else {}
    )
    ranking = None
    if calibration and calibration.entry_scores:
        chain = []
        if method != "raw":
            chain.append(engine.TieBreak("raw mean", calibration.raw_scores))
        chain.extend(engine.standard_tie_breaks(totals, k=k, cell_scores=cell_scores, weights=weights))
        chair = None
        if decision is not None:
            chair = engine.ChairDecision(
                order=[str(w) for w in decision.winners if str(w) in calibration.entry_scores],
                reason=decision.reason,
            )
        ranking = engine.rank(
            calibration.entry_scores,
            k=k,
            tie_breaks=chain,
            chair=chair,
            primary="raw mean" if method == "raw" else f"calibrated score ({method})",
        )
        notes.extend(calibration.notes)
    rows = []
    for application in applications:
        key = str(application.pk)
        per_criterion: dict[str, list[float]] = {}
        for (_judge, entry_id), scores in cell_scores.items():
            if entry_id == key:
                for slug, value in scores.items():
                    per_criterion.setdefault(slug, []).append(value)
        rows.append(
            EntryRow(
                application=application,
                raw=calibration.raw_scores.get(key) if calibration else None,
                calibrated=calibration.entry_scores.get(key) if calibration else None,
                judges=calibration.judge_count.get(key, 0) if calibration else 0,
                p_top_k=probabilities.get(key),
                position=ranking.positions.get(key) if ranking else None,
                winner=bool(ranking and key in ranking.winners),
                criteria={slug: statistics.fmean(v) for slug, v in per_criterion.items()},
            )
        )
    rows.sort(key=lambda r: (r.position is None, r.position or 0, r.application.pk))
    judge_rows = (
        [
            JudgeRow(judge=judges[int(j)], stats=s)
            for j, s in sorted(calibration.judges.items(), key=lambda x: judges[int(x[0])].name)
        ]
        if calibration
        else []
    )
    return CategoryResult(
        category=category,
        method=method,
        k=k,
        rows=rows,
        judges=judge_rows,
        criteria=criteria,
        ranking=ranking,
        excluded=[],
        missing=0,
        notes=notes,
        decision=decision,
    )
