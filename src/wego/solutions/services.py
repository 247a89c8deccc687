"""Writes of the Master Plan: create it from a diagnosis, accept, drop, restore, move, track.

Every change locks the plan row first, so two coordinators editing at once are serialised
and each change is checked against the plan as the other left it. A change that would
break a prerequisite, the capacity or the budget is refused with the reason
(`PlanRefused`) and writes nothing.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from wego.assessments.models import Assessment
from wego.common.services import audit_record
from wego.solutions.catalogue import Catalogue, load_catalogue
from wego.solutions.models import ItemProgress, ItemStatus, Plan, PlanItem
from wego.solutions.planning import BAND_COST_USD, Limits, Task, move_refusal, quarters_for

CATALOGUE = "ceds-modules"


class PlanRefused(ValidationError):
    """A change the plan cannot take; the message says why."""


def plan_catalogue(plan_or_assessment) -> Catalogue:
    assessment = getattr(plan_or_assessment, "assessment", plan_or_assessment)
    return load_catalogue(CATALOGUE, framework=assessment.cycle.framework.load())


def plan_limits(plan: Plan) -> Limits:
    return Limits(
        start_year=plan.start_year,
        start_quarter=plan.start_quarter,
        horizon=plan.horizon_quarters,
        parallel=plan.parallel_projects,
        annual_budget=float(plan.annual_budget_usd) if plan.annual_budget_usd is not None else None,
    )


def plan_tasks(items, catalogue: Catalogue) -> list[Task]:
    """The items that are not dropped, most urgent first, as the scheduler's tasks."""
    tasks = []
    for item in sorted(items, key=lambda i: i.position):
        if item.status == ItemStatus.DROPPED:
            continue
        module = catalogue.module(item.module_id)
        tasks.append(
            Task(
                id=item.module_id,
                duration_quarters=quarters_for(module.duration_months),
                cost=float(BAND_COST_USD[module.cost_band]),
                prerequisites=tuple(module.prerequisites),
                pinned=item.pinned_quarter,
            )
        )
    return tasks


def _next_quarter(today) -> tuple[int, int]:
    quarter = (today.month - 1) // 3 + 1
    return (today.year, quarter + 1) if quarter < 4 else (today.year + 1, 1)


def recommended_items(assessment: Assessment) -> list:
    """The action items of a diagnosis, most urgent first."""
    from wego.analysis import selectors
    from wego.analysis.diagnosis import action_items_for

    return action_items_for(selectors.dashboard(assessment), assessment)


def _baseline(assessment: Assessment, indicators) -> dict[str, float | None]:
    scores = assessment.scores or {}
    return {indicator: scores.get(indicator) for indicator in indicators}


@transaction.atomic
def plan_create(*, assessment: Assessment, user, is_demo: bool = False) -> Plan:
    """The city's plan, made from this diagnosis's action items if it has none yet.

    An existing plan takes in the modules this diagnosis recommends that it lacks (as
    proposed, after the others) and keeps every decision already made.
    """
    city = assessment.city
    plan = Plan.objects.select_for_update().filter(city=city).first()
    created = plan is None
    if created:
        year, quarter = _next_quarter(timezone.localdate())
        plan = Plan.objects.create(
            city=city,
            assessment=assessment,
            start_year=year,
            start_quarter=quarter,
            # Two projects of the city's budget band a year, until the coordinator sets the real figure.
            annual_budget_usd=2 * BAND_COST_USD[city.budget_band],
            is_demo=is_demo,
        )
    else:
        plan.assessment = assessment
        plan.save(update_fields=["assessment", "updated_at"])
    known = set(plan.items.values_list("module_id", flat=True))
    position = plan.items.count()
    new = []
    for item in recommended_items(assessment):
        if item.module.id in known:
            continue
        position += 1
        new.append(
            PlanItem(
                plan=plan,
                module_id=item.module.id,
                position=position,
                reason=item.explanation,
                indicators=list(item.module.improves.indicators),
                baseline=_baseline(assessment, item.module.improves.indicators),
                baseline_year=assessment.cycle.year,
            )
        )
    PlanItem.objects.bulk_create(new)
    _touch(plan)
    audit_record(
        actor=user,
        action="plan.create" if created else "plan.refresh",
        obj=plan,
        data={"assessment": assessment.pk, "added": [i.module_id for i in new]},
    )
    return plan


def _touch(plan: Plan) -> None:
    """Any change of an item changes the plan: the report's inputs hash reads this."""
    Plan.objects.filter(pk=plan.pk).update(updated_at=timezone.now())


def _locked(plan: Plan) -> tuple[Plan, dict[str, PlanItem]]:
    plan = Plan.objects.select_for_update().select_related("assessment__cycle__framework").get(pk=plan.pk)
    return plan, {item.module_id: item for item in plan.items.all()}


def _needing(catalogue: Catalogue, items: dict[str, PlanItem], module_id: str) -> list[str]:
    """Items still in the plan that need `module_id` first."""
    return sorted(
        other.module_id
        for other in items.values()
        if other.status != ItemStatus.DROPPED and module_id in catalogue.module(other.module_id).prerequisites
    )


@transaction.atomic
def plan_item_decide(*, plan: Plan, module_id: str, status: str, user) -> PlanItem:
    """Accept, drop or restore (back to proposed) a module; accepting one not yet in the plan adds it."""
    if status not in ItemStatus.values:
        raise PlanRefused(f"unknown decision '{status}'")
    plan, items = _locked(plan)
    catalogue = plan_catalogue(plan)
    try:
        module = catalogue.module(module_id)
    except KeyError:
        raise PlanRefused(f"'{module_id}' is not a module of the catalogue") from None
    item = items.get(module_id)
    if item is None:
        if status != ItemStatus.ACCEPTED:
            raise PlanRefused(f"{module_id} is not in the plan")
        item = PlanItem(
            plan=plan,
            module_id=module_id,
            position=max((i.position for i in items.values()), default=0) + 1,
            reason="Added by the city.",
            indicators=list(module.improves.indicators),
            baseline=_baseline(plan.assessment, module.improves.indicators),
            baseline_year=plan.assessment.cycle.year,
        )
    if status == ItemStatus.DROPPED:
        needing = _needing(catalogue, items, module_id)
        if needing:
            raise PlanRefused(
                f"{', '.join(needing)} need{'s' if len(needing) == 1 else ''} {module_id} first; drop {'it' if len(needing) == 1 else 'them'} first"
            )
    else:
        dropped = [p for p in module.prerequisites if p in items and items[p].status == ItemStatus.DROPPED]
        if dropped:
            raise PlanRefused(f"{module_id} needs {', '.join(dropped)}, which you dropped; restore it first")
    before = item.status if item.pk else None
    item.status = status
    item.decided_by = user if getattr(user, "is_authenticated", False) else None
    item.decided_at = timezone.now()
    if status == ItemStatus.DROPPED:
        item.pinned_quarter = None
    item.save()
    _touch(plan)
    audit_record(
        actor=user,
        action=f"plan.item.{status}",
        obj=plan,
        data={"module": module_id, "from": before, "to": status},
    )
    return item


@transaction.atomic
def plan_item_move(*, plan: Plan, module_id: str, quarter: int | None, user) -> PlanItem:
    """Set the quarter a module starts in (None: let the plan decide); refused with the reason if it breaks the plan."""
    plan, items = _locked(plan)
    item = items.get(module_id)
    if item is None or item.status == ItemStatus.DROPPED:
        raise PlanRefused(f"{module_id} is not in the plan")
    if quarter is not None:
        refusal = move_refusal(
            plan_tasks(items.values(), plan_catalogue(plan)), plan_limits(plan), module_id, quarter
        )
        if refusal:
            raise PlanRefused(refusal)
    before = item.pinned_quarter
    item.pinned_quarter = quarter
    item.save(update_fields=["pinned_quarter"])
    _touch(plan)
    audit_record(
        actor=user,
        action="plan.item.move",
        obj=plan,
        data={"module": module_id, "from": before, "to": quarter},
    )
    return item


@transaction.atomic
def plan_item_progress(*, plan: Plan, module_id: str, progress: str, user) -> PlanItem:
    if progress not in ItemProgress.values:
        raise PlanRefused(f"unknown progress '{progress}'")
    plan, items = _locked(plan)
    item = items.get(module_id)
    if item is None or item.status != ItemStatus.ACCEPTED:
        raise PlanRefused(f"only accepted items have progress; {module_id} is not accepted")
    before = item.progress
    item.progress = progress
    item.save(update_fields=["progress"])
    _touch(plan)
    audit_record(
        actor=user,
        action="plan.item.progress",
        obj=plan,
        data={"module": module_id, "from": before, "to": progress},
    )
    return item


@transaction.atomic
def plan_settings_update(
    *,
    plan: Plan,
    start_year: int,
    start_quarter: int,
    horizon_quarters: int,
    parallel_projects: int,
    annual_budget_usd: int | None,
    user,
) -> Plan:
    """Change the plan's limits; moves that no longer fit are released (the plan places them) and listed."""
    plan, items = _locked(plan)
    before = {
        "start": [plan.start_year, plan.start_quarter],
        "horizon": plan.horizon_quarters,
        "parallel": plan.parallel_projects,
        "budget": plan.annual_budget_usd,
    }
    plan.start_year, plan.start_quarter = start_year, start_quarter
    plan.horizon_quarters, plan.parallel_projects = horizon_quarters, parallel_projects
    plan.annual_budget_usd = annual_budget_usd
    plan.full_clean(exclude=["city", "assessment"])
    plan.save()
    released = [
        item.module_id
        for item in items.values()
        if item.pinned_quarter is not None and item.pinned_quarter >= horizon_quarters
    ]
    PlanItem.objects.filter(plan=plan, module_id__in=released).update(pinned_quarter=None)
    audit_record(
        actor=user,
        action="plan.settings",
        obj=plan,
        data={"from": before, "released": released},
    )
    return plan
