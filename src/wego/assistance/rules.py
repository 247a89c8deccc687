"""Who may do what with assistance requests (django-rules).

The rules say who a person is to a request; the services add what the request's state
allows, and refuse with the reason. Roles are read once per user (wego.accounts.rules).
"""

from __future__ import annotations

import rules

from wego.accounts.models import CITY_ROLES, RoleKind
from wego.accounts.rules import (
    is_consultant_of,
    is_coordinator_of,
    is_respondent_of,
    is_secretariat,
    regions,
    roles_of,
)


@rules.predicate
def is_expert(user) -> bool:
    return any(r.kind == RoleKind.EXPERT for r in roles_of(user))


@rules.predicate
def has_assistance_role(user) -> bool:
    """Someone who can see at least one kind of request: city staff, an office, an expert."""
    kinds = {r.kind for r in roles_of(user)}
    return bool(kinds & {*CITY_ROLES, RoleKind.REGIONAL_OFFICE, RoleKind.EXPERT})


@rules.predicate
def is_office_of_region(user, request) -> bool:
    """A regional office of the request's city's region (it sees its region's requests)."""
    return request is not None and request.city.country.region in regions(user)


@rules.predicate
def is_routed_office(user, request) -> bool:
    """The regional office the request was routed to."""
    return request is not None and bool(request.routed_region) and request.routed_region in regions(user)


@rules.predicate
def is_assigned_expert(user, request) -> bool:
    return (
        request is not None
        and request.expert_id is not None
        and request.expert_id == getattr(user, "pk", None)
        and is_expert(user)
    )


can_view_request = (
    is_secretariat
    | is_office_of_region
    | is_coordinator_of
    | is_respondent_of
    | is_consultant_of
    | is_assigned_expert
)
# Respondents and consultants read; the people who act on the request write.
is_involved = is_secretariat | is_routed_office | is_coordinator_of | is_assigned_expert

rules.add_perm("assistance.view_list", is_secretariat | has_assistance_role)
rules.add_perm("assistance.view_request", can_view_request)
# On an assessment: its city's coordinator asks for help on one of its action items.
rules.add_perm("assistance.create_request", is_coordinator_of)
rules.add_perm("assistance.withdraw_request", is_coordinator_of)
rules.add_perm("assistance.assign_request", is_secretariat | is_routed_office)
rules.add_perm("assistance.decline_request", is_secretariat | is_routed_office)
rules.add_perm("assistance.start_request", is_secretariat | is_assigned_expert)
rules.add_perm("assistance.complete_request", is_secretariat | is_assigned_expert)
rules.add_perm("assistance.post_message", is_involved)

# eGovFrame technical support: on a city, its coordinator raises a request (the service adds
# that the city must be a member); the assigned expert or the secretariat answers; the
# city's coordinator closes it or reopens it when the answer did not solve the problem.


@rules.predicate
def is_any_coordinator(user) -> bool:
    return any(r.kind == RoleKind.COORDINATOR for r in roles_of(user))


rules.add_perm("assistance.ask_egovframe", is_any_coordinator)
rules.add_perm("assistance.create_egovframe", is_coordinator_of)
rules.add_perm("assistance.answer_request", is_secretariat | is_assigned_expert)
rules.add_perm("assistance.close_request", is_coordinator_of)
rules.add_perm("assistance.reopen_request", is_coordinator_of)
