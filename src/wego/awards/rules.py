"""Who may do what in the awards (django-rules). Views and the API check exactly these.

Applicants are any logged-in people (cities, agencies, providers); they see only their own
applications. Judges see only the entries assigned to them that they have no conflict with.
The secretariat runs editions. Results are public only once published.
"""

from __future__ import annotations

import rules

from wego.accounts.models import RoleKind
from wego.accounts.rules import city_ids, is_secretariat, roles_of


@rules.predicate
def has_judge_role(user) -> bool:
    return any(r.kind == RoleKind.JUDGE for r in roles_of(user))


@rules.predicate
def is_member_coordinator(user) -> bool:
    """A member city's coordinator: members nominate judges to the pool."""
    return bool(city_ids(user, RoleKind.COORDINATOR))


@rules.predicate
def is_applicant_of(user, application) -> bool:
    return application is not None and application.applicant_id == user.pk


@rules.predicate
def is_draft(user, application) -> bool:
    return application is not None and application.is_draft


@rules.predicate
def is_assigned_judge_of(user, application) -> bool:
    """Assigned to the entry in some round, with no conflict declared or flagged."""
    from wego.awards.models import Assignment, Conflict

    if application is None or not user.is_authenticated:
        return False
    return (
        Assignment.objects.filter(application=application, judge__user=user).exists()
        and not Conflict.objects.filter(application=application, judge__user=user).exists()
    )


@rules.predicate
def owns_assignment(user, assignment) -> bool:
    """The judge of the assignment, without a conflict with its entry."""
    from wego.awards.models import Conflict

    return (
        assignment is not None
        and assignment.judge.user_id == user.pk
        and not Conflict.objects.filter(
            judge_id=assignment.judge_id, application_id=assignment.application_id
        ).exists()
    )


@rules.predicate
def is_published(user, edition) -> bool:
    return edition is not None and edition.is_published


rules.add_perm("awards.apply", rules.is_authenticated)
rules.add_perm("awards.view_application", is_applicant_of | is_secretariat)
rules.add_perm("awards.edit_application", is_applicant_of & is_draft)
rules.add_perm("awards.view_attachment", is_applicant_of | is_secretariat | is_assigned_judge_of)
rules.add_perm("awards.manage_edition", is_secretariat)
rules.add_perm("awards.nominate_judge", is_member_coordinator | is_secretariat)
rules.add_perm("awards.judge", has_judge_role | is_secretariat)
rules.add_perm("awards.score_assignment", owns_assignment)
rules.add_perm("awards.view_results", is_published | is_secretariat)
