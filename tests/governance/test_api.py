"""The governance API: public meetings and results; a city's ballot cast by its delegate."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from tests.factories import CityFactory
from tests.governance.conftest import person
from wego.accounts.models import RoleKind
from wego.accounts.services import api_token_create
from wego.governance.models import Vote
from wego.governance.services import agenda_item_add, vote_create, vote_open

pytestmark = pytest.mark.django_db

HOUR = dt.timedelta(hours=1)


def _bearer(user) -> dict[str, str]:
    return {"Authorization": f"Bearer {api_token_create(user=user, name='tests')[1]}"}


def _vote(gov) -> Vote:
    now = timezone.now()
    vote = vote_create(
        meeting=gov.assembly,
        kind="motion",
        title="Adopt the work plan",
        question="Shall the work plan be adopted?",
        opens_at=now - HOUR,
        closes_at=now + HOUR,
        actor=gov.secretariat,
    )
    return vote_open(vote=vote, actor=gov.secretariat)


def test_meetings_are_public(client, gov):
    agenda_item_add(meeting=gov.assembly, title="Opening", actor=gov.secretariat)

    listing = client.get("/api/governance/meetings").json()
    detail = client.get(f"/api/governance/meetings/{gov.assembly.pk}").json()

    assert [m["title"] for m in listing] == ["General Assembly 2027", "Executive Committee 2027"]
    assert (detail["body_kind"], detail["agenda"]) == (
        "general_assembly",
        [{"position": 1, "title": "Opening"}],
    )


def test_delegate_casts_by_api_and_a_second_ballot_is_409(client, gov):
    city = CityFactory(name="Voting City")
    headers = _bearer(person("coordinator@voting.example", RoleKind.COORDINATOR, city))
    vote = _vote(gov)
    yes = vote.options.get(label="Yes").pk
    url = f"/api/governance/votes/{vote.pk}/cities/{city.pk}/ballot"

    first = client.post(url, {"option_id": yes}, content_type="application/json", headers=headers)
    second = client.post(url, {"option_id": yes}, content_type="application/json", headers=headers)

    assert first.status_code == 201
    assert len(first.json()["receipt"]) == 24
    assert (second.status_code, second.json()) == (
        409,
        {"detail": "Voting City has already voted; a city casts one ballot."},
    )


def test_ballot_for_another_city_is_403(client, gov):
    mine, other = CityFactory(name="Mine"), CityFactory(name="Other")
    headers = _bearer(person("coordinator@mine.example", RoleKind.COORDINATOR, mine))
    vote = _vote(gov)

    response = client.post(
        f"/api/governance/votes/{vote.pk}/cities/{other.pk}/ballot",
        {"option_id": vote.options.first().pk},
        content_type="application/json",
        headers=headers,
    )

    assert response.status_code == 403


def test_results_and_tally_appear_once_the_window_closes(client, gov):
    city = CityFactory(name="Voting City")
    headers = _bearer(person("coordinator@voting.example", RoleKind.COORDINATOR, city))
    vote = _vote(gov)
    no = vote.options.get(label="No").pk
    receipt = client.post(
        f"/api/governance/votes/{vote.pk}/cities/{city.pk}/ballot",
        {"option_id": no},
        content_type="application/json",
        headers=headers,
    ).json()["receipt"]
    before = client.get(f"/api/governance/votes/{vote.pk}").json()
    Vote.objects.filter(pk=vote.pk).update(closes_at=timezone.now() - dt.timedelta(minutes=1))

    after = client.get(f"/api/governance/votes/{vote.pk}").json()

    assert (before["status"], before["ballots_cast"], before["tally"]) == ("open", None, [])
    assert [o["count"] for o in before["options"]] == [None, None, None]
    assert (after["status"], after["outcome"], after["ballots_cast"]) == ("published", "rejected", 1)
    assert after["tally"] == [{"receipt": receipt, "choice": "No"}]
