"""The WeGO Awards: editions (public), the caller's own applications, a judge's own
assignments and scores, and results once published (public).

The same selectors as the pages, so the same rules: an applicant sees only their own
applications; a judge only the entries assigned to them without a conflict; results
only of published editions.
"""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from ninja import Router, Schema

from wego.api.permissions import api_requires
from wego.api.schemas import DetailOut
from wego.awards import selectors
from wego.awards.models import ChairDecision, Edition, EditionStatus, Score
from wego.common.permissions import public

router = Router(tags=["awards"])


class CategoryOut(Schema):
    slug: str
    name: str
    description: str


class CriterionOut(Schema):
    slug: str
    name: str
    weight: float
    category: str | None


class EditionOut(Schema):
    number: int
    year: int
    title: str
    general_assembly: str
    status: str
    applications_close_at: dt.datetime | None
    grace_minutes: int
    max_per_city: int
    winners_per_category: int
    prize_tiers: list[str]
    reported_applications: int | None
    reported_winners: int | None
    is_demo: bool
    categories: list[CategoryOut]
    criteria: list[CriterionOut]


class RecommendationOut(Schema):
    status: str
    due_at: dt.datetime
    received_at: dt.datetime | None


class ApplicationOut(Schema):
    id: int
    reference: str
    edition: int
    category: str | None
    city: str | None
    status: str
    project_title: str
    submitted_at: dt.datetime | None
    recommendation: RecommendationOut | None
    recommendation_waived: bool
    may_enter_judging: bool


class ScoreOut(Schema):
    criterion: str
    value: int
    comment: str


class AssignmentOut(Schema):
    id: int
    edition: int
    round: int
    entry: str
    category: str
    project_title: str
    submitted_at: dt.datetime | None
    scores: list[ScoreOut]


class WinnerOut(Schema):
    category: str | None
    rank: int | None
    tier: str
    city: str
    project_title: str


class DecisionOut(Schema):
    category: str
    winners: list[int]
    reason: str
    method: str
    trace: list[str]


class ResultsOut(Schema):
    edition: int
    title: str
    year: int
    published_at: dt.datetime | None
    winners: list[WinnerOut]
    decisions: list[DecisionOut]


@router.get(
    "/awards/editions",
    response={200: list[EditionOut]},
    auth=None,
    operation_id="awards_editions_list",
    summary="List the awards editions (public)",
)
@public
def editions_list(request: HttpRequest):
    """Every edition open to the public: the archive, the call and those in judging."""
    editions = selectors.editions_public().prefetch_related("categories", "criteria__category")
    return [
        {
            "number": e.number,
            "year": e.year,
            "title": e.title,
            "general_assembly": e.general_assembly,
            "status": e.status,
            "applications_close_at": e.applications_close_at,
            "grace_minutes": e.grace_minutes,
            "max_per_city": e.max_per_city,
            "winners_per_category": e.winners_per_category,
            "prize_tiers": e.prize_tiers,
            "reported_applications": e.reported_applications,
            "reported_winners": e.reported_winners,
            "is_demo": e.is_demo,
            "categories": [
                {"slug": c.slug, "name": c.name, "description": c.description} for c in e.categories.all()
            ],
            "criteria": [
                {
                    "slug": c.slug,
                    "name": c.name,
                    "weight": float(c.weight),
                    "category": c.category.slug if c.category else None,
                }
                for c in e.criteria.all()
            ],
        }
        for e in editions
    ]


@router.get(
    "/awards/applications",
    response={200: list[ApplicationOut], 401: DetailOut},
    operation_id="awards_applications_list",
    summary="List my award applications",
)
@api_requires("accounts.manage_own_account")
def applications_list(request: HttpRequest):
    """The caller's own applications, and only those."""
    from wego.awards.services import may_enter_judging

    rows = []
    for a in selectors.applications_of(request.auth):
        recommendation = getattr(a, "recommendation", None)
        rows.append(
            {
                "id": a.pk,
                "reference": a.reference,
                "edition": a.edition.number,
                "category": a.category.slug if a.category else None,
                "city": a.city.name if a.city else None,
                "status": a.status,
                "project_title": a.project_title,
                "submitted_at": a.submitted_at,
                "recommendation": (
                    {
                        "status": recommendation.status(),
                        "due_at": recommendation.due_at,
                        "received_at": recommendation.received_at,
                    }
                    if recommendation
                    else None
                ),
                "recommendation_waived": a.recommendation_waived,
                "may_enter_judging": may_enter_judging(a),
            }
        )
    return rows


@router.get(
    "/awards/assignments",
    response={200: list[AssignmentOut], 401: DetailOut, 403: DetailOut},
    operation_id="awards_assignments_list",
    summary="List my judging assignments and my scores",
)
@api_requires("awards.judge")
def assignments_list(request: HttpRequest):
    """The caller's own assignments (entries with a conflict left out) and the caller's scores."""
    assignments = list(selectors.assignments_for_judge(request.auth))
    scores: dict[int, list[Score]] = {}
    for score in Score.objects.filter(assignment__in=assignments).select_related("criterion"):
        scores.setdefault(score.assignment_id, []).append(score)
    return [
        {
            "id": a.pk,
            "edition": a.round.edition.number,
            "round": a.round.number,
            "entry": a.application.reference,
            "category": a.application.category.slug,
            "project_title": a.application.project_title,
            "submitted_at": a.submitted_at,
            "scores": [
                {"criterion": s.criterion.slug, "value": s.value, "comment": s.comment}
                for s in scores.get(a.pk, [])
            ],
        }
        for a in assignments
    ]


@router.get(
    "/awards/results",
    response={200: list[ResultsOut]},
    auth=None,
    operation_id="awards_results_list",
    summary="List the published results (public)",
)
@public
def results_list(request: HttpRequest):
    """Winners, and the chair's decisions with their tie-break trace, of published editions only."""
    editions = Edition.objects.filter(status=EditionStatus.PUBLISHED).prefetch_related("winners__category")
    decisions: dict[int, dict[int, ChairDecision]] = {}
    for d in (
        ChairDecision.objects.filter(edition__in=editions)
        .select_related("category")
        .order_by("-decided_at", "-pk")
    ):
        decisions.setdefault(d.edition_id, {}).setdefault(d.category_id, d)
    return [
        {
            "edition": e.number,
            "title": e.title,
            "year": e.year,
            "published_at": e.published_at,
            "winners": [
                {
                    "category": w.category.slug if w.category else None,
                    "rank": w.rank,
                    "tier": w.tier,
                    "city": w.city_name,
                    "project_title": w.project_title,
                }
                for w in e.winners.all()
            ],
            "decisions": [
                {
                    "category": d.category.slug,
                    "winners": d.winners,
                    "reason": d.reason,
                    "method": d.method,
                    "trace": d.computation.get("trace", []),
                }
                for d in decisions.get(e.pk, {}).values()
            ],
        }
        for e in editions
    ]
