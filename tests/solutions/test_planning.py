"""The Master Plan's scheduler, pinned on a hand-made plan (quarters worked out by hand)."""

from wego.solutions.planning import Limits, Task, move_refusal, quarters_for, schedule

# 2027 Q1 to 2028 Q4, two projects at once, USD 1 million a year.
LIMITS = Limits(start_year=2027, start_quarter=1, horizon=8, parallel=2, annual_budget=1_000_000)
TASKS = [  # most important first
    Task("a", 2, 400_000),
    Task("b", 3, 600_000, ("a",)),
    Task("c", 1, 100_000),
    Task("d", 2, 800_000),
    Task("e", 1, 50_000, ("b",)),
]


def starts(result):
    return {task_id: (slot.start, slot.end) for task_id, slot in result.slots.items()}


def test_schedule_respects_prerequisites_capacity_and_budget():
    result = schedule(TASKS, LIMITS)

    # a first; b after a; c beside a; d cannot start before 2028 Q1: 2027 holds a (400k),
    # half of b (400k) and c (100k), and d would add 400k or more to 2027.
    assert starts(result) == {"a": (0, 2), "b": (2, 5), "c": (0, 1), "d": (4, 6)}
    assert result.spend == {2027: 900_000, 2028: 1_000_000}
    assert result.load == [2, 1, 1, 1, 2, 1, 0, 0]
    assert result.unscheduled == {
        "e": "no quarter of the plan has room for it: the 2028 budget would be exceeded "
        "(USD 1,000,000 planned + USD 50,000 > USD 1,000,000)"
    }


def test_capacity_of_one_project_runs_everything_in_sequence():
    limits = Limits(start_year=2027, horizon=12, parallel=1, annual_budget=None)

    result = schedule(TASKS, limits)

    assert starts(result) == {"a": (0, 2), "b": (2, 5), "c": (5, 6), "d": (6, 8), "e": (8, 9)}
    assert result.order() == ["a", "b", "c", "d", "e"]


def test_task_needing_an_unscheduled_prerequisite_is_left_out_with_the_reason():
    limits = Limits(start_year=2027, horizon=4, parallel=2, annual_budget=None)
    tasks = [Task("core", 6, 1.0), Task("app", 1, 1.0, ("core",))]

    result = schedule(tasks, limits)

    assert result.unscheduled == {
        "core": "it takes 6 quarters and could start in 2027 Q1 at the earliest, after the plan's last quarter allows",
        "app": "it needs core, which does not fit in the plan",
    }


def test_a_project_dearer_per_year_than_the_budget_never_fits():
    result = schedule([Task("cloud", 2, 3_000_000)], LIMITS)

    assert result.unscheduled == {
        "cloud": "it costs about USD 3,000,000 a year, more than the annual budget (USD 1,000,000)"
    }


def test_pinned_task_starts_where_it_was_set():
    tasks = [*TASKS[:2], Task("c", 1, 100_000, pinned=6), *TASKS[3:]]

    result = schedule(tasks, Limits(start_year=2027, horizon=8, parallel=2))

    assert starts(result)["c"] == (6, 7)
    assert result.displaced == {}


def test_move_before_a_prerequisite_ends_is_refused_with_the_reason():
    refusal = move_refusal(TASKS, LIMITS, "b", 1)

    assert refusal == "b needs a, which runs until 2027 Q2; b can start in 2027 Q3 at the earliest"


def test_move_that_overruns_capacity_or_budget_is_refused():
    crowded = move_refusal(TASKS, Limits(start_year=2027, horizon=8, parallel=1), "c", 1)
    dear = move_refusal(TASKS, LIMITS, "d", 2)

    assert crowded == "in 2027 Q2 the plan already runs 1 project, your capacity"
    assert dear == ("the 2027 budget would be exceeded (USD 900,000 planned + USD 800,000 > USD 1,000,000)")


def test_move_of_a_prerequisite_past_a_pinned_dependent_is_refused():
    tasks = [TASKS[0], Task("b", 3, 600_000, ("a",), pinned=2), *TASKS[2:]]

    refusal = move_refusal(tasks, Limits(start_year=2027, horizon=8, parallel=2), "a", 1)

    assert refusal == (
        "b is set to start in 2027 Q3 and needs a, which would run until 2027 Q3; move b first"
    )


def test_allowed_move_returns_none_and_later_moves_stay_inside_the_horizon():
    assert move_refusal(TASKS, LIMITS, "c", 3) is None
    assert move_refusal(TASKS, LIMITS, "a", 7) == (
        "it takes 2 quarters, so starting in 2028 Q4 it would end after the plan's last quarter (2028 Q4)"
    )


def test_quarters_round_months_up():
    assert [quarters_for(m) for m in (1, 3, 4, 12, 13)] == [1, 1, 2, 4, 5]


def test_labels_follow_a_plan_starting_mid_year():
    limits = Limits(start_year=2027, start_quarter=3, horizon=6)

    assert [limits.label(q) for q in range(6)] == [
        "2027 Q3",
        "2027 Q4",
        "2028 Q1",
        "2028 Q2",
        "2028 Q3",
        "2028 Q4",
    ]
    assert limits.years == [2027, 2028]


def test_the_hand_made_diagnosis_becomes_a_plan_with_the_budget_pushing_payments_later():
    """The ranking of tests/solutions/test_actions.py, laid out: every module takes 6 months (2 quarters).

    network (low, USD 125,000) and portal (medium, USD 625,000) fit 2027; payments (high,
    USD 3,000,000) would spend all of it in 2028 against a budget of 2 million a year, so it
    starts in 2028 Q4 and spreads over two years (1.5 million each).
    """
    from types import SimpleNamespace

    from tests.solutions.test_actions import CATALOGUE, FINDINGS
    from wego.solutions.actions import Circumstances, action_items
    from wego.solutions.services import plan_tasks

    ranked = action_items(CATALOGUE, FINDINGS, Circumstances(budget="medium", ict_staff_fte=5))
    items = [
        SimpleNamespace(module_id=i.module.id, position=i.rank, status="accepted", pinned_quarter=None)
        for i in ranked
    ]
    tasks = plan_tasks(items, CATALOGUE)
    limits = Limits(start_year=2027, horizon=12, parallel=2, annual_budget=2_000_000)

    with_budget = schedule(tasks, limits)
    without = schedule(tasks, Limits(start_year=2027, horizon=12, parallel=2))

    assert [t.id for t in tasks] == ["network", "payments", "portal"]
    assert {i: (limits.label(s.start), limits.label(s.end - 1)) for i, s in with_budget.slots.items()} == {
        "network": ("2027 Q1", "2027 Q2"),
        "portal": ("2027 Q3", "2027 Q4"),
        "payments": ("2028 Q4", "2029 Q1"),
    }
    assert with_budget.spend == {2027: 750_000, 2028: 1_500_000, 2029: 1_500_000}
    assert starts(without)["payments"] == (4, 6)
