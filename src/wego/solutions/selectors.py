"""Reads of the Master Plan: the schedule, the Gantt chart, the budget table and what moved."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from wego.assessments.models import Assessment, AssessmentStatus
from wego.common import charts
from wego.solutions.catalogue import Module
from wego.solutions.models import ItemProgress, ItemStatus, Plan, PlanItem
from wego.solutions.planning import BAND_COST_USD, Schedule, Slot, schedule
from wego.solutions.services import plan_catalogue, plan_limits, plan_tasks


@dataclass
class PlanRow:
    item: PlanItem
    module: Module
    slot: Slot | None
    start_label: str
    end_label: str
    cost: int
    unscheduled: str
    displaced: str
    moved: list[dict]  # per targeted indicator: baseline, latest, change (when a later cycle exists)

    @property
    def moved_up(self) -> bool | None:
        changes = [m["change"] for m in self.moved if m["change"] is not None]
        return (sum(changes) > 0) if changes else None


def latest_later_assessment(plan: Plan) -> Assessment | None:
    """The city's most recent submitted diagnosis on the plan's framework.

    Each accepted item is compared with it when it is of a later cycle than the item's
    baseline (the diagnosis the item was taken from).
    """
    return (
        Assessment.objects.filter(
            city_id=plan.city_id,
            status=AssessmentStatus.SUBMITTED,
            cycle__framework__slug=plan.assessment.cycle.framework.slug,
        )
        .select_related("cycle")
        .order_by("-cycle__year")
        .first()
    )


def plan_for_city(city_id: int) -> Plan | None:
    return (
        Plan.objects.select_related("city__country", "assessment__cycle__framework")
        .filter(city_id=city_id)
        .first()
    )


def plan_overview(plan: Plan) -> dict:
    """Everything the plan page, its PDF and its workbook show (three queries)."""
    items = list(plan.items.all())
    catalogue = plan_catalogue(plan)
    limits = plan_limits(plan)
    result: Schedule = schedule(plan_tasks(items, catalogue), limits)
    periods = [limits.label(q) for q in range(limits.horizon)]
    later = latest_later_assessment(plan)
    rows = []
    for item in items:
        module = catalogue.module(item.module_id)
        slot = result.slots.get(item.module_id)
        moved = []
        if (
            later is not None
            and item.status == ItemStatus.ACCEPTED
            and (item.baseline_year or 0) < later.cycle.year
        ):
            for indicator in item.indicators:
                before, now = item.baseline.get(indicator), (later.scores or {}).get(indicator)
                moved.append(
                    {
                        "indicator": indicator,
                        "baseline": before,
                        "latest": now,
                        "change": None if before is None or now is None else round(now - before, 1),
                    }
                )
        rows.append(
            PlanRow(
                item=item,
                module=module,
                slot=slot,
                start_label=periods[slot.start] if slot else "",
                end_label=periods[slot.end - 1] if slot else "",
                cost=BAND_COST_USD[module.cost_band],
                unscheduled=result.unscheduled.get(item.module_id, ""),
                displaced=result.displaced.get(item.module_id, ""),
                moved=moved,
            )
        )
    by_id = {row.item.module_id: row for row in rows}
    gantt_rows = [
        charts.GanttRow(
            label=str(by_id[module_id].module.title),
            start=result.slots[module_id].start,
            end=result.slots[module_id].end,
            css=(
                "bar-done"
                if by_id[module_id].item.progress == ItemProgress.DONE
                else f"bar-{by_id[module_id].item.status}"
            ),
            note=str(by_id[module_id].item.get_status_display()),
        )
        for module_id in result.order()
    ]
    budget = [
        {
            "year": year,
            "planned": round(result.spend.get(year, 0.0)),
            "accepted": round(
                sum(
                    slot.cost_per_quarter
                    for module_id, slot in result.slots.items()
                    if by_id[module_id].item.status == ItemStatus.ACCEPTED
                    for quarter in range(slot.start, slot.end)
                    if limits.year_of(quarter) == year
                )
            ),
            "budget": plan.annual_budget_usd,
        }
        for year in limits.years
    ]
    for line in budget:
        line["left"] = None if line["budget"] is None else line["budget"] - line["planned"]
    return {
        "plan": plan,
        "limits": limits,
        "periods": periods,
        "quarters": list(enumerate(periods)),
        "rows": rows,
        "scheduled": [by_id[module_id] for module_id in result.order()],
        "unscheduled": [row for row in rows if row.unscheduled],
        "dropped": [row for row in rows if row.item.status == ItemStatus.DROPPED],
        "gantt": charts.gantt_chart(gantt_rows, periods, title=_("Master Plan by quarter"))
        if gantt_rows
        else "",
        "budget": budget,
        "load": result.load,
        "tracked": [row for row in rows if row.moved],
        # Only when something is tracked: the year the changes are measured at.
        "later": later if any(row.moved for row in rows) else None,
        "band_costs": list(BAND_COST_USD.items()),
    }
