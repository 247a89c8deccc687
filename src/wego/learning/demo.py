"""Demo capacity building: a Seoul Program edition open for applications, three webinars
(one past with its recording, one upcoming, one full with a waitlist) and eGovFrame course
sessions. Everything here is invented and flagged `is_demo`; pages and certificates label it.

Dates are set relative to the day the demo is loaded, so that the edition is open and the
webinars are upcoming; loading again creates nothing twice.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from wego.learning.models import (
    ApplicationStatus,
    CourseSession,
    OfficialLevel,
    ProgrammeApplication,
    RegistrationStatus,
    TrainingProgramme,
    Webinar,
    WebinarRegistration,
)
from wego.learning.services import registrant_cities

DEMO_DOMAIN = "demo.wego.invalid"


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=dt.UTC)


def _participant(n: int):
    """An invented participant without a usable password (nobody logs in as them)."""
    user_model = get_user_model()
    user, created = user_model.objects.get_or_create(
        email=f"participant{n}@{DEMO_DOMAIN}", defaults={"full_name": f"Demo participant {n}"}
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


@transaction.atomic
def learning_demo_load(*, coordinator=None, respondent=None) -> dict[str, int]:
    """Load the demo; `coordinator` and `respondent` are the demo city's logins, if any."""
    today = timezone.now().date()
    edition = (today + dt.timedelta(days=120)).year
    programme, _ = TrainingProgramme.objects.get_or_create(
        slug=f"seoul-program-{edition}-demo",
        defaults={
            "title": f"Seoul Program {edition} (demo)",
            "description": (
                "Demo edition. The Seoul Program, held with the Seoul Human Resource Development Center "
                "every year since 2011, brings officials of member cities to Seoul for lectures, "
                "discussions and site visits such as the 120 Dasan Call Center."
            ),
            "organiser": "Seoul Human Resource Development Center",
            "location": "Seoul, Republic of Korea",
            "starts_on": today + dt.timedelta(days=120),
            "ends_on": today + dt.timedelta(days=129),
            "places": 14,
            "minimum_level": OfficialLevel.UPPER,
            "application_deadline": _at(today + dt.timedelta(days=30), 14, 59).replace(second=59),
            "is_demo": True,
        },
    )
    if coordinator is not None:
        city = coordinator.roles.filter(city__isnull=False).first().city
        ProgrammeApplication.objects.get_or_create(
            programme=programme,
            official_email=f"ict-director@seoul.{DEMO_DOMAIN}",
            defaults={
                "city": city,
                "city_slot": 1,
                "official_name": "Demo official (Seoul)",
                "official_position": "Director of ICT Policy (demo)",
                "official_level": OfficialLevel.UPPER,
                "submitted_by": coordinator,
                "status": ApplicationStatus.SUBMITTED,
                "is_demo": True,
            },
        )

    past, _ = Webinar.objects.get_or_create(
        slug="demo-open-data-for-cities",
        defaults={
            "title": "Open data for cities (demo)",
            "series": "e-Government training webinars",
            "description": "Demo webinar: publishing a city's first open data sets, and what to do next.",
            "speakers": "Demo speaker, Demo panellist",
            "starts_at": _at(today - dt.timedelta(days=21), 9),
            "duration_minutes": 90,
            "capacity": 100,
            "language": "en",
            "join_url": f"https://meet.{DEMO_DOMAIN}/open-data",
            "recording_url": f"https://video.{DEMO_DOMAIN}/open-data-recording",
            "is_demo": True,
        },
    )
    upcoming, _ = Webinar.objects.get_or_create(
        slug="demo-smart-city-driver",
        defaults={
            "title": "Smart City Driver: data platforms (demo)",
            "series": "Smart City Driver",
            "description": "Demo webinar of the Smart City Driver series: city data platforms step by step.",
            "speakers": "Demo speaker",
            "starts_at": _at(today + dt.timedelta(days=14), 9),
            "duration_minutes": 60,
            "capacity": 200,
            "language": "en",
            "interpretation": ["ko"],
            "join_url": f"https://meet.{DEMO_DOMAIN}/smart-city-driver",
            "is_demo": True,
        },
    )
    full, _ = Webinar.objects.get_or_create(
        slug="demo-awards-winners",
        defaults={
            "title": "WeGO Awards winners share their projects (demo)",
            "series": "Awards-winner webinars",
            "description": (
                "Demo webinar: winners present their projects, with a judge as panellist and "
                "English-Korean interpretation."
            ),
            "speakers": "Demo winner, Demo judge (panellist)",
            "starts_at": _at(today + dt.timedelta(days=28), 7, 30),
            "duration_minutes": 90,
            "capacity": 2,
            "language": "en",
            "interpretation": ["ko"],
            "join_url": f"https://meet.{DEMO_DOMAIN}/awards-winners",
            "is_demo": True,
        },
    )
    people = [_participant(1), _participant(2), _participant(3)]
    registrations = [
        (full, people[0], RegistrationStatus.REGISTERED, False),
        (full, people[1], RegistrationStatus.REGISTERED, False),
        (full, people[2], RegistrationStatus.WAITLISTED, False),
        (past, people[0], RegistrationStatus.REGISTERED, True),
    ]
    if respondent is not None:
        registrations.append((upcoming, respondent, RegistrationStatus.REGISTERED, False))
    if coordinator is not None:
        registrations.append((past, coordinator, RegistrationStatus.REGISTERED, True))
        registrations.append((full, coordinator, RegistrationStatus.WAITLISTED, False))
    for n, (webinar, person, status, attended) in enumerate(registrations):
        registration, created = WebinarRegistration.objects.get_or_create(
            webinar=webinar,
            person=person,
            defaults={
                "status": status,
                "attended": attended,
                "registered_by": person,
                "city": next(iter(registrant_cities(person)), None),
                "queued_at": webinar.created_at + dt.timedelta(minutes=n),
                "is_demo": True,
            },
        )
        if created and attended:
            registration.certificate_number = f"WB-{registration.pk:06d}-DEMO"
            registration.save(update_fields=["certificate_number"])

    for course_id, days_ahead, length, location, places in (
        ("egovframe-for-decision-makers", 35, 1, "Online", 40),
        ("runtime-environment", 60, 4, "Seoul, Republic of Korea", 20),
        ("components-for-citizen-services", 90, 2, "Online", 30),
    ):
        start = today + dt.timedelta(days=days_ahead)
        CourseSession.objects.get_or_create(
            course_id=course_id,
            starts_on=start,
            is_demo=True,
            defaults={
                "ends_on": start + dt.timedelta(days=length - 1),
                "location": location,
                "places": places,
                "enrolment_closes_at": _at(start - dt.timedelta(days=7), 14, 59),
            },
        )
    return {
        "training programmes": TrainingProgramme.objects.filter(is_demo=True).count(),
        "webinars": Webinar.objects.filter(is_demo=True).count(),
        "eGovFrame sessions": CourseSession.objects.filter(is_demo=True).count(),
    }
