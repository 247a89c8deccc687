"""The learning pages: applying, deciding, registering, the join link, certificates, and
the number of queries of each list page (1 and 3 items)."""

import datetime as dt
import io

import pytest
from django.utils import timezone
from pypdf import PdfReader

from tests.learning.factories import CourseSessionFactory, ProgrammeFactory, WebinarFactory
from tests.personas import log_in, make_user
from wego.accounts.models import RoleKind
from wego.learning.models import ProgrammeApplication, WebinarRegistration
from wego.learning.services import (
    application_complete,
    application_decide,
    attendance_record,
    course_enrol,
    programme_apply,
    webinar_register,
)

pytestmark = pytest.mark.django_db

FORM = {
    "official_name": "Park Ji-won",
    "official_email": "park@alpha.example",
    "official_position": "Director of Smart City Policy",
    "official_level": "3",
    "motivation": "Leads the city's open data programme.",
}


def pdf_text(content: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_coordinator_applies_through_the_form(client, world):
    programme = ProgrammeFactory()
    log_in(client, world.users["coordinator_a"])

    response = client.post(f"/programmes/{programme.slug}/apply/", {**FORM, "city": world.city_a.pk})

    assert response.status_code == 302
    assert list(programme.applications.values_list("official_name", "city__name", "status")) == [
        ("Park Ji-won", "Alpha City", "submitted")
    ]
    page = client.get(f"/programmes/{programme.slug}/").content.decode()
    assert "Park Ji-won" in page


def test_a_late_application_through_the_form_shows_the_rule_and_saves_nothing(client, world):
    programme = ProgrammeFactory(application_deadline=timezone.now() - dt.timedelta(seconds=1))
    log_in(client, world.users["coordinator_a"])

    response = client.post(f"/programmes/{programme.slug}/apply/", {**FORM, "city": world.city_a.pk})

    assert response.status_code == 422
    assert "late applications are not accepted" in response.content.decode()
    assert programme.applications.count() == 0


def test_the_form_offers_only_the_coordinators_member_cities(client, world):
    programme = ProgrammeFactory()
    log_in(client, world.users["coordinator_a"])

    response = client.post(f"/programmes/{programme.slug}/apply/", {**FORM, "city": world.city_b.pk})

    assert response.status_code == 422
    assert programme.applications.count() == 0


def test_secretariat_decides_and_the_waitlist_moves_up(client, world):
    programme = ProgrammeFactory(places=1)
    first = programme_apply(
        programme=programme,
        city=world.city_a,
        actor=world.users["coordinator_a"],
        **{**FORM, "official_level": 3},
    )
    second = programme_apply(
        programme=programme,
        city=world.city_b,
        actor=world.users["coordinator_b"],
        **{**FORM, "official_email": "lee@beta.example", "official_name": "Lee", "official_level": 4},
    )
    log_in(client, world.users["secretariat"])
    url = f"/programmes/{programme.slug}/manage/"

    client.post(url, {"application": first.pk, "action": "decide", "status": "selected"})
    client.post(url, {"application": second.pk, "action": "decide", "status": "waitlisted"})
    client.post(url, {"application": first.pk, "action": "decide", "status": "declined"})

    assert dict(programme.applications.values_list("official_name", "status")) == {
        "Park Ji-won": "declined",
        "Lee": "selected",
    }


def test_completion_certificate_is_a_pdf_with_the_participant(client, world):
    programme = ProgrammeFactory(title="Seoul Program 2027")
    application = programme_apply(
        programme=programme,
        city=world.city_a,
        actor=world.users["coordinator_a"],
        **{**FORM, "official_level": 3},
    )
    application_decide(application=application, actor=world.users["secretariat"], status="selected")
    application = application_complete(application=application, actor=world.users["secretariat"])
    log_in(client, world.users["coordinator_a"])

    response = client.get(f"/applications/{application.pk}/certificate.pdf")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "Certificate of completion" in text
    assert "Park Ji-won" in text
    assert "Seoul Program 2027" in text
    assert application.certificate_number in text


def test_join_link_is_shown_to_people_with_a_place_only(client, world):
    webinar = WebinarFactory(capacity=1, join_url="https://meet.example.org/j/secret")
    holder, waiting = world.users["respondent_a"], world.users["coordinator_b"]
    webinar_register(webinar=webinar, person=holder, actor=holder)
    webinar_register(webinar=webinar, person=waiting, actor=waiting)
    url = f"/webinars/{webinar.slug}/"

    anonymous = client.get(url).content.decode()
    log_in(client, waiting)
    on_waitlist = client.get(url).content.decode()
    log_in(client, holder)
    with_place = client.get(url).content.decode()

    assert "meet.example.org/j/secret" not in anonymous
    assert "meet.example.org/j/secret" not in on_waitlist
    assert "meet.example.org/j/secret" in with_place


def test_coordinator_registers_an_official_of_the_city(client, world):
    webinar = WebinarFactory()
    log_in(client, world.users["coordinator_a"])

    page = client.get(f"/webinars/{webinar.slug}/").content.decode()
    response = client.post(f"/webinars/{webinar.slug}/register/", {"person": world.users["respondent_a"].pk})

    assert f'value="{world.users["respondent_a"].pk}"' in page
    assert response.status_code == 302
    assert list(
        WebinarRegistration.objects.filter(webinar=webinar).values_list("person__email", "status")
    ) == [("resp-a@example.org", "registered")]


def test_coordinator_cannot_register_someone_of_another_city(client, world):
    webinar = WebinarFactory()
    log_in(client, world.users["coordinator_a"])

    client.post(f"/webinars/{webinar.slug}/register/", {"person": world.users["coordinator_b"].pk})

    assert WebinarRegistration.objects.filter(webinar=webinar).count() == 0


def test_past_webinar_shows_its_recording_and_attendance_certificate(client, world):
    webinar = WebinarFactory(
        title="Open data basics", recording_url="https://video.example.org/rec/1", capacity=5
    )
    person = world.users["respondent_a"]
    registration = webinar_register(webinar=webinar, person=person, actor=person)
    webinar.starts_at = timezone.now() - dt.timedelta(days=2)
    webinar.save()
    attendance_record(webinar=webinar, actor=world.users["secretariat"], attended={registration.pk})
    log_in(client, person)

    page = client.get(f"/webinars/{webinar.slug}/").content.decode()
    response = client.get(f"/registrations/{registration.pk}/certificate.pdf")

    assert "https://video.example.org/rec/1" in page
    assert f"/registrations/{registration.pk}/certificate.pdf" in page
    text = pdf_text(response.content)
    assert "Certificate of attendance" in text
    assert "Open data basics" in text


def test_recording_is_not_shown_before_the_webinar(client):
    webinar = WebinarFactory(recording_url="https://video.example.org/rec/2")

    assert "video.example.org/rec/2" not in client.get(f"/webinars/{webinar.slug}/").content.decode()


def test_secretariat_records_attendance_on_the_page(client, world):
    webinar = WebinarFactory()
    people = [make_user(f"p{i}@example.org") for i in range(2)]
    registrations = [webinar_register(webinar=webinar, person=p, actor=p) for p in people]
    log_in(client, world.users["secretariat"])

    client.post(f"/webinars/{webinar.slug}/manage/", {"attended": [str(registrations[1].pk)]})

    assert dict(webinar.registrations.values_list("person__email", "attended")) == {
        "p0@example.org": False,
        "p1@example.org": True,
    }


def test_secretariat_creates_a_webinar_with_its_time_in_utc(client, world, settings):
    settings.TIME_ZONE = "Asia/Seoul"  # the form's times are UTC whatever the server's zone
    log_in(client, world.users["secretariat"])

    response = client.post(
        "/webinars/new/",
        {
            "slug": "award-winners-2027",
            "title": "Award winners 2027",
            "starts_at": "2027-03-10 09:00",
            "duration_minutes": "60",
            "capacity": "200",
            "language": "en",
            "interpretation": "ko",
            "is_public": "on",
        },
    )

    assert response.status_code == 302
    from wego.learning.models import Webinar

    created = Webinar.objects.get(slug="award-winners-2027")
    assert created.starts_at == dt.datetime(2027, 3, 10, 9, 0, tzinfo=dt.UTC)
    assert created.interpretation == ["ko"]


def test_webinar_form_refuses_a_bad_language_code(client, world):
    log_in(client, world.users["secretariat"])

    response = client.post(
        "/webinars/new/",
        {
            "slug": "x",
            "title": "X",
            "starts_at": "2027-03-10 09:00",
            "duration_minutes": "60",
            "capacity": "10",
            "language": "en",
            "interpretation": "ko, Korean!",
        },
    )

    assert response.status_code == 200
    assert "Not a language code: Korean! (use codes such as ko or es)." in response.content.decode()


def test_member_official_enrols_on_the_course_page(client, world):
    session = CourseSessionFactory(course_id="runtime-environment", places=3)
    log_in(client, world.users["coordinator_b"])

    response = client.post(f"/egovframe/sessions/{session.pk}/enrol/")

    assert response.status_code == 302
    assert response.headers["Location"] == "/egovframe/runtime-environment/"
    assert list(session.enrolments.values_list("person__email", "city__name")) == [
        ("coord-b@example.org", "Beta City")
    ]


def test_catalogue_page_lists_the_four_environments_and_common_components(client):
    html = client.get("/egovframe/").content.decode()

    for heading in (
        "Development environment",
        "Runtime (execution) environment",
        "Management environment",
        "Operation environment",
        "Common components",
    ):
        assert f">{heading}</h2>" in html


def test_unknown_course_is_404(client):
    assert client.get("/egovframe/no-such-course/").status_code == 404


def test_menu_has_learning_for_everyone(client):
    assert '<a href="/learning/">Learning</a>' in client.get("/").content.decode()


# Query counts of the list pages: the same with 1 and with 3 items -----------------------------------


def _items(world, n):
    for i in range(n):
        programme = ProgrammeFactory()
        programme_apply(
            programme=programme,
            city=world.city_a,
            actor=world.users["coordinator_a"],
            **{**FORM, "official_email": f"o{i}@alpha.example", "official_level": 3},
        )
        webinar = WebinarFactory()
        webinar_register(
            webinar=webinar, person=world.users["coordinator_a"], actor=world.users["coordinator_a"]
        )
        session = CourseSessionFactory()
        course_enrol(session=session, person=world.users["coordinator_a"], actor=world.users["coordinator_a"])
    return programme, webinar


@pytest.mark.parametrize("n", [1, 3])
@pytest.mark.parametrize(
    ("url", "limit"),
    [("/learning/", 7), ("/webinars/", 7), ("/egovframe/", 5), ("/learning/mine/", 8)],
)
def test_list_pages_query_count(client, world, django_assert_max_num_queries, n, url, limit):
    _items(world, n)
    log_in(client, world.users["coordinator_a"])

    with django_assert_max_num_queries(limit):
        response = client.get(url)

    assert response.status_code == 200


@pytest.mark.parametrize("n", [1, 3])
def test_management_pages_query_count(client, world, django_assert_max_num_queries, n):
    programme, webinar = _items(world, n)
    for i in range(n):
        make_user(f"w{i}@example.org", RoleKind.RESPONDENT, world.city_b)
    log_in(client, world.users["secretariat"])

    with django_assert_max_num_queries(8):
        assert client.get(f"/programmes/{programme.slug}/manage/").status_code == 200
    with django_assert_max_num_queries(8):
        assert client.get(f"/webinars/{webinar.slug}/manage/").status_code == 200
    assert ProgrammeApplication.objects.count() == n + 1


def test_an_unlisted_webinar_is_reachable_by_its_link_only(client, world):
    WebinarFactory(slug="listed", title="Listed webinar")
    WebinarFactory(slug="unlisted", title="Unlisted webinar", is_public=False)

    listing = client.get("/webinars/").content.decode()
    direct = client.get("/webinars/unlisted/")
    log_in(client, world.users["secretariat"])
    for_secretariat = client.get("/webinars/").content.decode()

    assert "Listed webinar" in listing
    assert "Unlisted webinar" not in listing
    assert direct.status_code == 200
    assert "Unlisted webinar" in for_secretariat


def test_secretariat_creates_a_programme_with_its_deadline_in_utc(client, world, settings):
    settings.TIME_ZONE = "America/Mexico_City"
    log_in(client, world.users["secretariat"])

    response = client.post(
        "/programmes/new/",
        {
            "slug": "seoul-program-2031",
            "title": "Seoul Program 2031",
            "starts_on": "2031-04-01",
            "ends_on": "2031-04-10",
            "places": "14",
            "minimum_level": "3",
            "application_deadline": "2031-02-28 23:59:59",
        },
    )

    assert response.status_code == 302
    from wego.common.models import AuditEvent
    from wego.learning.models import TrainingProgramme

    created = TrainingProgramme.objects.get(slug="seoul-program-2031")
    assert created.application_deadline == dt.datetime(2031, 2, 28, 23, 59, 59, tzinfo=dt.UTC)
    assert (
        AuditEvent.objects.filter(action="learning.programme_create", object_id=str(created.pk)).count() == 1
    )


def test_a_programme_that_ends_before_it_starts_is_refused(client, world):
    log_in(client, world.users["secretariat"])

    response = client.post(
        "/programmes/new/",
        {
            "slug": "backwards",
            "title": "Backwards",
            "starts_on": "2031-04-10",
            "ends_on": "2031-04-01",
            "places": "14",
            "minimum_level": "3",
            "application_deadline": "2031-02-28 23:59",
        },
    )

    assert response.status_code == 200
    assert "The programme must end on or after its first day." in response.content.decode()


def test_secretariat_schedules_a_course_session(client, world):
    log_in(client, world.users["secretariat"])

    response = client.post(
        "/egovframe/sessions/new/",
        {
            "course_id": "operation-environment",
            "starts_on": "2031-05-04",
            "ends_on": "2031-05-05",
            "location": "Online",
            "places": "25",
            "enrolment_closes_at": "2031-04-27 14:59",
        },
    )
    refused = client.post(
        "/egovframe/sessions/new/",
        {
            "course_id": "no-such-course",
            "starts_on": "2031-05-04",
            "ends_on": "2031-05-05",
            "location": "Online",
            "places": "25",
            "enrolment_closes_at": "2031-04-27 14:59",
        },
    )

    from wego.learning.models import CourseSession

    assert response.status_code == 302
    assert list(CourseSession.objects.values_list("course_id", "places")) == [
        ("runtime-environment", 20),  # the permission world's own
        ("operation-environment", 25),
    ]
    assert refused.status_code == 200
    assert (
        "Select a valid choice. no-such-course is not one of the available choices."
        in refused.content.decode()
    )
