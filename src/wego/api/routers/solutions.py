"""Solutions: the module catalogue, an assessment's action items, and the city's Master Plan.

The same services as the pages: a refused change (a broken prerequisite, no room in the
capacity or the budget) answers 409 with the reason, and changes nothing.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Router, Schema
from ninja.errors import HttpError

from wego.analysis import selectors as analysis_selectors
from wego.analysis.diagnosis import action_items_for
from wego.api.permissions import api_requires, assessment_visible
from wego.api.schemas import DetailOut, ValidationErrorOut
from wego.assessments.models import Assessment
from wego.members.models import City
from wego.solutions.catalogue import load_catalogue
from wego.solutions.selectors import plan_for_city, plan_overview
from wego.solutions.services import (
    CATALOGUE,
    PlanRefused,
    plan_create,
    plan_item_decide,
    plan_item_move,
    plan_item_progress,
)

router = Router(tags=["solutions"])

ERRORS = {401: DetailOut, 403: DetailOut, 404: DetailOut, 409: DetailOut, 422: ValidationErrorOut}


def _t(text, lang: str) -> str:
    getter = getattr(text, "get", None)
    return getter(lang) if callable(getter) else str(text)


class StepOut(Schema):
    title: str
    do: str
    decisions: list[str]
    pitfalls: list[str]


class PhaseOut(Schema):
    phase: str
    steps: list[StepOut]


class ModuleOut(Schema):
    id: str
    title: str
    summary: str
    indicators: list[str]
    systems: list[str]
    prerequisites: list[str]
    duration_months: int
    cost_band: str
    staff_fte: float
    egovframe_components: list[str]


class ModuleDetailOut(ModuleOut):
    phases: list[PhaseOut]
    risks: list[str]
    kpis: list[str]
    sources: list[str]


class ActionItemOut(Schema):
    rank: int
    module_id: str
    title: str
    urgency: float
    gap_points: float
    unlocks: int
    reasonable: bool
    waits_for: list[str]
    explanation: str


class PlanItemOut(Schema):
    module_id: str
    title: str
    priority: int
    status: str
    progress: str
    starts: str | None
    ends: str | None
    pinned_quarter: int | None
    cost_usd: int
    reason: str
    not_scheduled: str
    displaced: str


class BudgetOut(Schema):
    year: int
    planned: int
    accepted: int
    budget: int | None
    left: int | None


class PlanOut(Schema):
    city_id: int
    assessment_id: int
    first_quarter: str
    last_quarter: str
    parallel_projects: int
    annual_budget_usd: int | None
    is_demo: bool
    items: list[PlanItemOut]
    budget: list[BudgetOut]


class PlanCreateIn(Schema):
    assessment_id: int


class PlanItemChangeIn(Schema):
    status: str | None = None  # proposed, accepted, dropped
    quarter: int | None = None  # quarter index from 0; with unpin=true, let the plan decide
    unpin: bool = False
    progress: str | None = None  # not_started, in_progress, done


def _module(module, lang: str) -> dict:
    return {
        "id": module.id,
        "title": _t(module.title, lang),
        "summary": _t(module.summary, lang),
        "indicators": list(module.improves.indicators),
        "systems": list(module.improves.systems),
        "prerequisites": list(module.prerequisites),
        "duration_months": module.duration_months,
        "cost_band": module.cost_band,
        "staff_fte": module.staff_fte,
        "egovframe_components": list(module.egovframe_components),
    }


def city_visible(request: HttpRequest, city_id: int, **_kwargs):
    """The city if the caller may see its data; otherwise nothing (404, never a hint)."""
    city = City.objects.select_related("country").filter(pk=city_id).first()
    if city is None or not request.auth.has_perm("solutions.view_plan", city):
        return None
    return city


@router.get(
    "/modules",
    response={200: list[ModuleOut], **ERRORS},
    operation_id="modules_list",
    summary="List the e-government modules",
)
@api_requires("accounts.manage_own_account")
def modules_list(request: HttpRequest, lang: str = "en"):
    return [_module(m, lang) for m in load_catalogue(CATALOGUE).modules]


@router.get(
    "/modules/{module_id}",
    response={200: ModuleDetailOut, **ERRORS},
    operation_id="module_get",
    summary="Get a module's steps",
)
@api_requires("accounts.manage_own_account")
def module_get(request: HttpRequest, module_id: str, lang: str = "en"):
    try:
        module = load_catalogue(CATALOGUE).module(module_id)
    except KeyError:
        raise HttpError(404, "No such module.") from None
    return {
        **_module(module, lang),
        "phases": [
            {
                "phase": phase.phase,
                "steps": [
                    {
                        "title": _t(s.title, lang),
                        "do": _t(s.do, lang),
                        "decisions": [_t(d, lang) for d in s.decisions],
                        "pitfalls": [_t(p, lang) for p in s.pitfalls],
                    }
                    for s in phase.steps
                ],
            }
            for phase in module.phases
        ],
        "risks": [_t(r, lang) for r in module.risks],
        "kpis": [_t(k, lang) for k in module.kpis],
        "sources": [str(s) for s in module.sources],
    }


@router.get(
    "/assessments/{assessment_id}/action-items",
    response={200: list[ActionItemOut], **ERRORS},
    operation_id="action_items_list",
    summary="List the modules an assessment's diagnosis recommends, most urgent first",
)
@api_requires("assessments.view_assessment", load=assessment_visible)
def action_items_list(request: HttpRequest, assessment: Assessment, assessment_id: int, lang: str = "en"):
    return [
        {
            "rank": i.rank,
            "module_id": i.module.id,
            "title": _t(i.module.title, lang),
            "urgency": round(i.urgency, 4),
            "gap_points": round(i.gap_points, 4),
            "unlocks": i.unlocks,
            "reasonable": i.reasonable,
            "waits_for": list(i.waits_for),
            "explanation": i.explanation,
        }
        for i in action_items_for(analysis_selectors.dashboard(assessment), assessment)
    ]


def _plan_out(plan, lang: str) -> dict:
    overview = plan_overview(plan)
    limits = overview["limits"]
    return {
        "city_id": plan.city_id,
        "assessment_id": plan.assessment_id,
        "first_quarter": limits.label(0),
        "last_quarter": limits.label(limits.horizon - 1),
        "parallel_projects": plan.parallel_projects,
        "annual_budget_usd": plan.annual_budget_usd,
        "is_demo": plan.is_demo,
        "items": [
            {
                "module_id": row.item.module_id,
                "title": _t(row.module.title, lang),
                "priority": row.item.position,
                "status": row.item.status,
                "progress": row.item.progress,
                "starts": row.start_label or None,
                "ends": row.end_label or None,
                "pinned_quarter": row.item.pinned_quarter,
                "cost_usd": row.cost,
                "reason": row.item.reason,
                "not_scheduled": row.unscheduled,
                "displaced": row.displaced,
            }
            for row in overview["rows"]
        ],
        "budget": overview["budget"],
    }


@router.get(
    "/cities/{city_id}/plan",
    response={200: PlanOut, **ERRORS},
    operation_id="plan_get",
    summary="Get a city's Master Plan",
)
@api_requires("solutions.view_plan", load=city_visible)
def plan_get(request: HttpRequest, city: City, city_id: int, lang: str = "en"):
    plan = plan_for_city(city.pk)
    if plan is None:
        raise HttpError(404, "This city has no Master Plan yet.")
    return _plan_out(plan, lang)


@router.post(
    "/cities/{city_id}/plan",
    response={200: PlanOut, **ERRORS},
    operation_id="plan_create",
    summary="Build (or refresh) the city's Master Plan from one of its diagnoses",
)
@api_requires("solutions.manage_plan", load=city_visible)
def plan_create_view(request: HttpRequest, city: City, city_id: int, body: PlanCreateIn):
    assessment = (
        Assessment.objects.filter(city=city, pk=body.assessment_id).select_related("cycle__framework").first()
    )
    if assessment is None:
        raise HttpError(404, "No such assessment of this city.")
    plan_create(assessment=assessment, user=request.auth)
    return _plan_out(plan_for_city(city.pk), "en")


@router.post(
    "/cities/{city_id}/plan/items/{module_id}",
    response={200: PlanOut, **ERRORS},
    operation_id="plan_item_change",
    summary="Accept, drop or restore a module, move it to a quarter, or record its progress",
)
@api_requires("solutions.manage_plan", load=city_visible)
def plan_item_change(request: HttpRequest, city: City, city_id: int, module_id: str, body: PlanItemChangeIn):
    plan = plan_for_city(city.pk)
    if plan is None:
        raise HttpError(404, "This city has no Master Plan yet.")
    try:
        if body.status is not None:
            plan_item_decide(plan=plan, module_id=module_id, status=body.status, user=request.auth)
        if body.quarter is not None or body.unpin:
            plan_item_move(
                plan=plan,
                module_id=module_id,
                quarter=None if body.unpin else body.quarter,
                user=request.auth,
            )
        if body.progress is not None:
            plan_item_progress(plan=plan, module_id=module_id, progress=body.progress, user=request.auth)
    except (PlanRefused, ValidationError) as exc:
        raise HttpError(409, "; ".join(exc.messages)) from None
    return _plan_out(plan_for_city(city.pk), "en")
