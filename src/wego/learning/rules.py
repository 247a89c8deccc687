"""Who may do what in capacity building (django-rules). Reading programmes, webinars and the
eGovFrame catalogue is public; acting needs an account, and deciding is the secretariat's."""

from __future__ import annotations

import rules

from wego.accounts.models import RoleKind
from wego.accounts.rules import is_coordinator_of, is_secretariat, roles_of
from wego.members.models import MemberCategory

OFFICIAL_ROLES = (RoleKind.COORDINATOR, RoleKind.RESPONDENT)


@rules.predicate
def coordinates_a_member_city(user) -> bool:
    return any(
        r.kind == RoleKind.COORDINATOR
        and r.city is not None
        and r.city.member_category != MemberCategory.NON_MEMBER
        for r in roles_of(user)
    )


@rules.predicate
def is_member_official(user) -> bool:
    return any(
        r.kind in OFFICIAL_ROLES
        and r.city is not None
        and r.city.member_category != MemberCategory.NON_MEMBER
        for r in roles_of(user)
    )


@rules.predicate
def is_the_official(user, application) -> bool:
    return application is not None and user.is_authenticated and application.official_id == user.pk


@rules.predicate
def is_the_registrant(user, registration) -> bool:
    return registration is not None and user.is_authenticated and registration.person_id == user.pk


@rules.predicate
def registered_them(user, registration) -> bool:
    return registration is not None and user.is_authenticated and registration.registered_by_id == user.pk


rules.add_perm("learning.manage", is_secretariat)
rules.add_perm("learning.apply", coordinates_a_member_city)
rules.add_perm("learning.view_application", is_secretariat | is_coordinator_of | is_the_official)
rules.add_perm("learning.withdraw_application", is_coordinator_of)
rules.add_perm("learning.register_webinar", rules.is_authenticated)
rules.add_perm("learning.view_registration", is_secretariat | is_the_registrant | registered_them)
rules.add_perm("learning.enrol_course", is_member_official)


@rules.predicate
def is_the_enrolled(user, enrolment) -> bool:
    return enrolment is not None and user.is_authenticated and enrolment.person_id == user.pk


rules.add_perm("learning.view_enrolment", is_secretariat | is_the_enrolled)


# Feasibility studies (wego.learning.feasibility): the secretariat manages; a member city's
# coordinator sends its letter; committee members score the letters they have no conflict with.


@rules.predicate
def sits_on_a_feasibility_committee(user) -> bool:
    from wego.learning.models import CommitteeMember

    return user.is_authenticated and CommitteeMember.objects.filter(user=user).exists()


@rules.predicate
def may_see_feasibility_letter(user, letter) -> bool:
    from wego.learning.feasibility import letters_visible_to

    return letter is not None and letters_visible_to(user).filter(pk=letter.pk).exists()


rules.add_perm("learning.feasibility_manage", is_secretariat)
rules.add_perm("learning.feasibility_apply", coordinates_a_member_city)
rules.add_perm("learning.feasibility_score", sits_on_a_feasibility_committee)
rules.add_perm("learning.feasibility_view_letter", may_see_feasibility_letter)
