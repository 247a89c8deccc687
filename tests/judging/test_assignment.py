"""Assignment: hand cases, optimality against brute force, lower bounds, infeasibility."""

import itertools
import random

import pytest

from wego.judging import Entry, Infeasible, Judge, JudgingError, assign, full_panel
from wego.judging.assignment import BALANCE_UNIT, EXPERTISE_UNIT


def brute_force(entries, judges, per_entry, conflicts, expertise_weight=1.0, balance_weight=1.0):
    """Least cost over every assignment, by enumeration; None when none is feasible."""
    options = []
    for entry in entries:
        free = [
            j
            for j in judges
            if (j.id, entry.id) not in conflicts and (j.categories is None or entry.category in j.categories)
        ]
        options.append(list(itertools.combinations(free, per_entry)))
    best = None
    for choice in itertools.product(*options):
        loads = {j.id: 0 for j in judges}
        cost = 0
        for entry, panel in zip(entries, choice, strict=True):
            for judge in panel:
                loads[judge.id] += 1
                share = len(entry.topics & judge.topics) / len(entry.topics) if entry.topics else 0.0
                cost += round(EXPERTISE_UNIT * expertise_weight * (1 - share))
        if any(not j.min_load <= loads[j.id] <= j.max_load for j in judges):
            continue
        cost += sum(
            round(BALANCE_UNIT * balance_weight * (t - 1)) for j in judges for t in range(1, loads[j.id] + 1)
        )
        best = cost if best is None else min(best, cost)
    return best


def test_assign_prefers_topic_overlap():
    entries = [Entry("E1", "Mobility", {"transport"}), Entry("E2", "Safe City", {"policing"})]
    judges = [
        Judge("J1", 0, 2, {"transport"}),
        Judge("J2", 0, 2, {"policing"}),
        Judge("J3", 0, 2, {"transport", "policing"}),
    ]
    result = assign(entries, judges, 2, set())

    assert result.pairs == {"E1": ("J1", "J3"), "E2": ("J2", "J3")}
    assert result.loads == {"J1": 1, "J2": 1, "J3": 2}
    # every pair shares the entry's topic: expertise 0; balance: J3's second entry costs 10
    assert (result.expertise_cost, result.balance_cost, result.total_cost) == (0, 10, 10)
    assert result.mean_overlap == 1.0


def test_assign_honours_conflicts():
    entries = [Entry("E1", "Mobility", {"transport"})]
    judges = [Judge("J1", 0, 1, {"transport"}), Judge("J2", 0, 1, set()), Judge("J3", 0, 1, set())]
    result = assign(entries, judges, 2, {("J1", "E1"), ("J9", "E1")})
    assert result.pairs == {"E1": ("J2", "J3")}
    assert result.conflicts_honoured == 1  # the pair naming an unknown judge is ignored
    assert result.expertise_cost == 2000


def test_assign_lower_bound_forces_a_judge_in():
    entries = [Entry("E1", "Mobility", {"transport"}), Entry("E2", "Mobility", {"transport"})]
    expert = Judge("J1", 0, 2, {"transport"})
    without = assign(entries, [expert, Judge("J2", 0, 2, set())], 1, set(), balance_weight=0)
    assert without.loads == {"J1": 2, "J2": 0}
    with_floor = assign(entries, [expert, Judge("J2", 1, 2, set())], 1, set(), balance_weight=0)
    assert with_floor.loads == {"J1": 1, "J2": 1}
    assert with_floor.total_cost == 1000


def test_assign_lower_bound_counts_the_forced_balance_cost():
    entries = [Entry(f"E{i}") for i in range(4)]
    result = assign(entries, [Judge("J1", 3, 4), Judge("J2", 0, 4)], 1, set())
    # J1 must take 3 (balance 0 + 10 + 20), J2 takes the fourth (0);
    # no topics means no overlap: each of the 4 pairs costs the full 1000
    assert result.loads == {"J1": 3, "J2": 1}
    assert (result.expertise_cost, result.balance_cost, result.total_cost) == (4000, 30, 4030)


def test_assign_respects_judge_categories():
    entries = [Entry("E1", "Mobility"), Entry("E2", "Safe City")]
    judges = [Judge("J1", 0, 2, categories={"Mobility"}), Judge("J2", 0, 2, categories={"Safe City"})]
    assert assign(entries, judges, 1, set()).pairs == {"E1": ("J1",), "E2": ("J2",)}


@pytest.mark.parametrize("seed", range(12))
def test_assign_is_optimal_against_brute_force(seed):
    rng = random.Random(seed)
    topics = ["a", "b", "c", "d"]
    entries = [
        Entry(f"E{i}", "X", set(rng.sample(topics, rng.randint(0, 3)))) for i in range(rng.randint(2, 4))
    ]
    judges = [
        Judge(f"J{j}", rng.randint(0, 1), rng.randint(1, 4), set(rng.sample(topics, rng.randint(0, 3))))
        for j in range(rng.randint(3, 5))
    ]
    conflicts = {(j.id, e.id) for e in entries for j in judges if rng.random() < 0.2}
    per_entry = rng.randint(1, 2)
    weights = {"expertise_weight": rng.choice([0.5, 1.0, 2.0]), "balance_weight": rng.choice([0.0, 1.0, 5.0])}

    best = brute_force(entries, judges, per_entry, conflicts, **weights)
    if best is None:
        with pytest.raises(Infeasible):
            assign(entries, judges, per_entry, conflicts, **weights)
    else:
        result = assign(entries, judges, per_entry, conflicts, **weights)
        assert result.total_cost == best
        assert result.total_cost == result.expertise_cost + result.balance_cost


def test_brute_force_cases_cover_both_outcomes():
    outcomes = set()
    for seed in range(12):
        rng = random.Random(seed)
        topics = ["a", "b", "c", "d"]
        entries = [
            Entry(f"E{i}", "X", set(rng.sample(topics, rng.randint(0, 3)))) for i in range(rng.randint(2, 4))
        ]
        judges = [
            Judge(f"J{j}", rng.randint(0, 1), rng.randint(1, 4), set(rng.sample(topics, rng.randint(0, 3))))
            for j in range(rng.randint(3, 5))
        ]
        conflicts = {(j.id, e.id) for e in entries for j in judges if rng.random() < 0.2}
        outcomes.add(brute_force(entries, judges, rng.randint(1, 2), conflicts) is None)
    assert outcomes == {True, False}


def test_assign_is_deterministic():
    entries = [Entry(f"E{i}", "X", {"a"} if i % 2 else {"b"}) for i in range(30)]
    judges = [Judge(f"J{j}", 0, 10, {"a", "b"} if j % 3 else {"a"}) for j in range(12)]
    assert assign(entries, judges, 3, {("J1", "E1")}) == assign(entries, judges, 3, {("J1", "E1")})


def test_assign_no_entries():
    result = assign([], [Judge("J1", 0, 3)], 2, set())
    assert (result.pairs, result.loads, result.total_cost) == ({}, {"J1": 0}, 0)


# ------------------------------------------------------------------ infeasible requests


def reason(entries, judges, per_entry, conflicts):
    with pytest.raises(Infeasible) as error:
        assign(entries, judges, per_entry, conflicts)
    assert error.value.reason == str(error.value)
    return error.value.reason


def test_infeasible_entry_with_too_few_judges():
    entries = [Entry(f"E{i}") for i in range(1, 9)]
    judges = [Judge(f"J{j}", 0, 8) for j in range(1, 5)]
    conflicts = {("J1", "E7"), ("J2", "E7"), ("J3", "E8")}
    assert reason(entries, judges, 3, conflicts) == "entry E7 has only 2 non-conflicted judges, needs 3"


def test_infeasible_entry_lists_are_capped():
    entries = [Entry(f"E{i}") for i in range(1, 9)]
    judges = [Judge("J1", 0, 8), Judge("J2", 0, 8)]
    conflicts = {("J1", e.id) for e in entries}
    assert reason(entries, judges, 2, conflicts) == (
        "entry E1 has only 1 non-conflicted judge, needs 2, entry E2 has only 1 non-conflicted judge, needs 2, "
        "entry E3 has only 1 non-conflicted judge, needs 2, entry E4 has only 1 non-conflicted judge, needs 2, "
        "entry E5 has only 1 non-conflicted judge, needs 2 and 3 more"
    )


def test_infeasible_total_capacity():
    entries = [Entry(f"E{i}") for i in range(5000)]
    judges = [Judge(f"J{j}", 0, 60) for j in range(249)]
    assert reason(entries, judges, 3, set()) == "total capacity 14,940 < 15,000 needed"


def test_infeasible_more_judges_per_entry_than_judges():
    assert reason([Entry("E1")], [Judge("J1", 0, 1), Judge("J2", 0, 1)], 3, set()) == (
        "each entry needs 3 judges but there are only 2 judges; total capacity 2 < 3 needed"
    )


def test_infeasible_minimum_loads():
    entries = [Entry("E1"), Entry("E2")]
    judges = [Judge("J1", 2, 2), Judge("J2", 1, 2)]
    assert reason(entries, judges, 1, set()) == "the judges' minimum loads add up to 3 > 2 places to fill"


def test_infeasible_judge_cannot_reach_its_minimum():
    entries = [Entry("E1"), Entry("E2"), Entry("E3")]
    judges = [Judge("J1", 2, 3), Judge("J2", 0, 3)]
    assert reason(entries, judges, 1, {("J1", "E1"), ("J1", "E2")}) == (
        "judge J1 must take at least 2 entries but may rate only 1"
    )


def test_infeasible_group_of_entries_found_by_min_cut():
    entries = [Entry("E1"), Entry("E2"), Entry("E3")]
    judges = [Judge("J1", 0, 1), Judge("J2", 0, 0), Judge("J3", 0, 5)]
    conflicts = {("J3", "E1"), ("J3", "E2")}
    assert reason(entries, judges, 1, conflicts) == (
        "2 entries (E1, E2) need 2 judge places but the judges free to rate them can take at most 1"
    )


def test_infeasible_group_of_judges_found_by_min_cut():
    entries = [Entry(f"E{i}") for i in range(1, 5)]
    judges = [Judge("J1", 2, 2), Judge("J2", 2, 2), Judge("J3", 0, 4)]
    conflicts = {(j, e) for j in ("J1", "J2") for e in ("E3", "E4")}
    assert reason(entries, judges, 1, conflicts) == (
        "judges J1, J2 must take at least 4 entries together but the entries open to them offer only 2 places"
    )


@pytest.mark.parametrize(
    ("entries", "judges", "per_entry", "message"),
    [
        ([Entry("E1"), Entry("E1")], [Judge("J1", 0, 2)], 1, "entry 'E1' is listed twice"),
        ([Entry("E1")], [Judge("J1", 0, 2), Judge("J1", 0, 2)], 1, "judge 'J1' is listed twice"),
        ([Entry("E1")], [Judge("J1", 3, 2)], 1, "judge 'J1': min_load 3 is above max_load 2"),
        ([Entry("E1")], [Judge("J1", -1, 2)], 1, "judge 'J1': min_load must be a whole number >= 0, got -1"),
        ([Entry("E1")], [Judge("J1", 0, 2)], 0, "per_entry must be a whole number >= 1, got 0"),
    ],
)
def test_assign_bad_input(entries, judges, per_entry, message):
    with pytest.raises(JudgingError) as error:
        assign(entries, judges, per_entry, set())
    assert not isinstance(error.value, Infeasible)
    assert str(error.value) == message


# ------------------------------------------------------------------ full panel


def test_full_panel_is_every_non_conflicted_judge():
    entries = [Entry("E1", "Mobility"), Entry("E2", "Safe City"), Entry("E3", "Mobility")]
    judges = [Judge("J1", 0, 9), Judge("J2", 0, 9), Judge("J3", 0, 9, categories={"Safe City"})]
    panel = full_panel(entries, judges, {("J1", "E2"), ("J2", "E3"), ("J1", "E3")})
    assert panel == {"E1": ("J1", "J2"), "E2": ("J2", "J3"), "E3": ()}
