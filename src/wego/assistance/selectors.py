"""Reads of assistance requests, scoped to what the acting person may see, and their outcomes."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils import timezone

from wego.accounts.models import CITY_ROLES, RoleKind
from wego.accounts.rules import city_ids, is_secretariat, regions, roles_of
from wego.assessments.models import Assessment, AssessmentStatus
from wego.assistance.models import RUNNING_STATES, AssistanceRequest, Kind, State
from wego.solutions.catalogue import CatalogueError, Module, load_catalogue

CATALOGUE = "ceds-modules"


def requests_visible_to(user) -> QuerySet[AssistanceRequest]:
    """The requests the person may see: all (secretariat), the region's (regional office),
    the city's (its coordinator, respondents, consultants), those assigned to them (expert)."""
    base = AssistanceRequest.objects.select_related(
        "city__country", "assessment__cycle__framework", "expert", "partner", "created_by"
    )
    if not getattr(user, "is_authenticated", False):
        return base.none()
    if is_secretariat(user):
        return base
    scope = Q()
    cities = city_ids(user, *CITY_ROLES)
    if cities:
        scope |= Q(city_id__in=cities)
    offices = regions(user)
    if offices:
        scope |= Q(city__country__region__in=offices)
    if any(r.kind == RoleKind.EXPERT for r in roles_of(user)):
        scope |= Q(expert=user)
    if not scope:
        return base.none()
    return base.filter(scope)


def requests_list(
    user, *, state: str = "", overdue: bool = False, kind: str = ""
) -> QuerySet[AssistanceRequest]:
    found = requests_visible_to(user)
    if kind in Kind.values:
        found = found.filter(kind=kind)
    if state in State.values:
        found = found.filter(state=state)
    if overdue:
        found = found.filter(state__in=RUNNING_STATES, due_on__lt=timezone.now().date())
    return found.order_by("-created_at", "-id")


def open_request_for(*, city, module_id: str) -> AssistanceRequest | None:
    return (
        AssistanceRequest.objects.filter(
            city=city,
            kind=Kind.ACTION_ITEM,
            module_id=module_id,
            state__in=[State.NEW, State.ASSIGNED, State.IN_PROGRESS],
        )
        .order_by("-id")
        .first()
    )


def catalogue_for(assessment: Assessment):
    """The module catalogue checked against the assessment's framework version (None if none fits)."""
    try:
        return load_catalogue(CATALOGUE, framework=assessment.cycle.framework.load())
    except CatalogueError:
        return None


def module_for(assessment: Assessment | None, module_id: str) -> Module | None:
    if assessment is None:
        return None
    catalogue = catalogue_for(assessment)
    if catalogue is None:
        return None
    try:
        return catalogue.module(module_id)
    except KeyError:
        return None


def allowed_actions(user, request: AssistanceRequest) -> list[str]:
    """What this person may do to this request now (rules for who, state for when)."""
    state = request.state
    if request.kind == Kind.EGOVFRAME:
        possible = {
            "assign": state in (State.NEW, State.ASSIGNED),
            "answer": state == State.ASSIGNED,
            "close": state == State.ANSWERED,
            "reopen": state == State.ANSWERED,
        }
    else:
        possible = {
            "assign": state in (State.NEW, State.ASSIGNED),
            "decline": state in (State.NEW, State.ASSIGNED),
            "withdraw": state == State.NEW,
            "start": state == State.ASSIGNED,
            "complete": state == State.IN_PROGRESS,
        }
    return [
        action
        for action, ok in possible.items()
        if ok and user.has_perm(f"assistance.{action}_request", request)
    ]


def can_post_message(user, request: AssistanceRequest) -> bool:
    return user.has_perm("assistance.post_message", request)


# The gap change --------------------------------------------------------------------------------


@dataclass(frozen=True)
class IndicatorChange:
    indicator_id: str
    title: object  # a framework Text (or the id when the framework no longer has it)
    before: float | None
    after: float | None

    @property
    def change(self) -> float | None:
        if self.before is None or self.after is None:
            return None
        return round(self.after - self.before, 1)


@dataclass(frozen=True)
class Outcome:
    request: AssistanceRequest
    baseline: Assessment
    later: Assessment | None  # the city's latest submitted assessment of a later cycle
    rows: tuple[IndicatorChange, ...]

    @property
    def same_version(self) -> bool:
        return (
            self.later is None
            or self.later.cycle.framework.content_hash == self.baseline.cycle.framework.content_hash
        )


def _score(assessment: Assessment | None, node_id: str) -> float | None:
    if assessment is None:
        return None
    value = (assessment.scores or {}).get(node_id)
    return None if value is None else round(float(value), 1)


def _title(assessment: Assessment, node_id: str):
    try:
        return assessment.cycle.framework.load().node(node_id).title
    except (KeyError, AttributeError):
        return node_id


def _later_of(request: AssistanceRequest, submitted: list[Assessment]) -> Assessment | None:
    baseline = request.assessment
    later = [
        a
        for a in submitted
        if a.cycle.framework.slug == baseline.cycle.framework.slug and a.cycle.year > baseline.cycle.year
    ]
    return max(later, key=lambda a: (a.cycle.year, a.pk), default=None)


def outcome_of(request: AssistanceRequest, submitted: list[Assessment] | None = None) -> Outcome:
    """The scores of the indicators the request targeted: at the baseline, and in the
    city's latest submitted assessment of a later cycle on the same framework."""
    if submitted is None:
        submitted = list(
            Assessment.objects.filter(
                city_id=request.city_id, status=AssessmentStatus.SUBMITTED
            ).select_related("cycle__framework")
        )
    baseline = request.assessment
    later = _later_of(request, submitted)
    rows = tuple(
        IndicatorChange(
            indicator_id=node_id,
            title=_title(baseline, node_id),
            before=_score(baseline, node_id),
            after=_score(later, node_id),
        )
        for node_id in request.indicator_ids
    )
    return Outcome(request=request, baseline=baseline, later=later, rows=rows)


def assistance_outcomes(*, city) -> list[Outcome]:
    """For each request of the city that is done: the gap change of the indicators it targeted.

    Two queries whatever the number of requests. The caller decides who may see the city.
    """
    done = list(
        AssistanceRequest.objects.filter(city=city, kind=Kind.ACTION_ITEM, state=State.DONE)
        .select_related("city__country", "assessment__cycle__framework", "expert", "partner")
        .order_by("-closed_at", "-id")
    )
    if not done:
        return []
    submitted = list(
        Assessment.objects.filter(city=city, status=AssessmentStatus.SUBMITTED).select_related(
            "cycle__framework"
        )
    )
    return [outcome_of(request, submitted) for request in done]


def egovframe_cities_for(user) -> list:
    """The member cities the person coordinates: where they may ask for eGovFrame support."""
    from wego.members.models import City, MemberCategory

    return list(
        City.objects.filter(pk__in=city_ids(user, RoleKind.COORDINATOR))
        .exclude(member_category=MemberCategory.NON_MEMBER)
        .select_related("country")
        .order_by("name")
    )
