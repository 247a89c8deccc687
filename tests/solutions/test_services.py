"""The Master Plan's writes: built from a diagnosis, decisions checked, moves re-checked, progress tracked."""

import datetime as dt

import pytest

from tests.factories import AssessmentFactory, CycleFactory
from tests.personas import build_world
from wego.assessments.services import assessments_score
from wego.common.models import AuditEvent
from wego.solutions.models import ItemStatus, Plan
from wego.solutions.selectors import plan_overview
from wego.solutions.services import (
    PlanRefused,
    plan_create,
    plan_item_decide,
    plan_item_move,
    plan_item_progress,
    plan_settings_update,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    world = build_world()
    world.assessment_a.status = "submitted"
    world.assessment_a.save()
    assessments_score(assessments=[world.assessment_a])
    return world


@pytest.fixture
def plan(world):
    plan = plan_create(assessment=world.assessment_a, user=world.users["coordinator_a"])
    # A small, known plan: three modules, everything else dropped out of the way.
    keep = {"ict-governance-office", "base-registries", "cybersecurity-operations", "digital-identity-sso"}
    plan.items.exclude(module_id__in=keep).delete()
    plan.annual_budget_usd = None  # capacity only: two projects at once
    plan.save()
    return plan


def test_plan_is_built_from_the_action_items_in_their_order(world, settings):
    from wego.analysis import selectors
    from wego.analysis.diagnosis import action_items_for

    expected = [
        i.module.id for i in action_items_for(selectors.dashboard(world.assessment_a), world.assessment_a)
    ]

    plan = plan_create(assessment=world.assessment_a, user=world.users["coordinator_a"])

    assert list(plan.items.values_list("module_id", flat=True)) == expected
    assert set(plan.items.values_list("status", flat=True)) == {ItemStatus.PROPOSED}
    assert plan.annual_budget_usd == 2 * 625_000  # the city's medium band, twice
    today = dt.date.today()
    quarter = (today.month - 1) // 3 + 1
    assert (plan.start_year, plan.start_quarter) == (
        (today.year, quarter + 1) if quarter < 4 else (today.year + 1, 1)
    )
    item = plan.items.get(module_id=expected[0])
    assert item.baseline == {i: world.assessment_a.scores.get(i) for i in item.indicators}
    assert AuditEvent.objects.filter(action="plan.create").count() == 1


def test_building_again_keeps_decisions_and_adds_nothing_twice(world, plan):
    plan_item_decide(
        plan=plan, module_id="base-registries", status="accepted", user=world.users["coordinator_a"]
    )
    count = plan.items.count()

    again = plan_create(assessment=world.assessment_a, user=world.users["coordinator_a"])

    assert again.pk == plan.pk
    assert again.items.get(module_id="base-registries").status == ItemStatus.ACCEPTED
    # The deleted ones come back as proposed, after the kept ones; nothing is duplicated.
    assert again.items.count() > count
    assert again.items.values("module_id").distinct().count() == again.items.count()


def test_dropping_a_module_another_needs_is_refused_and_changes_nothing(world, plan):
    with pytest.raises(PlanRefused) as refused:
        plan_item_decide(
            plan=plan, module_id="base-registries", status="dropped", user=world.users["coordinator_a"]
        )

    assert refused.value.messages == ["digital-identity-sso needs base-registries first; drop it first"]
    assert plan.items.get(module_id="base-registries").status == ItemStatus.PROPOSED


def test_accepting_a_module_whose_prerequisite_was_dropped_is_refused(world, plan):
    user = world.users["coordinator_a"]
    plan_item_decide(plan=plan, module_id="digital-identity-sso", status="dropped", user=user)
    plan_item_decide(plan=plan, module_id="base-registries", status="dropped", user=user)

    with pytest.raises(PlanRefused) as refused:
        plan_item_decide(plan=plan, module_id="digital-identity-sso", status="accepted", user=user)

    assert refused.value.messages == [
        "digital-identity-sso needs base-registries, which you dropped; restore it first"
    ]
    plan_item_decide(plan=plan, module_id="base-registries", status="proposed", user=user)  # undo
    assert (
        plan_item_decide(plan=plan, module_id="digital-identity-sso", status="accepted", user=user).status
        == "accepted"
    )


def test_accepting_a_module_not_recommended_adds_it_last(world, plan):
    item = plan_item_decide(
        plan=plan, module_id="public-wifi", status="accepted", user=world.users["coordinator_a"]
    )

    assert item.position == max(plan.items.values_list("position", flat=True))
    assert item.reason == "Added by the city."


def test_move_before_its_prerequisites_is_refused_with_the_reason(world, plan):
    overview = plan_overview(plan)
    registries = {row.item.module_id: row for row in overview["rows"]}["base-registries"]
    first_free = overview["periods"][registries.slot.end]

    with pytest.raises(PlanRefused) as refused:
        plan_item_move(
            plan=plan, module_id="digital-identity-sso", quarter=0, user=world.users["coordinator_a"]
        )

    assert refused.value.messages == [
        f"digital-identity-sso needs base-registries, which runs until {registries.end_label}; "
        f"digital-identity-sso can start in {first_free} at the earliest"
    ]
    assert plan.items.get(module_id="digital-identity-sso").pinned_quarter is None
    assert not AuditEvent.objects.filter(action="plan.item.move").exists()


def test_allowed_move_pins_the_start_and_undo_lets_the_plan_decide(world, plan):
    user = world.users["coordinator_a"]

    plan_item_move(plan=plan, module_id="ict-governance-office", quarter=5, user=user)
    moved = {r.item.module_id: r for r in plan_overview(plan)["rows"]}["ict-governance-office"]
    plan_item_move(plan=plan, module_id="ict-governance-office", quarter=None, user=user)
    back = {r.item.module_id: r for r in plan_overview(plan)["rows"]}["ict-governance-office"]

    assert moved.slot.start == 5
    assert back.slot.start == 0


def test_progress_only_for_accepted_items(world, plan):
    user = world.users["coordinator_a"]
    with pytest.raises(PlanRefused):
        plan_item_progress(plan=plan, module_id="base-registries", progress="done", user=user)

    plan_item_decide(plan=plan, module_id="base-registries", status="accepted", user=user)
    item = plan_item_progress(plan=plan, module_id="base-registries", progress="in_progress", user=user)

    assert item.progress == "in_progress"


def test_settings_change_releases_moves_beyond_the_new_horizon(world, plan):
    user = world.users["coordinator_a"]
    plan_item_move(plan=plan, module_id="ict-governance-office", quarter=10, user=user)

    plan_settings_update(
        plan=plan,
        start_year=2030,
        start_quarter=2,
        horizon_quarters=8,
        parallel_projects=1,
        annual_budget_usd=None,
        user=user,
    )

    plan.refresh_from_db()
    assert (plan.start_year, plan.start_quarter, plan.horizon_quarters, plan.parallel_projects) == (
        2030,
        2,
        8,
        1,
    )
    assert plan.items.get(module_id="ict-governance-office").pinned_quarter is None
    assert plan_overview(plan)["periods"][0] == "2030 Q2"


def test_next_cycle_shows_what_the_accepted_items_moved(world, plan):
    user = world.users["coordinator_a"]
    plan_item_decide(plan=plan, module_id="base-registries", status="accepted", user=user)
    item = plan.items.get(module_id="base-registries")
    later_cycle = CycleFactory(
        year=world.assessment_a.cycle.year + 2, framework=world.assessment_a.cycle.framework
    )
    later = AssessmentFactory(city=world.city_a, cycle=later_cycle, status="submitted")
    later.scores = {indicator: 70.0 for indicator in item.indicators}
    later.save()

    tracked = plan_overview(plan)["tracked"]

    assert [row.item.module_id for row in tracked] == ["base-registries"]
    assert tracked[0].moved == [
        {
            "indicator": indicator,
            "baseline": item.baseline[indicator],
            "latest": 70.0,
            "change": None if item.baseline[indicator] is None else round(70.0 - item.baseline[indicator], 1),
        }
        for indicator in item.indicators
    ]


def test_one_plan_per_city(world, plan):
    assert Plan.objects.filter(city=world.city_a).count() == 1
