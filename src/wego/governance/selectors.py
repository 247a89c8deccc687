"""Reads for governance pages and the API. Ballots are only ever read as a published tally."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from wego.accounts.models import RoleKind
from wego.accounts.rules import city_ids
from wego.governance.models import (
    Attendance,
    Ballot,
    BallotRoll,
    Body,
    Delegate,
    EligibleVoter,
    Meeting,
    Term,
    TermRole,
    Vote,
    VoteOption,
    VoteStatus,
)
from wego.members.models import City

ROLE_ORDER = {
    TermRole.PRESIDENT: 0,
    TermRole.EXECUTIVE_VICE_PRESIDENT: 1,
    TermRole.VICE_PRESIDENT: 2,
    TermRole.MEMBER: 3,
}


def meetings_list() -> QuerySet[Meeting]:
    return Meeting.objects.select_related("body", "host_city").order_by("-starts_on", "-id")


def meeting_detail(pk: int) -> Meeting | None:
    return (
        Meeting.objects.select_related("body", "host_city")
        .prefetch_related(
            "agenda_items",
            "documents",
            Prefetch("attendance", queryset=Attendance.objects.select_related("city")),
            Prefetch("votes", queryset=Vote.objects.order_by("opens_at", "id")),
        )
        .filter(pk=pk)
        .first()
    )


def bodies() -> list[Body]:
    return list(Body.objects.select_related("host_city").order_by("kind", "name"))


def committee_on(day: dt.date | None = None) -> list[Term]:
    """The Executive Committee on a day: the President first, then the Vice Presidents, then members."""
    day = day or timezone.localdate()
    terms = list(
        Term.objects.filter(starts_on__lte=day, ends_on__gt=day).select_related("city__country", "meeting")
    )
    return sorted(terms, key=lambda t: (ROLE_ORDER[t.role], t.city.name))


def terms_all() -> QuerySet[Term]:
    return Term.objects.select_related("city", "meeting__body").order_by("-starts_on", "role", "city__name")


def vote_with_options(pk: int) -> Vote | None:
    return (
        Vote.objects.select_related("meeting__body", "winner")
        .prefetch_related(Prefetch("options", queryset=VoteOption.objects.order_by("position")))
        .filter(pk=pk)
        .first()
    )


def votes_open() -> list[Vote]:
    return list(Vote.objects.filter(status=VoteStatus.OPEN).select_related("meeting").order_by("closes_at"))


def tally_list(vote: Vote) -> list[tuple[str, str]]:
    """(receipt, choice) of every ballot of a published vote, in receipt order; empty before."""
    if vote.status != VoteStatus.PUBLISHED:
        return []
    labels = {o.pk: o.label for o in vote.options.all()}
    return [
        (receipt, labels[option])
        for receipt, option in Ballot.objects.filter(vote=vote)
        .values_list("receipt", "option_id")
        .order_by("receipt")
    ]


def receipt_lookup(vote: Vote, code: str) -> str | None:
    """The recorded choice for a receipt of a published vote, or None if it is not in the tally."""
    if vote.status != VoteStatus.PUBLISHED:
        return None
    code = code.strip().upper()
    ballot = Ballot.objects.filter(vote=vote, receipt=code).select_related("option").first()
    return ballot.option.label if ballot else None


@dataclass(frozen=True)
class SeatRow:
    city: City
    has_voted: bool


def seats_of(user, vote: Vote) -> list[SeatRow]:
    """The eligible cities this person casts ballots for, and whether each has voted."""
    coordinated = city_ids(user, RoleKind.COORDINATOR)
    designated = (
        set(Delegate.objects.filter(meeting_id=vote.meeting_id, user=user).values_list("city_id", flat=True))
        if user.is_authenticated
        else set()
    )
    mine = coordinated | designated
    if not mine:
        return []
    eligible = EligibleVoter.objects.filter(vote=vote, city_id__in=mine).select_related("city")
    voted = set(BallotRoll.objects.filter(vote=vote, city_id__in=mine).values_list("city_id", flat=True))
    return [SeatRow(e.city, e.city_id in voted) for e in sorted(eligible, key=lambda e: e.city.name)]


def voted_cities(vote: Vote) -> list[City]:
    """The cities that have voted (public once published: turnout, never choices)."""
    return [
        r.city for r in BallotRoll.objects.filter(vote=vote).select_related("city").order_by("city__name")
    ]


def delegate_cities(user, meeting: Meeting) -> list[tuple[City, Delegate | None]]:
    """The cities this person coordinates, with the delegate each designated for the meeting."""
    cities = list(City.objects.filter(pk__in=city_ids(user, RoleKind.COORDINATOR)).order_by("name"))
    delegates = {
        d.city_id: d for d in Delegate.objects.filter(meeting=meeting, city__in=cities).select_related("user")
    }
    return [(city, delegates.get(city.pk)) for city in cities]


def pending_applications() -> list:
    """Membership applications awaiting a decision (the city is an Associate member meanwhile)."""
    from wego.members.models import ApplicationStatus, MembershipApplication

    return list(
        MembershipApplication.objects.filter(status=ApplicationStatus.SUBMITTED)
        .select_related("city__country")
        .order_by("submitted_at", "id")
    )


def pending_application(pk: str):
    from wego.members.models import ApplicationStatus, MembershipApplication

    if not str(pk).isdigit():
        return None
    return (
        MembershipApplication.objects.filter(pk=int(pk), status=ApplicationStatus.SUBMITTED)
        .select_related("city")
        .first()
    )
