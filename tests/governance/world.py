"""Governance objects for the shared permission matrices (pages and API): a General Assembly
held today with an agenda and a document, and an open motion vote. Safe to call twice."""

from __future__ import annotations

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from wego.governance.models import Body, BodyKind, Meeting, Term, TermRole
from wego.governance.services import add_years, agenda_item_add, document_upload, vote_create, vote_open

TITLE = "General Assembly (permission matrix)"


def governance_world(city_a, users) -> dict[str, int]:
    """Ids: meeting_id, vote_id (open), yes_id (its first option), document_id, term_id."""
    meeting = Meeting.objects.filter(title=TITLE).first()
    if meeting is None:
        secretariat = users["secretariat"]
        today = timezone.localdate()
        body, _ = Body.objects.get_or_create(
            kind=BodyKind.EXECUTIVE_COMMITTEE, defaults={"name": "Executive Committee"}
        )
        meeting = Meeting.objects.create(body=body, title=TITLE, starts_on=today, ends_on=today)
        agenda_item_add(meeting=meeting, title="Opening", actor=secretariat)
        document_upload(
            meeting=meeting,
            title="Papers",
            upload=SimpleUploadedFile("papers.pdf", b"%PDF-1.7\n%%EOF\n"),
            actor=secretariat,
        )
        now = timezone.now()
        vote = vote_create(
            meeting=meeting,
            kind="motion",
            title="Adopt the budget",
            question="Shall the budget be adopted?",
            opens_at=now - dt.timedelta(hours=1),
            closes_at=now + dt.timedelta(hours=1),
            actor=secretariat,
        )
        vote_open(vote=vote, actor=secretariat)
        Term.objects.create(
            city=city_a,
            role=TermRole.MEMBER,
            starts_on=today,
            ends_on=add_years(today, 3),
            meeting=meeting,
        )
    vote = meeting.votes.get()
    return {
        "meeting_id": meeting.pk,
        "vote_id": vote.pk,
        "yes_id": vote.options.order_by("position").first().pk,
        "document_id": meeting.documents.get().pk,
        "term_id": meeting.terms.get().pk,
    }


def gov_ids(world) -> dict[str, int]:
    """The same, for a world of tests/personas.py or tests/api/conftest.py."""
    return governance_world(world.city_a, world.users)
