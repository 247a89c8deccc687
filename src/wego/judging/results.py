"""Judging results: weighted totals, calibration, uncertainty of the top k, ranking.

Pure Python and numpy; no Django imports. Conventions (see docs/judging.md):

- A judge's *total* for an entry is the weighted mean of the judge's criterion scores
  (1 to 10), so totals are on the same 1-10 scale.
- Totals are passed as ``{(judge_id, entry_id): total}``. A conflicted or missing cell is
  simply absent: it is in no mean, no standard deviation and no model fit.
- Entries and judges are processed in sorted id order, so every result is deterministic.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

import numpy as np

SCALE_MIN = 1.0
SCALE_MAX = 10.0
METHODS = ("raw", "zscore", "bias")
FLAT = 1e-12  # a standard deviation at or below this is "no spread"
TIE_DECIMALS = 9  # values equal when rounded to this many decimals are tied

Method = Literal["raw", "zscore", "bias"]


class JudgingError(ValueError):
    """Bad input to a judging computation; the message says what and where."""


# --------------------------------------------------------------------------- totals


def weighted_total(scores: Mapping[str, float], weights: Mapping[str, float]) -> float:
    """The weighted mean ``sum(w_c * s_c) / sum(w_c)`` of one judge's criterion scores.

    Every criterion in `weights` needs a score from 1 to 10; a criterion of weight 0 is
    informational (scored, but it does not move the total). Scores for criteria that
    are not in `weights` are refused, so a typo cannot silently drop a score.
    """
    if not weights:
        raise JudgingError("no criteria: the weights are empty")
    for criterion, weight in weights.items():
        if not _finite(weight) or weight < 0:
            raise JudgingError(f"criterion {criterion!r}: weight must be a number >= 0, got {weight!r}")
    total_weight = math.fsum(float(w) for w in weights.values())
    if total_weight <= 0:
        raise JudgingError("the criteria weights add up to 0: at least one weight must be positive")
    unknown = sorted(set(scores) - set(weights))
    if unknown:
        raise JudgingError(f"score for unknown criterion {unknown[0]!r}")
    for criterion in weights:
        if criterion not in scores:
            raise JudgingError(f"missing score for criterion {criterion!r}")
        _check_on_scale(scores[criterion], f"criterion {criterion!r}")
    return math.fsum(float(weights[c]) * float(scores[c]) for c in weights) / total_weight


# --------------------------------------------------------------------------- calibration


@dataclass(frozen=True)
class JudgeStats:
    """Diagnostics of one judge, in raw-total units.

    `n` ratings; `mean` and `spread` (population standard deviation) of the judge's
    totals; `leniency` the mean of (judge's total - panel mean of that entry) over the
    judge's entries; `guarded` when the method could not calibrate the judge normally,
    with the reason in `note`; `bias` the fitted b_j of the additive model (bias only).
    """

    n: int
    mean: float
    spread: float
    leniency: float
    guarded: bool = False
    note: str = ""
    bias: float | None = None


@dataclass(frozen=True)
class Calibration:
    """Calibrated entry scores with the raw means beside them.

    `entry_scores` calibrated, in the units of the 1-10 scale (not clipped);
    `raw_scores` the plain mean of judges' totals; `judge_count` judges per entry;
    `standardized` (zscore only) the mean z per entry before mapping back, with
    `scale` = (pooled mean, pooled sd) used for the mapping; `notes` remarks on the
    whole computation (for example a design that falls apart into unconnected groups).
    """

    method: str
    entry_scores: dict[str, float]
    judges: dict[str, JudgeStats]
    raw_scores: dict[str, float] = field(default_factory=dict)
    judge_count: dict[str, int] = field(default_factory=dict)
    standardized: dict[str, float] | None = None
    scale: tuple[float, float] | None = None
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class _Matrix:
    judges: list[str]
    entries: list[str]
    values: np.ndarray  # judges x entries, 0 where absent
    mask: np.ndarray  # judges x entries, True where rated


def _matrix(totals: Mapping[tuple[str, str], float]) -> _Matrix:
    judges = sorted({j for j, _ in totals})
    entries = sorted({e for _, e in totals})
    jx = {j: i for i, j in enumerate(judges)}
    ex = {e: i for i, e in enumerate(entries)}
    values = np.zeros((len(judges), len(entries)))
    mask = np.zeros((len(judges), len(entries)), dtype=bool)
    for key, total in totals.items():
        if not (isinstance(key, tuple) and len(key) == 2):
            raise JudgingError(f"a totals key must be (judge_id, entry_id), got {key!r}")
        judge, entry = key
        _check_on_scale(total, f"judge {judge!r}, entry {entry!r}")
        values[jx[judge], ex[entry]] = float(total)
        mask[jx[judge], ex[entry]] = True
    return _Matrix(judges, entries, values, mask)


def _judge_moments(values: np.ndarray, mask: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    n = mask.sum(axis=1)
    safe = np.maximum(n, 1)
    mean = (values * mask).sum(axis=1) / safe
    dev = (values - mean[:, None]) * mask
    sd = np.sqrt((dev**2).sum(axis=1) / safe)
    return n, mean, sd


def _entry_means(values: np.ndarray, mask: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    count = mask.sum(axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = np.where(count > 0, (values * mask).sum(axis=0) / np.maximum(count, 1), np.nan)
    return mean, count


def _zscore(values: np.ndarray, mask: np.ndarray):
    """Mean z per entry, the pooled (mean, sd), and which judges were guarded."""
    n, mean, sd = _judge_moments(values, mask)
    cells = values[mask]
    pooled_mean = float(cells.mean()) if cells.size else 0.0
    pooled_sd = float(cells.std()) if cells.size else 0.0
    guarded = (n < 2) | (sd <= FLAT)
    divisor = np.where(guarded, pooled_sd, sd)
    centred = (values - mean[:, None]) * mask
    with np.errstate(invalid="ignore", divide="ignore"):
        z = np.where(divisor[:, None] > FLAT, centred / divisor[:, None], 0.0) * mask
    count = mask.sum(axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        zbar = np.where(count > 0, z.sum(axis=0) / np.maximum(count, 1), np.nan)
    return zbar, pooled_mean, pooled_sd, guarded


def _components(mask: np.ndarray) -> np.ndarray:
    """Connected component label of every judge in the judge-entry graph."""
    n_judges = mask.shape[0]
    label = np.full(n_judges, -1)
    m = mask.astype(float)
    shares = (m @ m.T) > 0  # judges who rated an entry in common
    current = 0
    for start in range(n_judges):
        if label[start] >= 0:
            continue
        frontier = np.zeros(n_judges, dtype=bool)
        frontier[start] = True
        while True:
            grown = shares[frontier].any(axis=0) | frontier
            if (grown == frontier).all():
                break
            frontier = grown
        label[frontier] = current
        current += 1
    return label


def _bias(values: np.ndarray, mask: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Least-squares fit of x_je = f_e + b_j with the b_j summing to 0 in each connected group.

    Eliminating f_e = mean_{j in J_e}(x_je - b_j) leaves the judges' normal equations
    L b = r with L = diag(n_j) - M diag(1/n_e) M^T (a graph Laplacian) and
    r = rowsum(X) - M (colsum(X) / n_e). The minimum-norm solution of this singular
    system is orthogonal to L's null space, the indicator vectors of the connected
    groups: exactly the condition that the b_j sum to 0 within each group.
    """
    m = mask.astype(float)
    n_e = m.sum(axis=0)
    inv_e = np.where(n_e > 0, 1.0 / np.maximum(n_e, 1), 0.0)
    x = values * m
    laplacian = np.diag(m.sum(axis=1)) - (m * inv_e) @ m.T
    rhs = x.sum(axis=1) - m @ (x.sum(axis=0) * inv_e)
    b = np.linalg.pinv(laplacian, rcond=1e-10, hermitian=True) @ rhs
    with np.errstate(invalid="ignore", divide="ignore"):
        f = np.where(n_e > 0, ((x - b[:, None]) * m).sum(axis=0) * inv_e, np.nan)
    return f, b


def _entry_scores(values: np.ndarray, mask: np.ndarray, method: str) -> np.ndarray:
    """Calibrated score per entry column (NaN for an entry nobody rated)."""
    if method == "raw":
        return _entry_means(values, mask)[0]
    if method == "zscore":
        zbar, pooled_mean, pooled_sd, _ = _zscore(values, mask)
        return pooled_mean + pooled_sd * zbar
    return _bias(values, mask)[0]


def _check_method(method: str) -> None:
    if method not in METHODS:
        raise JudgingError(f"unknown calibration method {method!r}; use one of {', '.join(METHODS)}")


def calibrate(totals: Mapping[tuple[str, str], float], method: Method) -> Calibration:
    """Calibrate judges' totals with one of the methods `raw`, `zscore`, `bias`.

    raw: entry score = mean of its judges' totals.
    zscore: z_je = (x_je - mean_j) / sd_j (population sd over the judge's own ratings),
      entry score = pooled_mean + pooled_sd * mean_j z_je, pooled over all present cells.
      A judge with fewer than 2 ratings or no spread is guarded: centred on its own mean
      but divided by the pooled sd instead of its own, and flagged with a note.
    bias: x_je = mu + a_e + b_j + noise by least squares with sum(b_j) = 0; entry score
      = mu + a_e. A judge with one rating is flagged (its bias absorbs that rating).
    """
    _check_method(method)
    if not totals:
        return Calibration(method=method, entry_scores={}, judges={})
    mx = _matrix(totals)
    values, mask = mx.values, mx.mask
    n, mean, sd = _judge_moments(values, mask)
    raw, count = _entry_means(values, mask)
    leniency = ((values - raw[None, :]) * mask).sum(axis=1) / np.maximum(n, 1)
    notes: list[str] = []
    judge_guarded = np.zeros(len(mx.judges), dtype=bool)
    judge_notes = [""] * len(mx.judges)
    bias_of: np.ndarray | None = None
    standardized: dict[str, float] | None = None
    scale: tuple[float, float] | None = None

    if method == "raw":
        scores = raw
    elif method == "zscore":
        zbar, pooled_mean, pooled_sd, judge_guarded = _zscore(values, mask)
        scores = pooled_mean + pooled_sd * zbar
        standardized = {e: float(v) for e, v in zip(mx.entries, zbar, strict=True)}
        scale = (pooled_mean, pooled_sd)
        for i in np.flatnonzero(judge_guarded):
            if n[i] < 2:
                judge_notes[i] = f"rated {int(n[i])} entry: centred only, not rescaled"
            else:
                judge_notes[i] = (
                    f"gave all {int(n[i])} entries the same total ({_fmt(mean[i])}): centred only, not rescaled"
                )
    else:
        scores, bias_of = _bias(values, mask)
        groups = _components(mask)
        n_groups = int(groups.max()) + 1
        if n_groups > 1:
            notes.append(
                f"the ratings fall into {n_groups} groups with no judge or entry in common; "
                "biases are centred within each group, so scores compare only within a group"
            )
        for i in np.flatnonzero(n < 2):
            judge_guarded[i] = True
            judge_notes[i] = (
                "rated 1 entry: its bias absorbs that rating, which then does not move the entry's score"
            )

    judges = {
        judge: JudgeStats(
            n=int(n[i]),
            mean=float(mean[i]),
            spread=float(sd[i]),
            leniency=float(leniency[i]),
            guarded=bool(judge_guarded[i]),
            note=judge_notes[i],
            bias=None if bias_of is None else float(bias_of[i]),
        )
        for i, judge in enumerate(mx.judges)
    }
    return Calibration(
        method=method,
        entry_scores={e: float(v) for e, v in zip(mx.entries, scores, strict=True)},
        judges=judges,
        raw_scores={e: float(v) for e, v in zip(mx.entries, raw, strict=True)},
        judge_count={e: int(c) for e, c in zip(mx.entries, count, strict=True)},
        standardized=standardized,
        scale=scale,
        notes=tuple(notes),
    )


# --------------------------------------------------------------------------- uncertainty


def _top_k_credit(scores: np.ndarray, k: int) -> np.ndarray:
    """Share of a top-k place per entry: 1 inside, 0 outside, s/t for t entries tied for s places.

    NaN (not rated in this recomputation) gets 0.
    """
    credit = np.zeros(scores.shape)
    rated = np.flatnonzero(~np.isnan(scores))
    if rated.size == 0:
        return credit
    rounded = np.round(scores[rated], TIE_DECIMALS)
    ordered = np.sort(rounded)
    not_above = np.searchsorted(ordered, rounded, side="right")
    tied = not_above - np.searchsorted(ordered, rounded, side="left")
    above = rounded.size - not_above
    places = np.clip(k - above, 0, tied)
    credit[rated] = places / tied
    return credit


def top_k_uncertainty(
    totals: Mapping[tuple[str, str], float],
    method: Method,
    k: int,
    category_of: Mapping[str, str],
    resamples: int = 200,
    seed: int = 0,
    *,
    leave_one_out: bool = True,
) -> dict[str, float]:
    """Per entry, the share of recomputations in which it is in its category's top k.

    For each category, the recomputations are: every leave-one-judge-out (each judge who
    rated in the category left out once) and `resamples` bootstrap samples of those
    judges (drawn with replacement; a judge drawn twice counts twice). Judges who did not
    rate in the category are kept as they are, since a judge's calibration uses all of
    the judge's ratings. The whole calibration is recomputed each time. An entry left
    with no rating in a recomputation is outside the top k there; entries tied for the
    last places share them (t entries tied for s places get s/t each).
    """
    _check_method(method)
    if not isinstance(k, int) or k < 1:
        raise JudgingError(f"k must be a whole number >= 1, got {k!r}")
    if resamples < 0:
        raise JudgingError(f"resamples must be >= 0, got {resamples!r}")
    if not totals:
        return {}
    mx = _matrix(totals)
    missing = [e for e in mx.entries if e not in category_of]
    if missing:
        raise JudgingError(f"entry {missing[0]!r} has no category")
    rng = np.random.default_rng(seed)
    result: dict[str, float] = {}
    entry_category = np.array([category_of[e] for e in mx.entries], dtype=object)
    for category in sorted(set(entry_category)):
        cols = np.flatnonzero(entry_category == category)
        inside = np.flatnonzero(mx.mask[:, cols].any(axis=1))
        outside = np.flatnonzero(~mx.mask[:, cols].any(axis=1))
        samples: list[np.ndarray] = []
        if leave_one_out:
            samples.extend(np.delete(inside, i) for i in range(inside.size))
        for _ in range(resamples):
            samples.append(rng.choice(inside, size=inside.size, replace=True))
        credit = np.zeros(cols.size)
        for chosen in samples:
            rows = np.concatenate([outside, chosen])
            scores = _entry_scores(mx.values[rows], mx.mask[rows], method)[cols]
            credit += _top_k_credit(scores, k)
        share = credit / len(samples) if samples else credit
        for col, value in zip(cols, share, strict=True):
            result[mx.entries[col]] = float(value)
    return result


# --------------------------------------------------------------------------- ranking


@dataclass(frozen=True)
class TieBreak:
    """One rule of the tie-break chain: a value per entry, better when higher (or lower)."""

    name: str
    values: Mapping[str, float]
    higher_is_better: bool = True


@dataclass(frozen=True)
class ChairDecision:
    """The chair's order for entries still tied after every rule, with the written reason."""

    order: Sequence[str]
    reason: str


@dataclass(frozen=True)
class TraceStep:
    """One step of the trace, structured (for translation) and as English text."""

    kind: str  # "primary", "tie", "rule", "unresolved", "chair", "winners"
    rule: str
    entries: tuple[str, ...]
    values: dict[str, float]
    places: tuple[int, int]
    text: str


@dataclass(frozen=True)
class Ranking:
    """The outcome of `rank`.

    `order` best first (entries still tied are listed by id and share a position);
    `positions` 1-based, competition style; `winners` the entries certainly in the top
    k, best first (fewer than k while a tie across the boundary awaits the chair);
    `ties_at_boundary` the entries tied on the primary score across places k and k+1
    (whether or not a rule then separated them); `unresolved` the groups still tied after
    every rule that touch the top k; `margin` primary score at place k minus place k+1.
    """

    order: tuple[str, ...]
    positions: dict[str, int]
    winners: tuple[str, ...]
    ties_at_boundary: tuple[str, ...]
    unresolved: tuple[tuple[str, ...], ...]
    needs_chair_decision: bool
    margin: float | None
    trace: tuple[str, ...]
    steps: tuple[TraceStep, ...]


def _fmt(value: float) -> str:
    text = f"{value:.4f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _places(start: int, size: int) -> str:
    return f"place {start}" if size == 1 else f"places {start}-{start + size - 1}"


def _split(group: list[str], key: Mapping[str, float], higher_is_better: bool) -> list[list[str]]:
    """Split a group into runs of equal key value, best first; ids order each run."""
    sign = -1.0 if higher_is_better else 1.0
    ordered = sorted(group, key=lambda e: (sign * round(key[e], TIE_DECIMALS), e))
    runs: list[list[str]] = []
    for entry in ordered:
        if runs and round(key[runs[-1][0]], TIE_DECIMALS) == round(key[entry], TIE_DECIMALS):
            runs[-1].append(entry)
        else:
            runs.append([entry])
    return runs


def _values_for(rule: str, values: Mapping[str, float], entries: Iterable[str]) -> dict[str, float]:
    out = {}
    for entry in entries:
        if entry not in values:
            raise JudgingError(f"tie-break {rule!r} has no value for entry {entry!r}")
        value = values[entry]
        if not _finite(value):
            raise JudgingError(f"tie-break {rule!r}: value for entry {entry!r} is not a number: {value!r}")
        out[entry] = float(value)
    return out


def rank(
    entries_scores: Mapping[str, float],
    *,
    k: int,
    tie_breaks: Sequence[TieBreak],
    chair: ChairDecision | None = None,
    primary: str = "calibrated mean",
    ordered_top: bool = True,
) -> Ranking:
    """Order one category's entries by score and apply the tie-break chain to every tie.

    Step 1 is `entries_scores` (higher is better); steps 2.. are `tie_breaks` in order,
    each applied only to entries still tied; values equal to 9 decimals are tied. A group
    still tied after the last rule that touches the top k needs a chair decision (with
    `ordered_top`, ties inside the top k count too, since places carry prize tiers);
    `chair` supplies it: its order settles the group and its reason goes into the trace.
    """
    if not isinstance(k, int) or k < 1:
        raise JudgingError(f"k must be a whole number >= 1, got {k!r}")
    if chair is not None:
        if not chair.reason.strip():
            raise JudgingError("a chair decision needs a written reason")
        unknown = [e for e in chair.order if e not in entries_scores]
        if unknown:
            raise JudgingError(f"the chair decision names entry {unknown[0]!r}, which is not ranked")
        if len(set(chair.order)) != len(chair.order):
            raise JudgingError("the chair decision names an entry twice")
    scores = _values_for(primary, entries_scores, sorted(entries_scores))
    steps: list[TraceStep] = []

    def note(kind: str, rule: str, group: Sequence[str], values: Mapping[str, float], start: int, text: str):
        steps.append(TraceStep(kind, rule, tuple(group), dict(values), (start, start + len(group) - 1), text))

    runs = _split(list(scores), scores, True)
    listing = ", ".join(f"{e} {_fmt(scores[e])}" for run in runs for e in run)
    note("primary", primary, [e for run in runs for e in run], scores, 1, f"Step 1, {primary}: {listing}.")

    ordered: list[list[str]] = []  # final groups, each either a single entry or an unresolved tie
    boundary: tuple[str, ...] = ()
    start = 1
    for run in runs:
        if len(run) > 1:
            if start <= k < start + len(run) - 1:
                boundary = tuple(run)
            note(
                "tie",
                primary,
                run,
                {e: scores[e] for e in run},
                start,
                f"Tie on {primary} at {_fmt(scores[run[0]])} between {', '.join(run)} for {_places(start, len(run))}.",
            )
        pending = [run]
        for step_no, rule in enumerate(tie_breaks, start=2):
            if all(len(g) == 1 for g in pending):
                break
            regrouped: list[list[str]] = []
            position = start
            for group in pending:
                if len(group) == 1:
                    regrouped.append(group)
                    position += 1
                    continue
                values = _values_for(rule.name, rule.values, group)
                parts = _split(group, values, rule.higher_is_better)
                shown = ", ".join(f"{e} {_fmt(values[e])}" for part in parts for e in part)
                if len(parts) == 1:
                    outcome = "still tied"
                else:
                    outcome = " ahead of ".join("/".join(part) for part in parts)
                better = "higher" if rule.higher_is_better else "lower"
                note(
                    "rule",
                    rule.name,
                    group,
                    values,
                    position,
                    f"Step {step_no}, {rule.name} ({better} is better) for {_places(position, len(group))}: "
                    f"{shown}: {outcome}.",
                )
                regrouped.extend(parts)
                position += len(group)
            pending = regrouped
        ordered.extend(pending)
        start += len(run)

    # Ties left after every rule.
    final_step = len(tie_breaks) + 2
    unresolved: list[tuple[str, ...]] = []
    settled: list[list[str]] = []
    position = 1
    for group in ordered:
        touches_top = position <= k and (ordered_top or position + len(group) - 1 > k)
        if len(group) > 1 and touches_top:
            covered = chair is not None and all(e in chair.order for e in group)
            if covered:
                assert chair is not None
                decided = sorted(group, key=list(chair.order).index)
                note(
                    "chair",
                    "chair decision",
                    decided,
                    {},
                    position,
                    f"Step {final_step}, chair decision for {_places(position, len(group))}: "
                    f"{' ahead of '.join(decided)}. Reason: {chair.reason.strip()}",
                )
                settled.extend([e] for e in decided)
            else:
                unresolved.append(tuple(group))
                note(
                    "unresolved",
                    "chair decision",
                    group,
                    {},
                    position,
                    f"Step {final_step}, unresolved: {', '.join(group)} still tied for "
                    f"{_places(position, len(group))} after every rule: a chair decision is needed.",
                )
                settled.append(group)
        else:
            settled.append(group)
        position += len(group)

    order: list[str] = []
    positions: dict[str, int] = {}
    winners: list[str] = []
    position = 1
    for group in settled:
        for entry in group:
            order.append(entry)
            positions[entry] = position
        if position + len(group) - 1 <= k:
            winners.extend(group)
        position += len(group)

    ranked = sorted(scores.values(), reverse=True)
    margin = ranked[k - 1] - ranked[k] if len(ranked) > k else None
    text = f"Winners (top {k}): {', '.join(winners) if winners else 'none yet'}."
    if unresolved:
        text += " Awaiting a chair decision."
    if margin is not None:
        text += f" Margin on {primary} between place {k} and place {k + 1}: {_fmt(margin)}."
    note("winners", primary, winners, {}, 1, text)
    return Ranking(
        order=tuple(order),
        positions=positions,
        winners=tuple(winners),
        ties_at_boundary=boundary,
        unresolved=tuple(unresolved),
        needs_chair_decision=bool(unresolved),
        margin=margin,
        trace=tuple(s.text for s in steps),
        steps=tuple(steps),
    )


# --------------------------------------------------------------------------- tie-break helpers


def _cells(
    totals: Mapping[tuple[str, str], float], entries: Collection[str] | None
) -> dict[str, dict[str, float]]:
    """{entry: {judge: total}} restricted to `entries` when given."""
    by_entry: dict[str, dict[str, float]] = {}
    for (judge, entry), total in totals.items():
        if entries is None or entry in entries:
            by_entry.setdefault(entry, {})[judge] = float(total)
    return by_entry


def tie_break_median(
    totals: Mapping[tuple[str, str], float], entries: Collection[str] | None = None
) -> TieBreak:
    """Median of the judges' (raw) totals per entry."""
    return TieBreak(
        "median of judges' totals",
        {e: float(np.median(list(v.values()))) for e, v in _cells(totals, entries).items()},
    )


def tie_break_top_criterion(
    cell_scores: Mapping[tuple[str, str], Mapping[str, float]],
    weights: Mapping[str, float],
    entries: Collection[str] | None = None,
) -> TieBreak:
    """Mean over judges of the score on the highest-weighted criterion.

    When several criteria share the highest weight, their mean is used.
    """
    if not weights:
        raise JudgingError("no criteria: the weights are empty")
    top = max(weights.values())
    criteria = sorted(c for c, w in weights.items() if w == top)
    per_entry: dict[str, list[float]] = {}
    for (judge, entry), scores in cell_scores.items():
        if entries is not None and entry not in entries:
            continue
        missing = [c for c in criteria if c not in scores]
        if missing:
            raise JudgingError(
                f"judge {judge!r}, entry {entry!r}: missing score for criterion {missing[0]!r}"
            )
        per_entry.setdefault(entry, []).append(math.fsum(float(scores[c]) for c in criteria) / len(criteria))
    name = f"score on {' and '.join(criteria)}" if len(criteria) > 1 else f"score on {criteria[0]}"
    return TieBreak(name, {e: math.fsum(v) / len(v) for e, v in per_entry.items()})


def tie_break_top_k_votes(
    totals: Mapping[tuple[str, str], float], k: int, entries: Collection[str] | None = None
) -> TieBreak:
    """Number of judges who put the entry in their own top k.

    An entry is in a judge's own top k when fewer than k of the entries that judge rated
    (within `entries`) have a strictly higher total from that judge.
    """
    by_judge: dict[str, dict[str, float]] = {}
    for (judge, entry), total in totals.items():
        if entries is None or entry in entries:
            by_judge.setdefault(judge, {})[entry] = round(float(total), TIE_DECIMALS)
    votes = {e: 0.0 for e in _cells(totals, entries)}
    for rated in by_judge.values():
        for entry, total in rated.items():
            if sum(1 for t in rated.values() if t > total) < k:
                votes[entry] += 1
    return TieBreak(f"judges placing it in their own top {k}", votes)


def standard_tie_breaks(
    totals: Mapping[tuple[str, str], float],
    *,
    k: int,
    cell_scores: Mapping[tuple[str, str], Mapping[str, float]] | None = None,
    weights: Mapping[str, float] | None = None,
    entries: Collection[str] | None = None,
) -> list[TieBreak]:
    """The documented chain after the calibrated mean: median, top criterion, top-k votes.

    The top-criterion rule is included when `cell_scores` and `weights` are given.
    """
    chain = [tie_break_median(totals, entries)]
    if cell_scores is not None and weights is not None:
        chain.append(tie_break_top_criterion(cell_scores, weights, entries))
    chain.append(tie_break_top_k_votes(totals, k, entries))
    return chain


# --------------------------------------------------------------------------- checks


def _finite(value: object) -> bool:
    """A real, finite number (int, float, Decimal, numpy scalar); never a bool or a string."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real | Decimal):
        return False
    return math.isfinite(float(value))


def _check_on_scale(value: object, where: str) -> None:
    if not _finite(value):
        raise JudgingError(f"{where}: score must be a number, got {value!r}")
    if not SCALE_MIN <= float(value) <= SCALE_MAX:  # type: ignore[arg-type]
        raise JudgingError(f"{where}: score {value!r} is outside the scale 1-10")
