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
    feasibility_demo_load(coordinator=coordinator)
    return {
        "training programmes": TrainingProgramme.objects.filter(is_demo=True).count(),
        "webinars": Webinar.objects.filter(is_demo=True).count(),
        "eGovFrame sessions": CourseSession.objects.filter(is_demo=True).count(),
    }


# Feasibility studies ---------------------------------------------------------------------------------


def _demo_pdf(title: str, body: str) -> bytes:
    """A one-page PDF made with WeasyPrint, marked as demo data."""
    from html import escape

    from weasyprint import HTML

    html = (
        "<html><body style='font-family: sans-serif'>"
        "<p><strong>DEMO DATA: an invented document for demonstration only.</strong></p>"
        f"<h1>{escape(title)}</h1><p>{escape(body)}</p></body></html>"
    )
    return HTML(string=html).write_pdf()


def _demo_letter(call, city, summary: str, *, selected: bool = False):
    from django.core.files.base import ContentFile

    from wego.learning.models import LetterOfIntent

    letter = LetterOfIntent.objects.filter(call=call, city=city).first()
    if letter is not None:
        return letter
    letter = LetterOfIntent(
        call=call,
        city=city,
        summary=summary,
        submitted_at=call.deadline - dt.timedelta(days=10),
        selected=selected,
        is_demo=True,
    )
    content = _demo_pdf(f"Letter of intent (demo): {city.name}", summary)
    letter.letter.save(f"demo-letter-{call.year}-{city.slug}.pdf", ContentFile(content), save=False)
    letter.save()
    return letter


def feasibility_demo_load(*, coordinator=None) -> dict[str, int]:
    """A 2026 call in committee scoring with three demo letters and a demo committee, and a
    2025 call closed with its selected city's study and a published demo report."""
    from django.core.files.base import ContentFile

    from wego.learning.models import (
        CommitteeMember,
        FeasibilityCall,
        FeasibilityScore,
        FeasibilityStatus,
        LetterOfIntent,
        SiteVisit,
        StudyConsultant,
        StudyMilestone,
        feasibility_default_weights,
    )
    from wego.members.models import City, MemberCategory

    demo_city_ids = (
        set(coordinator.roles.values_list("city_id", flat=True)) if coordinator is not None else set()
    )
    cities = list(
        City.objects.exclude(member_category=MemberCategory.NON_MEMBER)
        .exclude(pk__in=demo_city_ids)
        .order_by("name")[:4]
    )
    if len(cities) < 4:  # the demo needs four member cities besides the demo city
        return {"feasibility study calls": 0, "letters of intent": 0}
    current, _created = FeasibilityCall.objects.get_or_create(
        year=2026,
        defaults={
            "theme": "Data-driven city services (demo)",
            "description": (
                "Demo call. Member cities send a letter of intent for a feasibility study of a "
                "data-driven city service; the committee scores the letters on the five criteria."
            ),
            "deadline": dt.datetime(2026, 4, 30, 14, 59, 59, tzinfo=dt.UTC),
            "places": 1,
            "weights": feasibility_default_weights(),
            "status": FeasibilityStatus.SCORING,
            "is_demo": True,
        },
    )
    if current.is_demo:
        letters = [
            _demo_letter(current, city, f"Demo summary: a study of {topic} for {city.name}.")
            for city, topic in zip(
                cities[:3],
                ("a single citizen service portal", "an open data platform", "a complaints call centre"),
                strict=True,
            )
        ]
        for n, values in enumerate(((8, 7, 6, 8, 7), (6, 8, 7, 6, 6), (7, 6, 8, 7, 8))):
            user = _participant(900 + n)
            member, _ = CommitteeMember.objects.get_or_create(
                call=current,
                user=user,
                defaults={"name": f"Demo committee member {n + 1}", "is_chair": n == 0},
            )
            for letter_index, letter in enumerate(letters):
                shift = (letter_index + n) % 3 - 1
                for slug, value in zip(feasibility_default_weights(), values, strict=True):
                    FeasibilityScore.objects.get_or_create(
                        member=member,
                        letter=letter,
                        criterion=slug,
                        defaults={"value": max(1, min(10, value + shift)), "comment": "Demo comment."},
                    )
    past, _ = FeasibilityCall.objects.get_or_create(
        year=2025,
        defaults={
            "theme": "Mobile government services (demo)",
            "description": "Demo call, closed: one city was selected and its study's report is published.",
            "deadline": dt.datetime(2025, 4, 30, 14, 59, 59, tzinfo=dt.UTC),
            "places": 1,
            "weights": feasibility_default_weights(),
            "status": FeasibilityStatus.CLOSED,
            "selected_at": dt.datetime(2025, 6, 2, 9, 0, tzinfo=dt.UTC),
            "is_demo": True,
        },
    )
    if past.is_demo:
        study = _demo_letter(past, cities[3], "Demo summary: a mobile services study.", selected=True)
        if not study.report:
            StudyConsultant.objects.create(
                letter=study, name="Demo consultant", organisation="Demo consultancy"
            )
            StudyMilestone.objects.create(
                letter=study,
                title="Inception report (demo)",
                due_on=dt.date(2025, 8, 1),
                done_on=dt.date(2025, 7, 30),
            )
            StudyMilestone.objects.create(
                letter=study,
                title="Final report (demo)",
                due_on=dt.date(2025, 12, 1),
                done_on=dt.date(2025, 11, 28),
            )
            SiteVisit.objects.create(
                letter=study,
                starts_on=dt.date(2025, 9, 15),
                ends_on=dt.date(2025, 9, 19),
                place=f"{cities[3].name} city hall (demo)",
                participants="Two demo consultants, the city's ICT department",
                notes="Demo visit: interviews and a review of existing services.",
            )
            content = _demo_pdf(
                f"Feasibility study report (demo): {cities[3].name}",
                "An invented report: current mobile services, options, costs and a road map.",
            )
            study.report.save(f"demo-report-2025-{cities[3].slug}.pdf", ContentFile(content), save=False)
            study.report_uploaded_at = dt.datetime(2025, 11, 28, 9, 0, tzinfo=dt.UTC)
            study.report_published_at = dt.datetime(2025, 12, 5, 9, 0, tzinfo=dt.UTC)
            study.save()
    return {
        "feasibility study calls": FeasibilityCall.objects.filter(is_demo=True).count(),
        "letters of intent": LetterOfIntent.objects.filter(is_demo=True).count(),
    }
