"""The solutions endpoints: modules, action items and the Master Plan, with the pages' rules."""

import pytest

from wego.analysis import selectors
from wego.analysis.diagnosis import action_items_for
from wego.solutions.models import Plan
from wego.solutions.services import plan_catalogue

pytestmark = pytest.mark.django_db


def _post(client, world, url, body, persona="coordinator_a"):
    return client.post(
        url.format(city=world.city_a.pk),
        body,
        content_type="application/json",
        headers=world.headers(persona),
    )


def test_module_steps_come_in_five_phases(client, world):
    body = client.get("/api/modules/digital-identity-sso", headers=world.headers("respondent_a")).json()

    assert [p["phase"] for p in body["phases"]] == ["plan", "procure", "build", "launch", "operate"]
    assert body["prerequisites"] == ["base-registries", "cybersecurity-operations"]


def test_action_items_match_the_dashboard(client, world):
    a = world.assessment_a
    expected = [i.module.id for i in action_items_for(selectors.dashboard(a), a)]

    body = client.get(f"/api/assessments/{a.pk}/action-items", headers=world.headers("consultant_a")).json()

    assert [item["module_id"] for item in body] == expected
    assert [item["rank"] for item in body] == list(range(1, len(expected) + 1))


def test_plan_is_built_changed_and_a_broken_prerequisite_refused_with_409(client, world):
    created = _post(client, world, "/api/cities/{city}/plan", {"assessment_id": world.assessment_a.pk})
    accepted = _post(client, world, "/api/cities/{city}/plan/items/base-registries", {"status": "accepted"})
    refused = _post(client, world, "/api/cities/{city}/plan/items/base-registries", {"status": "dropped"})

    assert created.status_code == 200
    items = {i["module_id"]: i for i in accepted.json()["items"]}
    assert items["base-registries"]["status"] == "accepted"
    assert refused.status_code == 409
    plan = Plan.objects.get()
    catalogue = plan_catalogue(plan)
    needing = sorted(
        i.module_id
        for i in plan.items.all()
        if "base-registries" in catalogue.module(i.module_id).prerequisites
    )
    assert len(needing) > 1
    assert refused.json()["detail"] == f"{', '.join(needing)} need base-registries first; drop them first"
    assert Plan.objects.get().items.get(module_id="base-registries").status == "accepted"


def test_another_citys_plan_is_404(client, world):
    _post(client, world, "/api/cities/{city}/plan", {"assessment_id": world.assessment_a.pk})

    response = client.get(f"/api/cities/{world.city_a.pk}/plan", headers=world.headers("coordinator_b"))

    assert response.status_code == 404
