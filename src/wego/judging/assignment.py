"""Assigning judges to entries: an optimal min-cost flow, or the full panel.

Pure Python, numpy and OR-Tools' network-flow solvers; no Django imports.

The model (see docs/judging.md): every entry gets exactly `per_entry` distinct judges,
none of them conflicted (nor, when a judge is limited to some categories, outside
them); every judge's load lies within [min_load, max_load]. Among all such assignments
the one of least cost is returned, where

    cost = sum over pairs of  round(EXPERTISE_UNIT * expertise_weight * (1 - overlap(e, j)))
         + sum over judges of sum_{t=1..load_j} round(BALANCE_UNIT * balance_weight * (t - 1))

with overlap(e, j) = |topics(e) & topics(j)| / |topics(e)| (0 for an entry with no
topics). The constraint matrix is totally unimodular, so the min-cost flow optimum is
an optimal 0/1 assignment. Lower load bounds use the usual flow-with-lower-bounds
transformation. An impossible request raises `Infeasible` with the reason; nothing is
ever half-assigned.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
from ortools.graph.python import max_flow, min_cost_flow

from wego.judging.results import JudgingError

EXPERTISE_UNIT = 1000  # cost of a pair with no topic in common, at expertise_weight 1
BALANCE_UNIT = 10  # extra cost of a judge's t-th entry is BALANCE_UNIT * (t - 1), at balance_weight 1
LISTED = 5  # how many items a reason names before "and N more"


class Infeasible(JudgingError):
    """No assignment meets the request; `reason` says why, precisely."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Entry:
    id: str
    category: str = ""
    topics: frozenset[str] = frozenset()

    def __post_init__(self):
        object.__setattr__(self, "topics", frozenset(self.topics))


@dataclass(frozen=True)
class Judge:
    """A judge; `categories`, when given, limits the judge to entries of those categories."""

    id: str
    min_load: int
    max_load: int
    topics: frozenset[str] = frozenset()
    categories: frozenset[str] | None = None

    def __post_init__(self):
        object.__setattr__(self, "topics", frozenset(self.topics))
        if self.categories is not None:
            object.__setattr__(self, "categories", frozenset(self.categories))


@dataclass(frozen=True)
class Assignment:
    """`pairs` entry -> its judges (in the order the judges were given); `loads` judge ->
    number of entries; `total_cost` = `expertise_cost` + `balance_cost` (integers, in the
    units of the module docstring); `method` the solver; `note` a one-line summary."""

    pairs: dict[str, tuple[str, ...]]
    loads: dict[str, int]
    total_cost: int
    expertise_cost: int
    balance_cost: int
    conflicts_honoured: int
    mean_overlap: float
    method: str
    note: str


def _names(items: Sequence[str]) -> str:
    shown = ", ".join(items[:LISTED])
    return shown if len(items) <= LISTED else f"{shown} and {len(items) - LISTED:,} more"


def _check(entries: Sequence[Entry], judges: Sequence[Judge]) -> None:
    for kind, ids in (("entry", [e.id for e in entries]), ("judge", [j.id for j in judges])):
        seen: set[str] = set()
        for item in ids:
            if item in seen:
                raise JudgingError(f"{kind} {item!r} is listed twice")
            seen.add(item)
    for judge in judges:
        for name in ("min_load", "max_load"):
            value = getattr(judge, name)
            if not isinstance(value, int) or isinstance(value, bool) or value < 0:
                raise JudgingError(f"judge {judge.id!r}: {name} must be a whole number >= 0, got {value!r}")
        if judge.min_load > judge.max_load:
            raise JudgingError(
                f"judge {judge.id!r}: min_load {judge.min_load} is above max_load {judge.max_load}"
            )


def _eligible(
    entries: Sequence[Entry], judges: Sequence[Judge], conflicts: Iterable[tuple[str, str]]
) -> tuple[np.ndarray, int]:
    """allowed[e, j]: judge j may rate entry e; and how many given conflicts fall on known pairs."""
    allowed = np.ones((len(entries), len(judges)), dtype=bool)
    categories = np.array([e.category for e in entries], dtype=object)
    for j, judge in enumerate(judges):
        if judge.categories is not None:
            allowed[:, j] = np.isin(categories, list(judge.categories))
    ex = {e.id: i for i, e in enumerate(entries)}
    jx = {j.id: i for i, j in enumerate(judges)}
    known = 0
    for judge_id, entry_id in set(conflicts):
        if judge_id in jx and entry_id in ex:
            allowed[ex[entry_id], jx[judge_id]] = False
            known += 1
    return allowed, known


def full_panel(
    entries: Sequence[Entry], judges: Sequence[Judge], conflicts: Iterable[tuple[str, str]]
) -> dict[str, tuple[str, ...]]:
    """Every entry with every judge who may rate it (not conflicted, in the judge's categories).

    An entry no judge may rate maps to an empty tuple.
    """
    _check(entries, judges)
    allowed, _ = _eligible(entries, judges, conflicts)
    return {
        entry.id: tuple(judges[j].id for j in np.flatnonzero(allowed[i])) for i, entry in enumerate(entries)
    }


def _overlap(entries: Sequence[Entry], judges: Sequence[Judge]) -> np.ndarray:
    topics = sorted(set().union(*(e.topics for e in entries), *(j.topics for j in judges)))
    if not topics:
        return np.zeros((len(entries), len(judges)))
    tx = {t: i for i, t in enumerate(topics)}
    e_topics = np.zeros((len(entries), len(topics)), dtype=np.float64)
    j_topics = np.zeros((len(judges), len(topics)), dtype=np.float64)
    for i, entry in enumerate(entries):
        e_topics[i, [tx[t] for t in entry.topics]] = 1.0
    for i, judge in enumerate(judges):
        j_topics[i, [tx[t] for t in judge.topics]] = 1.0
    shared = e_topics @ j_topics.T
    size = e_topics.sum(axis=1)
    return np.where(size[:, None] > 0, shared / np.maximum(size, 1)[:, None], 0.0)


def _simple_reasons(
    entries: Sequence[Entry], judges: Sequence[Judge], allowed: np.ndarray, per_entry: int
) -> list[str]:
    reasons = []
    free = "non-conflicted" if all(j.categories is None for j in judges) else "eligible"
    needed = len(entries) * per_entry
    if not entries:
        pass
    elif per_entry > len(judges):
        reasons.append(
            f"each entry needs {per_entry} judges but there {'is' if len(judges) == 1 else 'are'} "
            f"only {len(judges)} judge{'' if len(judges) == 1 else 's'}"
        )
    else:
        short = [
            f"entry {entries[i].id} has only {int(allowed[i].sum())} {free} judge"
            f"{'' if allowed[i].sum() == 1 else 's'}, needs {per_entry}"
            for i in np.flatnonzero(allowed.sum(axis=1) < per_entry)
        ]
        if short:
            reasons.append(_names(short))
    capacity = sum(j.max_load for j in judges)
    if capacity < needed:
        reasons.append(f"total capacity {capacity:,} < {needed:,} needed")
    minimum = sum(j.min_load for j in judges)
    if minimum > needed:
        reasons.append(f"the judges' minimum loads add up to {minimum:,} > {needed:,} places to fill")
    column = allowed.sum(axis=0)
    starved = [
        f"judge {judges[j].id} must take at least {judges[j].min_load} entries but may rate only {int(column[j])}"
        for j in range(len(judges))
        if judges[j].min_load > column[j]
    ]
    if starved:
        reasons.append(_names(starved))
    return reasons


def _min_cut_reason(
    entries: Sequence[Entry], judges: Sequence[Judge], allowed: np.ndarray, per_entry: int
) -> str:
    """Explain an infeasible request by a violated Hall-type condition found from a min cut."""
    n_e, n_j = allowed.shape
    ee, jj = np.nonzero(allowed)
    source, sink = n_e + n_j, n_e + n_j + 1
    upper = np.array([j.max_load for j in judges], dtype=np.int64)
    lower = np.array([j.min_load for j in judges], dtype=np.int64)

    # (a) Entries whose judges cannot carry them: k|A| > sum_j min(U_j, |N(j) & A|).
    flow = max_flow.SimpleMaxFlow()
    flow.add_arcs_with_capacity(
        np.concatenate([np.full(n_e, source), ee, n_e + np.arange(n_j)]),
        np.concatenate([np.arange(n_e), n_e + jj, np.full(n_j, sink)]),
        np.concatenate([np.full(n_e, per_entry), np.ones(ee.size, dtype=np.int64), upper]),
    )
    if flow.solve(source, sink) == flow.OPTIMAL and flow.optimal_flow() < n_e * per_entry:
        side = np.asarray(flow.get_source_side_min_cut())
        group = np.sort(side[side < n_e])
        reach = allowed[group].sum(axis=0)
        available = int(np.minimum(upper, reach).sum())
        names = [entries[i].id for i in group]
        return (
            f"{len(group):,} entries ({_names(names)}) need {len(group) * per_entry:,} judge places "
            f"but the judges free to rate them can take at most {available:,}"
        )

    # (b) Judges whose minimum loads cannot be reached: sum L_B > sum_e min(k, |N(e) & B|).
    flow = max_flow.SimpleMaxFlow()
    flow.add_arcs_with_capacity(
        np.concatenate([np.full(n_j, source), n_e + jj, np.arange(n_e)]),
        np.concatenate([n_e + np.arange(n_j), ee, np.full(n_e, sink)]),
        np.concatenate([lower, np.ones(ee.size, dtype=np.int64), np.full(n_e, per_entry)]),
    )
    if flow.solve(source, sink) == flow.OPTIMAL and flow.optimal_flow() < int(lower.sum()):
        side = np.asarray(flow.get_source_side_min_cut())
        group = np.sort(side[(side >= n_e) & (side < n_e + n_j)] - n_e)
        reach = allowed[:, group].sum(axis=1)
        available = int(np.minimum(per_entry, reach).sum())
        names = [judges[j].id for j in group]
        return (
            f"judges {_names(names)} must take at least {int(lower[group].sum()):,} entries together "
            f"but the entries open to them offer only {available:,} places"
        )
    return "the judges' minimum and maximum loads cannot all be met at once"


def assign(
    entries: Sequence[Entry],
    judges: Sequence[Judge],
    per_entry: int,
    conflicts: Iterable[tuple[str, str]],
    expertise_weight: float = 1.0,
    *,
    balance_weight: float = 1.0,
) -> Assignment:
    """The least-cost assignment of `per_entry` judges to every entry (see the module docstring).

    `conflicts` holds (judge_id, entry_id) pairs; pairs naming an unknown judge or entry
    are ignored. Raises `Infeasible` with the reason when no assignment exists, and
    `JudgingError` for malformed input.
    """
    if not isinstance(per_entry, int) or isinstance(per_entry, bool) or per_entry < 1:
        raise JudgingError(f"per_entry must be a whole number >= 1, got {per_entry!r}")
    for name, weight in (("expertise_weight", expertise_weight), ("balance_weight", balance_weight)):
        if not isinstance(weight, int | float) or not math.isfinite(weight) or weight < 0:
            raise JudgingError(f"{name} must be a number >= 0, got {weight!r}")
    entries, judges = list(entries), list(judges)
    _check(entries, judges)
    allowed, honoured = _eligible(entries, judges, conflicts)
    reasons = _simple_reasons(entries, judges, allowed, per_entry)
    if reasons:
        raise Infeasible("; ".join(reasons))
    n_e, n_j = len(entries), len(judges)
    if n_e == 0:
        return Assignment({}, {j.id: 0 for j in judges}, 0, 0, 0, honoured, 0.0, "none", "no entries")

    overlap = _overlap(entries, judges)
    ee, jj = np.nonzero(allowed)
    pair_cost = np.rint(EXPERTISE_UNIT * expertise_weight * (1.0 - overlap[ee, jj])).astype(np.int64)

    lower = np.array([j.min_load for j in judges], dtype=np.int64)
    upper = np.array([j.max_load for j in judges], dtype=np.int64)
    step = np.rint(BALANCE_UNIT * balance_weight * np.arange(int(upper.max()) + 1)).astype(np.int64)
    # step[t - 1] is the extra cost of a judge's t-th entry; the first min_load are forced.
    forced = int(sum(step[: lower[j]].sum() for j in range(n_j)))
    extra = upper - lower
    slot_judge = np.repeat(np.arange(n_j), extra)
    slot_rank = np.arange(slot_judge.size) - np.repeat(np.cumsum(extra) - extra, extra) + lower[slot_judge]

    source, sink = n_e + n_j, n_e + n_j + 1
    flow = min_cost_flow.SimpleMinCostFlow()
    flow.add_arcs_with_capacity_and_unit_cost(
        np.concatenate([np.full(n_e, source), ee, n_e + slot_judge]),
        np.concatenate([np.arange(n_e), n_e + jj, np.full(slot_judge.size, sink)]),
        np.concatenate(
            [
                np.full(n_e, per_entry),
                np.ones(ee.size, dtype=np.int64),
                np.ones(slot_judge.size, dtype=np.int64),
            ]
        ),
        np.concatenate([np.zeros(n_e, dtype=np.int64), pair_cost, step[slot_rank]]),
    )
    supplies = np.zeros(n_e + n_j + 2, dtype=np.int64)
    supplies[source] = n_e * per_entry
    supplies[n_e : n_e + n_j] = -lower
    supplies[sink] = -(n_e * per_entry - int(lower.sum()))
    flow.set_nodes_supplies(np.arange(supplies.size), supplies)
    status = flow.solve()
    if status == flow.INFEASIBLE:
        raise Infeasible(_min_cut_reason(entries, judges, allowed, per_entry))
    if status != flow.OPTIMAL:
        raise JudgingError(f"the min-cost flow solver stopped with status {status.name}")

    used = flow.flows(np.arange(n_e, n_e + ee.size)) > 0
    chosen_e, chosen_j = ee[used], jj[used]  # np.nonzero order: by entry, then judge
    loads = np.bincount(chosen_j, minlength=n_j)
    bounds = np.searchsorted(chosen_e, np.arange(n_e + 1))
    pairs = {
        entry.id: tuple(judges[j].id for j in chosen_j[bounds[i] : bounds[i + 1]])
        for i, entry in enumerate(entries)
    }
    expertise_cost = int(pair_cost[used].sum())
    balance_cost = int(sum(step[: loads[j]].sum() for j in range(n_j)))
    total = int(flow.optimal_cost()) + forced
    mean_overlap = float(overlap[chosen_e, chosen_j].mean())
    note = (
        f"optimal min-cost flow: {n_e:,} entries x {per_entry} judges = {int(used.sum()):,} pairs; "
        f"{honoured:,} conflicts excluded; loads {int(loads.min())}-{int(loads.max())}; "
        f"cost {total:,} (expertise {expertise_cost:,} + balance {balance_cost:,}); "
        f"mean topic overlap {mean_overlap:.2f}"
    )
    return Assignment(
        pairs=pairs,
        loads={judge.id: int(loads[j]) for j, judge in enumerate(judges)},
        total_cost=total,
        expertise_cost=expertise_cost,
        balance_cost=balance_cost,
        conflicts_honoured=honoured,
        mean_overlap=mean_overlap,
        method="min-cost flow (OR-Tools SimpleMinCostFlow)",
        note=note,
    )
