"""Governance pages: public meetings and results, member documents, the secretariat's work,
membership approval at a meeting, and casting a ballot in the browser."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from tests.factories import CityFactory
from tests.governance.conftest import cities, person
from tests.personas import log_in
from wego.accounts.models import RoleKind
from wego.governance.models import Ballot, Meeting, MeetingDocument, Term, Vote, VoteStatus
from wego.governance.services import (
    candidacy_register,
    committee_member_elect,
    document_upload,
    vote_create,
    vote_open,
)
from wego.members.models import ApplicationStatus, Membership
from wego.members.services import ContactInput, membership_apply

pytestmark = pytest.mark.django_db

HOUR = dt.timedelta(hours=1)
PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"


def _meetings(gov, n):
    return [
        Meeting.objects.create(
            body=gov.ec,
            title=f"Executive Committee {2030 + i}",
            starts_on=dt.date(2030 + i, 5, 1),
            ends_on=dt.date(2030 + i, 5, 1),
            host_city=CityFactory(),
        )
        for i in range(n)
    ]


def _today_meeting(gov) -> Meeting:
    today = timezone.localdate()
    return Meeting.objects.create(
        body=gov.ec, title="Executive Committee today", starts_on=today, ends_on=today
    )


def _open_vote(gov, meeting, *, closes_in=HOUR, quorum=50) -> Vote:
    now = timezone.now()
    vote = vote_create(
        meeting=meeting,
        kind="motion",
        title="Adopt the work plan",
        question="Shall the work plan be adopted?",
        opens_at=now - HOUR,
        closes_at=now + closes_in,
        quorum_percent=quorum,
        actor=gov.secretariat,
    )
    return vote_open(vote=vote, actor=gov.secretariat)


# Public pages ----------------------------------------------------------------------------------


def test_overview_lists_meetings_and_the_committee_to_anyone(client, gov):
    seoul = CityFactory(name="Seoul")
    today = timezone.localdate()
    Term.objects.create(city=seoul, role="president", starts_on=today, ends_on=today + dt.timedelta(days=900))

    page = client.get("/governance/").content.decode()

    assert "General Assembly 2027" in page
    assert "Seoul" in page
    assert "President City" in page


@pytest.mark.parametrize("n", [1, 3])
def test_overview_queries_do_not_grow_with_meetings(client, gov, django_assert_max_num_queries, n):
    _meetings(gov, n)
    for city in cities(n, "Committee"):
        committee_member_elect(
            meeting=gov.assembly, city=city, starts_on=timezone.localdate(), actor=gov.secretariat
        )

    with django_assert_max_num_queries(6):
        response = client.get("/governance/")

    assert response.status_code == 200


def test_meeting_page_hides_documents_and_minutes_from_visitors(client, gov):
    gov.assembly.minutes = "The Assembly elected the President City."
    gov.assembly.save()

    page = client.get(f"/governance/meetings/{gov.assembly.pk}/").content.decode()

    assert "The Assembly elected the President City." not in page
    assert "Documents, attendance and minutes are for members" in page


def test_meeting_page_shows_minutes_and_documents_to_members(client, gov):
    city = CityFactory()
    member = person("member@example.org", RoleKind.RESPONDENT, city)
    gov.assembly.minutes = "The Assembly elected the President City."
    gov.assembly.save()
    document_upload(
        meeting=gov.assembly,
        title="Budget",
        upload=SimpleUploadedFile("budget.pdf", PDF),
        actor=gov.secretariat,
    )
    client.force_login(member)

    page = client.get(f"/governance/meetings/{gov.assembly.pk}/").content.decode()

    assert "The Assembly elected the President City." in page
    assert "Budget" in page


def test_member_downloads_a_document_as_an_attachment(client, gov):
    member = person("member@example.org", RoleKind.COORDINATOR, CityFactory())
    document = document_upload(
        meeting=gov.assembly,
        title="Budget",
        upload=SimpleUploadedFile("budget.pdf", PDF),
        actor=gov.secretariat,
    )
    client.force_login(member)

    response = client.get(f"/governance/documents/{document.pk}/")

    assert (response.status_code, response["Content-Type"], response.content) == (200, "application/pdf", PDF)
    assert response["Content-Disposition"] == 'attachment; filename="budget.pdf"'


# The secretariat's pages ----------------------------------------------------------------------


def test_secretariat_creates_a_meeting(client, gov):
    log_in(client, gov.secretariat)
    host = CityFactory(name="Host")

    response = client.post(
        "/governance/meetings/new/",
        {
            "body": gov.ga.pk,
            "title": "General Assembly 2030",
            "starts_on": "2030-09-01",
            "ends_on": "2030-09-03",
            "host_city": host.pk,
        },
    )

    meeting = Meeting.objects.get(title="General Assembly 2030")
    assert response.status_code == 302
    assert (meeting.body, meeting.host_city, meeting.ends_on) == (gov.ga, host, dt.date(2030, 9, 3))


def test_late_candidacy_is_refused_on_the_page_with_its_rule(client, gov):
    log_in(client, gov.secretariat)
    city = CityFactory(name="Late City")

    response = client.post(
        f"/governance/meetings/{gov.assembly.pk}/manage/",
        {"action": "candidacy", "candidacy-city": city.pk, "candidacy-notified_on": "2027-08-20"},
    )

    assert response.status_code == 422
    assert (
        "Refused by the statute: A candidate for President City must notify the Secretariat in writing at least "
        "one month before the General Assembly."
    ) in response.content.decode()


def test_four_vice_presidents_are_refused_on_the_terms_page(client, gov):
    log_in(client, gov.secretariat)

    response = client.post(
        "/governance/terms/",
        {
            "meeting": gov.committee_meeting.pk,
            "role": "vice_president",
            "cities": [c.pk for c in cities(4, "VP")],
            "starts_on": "2027-09-06",
        },
    )

    assert response.status_code == 422
    assert "The Executive Committee has at least five Vice President Cities." in response.content.decode()
    assert Term.objects.count() == 0


@pytest.mark.parametrize("n", [1, 3])
def test_terms_page_queries_do_not_grow_with_terms(client, gov, django_assert_max_num_queries, n):
    for city in cities(n, "Committee"):
        committee_member_elect(
            meeting=gov.assembly, city=city, starts_on=dt.date(2027, 9, 6), actor=gov.secretariat
        )
    log_in(client, gov.secretariat)

    with django_assert_max_num_queries(14):
        response = client.get("/governance/terms/")

    assert response.status_code == 200


def test_refused_document_upload_says_why_and_stores_nothing(client, gov):
    log_in(client, gov.secretariat)

    response = client.post(
        f"/governance/meetings/{gov.assembly.pk}/documents/",
        {"document-title": "Fake", "document-file": SimpleUploadedFile("fake.pdf", b"GIF89a...")},
        follow=True,
    )

    assert (
        "The document was not uploaded: The content of fake.pdf is not a PDF file."
        in response.content.decode()
    )
    assert MeetingDocument.objects.count() == 0


def test_candidacy_is_listed_after_registration(gov):
    candidacy = candidacy_register(
        meeting=gov.assembly,
        city=CityFactory(name="Seoul"),
        notified_on=dt.date(2027, 7, 1),
        actor=gov.secretariat,
    )

    assert str(candidacy) == "Seoul (General Assembly 2027)"


# Membership approval at a meeting ------------------------------------------------------------


def _application(city, applicant):
    return membership_apply(
        applicant=applicant,
        city=city,
        mayor_name="Mayor of Gamma",
        letter=SimpleUploadedFile("letter.pdf", PDF),
        contacts=[ContactInput(role="mayor", name="Mayor of Gamma", email="mayor@gamma.example")],
    )


def test_secretariat_approves_a_pending_application_at_the_meeting(client, gov):
    meeting = _today_meeting(gov)
    city = CityFactory(name="Gamma City", member_category="non_member")
    application = _application(city, person("applicant@gamma.example", RoleKind.COORDINATOR, city))
    log_in(client, gov.secretariat)

    listing = client.get(f"/governance/meetings/{meeting.pk}/memberships/").content.decode()
    response = client.post(f"/governance/meetings/{meeting.pk}/memberships/", {"application": application.pk})

    application.refresh_from_db()
    city.refresh_from_db()
    assert "Gamma City" in listing
    assert response.status_code == 302
    assert (application.status, application.approved_at_meeting, application.approving_body) == (
        ApplicationStatus.APPROVED,
        meeting.reference,
        "executive_committee",
    )
    assert city.member_category == "full"
    assert (
        Membership.objects.filter(city=city, category="full").get().approved_at_meeting == meeting.reference
    )


def test_approval_at_a_meeting_that_has_not_taken_place_is_refused(client, gov):
    city = CityFactory(name="Gamma City", member_category="non_member")
    application = _application(city, person("applicant@gamma.example", RoleKind.COORDINATOR, city))
    meeting = _meetings(gov, 1)[0]  # in 2030
    log_in(client, gov.secretariat)

    response = client.post(
        f"/governance/meetings/{meeting.pk}/memberships/", {"application": application.pk}, follow=True
    )

    application.refresh_from_db()
    assert (
        "Executive Committee 2030 has not taken place yet; record approvals from its first day."
        in response.content.decode()
    )
    assert application.status == ApplicationStatus.SUBMITTED


@pytest.mark.parametrize("n", [1, 3])
def test_membership_page_queries_do_not_grow_with_applications(client, gov, django_assert_max_num_queries, n):
    meeting = _today_meeting(gov)
    for i in range(n):
        city = CityFactory(name=f"Applicant {i}", member_category="non_member")
        _application(city, person(f"applicant{i}@example.org", RoleKind.COORDINATOR, city))
    log_in(client, gov.secretariat)

    with django_assert_max_num_queries(12):
        response = client.get(f"/governance/meetings/{meeting.pk}/memberships/")

    assert response.status_code == 200


# Ballots in the browser -------------------------------------------------------------------------


def test_delegate_casts_a_ballot_and_sees_the_receipt_once(client, gov):
    city = CityFactory(name="Voting City")
    coordinator = person("coordinator@voting.example", RoleKind.COORDINATOR, city)
    vote = _open_vote(gov, gov.assembly)
    client.force_login(coordinator)
    yes = vote.options.get(label="Yes")

    response = client.post(f"/governance/votes/{vote.pk}/ballot/{city.pk}/", {"option": yes.pk})
    again = client.post(f"/governance/votes/{vote.pk}/ballot/{city.pk}/", {"option": yes.pk})

    receipt = Ballot.objects.get().receipt
    assert response.status_code == 200
    assert receipt in response.content.decode()
    assert response["Cache-Control"] == "no-store"
    assert again.status_code == 409
    assert "Voting City has already voted; a city casts one ballot." in again.content.decode()
    assert receipt not in client.get(f"/governance/votes/{vote.pk}/").content.decode()


def test_results_page_publishes_after_the_window_and_finds_the_receipt(client, gov):
    city = CityFactory(name="Voting City")
    coordinator = person("coordinator@voting.example", RoleKind.COORDINATOR, city)
    vote = _open_vote(gov, gov.assembly)
    client.force_login(coordinator)
    yes = vote.options.get(label="Yes")
    client.post(f"/governance/votes/{vote.pk}/ballot/{city.pk}/", {"option": yes.pk})
    receipt = Ballot.objects.get().receipt
    Vote.objects.filter(pk=vote.pk).update(closes_at=timezone.now() - dt.timedelta(minutes=1))

    page = client.get(f"/governance/votes/{vote.pk}/", {"receipt": receipt}).content.decode()

    assert Vote.objects.get(pk=vote.pk).status == VoteStatus.PUBLISHED
    assert f"Receipt {receipt} is in the tally, counted for: Yes." in page
    assert "Adopted" in page


def test_quorum_failure_is_shown_on_the_results_page(client, gov):
    voters = cities(3, "Voter")
    vote = _open_vote(gov, gov.assembly, quorum=100)
    Vote.objects.filter(pk=vote.pk).update(closes_at=timezone.now() - dt.timedelta(minutes=1))

    page = client.get(f"/governance/votes/{vote.pk}/").content.decode()

    assert len(voters) == 3
    assert "Quorum not reached: no decision" in page
    assert "0 of 3 eligible members voted." in page


def test_secretariat_prepares_and_opens_a_vote(client, gov):
    CityFactory()
    log_in(client, gov.secretariat)
    now = timezone.now()

    client.post(
        f"/governance/meetings/{gov.assembly.pk}/votes/new/",
        {
            "kind": "motion",
            "title": "Confirm the next host",
            "question": "Shall the Assembly confirm the host?",
            "majority": "two_thirds",
            "quorum_percent": "50",
            "opens_at": (now - HOUR).strftime("%Y-%m-%dT%H:%M"),
            "closes_at": (now + HOUR).strftime("%Y-%m-%dT%H:%M"),
        },
    )
    vote = Vote.objects.get(title="Confirm the next host")
    client.post(f"/governance/votes/{vote.pk}/manage/", {"action": "open"})

    vote.refresh_from_db()
    assert (vote.status, vote.majority, vote.eligible_count) == (VoteStatus.OPEN, "two_thirds", 1)
    assert list(vote.options.values_list("label", flat=True)) == ["Yes", "No", "Abstain"]


@pytest.mark.parametrize("n", [1, 3])
def test_meeting_page_queries_do_not_grow_with_its_contents(client, gov, django_assert_max_num_queries, n):
    member = person("member@example.org", RoleKind.RESPONDENT, CityFactory())
    for i in range(n):
        document_upload(
            meeting=gov.assembly,
            title=f"Paper {i}",
            upload=SimpleUploadedFile("p.pdf", PDF),
            actor=gov.secretariat,
        )
        _open_vote(gov, gov.assembly)
    for city in cities(n, "Attendee"):
        gov.assembly.attendance.create(city=city, kind="delegate")
    client.force_login(member)

    with django_assert_max_num_queries(14):
        response = client.get(f"/governance/meetings/{gov.assembly.pk}/")

    assert response.status_code == 200


@pytest.mark.parametrize("n", [1, 3])
def test_results_page_queries_do_not_grow_with_ballots(client, gov, django_assert_max_num_queries, n):
    voters = [
        (city, person(f"c{i}@example.org", RoleKind.COORDINATOR, city)) for i, city in enumerate(cities(n))
    ]
    vote = _open_vote(gov, gov.assembly)
    yes = vote.options.get(label="Yes").pk
    for city, user in voters:
        client.force_login(user)
        client.post(f"/governance/votes/{vote.pk}/ballot/{city.pk}/", {"option": yes})
    Vote.objects.filter(pk=vote.pk).update(closes_at=timezone.now() - dt.timedelta(minutes=1))
    client.get(f"/governance/votes/{vote.pk}/")  # publishes

    with django_assert_max_num_queries(16):
        response = client.get(f"/governance/votes/{vote.pk}/", {"receipt": "AAAA"})

    assert response.status_code == 200
    assert response.content.decode().count("<code>") == n


def test_voting_window_is_entered_in_utc_whatever_the_server_zone(client, gov, settings):
    settings.TIME_ZONE = "Asia/Seoul"
    log_in(client, gov.secretariat)

    client.post(
        f"/governance/meetings/{gov.assembly.pk}/votes/new/",
        {
            "kind": "motion",
            "title": "In UTC",
            "question": "?",
            "majority": "simple",
            "quorum_percent": "50",
            "opens_at": "2030-01-01T09:00",
            "closes_at": "2030-01-01T17:00",
        },
    )

    vote = Vote.objects.get(title="In UTC")
    assert (vote.opens_at, vote.closes_at) == (
        dt.datetime(2030, 1, 1, 9, tzinfo=dt.UTC),
        dt.datetime(2030, 1, 1, 17, tzinfo=dt.UTC),
    )
