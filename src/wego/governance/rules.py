"""Who may do what in governance: the Secretariat manages; members read; delegates vote."""

from __future__ import annotations

from dataclasses import dataclass

import rules

from wego.accounts.models import RoleKind
from wego.accounts.rules import city_ids, is_coordinator_of, is_secretariat, is_staff_of_network, roles_of


@dataclass(frozen=True)
class Seat:
    """A city's seat at a meeting (and in one of its votes): what delegate permissions are checked on."""

    meeting: object
    city: object
    vote: object = None


@rules.predicate
def is_member_person(user) -> bool:
    """Someone with a role at a member city (or on the network's staff)."""
    return any(r.city_id and r.city.is_member for r in roles_of(user) if r.kind in CITY_KINDS)


CITY_KINDS = (RoleKind.COORDINATOR, RoleKind.RESPONDENT, RoleKind.CONSULTANT)


@rules.predicate
def is_designated_delegate(user, seat) -> bool:
    from wego.governance.models import Delegate

    if seat is None or not getattr(user, "is_authenticated", False):
        return False
    return Delegate.objects.filter(meeting_id=seat.meeting.pk, city_id=seat.city.pk, user=user).exists()


@rules.predicate
def may_designate(user, seat) -> bool:
    return seat is not None and seat.city.pk in city_ids(user, RoleKind.COORDINATOR)


rules.add_perm("governance.read_documents", is_member_person | is_staff_of_network)
rules.add_perm("governance.manage", is_secretariat)
rules.add_perm("governance.approve_memberships", is_secretariat)
rules.add_perm("governance.cast_ballot", is_coordinator_of | is_designated_delegate)
rules.add_perm("governance.designate_delegate", may_designate)
