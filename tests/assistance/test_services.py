import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction

from tests.assistance.conftest import MODULE, make_request
from wego.assistance.models import AssistanceEvent, AssistanceMessage, AssistanceRequest, State
from wego.assistance.services import (
    AssistanceRefused,
    assistance_assign,
    assistance_complete,
    assistance_create,
    assistance_decline,
    assistance_message_post,
    assistance_start,
    assistance_transition,
    assistance_withdraw,
    people_involved,
)
from wego.common.models import AuditEvent, Notification

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n"


def create(world, **kwargs):
    args = {
        "actor": world.users["coordinator_a"],
        "assessment": world.assessment_a,
        "module_id": MODULE,
        "description": "Our call centre numbers are scattered over 40 departments.",
    }
    args.update(kwargs)
    return assistance_create(**args)


def recipients_of(subject_start: str) -> list[str]:
    return sorted(
        Notification.objects.filter(subject__startswith=subject_start).values_list(
            "recipient__email", flat=True
        )
    )


# Create ---------------------------------------------------------------------------------------------


def test_create_routes_to_the_regional_office_of_the_city_region(world):
    created = create(world)

    assert (created.state, created.routed_region, created.city, created.module_id) == (
        "new",
        "Asia",
        world.city_a,
        MODULE,
    )
    assert created.indicator_ids == ["PS.4", "CR.3"]
    assert created.title == "Integrated citizen call centre"
    assert recipients_of("Assistance requested") == ["office-asia@example.org"]
    assert list(
        AuditEvent.objects.filter(action="assistance.create").values_list("object_id", flat=True)
    ) == [str(created.pk)]
    assert list(created.events.values_list("action", "from_state", "to_state")) == [("create", "", "new")]


def test_create_routes_to_the_secretariat_without_an_active_regional_office(world):
    world.users["office_asia"].is_active = False
    world.users["office_asia"].save()

    created = create(world)

    assert created.routed_region == ""
    assert recipients_of("Assistance requested") == ["secretariat@example.org"]


def test_create_refuses_a_module_outside_the_catalogue_and_writes_nothing(world):
    with pytest.raises(AssistanceRefused) as refused:
        create(world, module_id="teleportation")

    assert refused.value.message == (
        "There is no module 'teleportation' in the module catalogue for this assessment's framework."
    )
    assert AssistanceRequest.objects.count() == 0
    assert AuditEvent.objects.filter(action__startswith="assistance").count() == 0


def test_create_refuses_an_empty_description(world):
    with pytest.raises(AssistanceRefused) as refused:
        create(world, description="   ")

    assert (refused.value.field, refused.value.message) == (
        "description",
        "What help is needed: this is required.",
    )
    assert AssistanceRequest.objects.count() == 0


@pytest.mark.parametrize(
    "persona", ["respondent_a", "consultant_a", "coordinator_b", "secretariat", "expert"]
)
def test_create_by_anyone_but_the_coordinator_is_refused(world, persona):
    with pytest.raises(PermissionDenied):
        create(world, actor=world.users[persona])

    assert AssistanceRequest.objects.count() == 0


def test_create_twice_makes_one_request_and_names_the_open_one(world):
    first = create(world)

    with pytest.raises(AssistanceRefused) as refused:
        create(world)

    assert refused.value.existing == first
    assert AssistanceRequest.objects.count() == 1


def test_create_again_after_the_first_is_closed(world):
    first = create(world)
    assistance_withdraw(actor=world.users["coordinator_a"], assistance=first)

    second = create(world)

    assert list(AssistanceRequest.objects.order_by("pk").values_list("pk", "state")) == [
        (first.pk, "withdrawn"),
        (second.pk, "new"),
    ]


def test_the_database_refuses_two_open_requests_for_one_city_and_module(world):
    make_request(world)

    with pytest.raises(IntegrityError), transaction.atomic():
        make_request(world, state=State.ASSIGNED)

    make_request(world, state=State.DONE)  # a closed one may repeat
    assert AssistanceRequest.objects.count() == 2


def test_the_database_refuses_both_an_expert_and_a_partner(world):
    with pytest.raises(IntegrityError), transaction.atomic():
        make_request(world, expert=world.users["expert"], partner=world.partner)


# Assign and decline ------------------------------------------------------------------------------------


def test_secretariat_assigns_an_expert_with_a_due_date(world, today):
    request = create(world)
    due = today + dt.timedelta(days=30)

    assigned = assistance_assign(
        actor=world.users["secretariat"], assistance=request, expert=world.users["expert"], due_on=due
    )

    assert (assigned.state, assigned.expert, assigned.partner, assigned.due_on) == (
        "assigned",
        world.users["expert"],
        None,
        due,
    )
    assert recipients_of("Assistance assigned") == [
        "coord-a@example.org",
        "expert@example.org",
        "office-asia@example.org",
    ]
    assert AuditEvent.objects.get(action="assistance.assign").data == {
        "expert": world.users["expert"].pk,
        "partner": None,
        "due_on": due.isoformat(),
    }


def test_routed_regional_office_assigns_a_partner(world, today):
    request = create(world)

    assigned = assistance_assign(
        actor=world.users["office_asia"], assistance=request, partner=world.partner, due_on=today
    )

    assert (assigned.state, assigned.expert, assigned.partner) == ("assigned", None, world.partner)


def test_reassigning_tells_the_expert_who_was_replaced(world, today):
    request = create(world)
    office = world.users["office_asia"]
    assistance_assign(actor=office, assistance=request, expert=world.users["expert"], due_on=today)
    Notification.objects.all().delete()

    assistance_assign(actor=office, assistance=request, expert=world.users["other_expert"], due_on=today)

    assert recipients_of("Assistance assigned") == [
        "coord-a@example.org",
        "expert@example.org",
        "other-expert@example.org",
    ]


@pytest.mark.parametrize("persona", ["office_europe", "coordinator_a", "expert", "respondent_a"])
def test_assign_by_someone_not_handling_the_request_is_refused(world, today, persona):
    request = create(world)

    with pytest.raises(PermissionDenied):
        assistance_assign(
            actor=world.users[persona], assistance=request, expert=world.users["expert"], due_on=today
        )

    request.refresh_from_db()
    assert request.state == "new"


def test_regional_office_cannot_assign_a_request_routed_to_the_secretariat(world, today):
    request = make_request(world, routed_region="")

    with pytest.raises(PermissionDenied):
        assistance_assign(
            actor=world.users["office_asia"], assistance=request, expert=world.users["expert"], due_on=today
        )


@pytest.mark.parametrize(
    ("choice", "due_days", "message"),
    [
        ("both", 5, "Choose either an expert or a development partner."),
        ("none", 5, "Choose either an expert or a development partner."),
        ("judge", 5, "judge@example.org does not have the expert role."),
        ("expert", -1, "Due date: choose today or a later day."),
        ("expert", None, "Due date: this is required."),
    ],
)
def test_assign_refuses_bad_input_with_the_reason(world, today, choice, due_days, message):
    request = create(world)
    expert = {"both": world.users["expert"], "judge": world.users["judge"], "expert": world.users["expert"]}
    due = None if due_days is None else today + dt.timedelta(days=due_days)

    with pytest.raises(AssistanceRefused) as refused:
        assistance_assign(
            actor=world.users["secretariat"],
            assistance=request,
            expert=expert.get(choice),
            partner=world.partner if choice == "both" else None,
            due_on=due,
        )

    request.refresh_from_db()
    assert refused.value.message == message
    assert (request.state, request.expert) == ("new", None)


def test_decline_needs_a_reason_and_closes_the_request(world):
    request = create(world)

    with pytest.raises(AssistanceRefused) as refused:
        assistance_decline(actor=world.users["secretariat"], assistance=request, reason="")
    declined = assistance_decline(
        actor=world.users["secretariat"], assistance=request, reason="Out of scope for this year."
    )

    assert refused.value.message == "Reason: this is required."
    assert (declined.state, declined.decline_reason) == ("declined", "Out of scope for this year.")
    assert declined.closed_at is not None
    assert recipients_of("Assistance declined") == ["coord-a@example.org", "office-asia@example.org"]


# The work ------------------------------------------------------------------------------------------------


def assigned(world, today, **kwargs):
    request = create(world)
    return assistance_assign(
        actor=world.users["secretariat"],
        assistance=request,
        due_on=today + dt.timedelta(days=10),
        **(kwargs or {"expert": world.users["expert"]}),
    )


def test_the_expert_starts_and_completes_the_work(world, today):
    request = assigned(world, today)
    expert = world.users["expert"]

    assistance_start(actor=expert, assistance=request)
    done = assistance_complete(actor=expert, assistance=request, note="Requirements written.")

    assert done.state == "done"
    assert list(done.events.values_list("action", "from_state", "to_state", "actor__email")) == [
        ("create", "", "new", "coord-a@example.org"),
        ("assign", "new", "assigned", "secretariat@example.org"),
        ("start", "assigned", "in_progress", "expert@example.org"),
        ("complete", "in_progress", "done", "expert@example.org"),
    ]
    assert list(
        AuditEvent.objects.filter(action__startswith="assistance")
        .order_by("id")
        .values_list("action", flat=True)
    ) == ["assistance.create", "assistance.assign", "assistance.start", "assistance.complete"]


def test_the_secretariat_moves_a_partner_request_along(world, today):
    request = assigned(world, today, partner=world.partner)

    assistance_start(actor=world.users["secretariat"], assistance=request)
    done = assistance_complete(actor=world.users["secretariat"], assistance=request)

    assert done.state == "done"


@pytest.mark.parametrize("persona", ["other_expert", "coordinator_a", "office_asia"])
def test_start_by_anyone_but_the_assignee_or_the_secretariat_is_refused(world, today, persona):
    request = assigned(world, today)

    with pytest.raises(PermissionDenied):
        assistance_start(actor=world.users[persona], assistance=request)


def test_complete_before_start_is_refused_with_the_reason(world, today):
    request = assigned(world, today)

    with pytest.raises(AssistanceRefused) as refused:
        assistance_complete(actor=world.users["expert"], assistance=request)

    assert refused.value.message == "A request that is assigned cannot be marked done."


def test_withdraw_only_while_new(world, today):
    request = assigned(world, today)

    with pytest.raises(AssistanceRefused) as refused:
        assistance_withdraw(actor=world.users["coordinator_a"], assistance=request)

    assert (
        refused.value.message == "A request that is assigned cannot be withdrawn (only a new request can be)."
    )


def test_transition_names_an_unknown_action(world):
    request = create(world)

    with pytest.raises(AssistanceRefused) as refused:
        assistance_transition(actor=world.users["secretariat"], assistance=request, action="teleport")

    assert refused.value.message == (
        "Unknown action 'teleport'; use one of: assign, decline, withdraw, start, complete."
    )


def test_transition_assigns_by_ids(world, today):
    request = create(world)

    assistance_transition(
        actor=world.users["secretariat"],
        assistance=request,
        action="assign",
        expert_id=world.users["expert"].pk,
        due_on=today,
    )

    request.refresh_from_db()
    assert (request.state, request.expert) == ("assigned", world.users["expert"])


def test_overdue_only_while_running_and_past_due(world, today):
    past = today - dt.timedelta(days=1)

    assert make_request(world, state=State.ASSIGNED, due_on=past, module="gis-portal").is_overdue is True
    assert make_request(world, state=State.IN_PROGRESS, due_on=today, module="e-payment").is_overdue is False
    assert make_request(world, state=State.DONE, due_on=past, module="public-wifi").is_overdue is False


# Messages --------------------------------------------------------------------------------------------------


def test_people_involved_posts_messages_and_the_others_are_told(world, today):
    request = assigned(world, today)
    Notification.objects.all().delete()

    message = assistance_message_post(
        actor=world.users["expert"], assistance=request, body="Can we meet on Monday?"
    )

    assert (message.author, message.body, message.attachment.name) == (
        world.users["expert"],
        "Can we meet on Monday?",
        "",
    )
    assert recipients_of("New message on") == ["coord-a@example.org", "office-asia@example.org"]
    assert AuditEvent.objects.filter(action="assistance.message").count() == 1


@pytest.mark.parametrize("persona", ["respondent_a", "consultant_a", "coordinator_b", "other_expert"])
def test_message_by_someone_not_involved_is_refused(world, persona):
    request = create(world)

    with pytest.raises(PermissionDenied):
        assistance_message_post(actor=world.users[persona], assistance=request, body="Hello")

    assert AssistanceMessage.objects.count() == 0


def test_message_attachment_is_checked_by_content(world):
    request = create(world)
    fake = SimpleUploadedFile("plan.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")

    with pytest.raises(AssistanceRefused) as refused:
        assistance_message_post(
            actor=world.users["coordinator_a"], assistance=request, body="See", attachment=fake
        )

    assert (refused.value.field, refused.value.message) == (
        "attachment",
        "The file's content is not a PDF file.",
    )
    assert AssistanceMessage.objects.count() == 0


def test_message_attachment_over_the_size_limit_is_refused(world, settings):
    settings.MAX_UPLOAD_MB = 1
    request = create(world)
    big = SimpleUploadedFile("plan.pdf", PDF + b"0" * (1024 * 1024), content_type="application/pdf")

    with pytest.raises(AssistanceRefused) as refused:
        assistance_message_post(
            actor=world.users["coordinator_a"], assistance=request, body="See", attachment=big
        )

    assert refused.value.message == "The file is larger than 1 MB."


def test_message_attachment_is_stored_under_the_request(world, settings):
    request = create(world)

    message = assistance_message_post(
        actor=world.users["coordinator_a"],
        assistance=request,
        body="Our plan",
        attachment=SimpleUploadedFile("plan.pdf", PDF, content_type="application/pdf"),
    )

    assert message.attachment.name == f"assistance/{request.pk}/plan.pdf"
    assert (settings.MEDIA_ROOT / message.attachment.name).read_bytes() == PDF


def test_people_involved_are_the_coordinators_the_office_and_the_expert(world, today):
    request = assigned(world, today)

    assert sorted(u.email for u in people_involved(request)) == [
        "coord-a@example.org",
        "expert@example.org",
        "office-asia@example.org",
    ]
    assert AssistanceEvent.objects.filter(request=request).count() == 2
