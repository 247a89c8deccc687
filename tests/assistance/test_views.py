import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.assistance.conftest import MODULE, make_request
from tests.factories import AssessmentFactory, CycleFactory
from tests.personas import log_in
from wego.assistance.models import AssistanceMessage, AssistanceRequest, State
from wego.assistance.services import assistance_message_post

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n"


def new_url(world, module=MODULE):
    return f"/assistance/new/?assessment={world.assessment_a.pk}&module={module}"


# The list -------------------------------------------------------------------------------------------------


def test_list_shows_the_city_its_requests_only(client, world):
    make_request(world, title="Alpha call centre")
    make_request(world, city=world.city_b, title="Beta portal", module="city-web-portal")
    log_in(client, world.users["coordinator_b"])

    page = client.get("/assistance/").content.decode()

    assert "Beta portal" in page
    assert "Alpha call centre" not in page


def test_list_filters_by_state_and_flags_overdue(client, world):
    make_request(world, title="Running late", state=State.ASSIGNED, due_on=dt.date(2020, 1, 1))
    make_request(world, title="Just asked", module="gis-portal")
    log_in(client, world.users["secretariat"])

    assigned = client.get("/assistance/?state=assigned")
    overdue = client.get("/assistance/?overdue=1")

    assert [r.title for r in assigned.context["page"]] == ["Running late"]
    assert [r.title for r in overdue.context["page"]] == ["Running late"]
    assert 'class="overdue-badge">overdue</span>' in assigned.content.decode()


def test_list_is_refused_to_a_judge(client, world):
    log_in(client, world.users["judge"])

    assert client.get("/assistance/").status_code == 403


@pytest.mark.parametrize("count", [1, 3])
def test_list_query_count_does_not_grow(client, world, django_assert_max_num_queries, count):
    modules = ["gis-portal", "e-payment", "public-wifi"]
    for module in modules[:count]:
        make_request(
            world,
            module=module,
            state=State.ASSIGNED,
            expert=world.users["expert"],
            due_on=dt.date(2030, 1, 1),
        )
    make_request(
        world,
        module="disaster-alerts",
        state=State.ASSIGNED,
        partner=world.partner,
        due_on=dt.date(2030, 1, 1),
    )
    log_in(client, world.users["secretariat"])

    with django_assert_max_num_queries(7):
        response = client.get("/assistance/")

    assert len(response.context["page"]) == count + 1


# Asking for help ------------------------------------------------------------------------------------------


def test_new_page_shows_the_module_and_its_gap(client, world):
    log_in(client, world.users["coordinator_a"])

    response = client.get(new_url(world))

    page = response.content.decode()
    assert response.status_code == 200
    assert "Integrated citizen call centre" in page
    assert [row["id"] for row in response.context["rows"]] == ["PS.4", "CR.3"]
    assert response.context["form"]["title"].value() == "Integrated citizen call centre"


def test_new_page_for_an_unknown_module_is_404(client, world):
    log_in(client, world.users["coordinator_a"])

    assert client.get(new_url(world, module="teleportation")).status_code == 404


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("anonymous", 302),
        ("coordinator_a", 200),
        ("respondent_a", 403),
        ("coordinator_b", 403),
        ("consultant_a", 403),
        ("judge", 403),
        ("secretariat", 403),
        ("office_asia", 403),
        ("expert", 403),
    ],
)
def test_new_page_only_for_the_coordinator(client, world, persona, status):
    if persona != "anonymous":
        log_in(client, world.users[persona])

    get = client.get(new_url(world))
    post = client.post(new_url(world), {"description": "Please help."})

    assert (get.status_code, post.status_code) == (status, 302 if status == 200 else status)
    assert AssistanceRequest.objects.count() == (1 if status == 200 else 0)


def test_new_page_creates_the_request_once_on_a_double_submit(client, world):
    log_in(client, world.users["coordinator_a"])
    data = {"title": "", "description": "We need a single number."}

    first = client.post(new_url(world), data)
    second = client.post(new_url(world), data, follow=True)

    created = AssistanceRequest.objects.get()
    assert first.status_code == 302
    assert first["Location"] == f"/assistance/{created.pk}/"
    assert second.redirect_chain == [(f"/assistance/{created.pk}/", 302)]
    assert "An open request for this module already exists for Alpha City." in second.content.decode()
    assert (created.title, created.routed_region) == ("Integrated citizen call centre", "Asia")


def test_new_page_shows_the_error_and_creates_nothing_without_a_description(client, world):
    log_in(client, world.users["coordinator_a"])

    response = client.post(new_url(world), {"title": "x", "description": ""})

    assert response.status_code == 200
    assert response.context["form"].errors == {"description": ["This field is required."]}
    assert AssistanceRequest.objects.count() == 0


# One request -----------------------------------------------------------------------------------------------


def test_detail_offers_assign_to_the_office_and_only_reading_to_a_respondent(client, world):
    request = make_request(world, routed_region="Asia")
    log_in(client, world.users["office_asia"])
    office_page = client.get(f"/assistance/{request.pk}/")
    client.logout()
    log_in(client, world.users["respondent_a"])
    respondent_page = client.get(f"/assistance/{request.pk}/")

    assert office_page.context["actions"] == ["assign", "decline"]
    assert f'value="expert:{world.users["expert"].pk}"' in office_page.content.decode()
    assert respondent_page.context["actions"] == []
    assert respondent_page.context["can_post"] is False
    assert 'name="body"' not in respondent_page.content.decode()


def test_the_whole_journey_through_the_pages(client, world):
    """Coordinator asks, the office assigns, the expert starts and completes, everyone writes."""
    log_in(client, world.users["coordinator_a"])
    client.post(new_url(world), {"description": "Help us."})
    request = AssistanceRequest.objects.get()
    url = f"/assistance/{request.pk}/"
    due = (dt.date.today() + dt.timedelta(days=20)).isoformat()
    client.logout()
    log_in(client, world.users["office_asia"])
    client.post(
        url + "transition/",
        {"action": "assign", "assignee": f"expert:{world.users['expert'].pk}", "due_on": due},
    )
    client.logout()
    log_in(client, world.users["expert"])
    client.post(url + "transition/", {"action": "start"})
    client.post(url + "messages/", {"body": "Workshop on Monday."})
    done = client.post(url + "transition/", {"action": "complete", "note": "Delivered."}, follow=True)

    request.refresh_from_db()
    assert (request.state, request.expert, request.due_on.isoformat()) == ("done", world.users["expert"], due)
    assert "The request is now: Done." in done.content.decode()
    assert [e.action for e in done.context["events"]] == ["create", "assign", "start", "complete"]
    assert [m.body for m in done.context["thread"]] == ["Workshop on Monday."]


def test_transition_refused_by_state_says_why(client, world):
    request = make_request(world)
    log_in(client, world.users["secretariat"])

    response = client.post(f"/assistance/{request.pk}/transition/", {"action": "start"}, follow=True)

    assert "A request that is new cannot be started." in response.content.decode()


def test_transition_with_a_bad_assignee_says_what_is_wrong(client, world):
    request = make_request(world)
    log_in(client, world.users["secretariat"])

    response = client.post(
        f"/assistance/{request.pk}/transition/",
        {"action": "assign", "assignee": "robot:1", "due_on": "2099-01-01"},
        follow=True,
    )

    assert "Assign to: Choose an expert or a development partner from the list." in response.content.decode()
    request.refresh_from_db()
    assert request.state == "new"


def test_transition_by_someone_not_allowed_is_403(client, world):
    request = make_request(world)
    log_in(client, world.users["respondent_a"])

    response = client.post(f"/assistance/{request.pk}/transition/", {"action": "withdraw"})

    assert response.status_code == 403
    request.refresh_from_db()
    assert request.state == "new"


def test_attachment_is_served_only_through_the_permission_checked_view(client, world):
    request = make_request(world)
    message = assistance_message_post(
        actor=world.users["coordinator_a"],
        assistance=request,
        body="Our plan",
        attachment=SimpleUploadedFile("plan.pdf", PDF, content_type="application/pdf"),
    )
    url = f"/assistance/{request.pk}/messages/{message.pk}/attachment/"
    log_in(client, world.users["consultant_a"])
    allowed = client.get(url)
    client.logout()
    log_in(client, world.users["coordinator_b"])
    refused = client.get(url)

    assert allowed.status_code == 200
    assert b"".join(allowed.streaming_content) == PDF
    assert allowed["Content-Disposition"] == 'attachment; filename="plan.pdf"'
    assert refused.status_code == 403


def test_message_with_an_attachment_from_the_page(client, world):
    request = make_request(world)
    log_in(client, world.users["coordinator_a"])

    client.post(
        f"/assistance/{request.pk}/messages/",
        {
            "body": "Attached.",
            "attachment": SimpleUploadedFile("notes.pdf", PDF, content_type="application/pdf"),
        },
    )
    bad = client.post(
        f"/assistance/{request.pk}/messages/",
        {
            "body": "Bad.",
            "attachment": SimpleUploadedFile("notes.pdf", b"nope", content_type="application/pdf"),
        },
        follow=True,
    )

    assert [m.attachment_name for m in AssistanceMessage.objects.all()] == ["notes.pdf"]
    assert "The file&#x27;s content is not a PDF file." in bad.content.decode()


def test_done_request_shows_the_gap_change(client, world):
    world.assessment_a.scores = {"PS.4": 20.0, "CR.3": 50.0}
    world.assessment_a.save()
    year = world.assessment_a.cycle.year + 1
    cycle = CycleFactory(
        framework=world.assessment_a.cycle.framework,
        year=year,
        name=f"CeDS {year}",
        opens_on=dt.date(year, 1, 1),
        closes_on=dt.date(year, 6, 30),
    )
    AssessmentFactory(city=world.city_a, cycle=cycle, status="submitted", scores={"PS.4": 32.5, "CR.3": 47.0})
    request = make_request(world, state=State.DONE)
    log_in(client, world.users["coordinator_a"])

    response = client.get(f"/assistance/{request.pk}/")

    page = response.content.decode()
    assert [(r.before, r.after, r.change) for r in response.context["outcome"].rows] == [
        (20.0, 32.5, 12.5),
        (50.0, 47.0, -3.0),
    ]
    assert '<td class="delta-up">+12.5</td>' in page
    assert '<td class="delta-down">-3.0</td>' in page


def test_nav_shows_assistance_to_city_staff_and_not_to_a_judge(client, world):
    log_in(client, world.users["respondent_a"])
    staff = client.get("/assistance/")
    client.logout()
    log_in(client, world.users["judge"])
    judge = client.get("/account/")

    assert staff.context["nav"]["assistance"] is True
    assert judge.context["nav"]["assistance"] is False
    assert 'href="/assistance/"' not in judge.content.decode()
