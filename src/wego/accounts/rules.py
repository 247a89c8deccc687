"""Who may do what: one rule per action, registered with django-rules.

Views check exactly one of these permissions (see wego.common.permissions); the API
checks the same ones. Roles are read once per user object and cached on it.
"""

from __future__ import annotations

import datetime as dt

import rules
from django.utils import timezone

from wego.accounts.models import RoleKind


def roles_of(user) -> list:
    """The user's roles, loaded once per user object."""
    if not getattr(user, "is_authenticated", False):
        return []
    cached = getattr(user, "_wego_roles", None)
    if cached is None:
        cached = list(user.roles.select_related("city__country"))
        user._wego_roles = cached
    return cached


def city_ids(user, *kinds: str) -> set[int]:
    return {r.city_id for r in roles_of(user) if r.kind in kinds and r.city_id}


def regions(user) -> set[str]:
    return {r.region for r in roles_of(user) if r.kind == RoleKind.REGIONAL_OFFICE and r.region}


@rules.predicate
def is_secretariat(user) -> bool:
    return bool(getattr(user, "is_superuser", False)) or any(
        r.kind == RoleKind.SECRETARIAT for r in roles_of(user)
    )


def _city_of(target):
    return getattr(target, "city", target)


@rules.predicate
def is_coordinator_of(user, target) -> bool:
    city = _city_of(target)
    return city is not None and city.pk in city_ids(user, RoleKind.COORDINATOR)


@rules.predicate
def is_respondent_of(user, target) -> bool:
    city = _city_of(target)
    return city is not None and city.pk in city_ids(user, RoleKind.RESPONDENT)


@rules.predicate
def is_consultant_of(user, target) -> bool:
    city = _city_of(target)
    return city is not None and city.pk in city_ids(user, RoleKind.CONSULTANT)


@rules.predicate
def is_regional_office_of(user, target) -> bool:
    city = _city_of(target)
    return city is not None and city.country.region in regions(user)


@rules.predicate
def is_open_for_answers(user, assessment) -> bool:
    from wego.assessments.models import AssessmentStatus

    return assessment is not None and assessment.status != AssessmentStatus.SUBMITTED


@rules.predicate
def is_submitted(user, assessment) -> bool:
    from wego.assessments.models import AssessmentStatus

    return assessment is not None and assessment.status == AssessmentStatus.SUBMITTED


@rules.predicate
def before_deadline(user, assessment) -> bool:
    return assessment is not None and timezone.now().date() <= assessment.cycle.closes_on


@rules.predicate
def is_staff_of_network(user) -> bool:
    return is_secretariat(user) or bool(regions(user))


can_view_city_data = (
    is_secretariat | is_regional_office_of | is_coordinator_of | is_respondent_of | is_consultant_of
)

# Assessments of a city
rules.add_perm("assessments.view_assessment", can_view_city_data)
rules.add_perm("assessments.answer_assessment", (is_coordinator_of | is_respondent_of) & is_open_for_answers)
rules.add_perm("assessments.manage_assessment", is_coordinator_of)
rules.add_perm("assessments.submit_assessment", is_coordinator_of & is_open_for_answers)
rules.add_perm(
    "assessments.reopen_assessment", is_submitted & (is_secretariat | (is_coordinator_of & before_deadline))
)
rules.add_perm("assessments.start_assessment", is_coordinator_of)
# The network
rules.add_perm("assessments.manage_cycles", is_secretariat)
rules.add_perm("assessments.view_participation", is_staff_of_network)
rules.add_perm("common.view_audit", is_secretariat)
rules.add_perm("accounts.grant_consultant", is_coordinator_of)
rules.add_perm("accounts.invite_people", is_secretariat)
# Anyone logged in manages their own account (password, two-factor device, API tokens).
rules.add_perm("accounts.manage_own_account", rules.is_authenticated)


def now_date() -> dt.date:
    return timezone.now().date()
