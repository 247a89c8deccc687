import datetime as dt

import pytest

from tests.assistance.conftest import MODULE, make_request
from wego.accounts.services import api_token_create
from wego.assistance.models import AssistanceRequest, State

pytestmark = pytest.mark.django_db


@pytest.fixture
def headers(world):
    def of(persona: str) -> dict:
        return {"Authorization": f"Bearer {api_token_create(user=world.users[persona], name='t')[1]}"}

    return of


def post(client, url, body, headers):
    return client.post(url, body, content_type="application/json", headers=headers)


def test_api_list_is_scoped(client, world, headers):
    a = make_request(world)
    make_request(world, city=world.city_b, module="gis-portal")

    response = client.get("/api/assistance", headers=headers("coordinator_a"))

    assert response.status_code == 200
    assert [(r["id"], r["city"], r["module_id"]) for r in response.json()] == [(a.pk, "Alpha City", MODULE)]


def test_api_list_filters_overdue(client, world, headers):
    late = make_request(world, state=State.ASSIGNED, expert=world.users["expert"], due_on=dt.date(2020, 1, 1))
    make_request(world, module="gis-portal")

    response = client.get("/api/assistance?overdue=true", headers=headers("expert"))

    assert [(r["id"], r["overdue"], r["assignee"]["kind"]) for r in response.json()] == [
        (late.pk, True, "expert")
    ]


def test_api_detail_of_another_city_is_404(client, world, headers):
    a = make_request(world)

    other = client.get(f"/api/assistance/{a.pk}", headers=headers("coordinator_b"))
    own = client.get(f"/api/assistance/{a.pk}", headers=headers("coordinator_a"))

    assert other.status_code == 404
    assert own.status_code == 200
    assert (own.json()["allowed_actions"], own.json()["messages"], own.json()["outcome"]) == (
        ["withdraw"],
        [],
        None,
    )


def test_api_create_then_duplicate_is_409_with_the_open_one(client, world, headers):
    url = f"/api/assessments/{world.assessment_a.pk}/assistance"
    body = {"module_id": MODULE, "description": "Help with the call centre."}

    first = post(client, url, body, headers("coordinator_a"))
    second = post(client, url, body, headers("coordinator_a"))

    created = AssistanceRequest.objects.get()
    assert first.status_code == 201
    assert (first.json()["id"], first.json()["routed_to"], first.json()["state"]) == (
        created.pk,
        "Asia",
        "new",
    )
    assert second.status_code == 409
    assert second.json() == {
        "detail": "An open request for this module already exists for Alpha City.",
        "field": "",
        "existing_id": created.pk,
    }


def test_api_create_unknown_module_is_422(client, world, headers):
    response = post(
        client,
        f"/api/assessments/{world.assessment_a.pk}/assistance",
        {"module_id": "teleportation", "description": "x"},
        headers("coordinator_a"),
    )

    assert response.status_code == 422
    assert response.json()["field"] == "module"
    assert AssistanceRequest.objects.count() == 0


@pytest.mark.parametrize(
    ("persona", "status"), [("respondent_a", 403), ("coordinator_b", 404), ("secretariat", 403)]
)
def test_api_create_by_others_is_refused(client, world, headers, persona, status):
    response = post(
        client,
        f"/api/assessments/{world.assessment_a.pk}/assistance",
        {"module_id": MODULE, "description": "x"},
        headers(persona),
    )

    assert response.status_code == status


def test_api_transitions_and_messages(client, world, headers, today):
    request = make_request(world, routed_region="Asia")
    url = f"/api/assistance/{request.pk}"
    due = (today + dt.timedelta(days=7)).isoformat()

    early = post(client, url + "/transition", {"action": "start"}, headers("secretariat"))
    assign = post(
        client,
        url + "/transition",
        {"action": "assign", "expert_id": world.users["expert"].pk, "due_on": due},
        headers("office_asia"),
    )
    start = post(client, url + "/transition", {"action": "start"}, headers("expert"))
    message = post(client, url + "/messages", {"body": "On my way."}, headers("expert"))
    refused = post(client, url + "/messages", {"body": "Me too."}, headers("respondent_a"))
    complete = post(client, url + "/transition", {"action": "complete"}, headers("expert"))
    detail = client.get(url, headers=headers("coordinator_a")).json()

    assert (early.status_code, early.json()["field"]) == (409, "state")
    assert (assign.status_code, assign.json()["state"], assign.json()["due_on"]) == (200, "assigned", due)
    assert (start.status_code, start.json()["state"]) == (200, "in_progress")
    assert (message.status_code, message.json()["body"]) == (201, "On my way.")
    assert refused.status_code == 403
    assert (complete.status_code, complete.json()["state"]) == (200, "done")
    assert [e["action"] for e in detail["events"]] == ["assign", "start", "complete"]
    assert [m["author"] for m in detail["messages"]] == ["expert@example.org"]
    assert [c["indicator_id"] for c in detail["outcome"]["indicators"]] == ["PS.4", "CR.3"]


def test_api_assign_without_a_due_date_is_422(client, world, headers):
    request = make_request(world)

    response = post(
        client,
        f"/api/assistance/{request.pk}/transition",
        {"action": "assign", "partner_id": world.partner.pk},
        headers("secretariat"),
    )

    assert response.status_code == 422
    assert response.json() == {
        "detail": "Due date: this is required.",
        "field": "due_on",
        "existing_id": None,
    }


def test_api_unknown_action_is_422_from_the_schema(client, world, headers):
    request = make_request(world)

    response = post(
        client, f"/api/assistance/{request.pk}/transition", {"action": "fly"}, headers("secretariat")
    )

    assert response.status_code == 422
