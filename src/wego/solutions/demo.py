"""Demo: Seoul's Master Plan (demo data), from its 2022 diagnosis through its 2024 one.

The three most urgent modules of 2022 were accepted (one done, one in progress), so the
plan shows what they moved by 2024; the 2024 diagnosis then added its own proposals, and
its most urgent module was accepted and is in progress.
"""

from __future__ import annotations

from wego.assessments.models import Assessment, AssessmentStatus
from wego.solutions.models import ItemProgress, ItemStatus, Plan
from wego.solutions.services import (
    plan_create,
    plan_item_decide,
    plan_item_progress,
    plan_settings_update,
    recommended_items,
)

DEMO_CITY = "seoul"


def plan_demo_load(user=None) -> dict[str, int]:
    submitted = list(
        Assessment.objects.filter(city__slug=DEMO_CITY, status=AssessmentStatus.SUBMITTED)
        .select_related("cycle__framework", "city")
        .order_by("cycle__year")
    )
    if not submitted or Plan.objects.filter(city__slug=DEMO_CITY).exists():
        return {"demo plans": Plan.objects.filter(is_demo=True).count()}
    plan = plan_create(assessment=submitted[0], user=user, is_demo=True)
    # Planned right after the 2022 diagnosis, for four years.
    plan = plan_settings_update(
        plan=plan,
        start_year=submitted[0].cycle.year + 1,
        start_quarter=1,
        horizon_quarters=16,
        parallel_projects=3,
        annual_budget_usd=8_000_000,
        user=user,
    )
    progress = [ItemProgress.DONE, ItemProgress.IN_PROGRESS, ItemProgress.NOT_STARTED]
    for item, state in zip(plan.items.order_by("position")[:3], progress, strict=False):
        plan_item_decide(plan=plan, module_id=item.module_id, status=ItemStatus.ACCEPTED, user=user)
        plan_item_progress(plan=plan, module_id=item.module_id, progress=state, user=user)
    if len(submitted) > 1:
        plan = plan_create(assessment=submitted[-1], user=user)
        # The most urgent module of the 2024 diagnosis is under way (with WeGO's assistance, see
        # wego.assistance.demo): diagnosis -> action item -> plan -> assistance, for one city.
        top = recommended_items(submitted[-1])
        if top:
            plan_item_decide(plan=plan, module_id=top[0].module.id, status=ItemStatus.ACCEPTED, user=user)
            plan_item_progress(
                plan=plan, module_id=top[0].module.id, progress=ItemProgress.IN_PROGRESS, user=user
            )
    return {"demo plans": Plan.objects.filter(is_demo=True).count()}
