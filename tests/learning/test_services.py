"""The rules of capacity building, each refused with its reason: eligibility, two per city,
the deadline, places and waitlists, capacity, and what the people concerned are told."""

import datetime as dt
import threading

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.utils import timezone

from tests.learning.factories import CourseSessionFactory, ProgrammeFactory, WebinarFactory
from tests.personas import build_world, make_user
from wego.accounts.models import RoleKind
from wego.common.models import AuditEvent, Notification
from wego.learning.models import (
    CourseEnrolment,
    ProgrammeApplication,
    RegistrationStatus,
    WebinarRegistration,
)
from wego.learning.services import (
    LearningRefused,
    application_complete,
    application_decide,
    application_withdraw,
    attendance_record,
    course_enrol,
    programme_apply,
    registration_cancel,
    webinar_register,
    webinar_save,
)

pytestmark = pytest.mark.django_db


def apply(programme, city, actor, email, level=3):
    return programme_apply(
        programme=programme,
        city=city,
        actor=actor,
        official_name=email.split("@")[0].title(),
        official_email=email,
        official_position="Director of Digital Government",
        official_level=level,
    )


# Training programmes ------------------------------------------------------------------------------


def test_apply_records_the_application_audits_and_tells_the_coordinator(world):
    programme = ProgrammeFactory(title="Seoul Program 2027")
    coordinator = world.users["coordinator_a"]

    application = apply(programme, world.city_a, coordinator, "Kim@Alpha.example")

    assert application.status == "submitted"
    assert application.official_email == "kim@alpha.example"
    assert application.city_slot == 1
    assert list(
        AuditEvent.objects.filter(action="learning.application_submit").values_list("object_id", flat=True)
    ) == [str(application.pk)]
    assert list(Notification.objects.filter(recipient=coordinator).values_list("subject", flat=True)) == [
        "Application received: Seoul Program 2027"
    ]


def test_apply_links_the_official_account_when_one_exists(world):
    programme = ProgrammeFactory()
    official = make_user("director@alpha.example", RoleKind.RESPONDENT, world.city_a)

    application = apply(programme, world.city_a, world.users["coordinator_a"], "director@alpha.example")

    assert application.official == official
    assert Notification.objects.filter(recipient=official).count() == 1


def test_a_third_applicant_of_the_same_city_is_refused(world):
    programme = ProgrammeFactory()
    coordinator = world.users["coordinator_a"]
    apply(programme, world.city_a, coordinator, "one@alpha.example")
    apply(programme, world.city_a, coordinator, "two@alpha.example")

    with pytest.raises(LearningRefused) as refused:
        apply(programme, world.city_a, coordinator, "three@alpha.example")

    assert refused.value.message == (
        "Alpha City already has the most applicants a city may put forward for this programme (2)."
    )
    assert ProgrammeApplication.objects.filter(programme=programme).count() == 2


def test_two_per_city_counts_each_city_and_programme_apart(world):
    first, second = ProgrammeFactory(), ProgrammeFactory()
    coordinator_b = world.users["coordinator_b"]
    for email in ("one@alpha.example", "two@alpha.example"):
        apply(first, world.city_a, world.users["coordinator_a"], email)

    other_city = apply(first, world.city_b, coordinator_b, "one@beta.example")
    other_programme = apply(second, world.city_a, world.users["coordinator_a"], "one@alpha.example")

    assert (other_city.city_slot, other_programme.city_slot) == (1, 1)


def test_a_withdrawn_application_frees_its_place_for_the_city(world):
    programme = ProgrammeFactory()
    coordinator = world.users["coordinator_a"]
    first = apply(programme, world.city_a, coordinator, "one@alpha.example")
    apply(programme, world.city_a, coordinator, "two@alpha.example")

    application_withdraw(application=first, actor=coordinator)
    third = apply(programme, world.city_a, coordinator, "three@alpha.example")

    assert third.city_slot == 1
    assert ProgrammeApplication.objects.get(pk=first.pk).status == "withdrawn"


def test_one_second_after_the_deadline_is_refused(world):
    programme = ProgrammeFactory(application_deadline=timezone.now() - dt.timedelta(seconds=1))

    with pytest.raises(LearningRefused) as refused:
        apply(programme, world.city_a, world.users["coordinator_a"], "late@alpha.example")

    deadline = programme.application_deadline.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M:%S")
    assert refused.value.message == (
        f"The application deadline ({deadline} UTC) has passed; late applications are not accepted."
    )
    assert ProgrammeApplication.objects.count() == 1  # the matrix world's own


def test_before_the_deadline_is_accepted(world):
    programme = ProgrammeFactory(application_deadline=timezone.now() + dt.timedelta(seconds=30))

    application = apply(programme, world.city_a, world.users["coordinator_a"], "ontime@alpha.example")

    assert application.status == "submitted"


def test_an_official_below_the_programme_level_is_refused(world):
    programme = ProgrammeFactory(minimum_level=3)

    with pytest.raises(LearningRefused) as refused:
        apply(programme, world.city_a, world.users["coordinator_a"], "junior@alpha.example", level=2)

    assert refused.value.message == (
        "This programme is for officials at the level of Upper manager (director or head of department) or above."
    )


def test_a_city_that_is_not_a_member_is_refused(world):
    programme = ProgrammeFactory()
    world.city_a.member_category = "non_member"
    world.city_a.save()

    with pytest.raises(LearningRefused) as refused:
        apply(programme, world.city_a, world.users["coordinator_a"], "x@alpha.example")

    assert (
        refused.value.message
        == "Alpha City is not a member of WeGO; only officials of member cities may apply."
    )


def test_the_same_official_twice_is_refused(world):
    programme = ProgrammeFactory()
    apply(programme, world.city_a, world.users["coordinator_a"], "kim@alpha.example")

    with pytest.raises(LearningRefused) as refused:
        apply(programme, world.city_a, world.users["coordinator_a"], "KIM@alpha.example")

    assert refused.value.message == "kim@alpha.example has already been put forward for this programme."


def test_only_a_coordinator_of_the_city_may_apply_for_it(world):
    programme = ProgrammeFactory()

    with pytest.raises(PermissionDenied):
        apply(programme, world.city_a, world.users["coordinator_b"], "x@alpha.example")
    with pytest.raises(PermissionDenied):
        apply(programme, world.city_a, world.users["respondent_a"], "x@alpha.example")


def _three_applicants(world, places):
    programme = ProgrammeFactory(places=places)
    applications = [
        apply(programme, world.city_a, world.users["coordinator_a"], "one@alpha.example"),
        apply(programme, world.city_a, world.users["coordinator_a"], "two@alpha.example"),
        apply(programme, world.city_b, world.users["coordinator_b"], "one@beta.example"),
    ]
    return programme, applications


def test_selecting_beyond_the_places_is_refused(world):
    _programme, (first, second, _third) = _three_applicants(world, places=1)
    secretariat = world.users["secretariat"]
    application_decide(application=first, actor=secretariat, status="selected")

    with pytest.raises(LearningRefused) as refused:
        application_decide(application=second, actor=secretariat, status="selected")

    assert refused.value.message == "All 1 places are taken; put the applicant on the waitlist instead."


def test_declining_a_selected_participant_promotes_the_first_waitlisted(world):
    programme, (first, second, third) = _three_applicants(world, places=1)
    secretariat = world.users["secretariat"]
    application_decide(application=first, actor=secretariat, status="selected")
    application_decide(application=third, actor=secretariat, status="waitlisted")
    application_decide(application=second, actor=secretariat, status="waitlisted")

    application_decide(application=first, actor=secretariat, status="declined")

    statuses = dict(programme.applications.values_list("official_email", "status"))
    assert statuses == {
        "one@alpha.example": "declined",
        "two@alpha.example": "waitlisted",
        "one@beta.example": "selected",
    }
    assert list(
        AuditEvent.objects.filter(action__startswith="learning.application_")
        .order_by("id")
        .values_list("action", "data")
    )[-2:] == [
        ("learning.application_decide", {"from": "selected", "to": "declined", "programme": programme.slug}),
        (
            "learning.application_promote",
            {"from": "waitlisted", "to": "selected", "programme": programme.slug},
        ),
    ]
    assert Notification.objects.filter(recipient=world.users["coordinator_b"]).order_by(
        "-id"
    ).first().subject == (f"Selected: {programme.title}")


def test_only_the_secretariat_decides(world):
    _programme, (first, _second, _third) = _three_applicants(world, places=2)

    with pytest.raises(PermissionDenied):
        application_decide(application=first, actor=world.users["coordinator_a"], status="selected")


def test_completion_gives_a_certificate_number_to_selected_participants_only(world):
    _programme, (first, second, _third) = _three_applicants(world, places=2)
    secretariat = world.users["secretariat"]
    application_decide(application=first, actor=secretariat, status="selected")

    done = application_complete(application=first, actor=secretariat)
    with pytest.raises(LearningRefused) as refused:
        application_complete(application=second, actor=secretariat)

    assert done.certificate_number.startswith(f"SP-{first.pk:06d}-")
    assert refused.value.message == "Only a selected participant can complete the programme."


@pytest.mark.django_db(transaction=True)
def test_two_coordinators_at_once_cannot_make_a_third_applicant():
    if connection.vendor != "postgresql":
        pytest.skip("needs a database server that runs two transactions at once (PostgreSQL)")
    world = build_world()
    second_coordinator = make_user("coord2-a@example.org", RoleKind.COORDINATOR, world.city_a)
    programme = ProgrammeFactory()
    apply(programme, world.city_a, world.users["coordinator_a"], "first@alpha.example")
    barrier = threading.Barrier(2)
    results = []

    def submit(actor, email):
        barrier.wait()
        try:
            apply(programme, world.city_a, actor, email)
            results.append("accepted")
        except LearningRefused:
            results.append("refused")
        finally:
            connection.close()

    threads = [
        threading.Thread(target=submit, args=(world.users["coordinator_a"], "second@alpha.example")),
        threading.Thread(target=submit, args=(second_coordinator, "third@alpha.example")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(results) == ["accepted", "refused"]
    assert ProgrammeApplication.objects.filter(programme=programme, city=world.city_a).count() == 2


# Webinars ------------------------------------------------------------------------------------------------


def test_registrations_beyond_capacity_go_to_the_waitlist(world):
    webinar = WebinarFactory(capacity=2)
    people = [make_user(f"p{i}@example.org") for i in range(3)]

    statuses = [webinar_register(webinar=webinar, person=p, actor=p).status for p in people]

    assert statuses == ["registered", "registered", "waitlisted"]
    assert Notification.objects.get(recipient=people[2]).subject == f"Waitlisted: {webinar.title}"


def test_a_cancelled_place_goes_to_the_first_waitlisted(world):
    webinar = WebinarFactory(capacity=1)
    people = [make_user(f"p{i}@example.org") for i in range(3)]
    registrations = [webinar_register(webinar=webinar, person=p, actor=p) for p in people]

    registration_cancel(registration=registrations[0], actor=people[0])

    assert dict(webinar.registrations.values_list("person__email", "status")) == {
        "p0@example.org": "cancelled",
        "p1@example.org": "registered",
        "p2@example.org": "waitlisted",
    }
    assert Notification.objects.filter(recipient=people[1]).order_by("-id").first().subject == (
        f"Registered: {webinar.title}"
    )


def test_cancelling_a_waitlisted_registration_promotes_nobody(world):
    webinar = WebinarFactory(capacity=1)
    people = [make_user(f"p{i}@example.org") for i in range(3)]
    registrations = [webinar_register(webinar=webinar, person=p, actor=p) for p in people]

    registration_cancel(registration=registrations[1], actor=people[1])

    assert dict(webinar.registrations.values_list("person__email", "status")) == {
        "p0@example.org": "registered",
        "p1@example.org": "cancelled",
        "p2@example.org": "waitlisted",
    }


def test_more_places_promote_the_waitlist_in_order(world):
    webinar = WebinarFactory(capacity=1)
    people = [make_user(f"p{i}@example.org") for i in range(4)]
    for p in people:
        webinar_register(webinar=webinar, person=p, actor=p)
    webinar.capacity = 3

    webinar_save(actor=world.users["secretariat"], webinar=webinar)

    assert list(webinar.registrations.order_by("queued_at", "id").values_list("status", flat=True)) == [
        "registered",
        "registered",
        "registered",
        "waitlisted",
    ]
    assert webinar.sequence == 1


def test_registering_twice_is_refused(world):
    webinar = WebinarFactory()
    person = world.users["judge"]
    webinar_register(webinar=webinar, person=person, actor=person)

    with pytest.raises(LearningRefused) as refused:
        webinar_register(webinar=webinar, person=person, actor=person)

    assert refused.value.message == "judge@example.org is already registered for this webinar."


def test_a_past_webinar_takes_no_registration(world):
    webinar = WebinarFactory(starts_at=timezone.now() - dt.timedelta(days=1))

    with pytest.raises(LearningRefused) as refused:
        webinar_register(webinar=webinar, person=world.users["judge"], actor=world.users["judge"])

    assert refused.value.message == "This webinar has taken place; registration is closed."


def test_a_coordinator_registers_officials_of_their_city_only(world):
    webinar = WebinarFactory()
    coordinator = world.users["coordinator_a"]

    registration = webinar_register(webinar=webinar, person=world.users["respondent_a"], actor=coordinator)
    with pytest.raises(PermissionDenied):
        webinar_register(webinar=webinar, person=world.users["coordinator_b"], actor=coordinator)

    assert (registration.registered_by, registration.city) == (coordinator, world.city_a)
    assert Notification.objects.filter(recipient=world.users["respondent_a"]).count() == 1


def test_attendance_gives_certificates_to_attendees_only(world):
    webinar = WebinarFactory()
    people = [make_user(f"p{i}@example.org") for i in range(2)]
    registrations = [webinar_register(webinar=webinar, person=p, actor=p) for p in people]

    attendance_record(webinar=webinar, actor=world.users["secretariat"], attended={registrations[0].pk})

    found = {r.person.email: (r.attended, bool(r.certificate_number)) for r in webinar.registrations.all()}
    assert found == {"p0@example.org": (True, True), "p1@example.org": (False, False)}


@pytest.mark.django_db(transaction=True)
def test_concurrent_registrations_never_overbook():
    if connection.vendor != "postgresql":
        pytest.skip("needs a database server that runs two transactions at once (PostgreSQL)")
    build_world()
    webinar = WebinarFactory(capacity=1)
    people = [make_user(f"racer{i}@example.org") for i in range(2)]
    barrier = threading.Barrier(2)

    def register(person):
        barrier.wait()
        try:
            webinar_register(webinar=webinar, person=person, actor=person)
        finally:
            connection.close()

    threads = [threading.Thread(target=register, args=(p,)) for p in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(WebinarRegistration.objects.filter(webinar=webinar).values_list("status", flat=True)) == [
        RegistrationStatus.REGISTERED,
        RegistrationStatus.WAITLISTED,
    ]


# eGovFrame courses ---------------------------------------------------------------------------------------


def test_member_officials_enrol_until_the_session_is_full(world):
    session = CourseSessionFactory(places=1)
    course_enrol(session=session, person=world.users["respondent_a"], actor=world.users["respondent_a"])

    with pytest.raises(LearningRefused) as refused:
        course_enrol(session=session, person=world.users["coordinator_b"], actor=world.users["coordinator_b"])

    assert refused.value.message == "All 1 places of this session are taken."
    assert CourseEnrolment.objects.filter(session=session).count() == 1


def test_people_who_are_not_member_officials_cannot_enrol(world):
    session = CourseSessionFactory()

    with pytest.raises(LearningRefused) as refused:
        course_enrol(session=session, person=world.users["judge"], actor=world.users["judge"])

    assert refused.value.message == "eGovFrame courses are for officials of member cities."


def test_enrolment_closes_at_its_time(world):
    session = CourseSessionFactory(enrolment_closes_at=timezone.now() - dt.timedelta(seconds=1))

    with pytest.raises(LearningRefused) as refused:
        course_enrol(session=session, person=world.users["respondent_a"], actor=world.users["respondent_a"])

    assert refused.value.message == "Enrolment for this session has closed."
