"""`wego governance_publish`: results of votes whose window has closed go out without a visit."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from tests.factories import CityFactory
from wego.governance.models import Vote, VoteStatus
from wego.governance.services import vote_create, vote_open

pytestmark = pytest.mark.django_db


def test_command_publishes_closed_votes_only(gov):
    CityFactory()
    now = timezone.now()
    votes = []
    for title in ("Closed", "Still open"):
        vote = vote_create(
            meeting=gov.assembly,
            kind="motion",
            title=title,
            question="?",
            opens_at=now - dt.timedelta(hours=2),
            closes_at=now + dt.timedelta(hours=1),
            actor=gov.secretariat,
        )
        votes.append(vote_open(vote=vote, actor=gov.secretariat))
    Vote.objects.filter(pk=votes[0].pk).update(closes_at=now - dt.timedelta(minutes=1))
    out = StringIO()

    call_command("governance_publish", stdout=out)

    assert sorted(Vote.objects.values_list("title", "status")) == [
        ("Closed", VoteStatus.PUBLISHED),
        ("Still open", VoteStatus.OPEN),
    ]
    assert out.getvalue().splitlines() == [
        f"published: {votes[0].pk} Closed (no_quorum)",
        "1 vote(s) published",
    ]
