import math

import numpy as np
import pytest

from tests.scoring.conftest import framework_from, table_for
from wego.scoring import compile_plan, score


def test_score_small_framework_exact_values_stages_and_competition_ranks(small):
    framework, plan = small
    table = table_for(
        framework,
        {
            "e1": {"A1": 5, "A2": "yes", "B1": 40, "B2": "web;phone"},
            "e2": {"A1": 3, "A2": "no", "B1": 100, "B2": "web"},
            "e3": {"A1": "na", "A2": "yes", "B1": "dk"},
            "e4": {"A1": "na", "A2": "yes", "B1": "dk"},
        },
    )

    result = score(plan, table)

    assert result.column("A").round(4).tolist() == [100.0, 25.0, 100.0, 100.0]
    assert result.column("B").round(4).tolist() == [40.0, 66.6667, 0.0, 0.0]
    assert result.rounded.tolist() == [80.0, 38.9, 66.7, 66.7]
    assert [result.stage_id(i) for i in range(4)] == ["top", "low", "mid", "mid"]
    assert result.rank.tolist() == [1, 4, 2, 2]


def test_score_flags_dont_know_and_missing_and_reports_coverage(small):
    framework, plan = small
    table = table_for(framework, {"e3": {"A1": "na", "A2": "yes", "B1": "dk"}})

    result = score(plan, table)

    overall = plan.overall_index
    assert result.coverage[0, overall] == 0.75
    assert result.dont_know[0, overall] == 1
    assert result.missing[0, overall] == 1
    assert result.dont_know[0, plan.node_ids.index("A")] == 0


def test_stage_cut_off_inclusive_and_exclusive(small):
    framework, plan = small
    table = table_for(
        framework,
        {
            "exactly-75": {"A1": 4, "A2": "na", "B1": 75, "B2": "web;phone"},
            "exactly-50": {"A1": 3, "A2": "na", "B1": 50, "B2": "web;phone"},
        },
    )

    result = score(plan, table)

    assert result.rounded.tolist() == [75.0, 50.0]
    assert [result.stage_id(0), result.stage_id(1)] == ["mid", "mid"]


def test_node_with_every_child_not_applicable_has_no_score_and_leaves_parent(small):
    framework, plan = small
    table = table_for(framework, {"e": {"A1": "na", "A2": "na", "B1": 20, "B2": "web;phone"}})

    result = score(plan, table)

    assert math.isnan(result.column("A")[0])
    assert result.rounded.tolist() == [20.0]


def test_everything_not_applicable_gives_no_score_no_stage_no_rank(small):
    framework, plan = small
    table = table_for(framework, {"e": {"A1": "na", "A2": "na", "B1": "na", "B2": "na"}})

    result = score(plan, table)

    assert math.isnan(result.rounded[0])
    assert result.stage_id(0) is None
    assert result.rank.tolist() == [0]


GEOMETRIC = """\
format: 1
id: geo
version: "1"
title: Geometric
aggregation: geometric
missing: exclude
tree:
  - {id: x, type: normalised, text: x, weight: 1}
  - {id: y, type: normalised, text: y, weight: 3}
"""


def test_geometric_mean_is_weighted_and_a_zero_gives_zero():
    framework = framework_from(GEOMETRIC)
    table = table_for(framework, {"a": {"x": 0.25, "y": 1}, "b": {"x": 0, "y": 1}, "c": {"x": 0.5}})

    result = score(compile_plan(framework), table)

    expected_a = 0.25 ** (1 / 4) * 1.0 ** (3 / 4)
    assert result.overall.round(10).tolist() == [round(expected_a, 10), 0.0, 0.5]


NUMBERS = """\
format: 1
id: numbers
version: "1"
title: Numbers
tree:
  - id: cost
    type: number
    text: Cost per transaction
    normalise: {bounds: fixed, min: 10, max: 30, direction: lower}
  - id: users
    type: number
    text: Registered users
    normalise: {bounds: population}
"""


def test_number_normalisation_fixed_lower_is_better_capped_and_population_bounds():
    framework = framework_from(NUMBERS)
    plan = compile_plan(framework)
    table = table_for(
        framework,
        {"a": {"cost": 15, "users": 100}, "b": {"cost": 40, "users": 300}, "c": {"cost": 5, "users": 200}},
    )

    result = score(plan, table)

    assert result.leaf_scores[:, 0].tolist() == [0.75, 0.0, 1.0]
    assert result.leaf_scores[:, 1].tolist() == [0.0, 1.0, 0.5]


def test_population_bounds_with_one_value_give_everyone_the_best_score():
    framework = framework_from(NUMBERS)
    table = table_for(framework, {"a": {"cost": 20, "users": 7}, "b": {"cost": 20, "users": 7}})

    result = score(compile_plan(framework), table)

    assert result.leaf_scores[:, 1].tolist() == [1.0, 1.0]


def test_choice_single_uses_the_best_option_as_maximum():
    framework = framework_from(
        """\
        format: 1
        id: single
        version: "1"
        title: Single choice
        tree:
          - id: q
            type: choice
            text: Which?
            options:
              - {id: a, text: A, points: 4}
              - {id: b, text: B, points: 1}
        """
    )
    table = table_for(framework, {"x": {"q": "b"}, "y": {"q": "A"}})

    result = score(compile_plan(framework), table)

    assert result.leaf_scores[:, 0].tolist() == [0.25, 1.0]


def test_ranking_is_within_each_perspective():
    framework = framework_from(
        """\
        format: 1
        id: persp
        version: "1"
        title: Perspectives
        perspectives:
          - {id: as-is, name: As is}
          - {id: to-be, name: To be}
        tree:
          - {id: q, type: normalised, text: q}
        """
    )
    table = table_for(framework, {"a": {"q": 0.2}, "b": {"q": 0.9}, "c": {"q": 0.5}, "d": {"q": 0.1}})
    table = type(table)(
        table.entity_ids, table.question_ids, table.values, table.status, ["as-is", "to-be", "as-is", "to-be"]
    )

    result = score(compile_plan(framework), table)

    assert result.rank.tolist() == [2, 1, 1, 2]


def test_score_refuses_a_table_built_for_other_questions(small):
    framework, plan = small
    table = table_for(framework, {"e": {}})
    shuffled = type(table)(table.entity_ids, list(reversed(table.question_ids)), table.values, table.status)

    with pytest.raises(ValueError, match="do not follow"):
        score(plan, shuffled)


def test_score_is_deterministic(small):
    framework, plan = small
    rows = {f"e{i}": {"A1": 1 + i % 5, "A2": "yes", "B1": i % 101, "B2": "web"} for i in range(50)}

    first, second = score(plan, table_for(framework, rows)), score(plan, table_for(framework, rows))

    assert np.array_equal(first.scores, second.scores, equal_nan=True)
    assert first.rank.tolist() == second.rank.tolist()
