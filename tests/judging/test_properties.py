"""Invariants of calibration, uncertainty and assignment, checked on generated cases."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.judging.test_assignment import brute_force
from wego.judging import Entry, Infeasible, Judge, assign, calibrate, top_k_uncertainty

score = st.floats(min_value=1, max_value=10, allow_nan=False).map(lambda x: round(x, 2))


@st.composite
def rating_tables(draw, min_judges=2, max_judges=5, min_entries=2, max_entries=6, holes=True):
    judges = [f"J{j}" for j in range(draw(st.integers(min_judges, max_judges)))]
    entries = [f"E{e}" for e in range(draw(st.integers(min_entries, max_entries)))]
    totals = {}
    for judge in judges:
        for entry in entries:
            if not holes or draw(st.booleans()) or draw(st.booleans()):
                totals[(judge, entry)] = draw(score)
    if not totals:
        totals[(judges[0], entries[0])] = draw(score)
    return totals


@settings(max_examples=100, deadline=None)
@given(
    totals=rating_tables(),
    slope=st.floats(min_value=0.1, max_value=1.0),
    shift=st.floats(min_value=0.0, max_value=1.0),
)
def test_zscore_is_independent_of_a_judges_affine_rescaling(totals, slope, shift):
    judge = min(j for j, _ in totals)
    offset = shift * 9 * (1 - slope)  # keeps 1 + offset + slope * (x - 1) within 1-10
    rescaled = {(j, e): (1 + offset + slope * (x - 1) if j == judge else x) for (j, e), x in totals.items()}
    before = calibrate(totals, "zscore")
    after = calibrate(rescaled, "zscore")

    assert after.standardized == pytest.approx(before.standardized, abs=1e-9)
    assert {j: s.guarded for j, s in after.judges.items()} == {j: s.guarded for j, s in before.judges.items()}
    order = sorted(before.standardized, key=lambda e: (-round(before.standardized[e], 9), e))
    assert sorted(after.entry_scores, key=lambda e: (-round(after.standardized[e], 9), e)) == order


@settings(max_examples=100, deadline=None)
@given(totals=rating_tables(holes=False), lift=st.floats(min_value=-0.9, max_value=0.0))
def test_bias_model_removes_an_additive_judge_shift(totals, lift):
    judge = min(j for j, _ in totals)
    low = min(x for (j, _), x in totals.items() if j == judge)
    delta = lift * (low - 1)  # a downward shift that keeps every score >= 1
    shifted = {(j, e): (x + delta if j == judge else x) for (j, e), x in totals.items()}
    before = calibrate(totals, "bias").entry_scores
    after = calibrate(shifted, "bias").entry_scores
    n_judges = len({j for j, _ in totals})

    # every entry score moves by the same delta / n_judges: differences are unchanged
    assert {e: after[e] - before[e] for e in before} == pytest.approx(
        {e: delta / n_judges for e in before}, abs=1e-9
    )


@settings(max_examples=60, deadline=None)
@given(totals=rating_tables(), k=st.integers(1, 3))
def test_raw_scores_are_means_and_uncertainty_is_a_share(totals, k):
    result = calibrate(totals, "raw")
    for entry, value in result.entry_scores.items():
        cells = [x for (_, e), x in totals.items() if e == entry]
        assert value == pytest.approx(sum(cells) / len(cells))
        assert result.judge_count[entry] == len(cells)
    shares = top_k_uncertainty(totals, "raw", k, dict.fromkeys(result.entry_scores, "X"), resamples=10)
    assert set(shares) == set(result.entry_scores)
    assert all(0.0 <= v <= 1.0 for v in shares.values())
    assert sum(shares.values()) <= min(k, len(shares)) + 1e-9


@settings(max_examples=40, deadline=None)
@given(
    totals=rating_tables(holes=False), k=st.integers(1, 3), method=st.sampled_from(["raw", "zscore", "bias"])
)
def test_uncertainty_hands_out_exactly_k_places_in_a_complete_design(totals, k, method):
    entries = {e for _, e in totals}
    shares = top_k_uncertainty(totals, method, k, dict.fromkeys(entries, "X"), resamples=5, seed=3)
    assert sum(shares.values()) == pytest.approx(min(k, len(entries)))


@st.composite
def assignment_cases(draw):
    topics = ["a", "b", "c"]
    n_entries = draw(st.integers(1, 4))
    n_judges = draw(st.integers(1, 4))
    entries = [Entry(f"E{i}", "X", draw(st.sets(st.sampled_from(topics)))) for i in range(n_entries)]
    judges = []
    for j in range(n_judges):
        low = draw(st.integers(0, 2))
        judges.append(
            Judge(f"J{j}", low, low + draw(st.integers(0, 3)), draw(st.sets(st.sampled_from(topics))))
        )
    pairs = [(j.id, e.id) for j in judges for e in entries]
    conflicts = set(draw(st.lists(st.sampled_from(pairs), max_size=len(pairs))))
    per_entry = draw(st.integers(1, 2))
    return entries, judges, per_entry, conflicts


@settings(max_examples=200, deadline=None)
@given(case=assignment_cases())
def test_assignment_honours_conflicts_and_loads_and_is_optimal(case):
    entries, judges, per_entry, conflicts = case
    best = brute_force(entries, judges, per_entry, conflicts)
    try:
        result = assign(entries, judges, per_entry, conflicts)
    except Infeasible:
        assert best is None
        return
    assert result.total_cost == best
    for entry in entries:
        panel = result.pairs[entry.id]
        assert len(panel) == len(set(panel)) == per_entry
        assert all((judge, entry.id) not in conflicts for judge in panel)
    for judge in judges:
        load = sum(judge.id in panel for panel in result.pairs.values())
        assert result.loads[judge.id] == load
        assert judge.min_load <= load <= judge.max_load
