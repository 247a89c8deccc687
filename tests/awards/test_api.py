"""The awards API: public editions, one's own applications, a judge's own assignments, published results."""

from __future__ import annotations

import pytest

from tests.awards.world import build_awards
from tests.personas import build_world
from wego.accounts.services import api_token_create
from wego.awards import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_world()


@pytest.fixture
def aw(world):
    return build_awards(world)


def headers(user) -> dict:
    return {"Authorization": f"Bearer {api_token_create(user=user, name='tests')[1]}"}


def test_editions_are_public(client, aw):
    response = client.get("/api/awards/editions")

    numbers = [e["number"] for e in response.json()]
    assert response.status_code == 200
    assert numbers == [9, 8, 7, 4, 3, 2, 1]
    assert response.json()[-1]["categories"][0] == {
        "slug": "services",
        "name": "Services",
        "description": response.json()[-1]["categories"][0]["description"],
    }


def test_an_applicant_lists_only_their_own_applications(client, world, aw):
    response = client.get("/api/awards/applications", headers=headers(world.users["coordinator_b"]))

    assert sorted(a["project_title"] for a in response.json()) == ["Bus app", "Safe streets"]


def test_a_judge_lists_only_non_conflicted_assignments_with_their_scores(client, world, aw):
    response = client.get("/api/awards/assignments", headers=headers(world.users["judge"]))

    rows = response.json()
    assert [r["id"] for r in rows] == [aw.assignment.pk]
    assert [s["value"] for s in rows[0]["scores"]] == [7, 7, 7, 7, 7]


def test_results_appear_only_after_publication(client, world, aw):
    before = [r["edition"] for r in client.get("/api/awards/results").json()]
    services.decision_record(
        edition=aw.judging,
        category=aw.entry.category,
        actor=world.users["secretariat"],
        winners=[aw.entry.pk],
        reason="Highest score.",
    )
    services.results_publish(edition=aw.judging, actor=world.users["secretariat"])

    after = {r["edition"]: r for r in client.get("/api/awards/results").json()}

    assert before == [7]
    assert sorted(after) == [7, 8]
    assert after[8]["winners"] == [
        {"category": "mobility", "rank": 1, "tier": "Best", "city": "Beta City", "project_title": "Bus app"}
    ]
    assert after[8]["decisions"][0]["reason"] == "Highest score."
