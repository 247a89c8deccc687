"""What the permission matrices (tests/test_permissions.py, tests/api/) need of capacity building:
a programme open for applications with one application of city A, an upcoming webinar the
coordinator of city A is registered for, and an eGovFrame session with an enrolment."""

from __future__ import annotations

from tests.learning.factories import CourseSessionFactory, ProgrammeFactory, WebinarFactory
from tests.learning.feasibility_world import feasibility_world
from wego.learning.models import (
    CourseEnrolment,
    ProgrammeApplication,
    RegistrationStatus,
    WebinarRegistration,
)


def learning_world(city_a, users: dict) -> dict:
    programme = ProgrammeFactory(slug="seoul-program-test", title="Seoul Program (test)")
    application = ProgrammeApplication.objects.create(
        programme=programme,
        city=city_a,
        city_slot=1,
        official_name="Official of A",
        official_email="official@a.example",
        official_position="Director of ICT",
        official_level=3,
        submitted_by=users["coordinator_a"],
    )
    webinar = WebinarFactory(slug="webinar-test", title="Webinar (test)")
    registration = WebinarRegistration.objects.create(
        webinar=webinar,
        person=users["coordinator_a"],
        city=city_a,
        registered_by=users["coordinator_a"],
        status=RegistrationStatus.REGISTERED,
    )
    session = CourseSessionFactory()
    enrolment = CourseEnrolment.objects.create(session=session, person=users["respondent_a"], city=city_a)
    return {
        "programme": programme.slug,
        "application": application.pk,
        "webinar": webinar.slug,
        "webinar_id": webinar.pk,
        "registration": registration.pk,
        "session": session.pk,
        "enrolment": enrolment.pk,
        **feasibility_world(city_a, users),
    }
