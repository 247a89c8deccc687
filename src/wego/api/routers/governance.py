"""Governance: meetings and published vote results (public), and casting a city's secret ballot
(its delegate only). The same services as the pages: one ballot per city, a receipt shown once."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext
from ninja import Router, Schema, Status
from ninja.errors import HttpError

from wego.api.permissions import api_requires
from wego.api.schemas import DetailOut, ValidationErrorOut
from wego.common.permissions import public
from wego.governance import selectors
from wego.governance.models import Vote, VoteStatus
from wego.governance.rules import Seat
from wego.governance.services import BallotRefused, ballot_cast, vote_publish
from wego.members.models import City

router = Router(tags=["governance"])


class AgendaItemOut(Schema):
    position: int
    title: str


class VoteSummaryOut(Schema):
    id: int
    title: str
    kind: str
    status: str
    opens_at: dt.datetime
    closes_at: dt.datetime
    outcome: str
    is_demo: bool


class MeetingOut(Schema):
    id: int
    body: str
    body_kind: str
    title: str
    starts_on: dt.date
    ends_on: dt.date
    host_city: str | None
    theme: str
    reference: str
    is_demo: bool


class MeetingDetailOut(MeetingOut):
    agenda: list[AgendaItemOut]
    votes: list[VoteSummaryOut]


class OptionOut(Schema):
    id: int
    label: str
    count: int | None


class TallyEntryOut(Schema):
    receipt: str
    choice: str


class VoteResultOut(Schema):
    id: int
    meeting_id: int
    title: str
    question: str
    kind: str
    majority: str
    quorum_percent: int
    status: str
    opens_at: dt.datetime
    closes_at: dt.datetime
    eligible_count: int
    ballots_cast: int | None
    outcome: str
    winner: str | None
    options: list[OptionOut]
    tally: list[TallyEntryOut]
    is_demo: bool


class BallotIn(Schema):
    option_id: int


class ReceiptOut(Schema):
    receipt: str
    detail: str


def _meeting(meeting) -> dict:
    return {
        "id": meeting.pk,
        "body": meeting.body.name,
        "body_kind": meeting.body.kind,
        "title": meeting.title,
        "starts_on": meeting.starts_on,
        "ends_on": meeting.ends_on,
        "host_city": meeting.host_city.name if meeting.host_city else None,
        "theme": meeting.theme,
        "reference": meeting.reference,
        "is_demo": meeting.is_demo,
    }


@router.get(
    "/governance/meetings",
    response={200: list[MeetingOut]},
    auth=None,
    operation_id="meetings_list",
    summary="List the meetings of the General Assembly, the Executive Committee and other bodies",
)
@public
def meetings_list(request: HttpRequest):
    return [_meeting(m) for m in selectors.meetings_list()[:500]]


@router.get(
    "/governance/meetings/{meeting_id}",
    response={200: MeetingDetailOut, 404: DetailOut},
    auth=None,
    operation_id="meeting_get",
    summary="Get a meeting with its agenda and votes",
)
@public
def meeting_get(request: HttpRequest, meeting_id: int):
    meeting = selectors.meeting_detail(meeting_id)
    if meeting is None:
        raise HttpError(404, gettext("Not found."))
    return {
        **_meeting(meeting),
        "agenda": [{"position": i.position, "title": i.title} for i in meeting.agenda_items.all()],
        "votes": [
            {
                "id": v.pk,
                "title": v.title,
                "kind": v.kind,
                "status": v.status,
                "opens_at": v.opens_at,
                "closes_at": v.closes_at,
                "outcome": v.outcome,
                "is_demo": v.is_demo,
            }
            for v in meeting.votes.all()
        ],
    }


@router.get(
    "/governance/votes/{vote_id}",
    response={200: VoteResultOut, 404: DetailOut},
    auth=None,
    operation_id="vote_get",
    summary="Get a vote; once its window has closed, its published results and tally of receipts",
)
@public
def vote_get(request: HttpRequest, vote_id: int):
    """Counts, outcome and the tally (receipt and choice of every ballot) appear once the
    window has closed; before, only the question and the options."""
    vote = selectors.vote_with_options(vote_id)
    if vote is None:
        raise HttpError(404, gettext("Not found."))
    if vote.status == VoteStatus.OPEN and vote.closes_at <= timezone.now():
        vote_publish(vote=vote, actor=None)
        vote = selectors.vote_with_options(vote_id)
    published = vote.status == VoteStatus.PUBLISHED
    return {
        "id": vote.pk,
        "meeting_id": vote.meeting_id,
        "title": vote.title,
        "question": vote.question,
        "kind": vote.kind,
        "majority": vote.majority,
        "quorum_percent": vote.quorum_percent,
        "status": vote.status,
        "opens_at": vote.opens_at,
        "closes_at": vote.closes_at,
        "eligible_count": vote.eligible_count,
        "ballots_cast": vote.ballots_cast if published else None,
        "outcome": vote.outcome,
        "winner": vote.winner.label if vote.winner else None,
        "options": [
            {"id": o.pk, "label": o.label, "count": o.count if published else None}
            for o in vote.options.all()
        ],
        "tally": [{"receipt": r, "choice": c} for r, c in selectors.tally_list(vote)],
        "is_demo": vote.is_demo,
    }


def ballot_seat(request: HttpRequest, vote_id: int, city_id: int, **_kwargs) -> Seat | None:
    vote = Vote.objects.select_related("meeting").filter(pk=vote_id).first()
    city = City.objects.filter(pk=city_id).first()
    if vote is None or city is None:
        return None
    return Seat(meeting=vote.meeting, city=city, vote=vote)


@router.post(
    "/governance/votes/{vote_id}/cities/{city_id}/ballot",
    response={
        201: ReceiptOut,
        401: DetailOut,
        403: DetailOut,
        404: DetailOut,
        409: DetailOut,
        422: ValidationErrorOut | DetailOut,
    },
    operation_id="ballot_cast",
    summary="Cast a city's secret ballot (its delegate only); returns the receipt code once",
)
@api_requires("governance.cast_ballot", load=ballot_seat)
def ballot_cast_api(request: HttpRequest, seat: Seat, vote_id: int, city_id: int, payload: BallotIn):
    """One ballot per city: a second one is 409. Outside the voting window, for a city that is
    not an eligible Full member, or with an option of another vote: 422. Keep the receipt: it
    is not stored with the city and cannot be shown again."""
    try:
        result = ballot_cast(vote=seat.vote, city=seat.city, option_id=payload.option_id, actor=request.auth)
    except BallotRefused as refused:
        raise HttpError(409 if refused.reason == "already_voted" else 422, refused.message) from None
    except PermissionDenied as denied:
        raise HttpError(403, str(denied)) from None
    return Status(
        201,
        {
            "receipt": result.receipt,
            "detail": gettext("Ballot recorded. Keep the receipt to check it in the published tally."),
        },
    )
