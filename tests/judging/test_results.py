"""Hand-computed fixtures for totals, calibration, uncertainty and the tie-break chain."""

import math
from decimal import Decimal

import pytest

from wego.judging import (
    ChairDecision,
    JudgingError,
    TieBreak,
    calibrate,
    rank,
    standard_tie_breaks,
    tie_break_median,
    tie_break_top_criterion,
    tie_break_top_k_votes,
    top_k_uncertainty,
    weighted_total,
)

WEIGHTS = {"impact": 3, "innovation": 2, "replicability": 1}

# ------------------------------------------------------------------ weighted totals


def test_weighted_total_hand_computed():
    # (3*8 + 2*6 + 1*9) / (3 + 2 + 1) = 45 / 6
    assert weighted_total({"impact": 8, "innovation": 6, "replicability": 9}, WEIGHTS) == 7.5


def test_weighted_total_accepts_decimals():
    scores = {"impact": Decimal(8), "innovation": Decimal(6), "replicability": Decimal(9)}
    assert weighted_total(scores, {"impact": Decimal(3), "innovation": Decimal(2), "replicability": 1}) == 7.5


def test_weighted_total_zero_weight_criterion_does_not_move_the_total():
    assert weighted_total({"impact": 7, "notes": 2}, {"impact": 1, "notes": 0}) == 7.0


def test_weighted_total_missing_criterion_is_refused():
    with pytest.raises(JudgingError) as error:
        weighted_total({"impact": 8, "innovation": 6}, WEIGHTS)
    assert str(error.value) == "missing score for criterion 'replicability'"


@pytest.mark.parametrize(
    ("scores", "weights", "message"),
    [
        ({"impact": 11}, {"impact": 1}, "criterion 'impact': score 11 is outside the scale 1-10"),
        ({"impact": 0.5}, {"impact": 1}, "criterion 'impact': score 0.5 is outside the scale 1-10"),
        ({"impact": math.nan}, {"impact": 1}, "criterion 'impact': score must be a number, got nan"),
        ({"impact": "8"}, {"impact": 1}, "criterion 'impact': score must be a number, got '8'"),
        ({"impact": 8, "typo": 3}, {"impact": 1}, "score for unknown criterion 'typo'"),
        (
            {"impact": 8},
            {"impact": 0},
            "the criteria weights add up to 0: at least one weight must be positive",
        ),
        ({"impact": 8}, {"impact": -1}, "criterion 'impact': weight must be a number >= 0, got -1"),
        ({}, {}, "no criteria: the weights are empty"),
    ],
)
def test_weighted_total_bad_input_says_what(scores, weights, message):
    with pytest.raises(JudgingError) as error:
        weighted_total(scores, weights)
    assert str(error.value) == message


# ------------------------------------------------------------------ z-score

# J1 and J2 rate A-D; J3 gives everything 7 and is conflicted on D; J4 rated only D.
ZFIXTURE = {
    ("J1", "A"): 8, ("J1", "B"): 8, ("J1", "C"): 4, ("J1", "D"): 4,  # mean 6, sd 2: z = +1 +1 -1 -1
    ("J2", "A"): 5, ("J2", "B"): 3, ("J2", "C"): 5, ("J2", "D"): 3,  # mean 4, sd 1: z = +1 -1 +1 -1
    ("J3", "A"): 7, ("J3", "B"): 7, ("J3", "C"): 7,  # sd 0: guarded, z = 0
    ("J4", "D"): 9,  # one rating: guarded, z = 0
}  # fmt: skip
# Pooled over the 12 cells: sum 70, sum of squares 456, mean 35/6, variance 456/12 - (35/6)^2 = 143/36.
POOLED_MEAN = 35 / 6
POOLED_SD = math.sqrt(143) / 6


def test_zscore_hand_computed():
    result = calibrate(ZFIXTURE, "zscore")

    # mean z: A (1 + 1 + 0)/3, B (1 - 1 + 0)/3, C (-1 + 1 + 0)/3, D (-1 - 1 + 0)/3
    assert result.standardized == pytest.approx({"A": 2 / 3, "B": 0.0, "C": 0.0, "D": -2 / 3}, abs=1e-12)
    assert result.scale == pytest.approx((POOLED_MEAN, POOLED_SD))
    assert result.entry_scores == pytest.approx(
        {
            "A": POOLED_MEAN + POOLED_SD * 2 / 3,
            "B": POOLED_MEAN,
            "C": POOLED_MEAN,
            "D": POOLED_MEAN - POOLED_SD * 2 / 3,
        }
    )
    assert result.raw_scores == pytest.approx({"A": 20 / 3, "B": 6.0, "C": 16 / 3, "D": 16 / 3})
    assert result.judge_count == {"A": 3, "B": 3, "C": 3, "D": 3}


def test_zscore_guards_flat_and_single_judges():
    judges = calibrate(ZFIXTURE, "zscore").judges

    assert (judges["J1"].n, judges["J1"].mean, judges["J1"].spread) == (4, 6.0, 2.0)
    assert (judges["J1"].guarded, judges["J1"].note) == (False, "")
    assert (judges["J3"].n, judges["J3"].mean, judges["J3"].spread, judges["J3"].guarded) == (
        3,
        7.0,
        0.0,
        True,
    )
    assert judges["J3"].note == "gave all 3 entries the same total (7): centred only, not rescaled"
    assert (judges["J4"].n, judges["J4"].spread, judges["J4"].guarded) == (1, 0.0, True)
    assert judges["J4"].note == "rated 1 entry: centred only, not rescaled"


def test_leniency_is_mean_offset_from_the_panel():
    judges = calibrate(ZFIXTURE, "raw").judges
    # J1: (8 - 20/3) + (8 - 6) + (4 - 16/3) + (4 - 16/3) = 2/3, over 4 entries
    assert judges["J1"].leniency == pytest.approx(1 / 6)
    # J4: 9 - 16/3
    assert judges["J4"].leniency == pytest.approx(11 / 3)
    assert all(not stats.guarded for stats in judges.values())


def test_raw_is_the_plain_mean():
    result = calibrate(ZFIXTURE, "raw")
    assert result.entry_scores == pytest.approx({"A": 20 / 3, "B": 6.0, "C": 16 / 3, "D": 16 / 3})
    assert result.standardized is None


# ------------------------------------------------------------------ conflict exclusions


def test_absent_cell_changes_only_that_entry_under_raw():
    full = {**ZFIXTURE, ("J3", "D"): 1}
    with_cell = calibrate(full, "raw").entry_scores
    without = calibrate(ZFIXTURE, "raw").entry_scores

    assert {e: with_cell[e] for e in "ABC"} == {e: without[e] for e in "ABC"}
    assert with_cell["D"] == pytest.approx(17 / 4)  # (4 + 3 + 1 + 9) / 4
    assert without["D"] == pytest.approx(16 / 3)  # the absent cell is in no mean: (4 + 3 + 9) / 3


def test_absent_cell_is_out_of_the_judges_own_statistics():
    judges = calibrate({**ZFIXTURE, ("J3", "D"): 1}, "zscore").judges
    # J3 with D = 1: mean 22/4, no longer flat, so rescaled normally
    assert (judges["J3"].n, judges["J3"].mean, judges["J3"].guarded) == (4, 5.5, False)
    judges = calibrate(ZFIXTURE, "zscore").judges
    assert (judges["J3"].n, judges["J3"].mean, judges["J3"].guarded) == (3, 7.0, True)


def test_absent_cell_leaves_other_judges_z_unchanged():
    # J3's conflict on D moves J3's own z only; J1 and J2 keep theirs, so B and C
    # (rated by J1, J2, J3 alike, J3's z 0 in both cases below) keep their standardized score.
    with_flat_d = calibrate({**ZFIXTURE, ("J3", "D"): 7}, "zscore").standardized
    without = calibrate(ZFIXTURE, "zscore").standardized
    assert with_flat_d == pytest.approx(
        {"A": 2 / 3, "B": 0.0, "C": 0.0, "D": -2 / 4}
    )  # D: (-1 - 1 + 0 + 0) / 4
    assert {e: without[e] for e in "ABC"} == pytest.approx({e: with_flat_d[e] for e in "ABC"})


# ------------------------------------------------------------------ bias model


def test_bias_exact_fit_chain():
    # J1: A 8, B 6; J2: B 8, C 4. Four cells, four free parameters: an exact fit.
    # B links them: b2 - b1 = 8 - 6 = 2 and b1 + b2 = 0, so b1 = -1, b2 = +1;
    # then f_A = 8 + 1 = 9, f_B = 6 + 1 = 7, f_C = 4 - 1 = 3 (raw means 8, 7, 4).
    result = calibrate({("J1", "A"): 8, ("J1", "B"): 6, ("J2", "B"): 8, ("J2", "C"): 4}, "bias")
    assert result.entry_scores == pytest.approx({"A": 9.0, "B": 7.0, "C": 3.0})
    assert {j: s.bias for j, s in result.judges.items()} == pytest.approx({"J1": -1.0, "J2": 1.0})
    assert result.notes == ()


def test_bias_least_squares_with_a_conflicted_cell():
    # J2 is conflicted on C. Normal equations, with b1 + b2 + b3 = 0:
    #   f_A = (6 + 8 + 7)/3 - (b1 + b2 + b3)/3 = 7;  f_B = (4 + 7 + 4)/3 = 5
    #   b2  = ((8 - 7) + (7 - 5))/2 = 3/2
    #   f_C = ((5 - b1) + (6 - b3))/2 = (11 + b2)/2 = 25/4   (raw mean 11/2)
    #   b1  = ((6 - 7) + (4 - 5) + (5 - 25/4))/3 = -13/12
    #   b3  = ((7 - 7) + (4 - 5) + (6 - 25/4))/3 = -5/12
    totals = {
        ("J1", "A"): 6, ("J1", "B"): 4, ("J1", "C"): 5,
        ("J2", "A"): 8, ("J2", "B"): 7,
        ("J3", "A"): 7, ("J3", "B"): 4, ("J3", "C"): 6,
    }  # fmt: skip
    result = calibrate(totals, "bias")

    assert result.entry_scores == pytest.approx({"A": 7.0, "B": 5.0, "C": 25 / 4})
    assert result.raw_scores == pytest.approx({"A": 7.0, "B": 5.0, "C": 11 / 2})
    assert {j: s.bias for j, s in result.judges.items()} == pytest.approx(
        {"J1": -13 / 12, "J2": 3 / 2, "J3": -5 / 12}
    )
    assert all(not s.guarded for s in result.judges.values())


def test_bias_complete_design_equals_raw_means():
    # Complete design: f_e is the entry mean and b_j the judge mean minus the grand mean.
    totals = {("J1", "A"): 7, ("J1", "B"): 5, ("J2", "A"): 9, ("J2", "B"): 5}
    result = calibrate(totals, "bias")
    assert result.entry_scores == pytest.approx({"A": 8.0, "B": 5.0})
    assert {j: s.bias for j, s in result.judges.items()} == pytest.approx({"J1": -0.5, "J2": 0.5})
    assert {j: s.leniency for j, s in result.judges.items()} == pytest.approx({"J1": -0.5, "J2": 0.5})


def test_bias_disconnected_groups_are_centred_separately():
    totals = {("J1", "A"): 8, ("J1", "B"): 6, ("J2", "C"): 5, ("J2", "D"): 3}
    result = calibrate(totals, "bias")
    assert result.entry_scores == pytest.approx({"A": 8.0, "B": 6.0, "C": 5.0, "D": 3.0})
    assert result.notes == (
        "the ratings fall into 2 groups with no judge or entry in common; "
        "biases are centred within each group, so scores compare only within a group",
    )


def test_bias_flags_a_single_rating_judge():
    totals = {("J1", "A"): 8, ("J1", "B"): 6, ("J2", "A"): 6, ("J2", "B"): 4, ("J3", "A"): 10}
    result = calibrate(totals, "bias")
    # J3's one rating is absorbed by b3, so A's score comes from J1 and J2 alone.
    assert result.entry_scores["A"] - result.entry_scores["B"] == pytest.approx(2.0)
    assert result.judges["J3"].guarded is True
    assert result.judges["J3"].note == (
        "rated 1 entry: its bias absorbs that rating, which then does not move the entry's score"
    )


def test_calibrate_bad_input():
    with pytest.raises(JudgingError) as error:
        calibrate({("J1", "A"): 7}, "median")
    assert str(error.value) == "unknown calibration method 'median'; use one of raw, zscore, bias"
    with pytest.raises(JudgingError) as error:
        calibrate({("J1", "A"): 12}, "raw")
    assert str(error.value) == "judge 'J1', entry 'A': score 12 is outside the scale 1-10"
    assert calibrate({}, "zscore").entry_scores == {}


# ------------------------------------------------------------------ uncertainty

UNCERTAIN = {
    # category X: raw means A 23/3, B 7, C 16/3
    ("J1", "A"): 9, ("J1", "B"): 6, ("J1", "C"): 5,
    ("J2", "A"): 6, ("J2", "B"): 8, ("J2", "C"): 5,
    ("J3", "A"): 8, ("J3", "B"): 7, ("J3", "C"): 6,
    # category Y
    ("J1", "D"): 5, ("J1", "E"): 9,
    ("J4", "D"): 7, ("J4", "E"): 7,
}  # fmt: skip
CATEGORY = {"A": "X", "B": "X", "C": "X", "D": "Y", "E": "Y"}


def test_top_k_uncertainty_leave_one_judge_out_hand_computed():
    # X, top 1: without J1 A 7 < B 7.5; without J2 A 8.5 > B 6.5; without J3 A 7.5 > B 7.
    # Y, top 1: without J1 D 7 = E 7 (half a place each); without J4 D 5 < E 9.
    shares = top_k_uncertainty(UNCERTAIN, "raw", 1, CATEGORY, resamples=0)
    assert shares == pytest.approx({"A": 2 / 3, "B": 1 / 3, "C": 0.0, "D": 1 / 4, "E": 3 / 4})


def test_top_k_uncertainty_entry_whose_only_judge_leaves_is_out():
    totals = {("J1", "A"): 9, ("J2", "B"): 5, ("J2", "C"): 4}
    shares = top_k_uncertainty(totals, "raw", 1, {"A": "X", "B": "X", "C": "X"}, resamples=0)
    # without J1: only B and C rated, B on top; without J2: only A rated.
    assert shares == {"A": 0.5, "B": 0.5, "C": 0.0}


def test_top_k_uncertainty_bootstrap_is_reproducible_and_sums_to_k():
    first = top_k_uncertainty(UNCERTAIN, "zscore", 2, CATEGORY, resamples=50, seed=7)
    again = top_k_uncertainty(UNCERTAIN, "zscore", 2, CATEGORY, resamples=50, seed=7)
    assert first == again
    # complete design in X: every recomputation hands out exactly 2 places among A, B, C
    assert first["A"] + first["B"] + first["C"] == pytest.approx(2.0)
    assert first["D"] + first["E"] == pytest.approx(2.0)


def test_top_k_uncertainty_needs_every_category():
    with pytest.raises(JudgingError) as error:
        top_k_uncertainty(UNCERTAIN, "raw", 1, {"A": "X"}, resamples=0)
    assert str(error.value) == "entry 'B' has no category"


# ------------------------------------------------------------------ ranking


def test_rank_without_ties():
    ranking = rank({"A": 7.2, "B": 8.1, "C": 6.0}, k=2, tie_breaks=[])
    assert ranking.order == ("B", "A", "C")
    assert ranking.winners == ("B", "A")
    assert ranking.positions == {"B": 1, "A": 2, "C": 3}
    assert ranking.margin == pytest.approx(1.2)
    assert ranking.needs_chair_decision is False
    assert ranking.ties_at_boundary == ()
    assert ranking.trace == (
        "Step 1, calibrated mean: B 8.1, A 7.2, C 6.",
        "Winners (top 2): B, A. Margin on calibrated mean between place 2 and place 3: 1.2.",
    )


SCORES = {"A": 8.0, "B": 7.5, "C": 7.5, "D": 6.0}


def chain(median, criterion, votes):
    return [
        TieBreak("median of judges' totals", median),
        TieBreak("score on impact", criterion),
        TieBreak("judges placing it in their own top 2", votes),
    ]


def test_rank_step_2_median_breaks_the_tie():
    ranking = rank(SCORES, k=2, tie_breaks=chain({"B": 7.0, "C": 8.0}, {}, {}))
    assert ranking.order == ("A", "C", "B", "D")
    assert ranking.winners == ("A", "C")
    assert ranking.ties_at_boundary == ("B", "C")
    assert ranking.trace[1:3] == (
        "Tie on calibrated mean at 7.5 between B, C for places 2-3.",
        "Step 2, median of judges' totals (higher is better) for places 2-3: C 8, B 7: C ahead of B.",
    )


def test_rank_step_3_top_criterion_breaks_the_tie():
    ranking = rank(SCORES, k=2, tie_breaks=chain({"B": 7.0, "C": 7.0}, {"B": 9.0, "C": 8.5}, {}))
    assert ranking.winners == ("A", "B")
    assert ranking.trace[2:4] == (
        "Step 2, median of judges' totals (higher is better) for places 2-3: B 7, C 7: still tied.",
        "Step 3, score on impact (higher is better) for places 2-3: B 9, C 8.5: B ahead of C.",
    )


def test_rank_step_4_top_k_votes_breaks_the_tie():
    ranking = rank(
        SCORES, k=2, tie_breaks=chain({"B": 7.0, "C": 7.0}, {"B": 9.0, "C": 9.0}, {"B": 1, "C": 3})
    )
    assert ranking.winners == ("A", "C")
    assert ranking.trace[4] == (
        "Step 4, judges placing it in their own top 2 (higher is better) for places 2-3: C 3, B 1: C ahead of B."
    )


def test_rank_step_5_unresolved_needs_the_chair():
    tied = chain({"B": 7.0, "C": 7.0}, {"B": 9.0, "C": 9.0}, {"B": 2, "C": 2})
    ranking = rank(SCORES, k=2, tie_breaks=tied)

    assert ranking.needs_chair_decision is True
    assert ranking.unresolved == (("B", "C"),)
    assert ranking.winners == ("A",)
    assert ranking.positions == {"A": 1, "B": 2, "C": 2, "D": 4}
    assert ranking.trace[5] == (
        "Step 5, unresolved: B, C still tied for places 2-3 after every rule: a chair decision is needed."
    )
    assert ranking.trace[6] == (
        "Winners (top 2): A. Awaiting a chair decision. "
        "Margin on calibrated mean between place 2 and place 3: 0."
    )

    decided = rank(
        SCORES, k=2, tie_breaks=tied, chair=ChairDecision(["C", "B"], "C is already in service citywide.")
    )
    assert decided.needs_chair_decision is False
    assert decided.winners == ("A", "C")
    assert decided.order == ("A", "C", "B", "D")
    assert decided.trace[5] == (
        "Step 5, chair decision for places 2-3: C ahead of B. Reason: C is already in service citywide."
    )


def test_rank_three_way_tie_resolved_in_two_rules():
    scores = {"A": 7.0, "B": 7.0, "C": 7.0}
    rules = [
        TieBreak("median", {"A": 6.0, "B": 7.0, "C": 7.0}),
        TieBreak("spread", {"B": 1.0, "C": 0.5}, False),
    ]
    ranking = rank(scores, k=2, tie_breaks=rules)
    assert ranking.order == ("C", "B", "A")
    assert ranking.winners == ("C", "B")
    assert ranking.trace[2:4] == (
        "Step 2, median (higher is better) for places 1-3: B 7, C 7, A 6: B/C ahead of A.",
        "Step 3, spread (lower is better) for places 1-2: C 0.5, B 1: C ahead of B.",
    )


def test_rank_tie_below_the_winners_needs_no_chair():
    ranking = rank({"A": 9.0, "B": 8.0, "C": 6.0, "D": 6.0}, k=2, tie_breaks=[])
    assert ranking.needs_chair_decision is False
    assert ranking.winners == ("A", "B")
    assert ranking.positions == {"A": 1, "B": 2, "C": 3, "D": 3}


def test_rank_tie_inside_the_top_k_needs_the_chair_only_when_places_are_ordered():
    scores = {"A": 9.0, "B": 9.0, "C": 6.0}
    tiers = rank(scores, k=2, tie_breaks=[])
    assert (tiers.needs_chair_decision, tiers.winners, tiers.unresolved) == (True, ("A", "B"), (("A", "B"),))
    unordered = rank(scores, k=2, tie_breaks=[], ordered_top=False)
    assert (unordered.needs_chair_decision, unordered.winners) == (False, ("A", "B"))


def test_rank_fewer_entries_than_k():
    ranking = rank({"A": 5.0}, k=2, tie_breaks=[])
    assert (ranking.winners, ranking.margin) == (("A",), None)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"tie_breaks": [TieBreak("median", {"B": 7.0})]}, "tie-break 'median' has no value for entry 'C'"),
        (
            {"tie_breaks": [], "chair": ChairDecision(["B", "C"], "  ")},
            "a chair decision needs a written reason",
        ),
        (
            {"tie_breaks": [], "chair": ChairDecision(["Z"], "x")},
            "the chair decision names entry 'Z', which is not ranked",
        ),
        ({"tie_breaks": [], "k": 0}, "k must be a whole number >= 1, got 0"),
    ],
)
def test_rank_bad_input(kwargs, message):
    kwargs = {"k": 2, **kwargs}
    with pytest.raises(JudgingError) as error:
        rank(SCORES, **kwargs)
    assert str(error.value) == message


# ------------------------------------------------------------------ tie-break helpers

CELLS = {
    ("J1", "A"): {"impact": 9, "innovation": 5, "replicability": 7},
    ("J2", "A"): {"impact": 6, "innovation": 8, "replicability": 8},
    ("J3", "A"): {"impact": 7, "innovation": 7, "replicability": 4},
    ("J1", "B"): {"impact": 8, "innovation": 8, "replicability": 5},
    ("J2", "B"): {"impact": 8, "innovation": 6, "replicability": 6},
    ("J3", "B"): {"impact": 8, "innovation": 4, "replicability": 6},
    ("J1", "C"): {"impact": 4, "innovation": 4, "replicability": 4},
    ("J2", "C"): {"impact": 5, "innovation": 5, "replicability": 5},
}
TOTALS = {cell: weighted_total(scores, WEIGHTS) for cell, scores in CELLS.items()}


def test_totals_fixture_is_what_the_helpers_see():
    # A: J1 (27+10+7)/6 = 44/6, J2 (18+16+8)/6 = 7, J3 (21+14+4)/6 = 6.5
    # B: J1 (24+16+5)/6 = 7.5, J2 (24+12+6)/6 = 7, J3 (24+8+6)/6 = 38/6; C: 4 and 5
    totals = dict(TOTALS)
    assert totals == pytest.approx(
        {
            ("J1", "A"): 44 / 6, ("J2", "A"): 7.0, ("J3", "A"): 6.5,
            ("J1", "B"): 7.5, ("J2", "B"): 7.0, ("J3", "B"): 38 / 6,
            ("J1", "C"): 4.0, ("J2", "C"): 5.0,
        }
    )  # fmt: skip


def test_tie_break_helpers_hand_computed():
    assert tie_break_median(TOTALS).values == pytest.approx({"A": 7.0, "B": 7.0, "C": 4.5})
    top = tie_break_top_criterion(CELLS, WEIGHTS)
    assert (top.name, top.values) == ("score on impact", pytest.approx({"A": 22 / 3, "B": 8.0, "C": 4.5}))
    # J1 ranks A 7.33 < B 7.5 > C: top 1 is B; J2 ties A and B at 7: both are its top 1; J3 A.
    votes = tie_break_top_k_votes(TOTALS, 1)
    assert (votes.name, votes.values) == (
        "judges placing it in their own top 1",
        {"A": 2.0, "B": 2.0, "C": 0.0},
    )


def test_tie_break_top_criterion_shared_highest_weight_uses_their_mean():
    rule = tie_break_top_criterion(CELLS, {"impact": 2, "innovation": 2, "replicability": 1}, entries={"C"})
    assert (rule.name, rule.values) == ("score on impact and innovation", {"C": 4.5})


def test_standard_chain_on_a_real_tie():
    # Raw means tie: A (44/6 + 7 + 6.5)/3 = 125/18 and B (7.5 + 7 + 38/6)/3 = 125/18.
    # Step 2, medians: 7 and 7, still tied; step 3, impact: A 22/3 < B 8, so B wins.
    raw = calibrate(TOTALS, "raw").entry_scores
    assert raw["A"] == pytest.approx(125 / 18)
    assert raw["B"] == pytest.approx(125 / 18)
    ranking = rank(raw, k=1, tie_breaks=standard_tie_breaks(TOTALS, k=1, cell_scores=CELLS, weights=WEIGHTS))
    assert ranking.winners == ("B",)
    assert ranking.ties_at_boundary == ("A", "B")
    assert [step.kind for step in ranking.steps] == ["primary", "tie", "rule", "rule", "winners"]
