"""Action items: the modules a diagnosis calls for, ranked by urgency, with one-sentence reasons.

Pure Python: it takes what the diagnosis found (indicator scores against their targets,
each indicator's weight in the overall score, system levels) and the city's circumstances
(budget band, ICT staff, residents' connectivity), so it can be tested by hand and used anywhere.

Urgency = gap points x (1 + 0.25 x modules it unlocks) x (1 if it fits, 0.5 if not), where
gap points are what closing the gaps of the indicators it improves would add to the overall
score. "Necessary" is what the triggers say; "reasonable" is what fits the budget, the staff
and the share of residents online.
"""

from __future__ import annotations

from dataclasses import dataclass

from wego.solutions.catalogue import Catalogue, Module

COST_ORDER = ("low", "medium", "high", "very-high")
CONNECTIVITY_ORDER = ("low", "medium", "high")
UNLOCK_WEIGHT = 0.25
MISFIT_FACTOR = 0.5


@dataclass(frozen=True)
class Circumstances:
    budget: str = "medium"  # the largest cost band the city can fund for one project
    ict_staff_fte: float = 5.0  # ICT staff it can put on one project
    connectivity: str = "high"  # the share of its residents online (see catalogue.Connectivity)


@dataclass(frozen=True)
class Findings:
    """What the ranking needs of a diagnosis; scores on 0-100, levels 1-5 (None: unanswered)."""

    indicator_scores: dict[str, float | None]
    indicator_targets: dict[str, float]
    weight_shares: dict[str, float]
    system_levels: dict[str, int | None]


@dataclass(frozen=True)
class ActionItem:
    module: Module
    rank: int
    urgency: float
    gap_points: float
    unlocks: int
    reasonable: bool
    misfits: tuple[str, ...]
    waits_for: tuple[str, ...]  # recommended prerequisites to do first
    explanation: str


def triggered(module: Module, findings: Findings) -> bool:
    """The diagnosis calls for the module: a trigger indicator or system is below its threshold."""
    for indicator, threshold in module.triggers.indicators.items():
        if (findings.indicator_scores.get(indicator) or 0.0) < threshold:
            return True
    return any(
        (findings.system_levels.get(system) or 1) < level for system, level in module.triggers.systems.items()
    )


def _gap_points(module: Module, findings: Findings) -> float:
    total = 0.0
    for indicator in module.improves.indicators:
        score = findings.indicator_scores.get(indicator) or 0.0
        target = findings.indicator_targets.get(indicator, score)
        total += max(0.0, target - score) * findings.weight_shares.get(indicator, 0.0)
    return total


def _requires(catalogue: Catalogue) -> dict[str, set[str]]:
    """Every module's prerequisites, direct and indirect (the graph has no cycles)."""
    direct = {m.id: set(m.prerequisites) for m in catalogue.modules}
    closed: dict[str, set[str]] = {}

    def close(module_id: str) -> set[str]:
        if module_id not in closed:
            found: set[str] = set()
            for prerequisite in direct.get(module_id, ()):
                found |= {prerequisite} | close(prerequisite)
            closed[module_id] = found
        return closed[module_id]

    for module_id in direct:
        close(module_id)
    return closed


def _misfits(module: Module, circumstances: Circumstances) -> tuple[str, ...]:
    found = []
    if COST_ORDER.index(module.cost_band) > COST_ORDER.index(circumstances.budget):
        found.append(f"its cost band ({module.cost_band}) is above your budget ({circumstances.budget})")
    if module.staff_fte > circumstances.ict_staff_fte:
        found.append(f"it needs {module.staff_fte:g} ICT staff and you have {circumstances.ict_staff_fte:g}")
    if CONNECTIVITY_ORDER.index(module.connectivity) > CONNECTIVITY_ORDER.index(circumstances.connectivity):
        found.append(
            f"it reaches residents online and needs {module.connectivity} connectivity, where yours is "
            f"{circumstances.connectivity}"
        )
    return tuple(found)


def _explain(gap: float, unlocks: int, misfits: tuple[str, ...], waits_for: tuple[str, ...]) -> str:
    sentence = f"Closing its gaps would add {gap:.1f} points to your overall score"
    if unlocks:
        sentence += f", and {unlocks} other recommended module{'s' if unlocks > 1 else ''} need{'' if unlocks > 1 else 's'} it first"
    if misfits:
        sentence += "; it does not fit yet: " + " and ".join(misfits)
    elif waits_for:
        sentence += "; do " + ", ".join(waits_for) + " first"
    return sentence + "."


def action_items(catalogue: Catalogue, findings: Findings, circumstances: Circumstances) -> list[ActionItem]:
    """The triggered modules, most urgent first (ties by module id), each with its reason."""
    chosen = [m for m in catalogue.modules if triggered(m, findings)]
    chosen_ids = {m.id for m in chosen}
    requires = _requires(catalogue)
    scored = []
    for module in chosen:
        gap = _gap_points(module, findings)
        unlocks = sum(1 for other in chosen if module.id in requires[other.id])
        misfits = _misfits(module, circumstances)
        urgency = gap * (1 + UNLOCK_WEIGHT * unlocks) * (MISFIT_FACTOR if misfits else 1.0)
        waits_for = tuple(sorted(p for p in requires[module.id] if p in chosen_ids))
        scored.append((module, round(urgency, 6), gap, unlocks, misfits, waits_for))
    scored.sort(key=lambda row: (-row[1], row[0].id))
    return [
        ActionItem(
            module=module,
            rank=rank,
            urgency=urgency,
            gap_points=round(gap, 4),
            unlocks=unlocks,
            reasonable=not misfits,
            misfits=misfits,
            waits_for=waits_for,
            explanation=_explain(gap, unlocks, misfits, waits_for),
        )
        for rank, (module, urgency, gap, unlocks, misfits, waits_for) in enumerate(scored, start=1)
    ]
