"""eGovFrame technical support: the same requests, messages and routing as action items, with
the states new -> assigned -> answered -> closed (and answered -> assigned when not solved)."""

import datetime as dt
from io import StringIO

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.utils import timezone

from tests.assistance.conftest import make_request
from tests.factories import CityFactory
from tests.personas import log_in, make_user
from wego.accounts.models import RoleKind
from wego.accounts.services import api_token_create
from wego.assistance.models import AssistanceMessage, AssistanceRequest, State
from wego.assistance.services import (
    AssistanceRefused,
    assistance_answer,
    assistance_assign,
    assistance_close,
    assistance_close_unanswered,
    assistance_reopen,
    assistance_start,
    assistance_transition,
    egovframe_request_create,
)
from wego.common.models import AuditEvent, Notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def headers(world):
    def of(persona: str) -> dict:
        return {"Authorization": f"Bearer {api_token_create(user=world.users[persona], name='t')[1]}"}

    return of


def create(world, **kwargs) -> AssistanceRequest:
    args = {
        "actor": world.users["coordinator_a"],
        "city": world.city_a,
        "area": "runtime",
        "version": "4.2",
        "description": "Our nightly batch job stops halfway since the upgrade.",
    }
    args.update(kwargs)
    return egovframe_request_create(**args)


def assigned(world, today) -> AssistanceRequest:
    return assistance_assign(
        actor=world.users["secretariat"],
        assistance=create(world),
        expert=world.users["expert"],
        due_on=today + dt.timedelta(days=10),
    )


def answered(world, today) -> AssistanceRequest:
    return assistance_answer(
        actor=world.users["expert"], assistance=assigned(world, today), answer="Check the chunk size."
    )


def subjects() -> list[str]:
    return sorted(set(Notification.objects.values_list("subject", flat=True)))


# Create -------------------------------------------------------------------------------------------


def test_create_stores_the_kind_area_and_version_without_assessment_or_module(world):
    created = create(world)

    assert (created.kind, created.state, created.egov_area, created.egov_version) == (
        "egovframe",
        "new",
        "runtime",
        "4.2",
    )
    assert (created.assessment, created.module_id, created.routed_region) == (None, "", "Asia")
    assert created.title == "eGovFrame support: Runtime (execution) environment"
    assert list(created.events.values_list("action", "from_state", "to_state")) == [("create", "", "new")]
    assert AuditEvent.objects.filter(action="assistance.create", object_id=str(created.pk)).count() == 1
    assert subjects() == [
        "eGovFrame support requested: eGovFrame support: Runtime (execution) environment (Alpha City)"
    ]


def test_create_refuses_a_city_that_is_not_a_member_and_writes_nothing(world):
    outsider = CityFactory(name="Gamma Town", member_category="non_member")
    coordinator = make_user("coord-gamma@example.org", RoleKind.COORDINATOR, outsider)

    with pytest.raises(AssistanceRefused) as refused:
        create(world, actor=coordinator, city=outsider)

    assert (
        refused.value.message
        == "eGovFrame technical support is for member cities; Gamma Town is not a member."
    )
    assert refused.value.field == "city"
    assert AssistanceRequest.objects.count() == 0


def test_create_refuses_a_respondent_of_the_city(world):
    with pytest.raises(PermissionDenied) as denied:
        create(world, actor=world.users["respondent_a"])

    assert str(denied.value) == "Only the city's coordinator can ask for eGovFrame technical support."


def test_create_refuses_the_coordinator_of_another_city(world):
    with pytest.raises(PermissionDenied):
        create(world, actor=world.users["coordinator_b"])

    assert AssistanceRequest.objects.count() == 0


def test_create_refuses_an_unknown_area(world):
    with pytest.raises(AssistanceRefused) as refused:
        create(world, area="cloud")

    assert refused.value.message == (
        "eGovFrame area: choose one of development, runtime, management, operation, common-components."
    )


def test_create_refuses_an_empty_description_and_a_long_version(world):
    with pytest.raises(AssistanceRefused) as empty:
        create(world, description="  ")
    with pytest.raises(AssistanceRefused) as long:
        create(world, version="4" * 21)

    assert empty.value.message == "What help is needed: this is required."
    assert long.value.message == "eGovFrame version: at most 20 characters."


def test_a_city_may_have_several_open_egovframe_requests(world):
    """No uniqueness rule: a city may have several questions open at once."""
    first = create(world)
    second = create(world)

    assert first.pk != second.pk


def test_the_database_requires_an_area_for_egovframe_and_a_diagnosis_for_an_action_item(world):
    with pytest.raises(IntegrityError), transaction.atomic():
        AssistanceRequest.objects.create(kind="egovframe", city=world.city_a, title="t", description="d")
    with pytest.raises(IntegrityError), transaction.atomic():
        AssistanceRequest.objects.create(
            kind="action_item", city=world.city_a, module_id="gis-portal", title="t", description="d"
        )


def test_an_open_egovframe_request_does_not_block_an_action_item_request(world):
    create(world)

    request = make_request(world)

    assert request.kind == "action_item"


# Transitions ----------------------------------------------------------------------------------------


def test_assign_moves_new_to_assigned(world, today):
    request = assigned(world, today)

    assert (request.state, request.expert) == ("assigned", world.users["expert"])


def test_answer_moves_assigned_to_answered_and_posts_the_answer(world, today):
    request = answered(world, today)

    assert request.state == "answered"
    assert request.answered_at is not None
    assert list(request.messages.values_list("author__email", "body")) == [
        ("expert@example.org", "Check the chunk size.")
    ]
    assert list(request.events.values_list("action", flat=True)) == ["create", "assign", "answer"]
    assert "eGovFrame support answered: eGovFrame support: Runtime (execution) environment" in subjects()


def test_answer_is_refused_to_another_expert(world, today):
    request = assigned(world, today)

    with pytest.raises(PermissionDenied) as denied:
        assistance_answer(actor=world.users["other_expert"], assistance=request, answer="Try this.")

    assert str(denied.value) == "Only the assigned expert or the secretariat can answer the request."


def test_answer_is_refused_while_new_and_without_text(world, today):
    with pytest.raises(AssistanceRefused) as new:
        assistance_answer(actor=world.users["secretariat"], assistance=create(world), answer="Try this.")
    with pytest.raises(AssistanceRefused) as empty:
        assistance_answer(actor=world.users["expert"], assistance=assigned(world, today), answer=" ")

    assert new.value.message == "A request that is new cannot be answered."
    assert empty.value.message == "Answer: this is required."


def test_close_moves_answered_to_closed_by_the_city(world, today):
    request = assistance_close(actor=world.users["coordinator_a"], assistance=answered(world, today))

    assert request.state == "closed"
    assert request.closed_at is not None
    assert list(request.events.values_list("action", "from_state", "to_state"))[-1] == (
        "close",
        "answered",
        "closed",
    )


def test_close_is_refused_to_the_expert_and_the_secretariat(world, today):
    request = answered(world, today)

    for actor in (world.users["expert"], world.users["secretariat"]):
        with pytest.raises(PermissionDenied) as denied:
            assistance_close(actor=actor, assistance=request)
        assert str(denied.value) == "Only the city's coordinator can close the request."


def test_close_is_refused_before_the_answer(world, today):
    with pytest.raises(AssistanceRefused) as refused:
        assistance_close(actor=world.users["coordinator_a"], assistance=assigned(world, today))

    assert refused.value.message == "A request that is assigned cannot be closed."


def test_reopen_moves_answered_back_to_assigned_with_the_city_reply(world, today):
    request = assistance_reopen(
        actor=world.users["coordinator_a"], assistance=answered(world, today), reason="It still stops."
    )

    assert (request.state, request.answered_at, request.expert) == ("assigned", None, world.users["expert"])
    assert list(request.messages.values_list("author__email", "body")) == [
        ("expert@example.org", "Check the chunk size."),
        ("coord-a@example.org", "It still stops."),
    ]
    again = assistance_answer(actor=world.users["expert"], assistance=request, answer="Raise the timeout.")
    assert again.state == "answered"


def test_reopen_needs_a_reason_and_the_city(world, today):
    request = answered(world, today)

    with pytest.raises(AssistanceRefused) as empty:
        assistance_reopen(actor=world.users["coordinator_a"], assistance=request, reason="")
    with pytest.raises(PermissionDenied) as denied:
        assistance_reopen(actor=world.users["respondent_a"], assistance=request, reason="No.")

    assert empty.value.message == "What is still not solved: this is required."
    assert (
        str(denied.value)
        == "Only the city's coordinator can reply that the answer did not solve the problem."
    )


def test_reopen_is_refused_unless_answered(world, today):
    with pytest.raises(AssistanceRefused) as refused:
        assistance_reopen(actor=world.users["coordinator_a"], assistance=create(world), reason="No.")

    assert refused.value.message == "A request that is new cannot be reopened."


def test_action_item_actions_are_refused_on_egovframe_requests(world, today):
    request = assigned(world, today)

    with pytest.raises(AssistanceRefused) as refused:
        assistance_start(actor=world.users["expert"], assistance=request)
    for action, actor in (("decline", "secretariat"), ("withdraw", "coordinator_a"), ("complete", "expert")):
        with pytest.raises(AssistanceRefused) as other:
            assistance_transition(actor=world.users[actor], assistance=request, action=action, reason="r")
        assert other.value.message == "This action does not apply to an eGovFrame support request."

    assert refused.value.message == "This action does not apply to an eGovFrame support request."


def test_egovframe_actions_are_refused_on_action_item_requests(world):
    request = make_request(world, state=State.ASSIGNED, expert=world.users["expert"])

    with pytest.raises(AssistanceRefused) as refused:
        assistance_answer(actor=world.users["expert"], assistance=request, answer="Done.")

    assert refused.value.message == "This action applies only to an eGovFrame support request."


def test_unknown_action_lists_the_egovframe_actions(world):
    with pytest.raises(AssistanceRefused) as refused:
        assistance_transition(actor=world.users["secretariat"], assistance=create(world), action="start2")

    assert refused.value.message == "Unknown action 'start2'; use one of: assign, answer, close, reopen."


# Closing answered requests without reply --------------------------------------------------------------


def _age(request, days: int) -> None:
    AssistanceRequest.objects.filter(pk=request.pk).update(
        answered_at=timezone.now() - dt.timedelta(days=days)
    )


def test_requests_answered_30_days_ago_without_reply_are_closed(world, today):
    old, recent = answered(world, today), answered(world, today)
    _age(old, 30)
    _age(recent, 29)

    out = StringIO()
    call_command("assistance_close_answered", stdout=out)

    old.refresh_from_db()
    recent.refresh_from_db()
    assert (old.state, recent.state) == ("closed", "answered")
    assert old.events.last().note == "Closed by the secretariat: no reply within 30 days of the answer."
    assert old.events.last().actor is None
    assert out.getvalue().splitlines()[-1] == "1 request(s) closed."


def test_a_reply_from_the_city_keeps_an_answered_request_open(world, today):
    request = answered(world, today)
    _age(request, 40)
    AssistanceMessage.objects.create(request=request, author=world.users["respondent_a"], body="Trying it.")
    AssistanceMessage.objects.filter(request=request, author=world.users["respondent_a"]).update(
        created_at=timezone.now() - dt.timedelta(days=35)
    )

    assert assistance_close_unanswered() == []
    request.refresh_from_db()
    assert request.state == "answered"


def test_a_message_of_the_expert_is_not_a_reply_of_the_city(world, today):
    request = answered(world, today)
    _age(request, 31)

    assert [r.pk for r in assistance_close_unanswered()] == [request.pk]


# Pages ------------------------------------------------------------------------------------------------


def test_new_page_lists_only_member_cities_the_person_coordinates(client, world):
    outsider = CityFactory(name="Gamma Town", member_category="non_member")
    coordinator = world.users["coordinator_a"]
    coordinator.roles.create(kind=RoleKind.COORDINATOR, city=outsider)
    log_in(client, coordinator)

    response = client.get("/assistance/egovframe/new/")

    assert response.status_code == 200
    assert [label for _value, label in response.context["form"].fields["city"].choices] == ["Alpha City"]


def test_new_page_creates_the_request_and_shows_it(client, world):
    log_in(client, world.users["coordinator_a"])

    response = client.post(
        "/assistance/egovframe/new/",
        {
            "city": world.city_a.pk,
            "area": "common-components",
            "version": "",
            "title": "",
            "description": "Help.",
        },
    )

    created = AssistanceRequest.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/assistance/{created.pk}/"
    assert (created.kind, created.egov_area) == ("egovframe", "common-components")
    page = client.get(response["Location"]).content.decode()
    assert "Common components" in page
    assert "eGovFrame technical support" in page


def test_new_page_refuses_a_city_not_offered(client, world):
    log_in(client, world.users["coordinator_a"])

    response = client.post(
        "/assistance/egovframe/new/",
        {"city": world.city_b.pk, "area": "runtime", "description": "Help."},
    )

    assert response.status_code == 200
    assert AssistanceRequest.objects.count() == 0
    assert response.context["form"].errors["city"] == [
        f"Select a valid choice. {world.city_b.pk} is not one of the available choices."
    ]


def test_list_filters_by_kind(client, world):
    create(world)
    make_request(world)
    log_in(client, world.users["coordinator_a"])

    support = client.get("/assistance/?kind=egovframe")
    items = client.get("/assistance/?kind=action_item")
    every = client.get("/assistance/")

    assert [r.kind for r in support.context["page"]] == ["egovframe"]
    assert [r.kind for r in items.context["page"]] == ["action_item"]
    assert len(every.context["page"]) == 2
    assert "/assistance/egovframe/new/" in every.content.decode()


def test_transitions_through_the_page(client, world, today):
    request = answered(world, today)
    log_in(client, world.users["coordinator_a"])

    page = client.get(f"/assistance/{request.pk}/").content.decode()
    response = client.post(
        f"/assistance/{request.pk}/transition/", {"action": "reopen", "reason": "Not yet."}
    )

    assert 'value="close"' in page
    assert 'value="reopen"' in page
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.state == "assigned"


def test_learning_egovframe_page_links_to_technical_support(client, world):
    response = client.get("/egovframe/")

    assert "/assistance/?kind=egovframe" in response.content.decode()


# API --------------------------------------------------------------------------------------------------


def test_api_creates_an_egovframe_request(client, world, headers):
    response = client.post(
        f"/api/cities/{world.city_a.pk}/assistance",
        {"kind": "egovframe", "area": "operation", "version": "4.2", "description": "Monitoring alerts."},
        content_type="application/json",
        headers=headers("coordinator_a"),
    )

    body = response.json()
    assert response.status_code == 201
    assert (body["kind"], body["egov_area"], body["egov_version"], body["assessment_id"], body["state"]) == (
        "egovframe",
        "operation",
        "4.2",
        None,
        "new",
    )


def test_api_refuses_a_city_that_is_not_a_member(client, world, headers):
    outsider = CityFactory(name="Gamma Town", member_category="non_member")
    world.users["coordinator_a"].roles.create(kind=RoleKind.COORDINATOR, city=outsider)

    response = client.post(
        f"/api/cities/{outsider.pk}/assistance",
        {"kind": "egovframe", "area": "operation", "description": "Help."},
        content_type="application/json",
        headers=headers("coordinator_a"),
    )

    assert response.status_code == 422
    assert (
        response.json()["detail"]
        == "eGovFrame technical support is for member cities; Gamma Town is not a member."
    )


def test_api_answers_and_closes(client, world, today, headers):
    request = assigned(world, today)

    answer = client.post(
        f"/api/assistance/{request.pk}/transition",
        {"action": "answer", "note": "Raise the timeout."},
        content_type="application/json",
        headers=headers("secretariat"),
    )
    close = client.post(
        f"/api/assistance/{request.pk}/transition",
        {"action": "close"},
        content_type="application/json",
        headers=headers("coordinator_a"),
    )

    assert (answer.status_code, answer.json()["state"]) == (200, "answered")
    assert (close.status_code, close.json()["state"]) == (200, "closed")
    listed = client.get("/api/assistance?kind=egovframe", headers=headers("coordinator_a")).json()
    assert [r["id"] for r in listed] == [request.pk]


def test_api_detail_of_an_egovframe_request_has_no_outcome(client, world, today, headers):
    request = answered(world, today)

    response = client.get(f"/api/assistance/{request.pk}", headers=headers("coordinator_a"))

    body = response.json()
    assert response.status_code == 200
    assert (body["kind"], body["state"], body["outcome"], body["allowed_actions"]) == (
        "egovframe",
        "answered",
        None,
        ["close", "reopen"],
    )
    assert [m["body"] for m in body["messages"]] == ["Check the chunk size."]


def test_detail_page_of_an_egovframe_request_for_the_expert(client, world, today):
    request = assigned(world, today)
    log_in(client, world.users["expert"])

    response = client.get(f"/assistance/{request.pk}/")

    assert response.status_code == 200
    assert response.context["actions"] == ["answer"]
    assert response.context["outcome"] is None


def test_the_areas_are_those_of_the_course_catalogue():
    from wego.assistance.models import EgovArea
    from wego.learning.courses import ENVIRONMENTS, load_courses

    assert tuple(EgovArea.values) == ENVIRONMENTS
    assert [e.id for e in load_courses().environments] == list(EgovArea.values)
