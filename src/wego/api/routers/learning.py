"""Capacity building: programmes, webinars (and registering for them), eGovFrame courses,
and the caller's own applications and registrations. Times are UTC (ISO 8601)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q
from django.http import HttpRequest
from ninja import Router, Schema, Status

from wego.api.permissions import api_requires
from wego.api.schemas import DetailOut
from wego.common.permissions import public
from wego.learning import feasibility, selectors
from wego.learning.courses import load_courses
from wego.learning.models import LetterOfIntent, RegistrationStatus, Webinar, WebinarRegistration
from wego.learning.services import LearningRefused, registration_cancel, webinar_register

router = Router(tags=["learning"])

ERRORS = {401: DetailOut, 403: DetailOut, 404: DetailOut}


class ProgrammeOut(Schema):
    slug: str
    title: str
    starts_on: dt.date
    ends_on: dt.date
    location: str
    places: int
    selected: int
    minimum_level: int
    application_deadline: dt.datetime
    is_open: bool
    is_demo: bool


class WebinarOut(Schema):
    id: int
    slug: str
    title: str
    series: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    duration_minutes: int
    language: str
    interpretation: list[str]
    capacity: int
    registered: int
    waitlisted: int
    recording_url: str
    my_status: str | None
    join_url: str | None = None
    is_demo: bool


class RegistrationOut(Schema):
    id: int
    webinar_id: int
    webinar_slug: str
    webinar_title: str
    starts_at: dt.datetime
    person: str
    status: str
    attended: bool


class ApplicationOut(Schema):
    id: int
    programme_slug: str
    programme_title: str
    city: str
    official_name: str
    official_email: str
    official_position: str
    official_level: int
    status: str
    completed: bool


class CourseOut(Schema):
    id: str
    environment: str
    title: str
    summary: str
    days: int
    components: list[str]


def webinar_listed(request: HttpRequest, webinar_id: int, **_kwargs):
    return (
        selectors.webinars_listing(request.auth, include_hidden=True, anyone=True)
        .filter(pk=webinar_id)
        .first()
    )


def _webinar_out(webinar: Webinar, mine: WebinarRegistration | None) -> dict:
    has_place = mine is not None and mine.status == RegistrationStatus.REGISTERED
    return {
        "id": webinar.pk,
        "slug": webinar.slug,
        "title": webinar.title,
        "series": webinar.series,
        "starts_at": webinar.starts_at,
        "ends_at": webinar.ends_at,
        "duration_minutes": webinar.duration_minutes,
        "language": webinar.language,
        "interpretation": webinar.interpretation,
        "capacity": webinar.capacity,
        "registered": webinar.registered_count,
        "waitlisted": webinar.waitlisted_count,
        "recording_url": webinar.recording_url if webinar.is_past() else "",
        "my_status": mine.status if mine else None,
        "join_url": (webinar.join_url or None) if has_place else None,
        "is_demo": webinar.is_demo,
    }


def _registration_out(r: WebinarRegistration) -> dict:
    return {
        "id": r.pk,
        "webinar_id": r.webinar_id,
        "webinar_slug": r.webinar.slug,
        "webinar_title": r.webinar.title,
        "starts_at": r.webinar.starts_at,
        "person": r.person.email,
        "status": r.status,
        "attended": r.attended,
    }


@router.get(
    "/learning/programmes",
    response={200: list[ProgrammeOut], 401: DetailOut},
    operation_id="learning_programmes_list",
    summary="List training programmes",
)
@api_requires("accounts.manage_own_account")
def programmes_list(request: HttpRequest):
    return [
        {
            "slug": p.slug,
            "title": p.title,
            "starts_on": p.starts_on,
            "ends_on": p.ends_on,
            "location": p.location,
            "places": p.places,
            "selected": p.selected_count,
            "minimum_level": p.minimum_level,
            "application_deadline": p.application_deadline,
            "is_open": p.is_open(),
            "is_demo": p.is_demo,
        }
        for p in selectors.programmes_listing()
    ]


@router.get(
    "/learning/webinars",
    response={200: list[WebinarOut], 401: DetailOut},
    operation_id="learning_webinars_list",
    summary="List webinars (times in UTC)",
)
@api_requires("accounts.manage_own_account")
def webinars_list(request: HttpRequest):
    """Public webinars, soonest first, with your registration status and, if you have a place, the join link."""
    webinars = list(selectors.webinars_listing(request.auth))
    own = selectors.registrations_of(request.auth)
    return [_webinar_out(w, own.get(w.pk)) for w in webinars]


@router.get(
    "/learning/webinars/{webinar_id}",
    response={200: WebinarOut, **ERRORS},
    operation_id="learning_webinar_get",
    summary="Get a webinar",
)
@api_requires("accounts.manage_own_account", load=webinar_listed)
def webinar_get(request: HttpRequest, webinar: Webinar, webinar_id: int):
    return _webinar_out(webinar, selectors.registrations_of(request.auth, [webinar.pk]).get(webinar.pk))


@router.post(
    "/learning/webinars/{webinar_id}/registration",
    response={201: RegistrationOut, 409: DetailOut, **ERRORS},
    operation_id="learning_webinar_register",
    summary="Register for a webinar (a place, or the waitlist when it is full)",
)
@api_requires("learning.register_webinar", load=webinar_listed)
def webinar_register_api(request: HttpRequest, webinar: Webinar, webinar_id: int):
    """Registers you. `status` is `registered` (a place) or `waitlisted`. 409 when you are
    already registered or the webinar has taken place."""
    try:
        registration = webinar_register(webinar=webinar, person=request.auth, actor=request.auth)
    except LearningRefused as exc:
        return Status(409, {"detail": exc.message})
    registration = WebinarRegistration.objects.select_related("webinar", "person").get(pk=registration.pk)
    return Status(201, _registration_out(registration))


@router.delete(
    "/learning/webinars/{webinar_id}/registration",
    response={200: RegistrationOut, **ERRORS},
    operation_id="learning_webinar_cancel",
    summary="Cancel your registration (your place goes to the first on the waitlist)",
)
@api_requires("learning.register_webinar", load=webinar_listed)
def webinar_cancel_api(request: HttpRequest, webinar: Webinar, webinar_id: int):
    registration = (
        WebinarRegistration.objects.filter(webinar=webinar, person=request.auth)
        .exclude(status=RegistrationStatus.CANCELLED)
        .first()
    )
    if registration is None:
        return Status(404, {"detail": "You are not registered for this webinar."})
    registration = registration_cancel(registration=registration, actor=request.auth)
    registration = WebinarRegistration.objects.select_related("webinar", "person").get(pk=registration.pk)
    return Status(200, _registration_out(registration))


@router.get(
    "/learning/me/registrations",
    response={200: list[RegistrationOut], 401: DetailOut},
    operation_id="learning_my_registrations",
    summary="List your webinar registrations (and those you made for officials)",
)
@api_requires("accounts.manage_own_account")
def my_registrations(request: HttpRequest):
    return [_registration_out(r) for r in selectors.registrations_visible_to(request.auth)]


@router.get(
    "/learning/me/applications",
    response={200: list[ApplicationOut], 401: DetailOut},
    operation_id="learning_my_applications",
    summary="List your programme applications (those you submitted, your cities', your own)",
)
@api_requires("accounts.manage_own_account")
def my_applications(request: HttpRequest):
    return [
        {
            "id": a.pk,
            "programme_slug": a.programme.slug,
            "programme_title": a.programme.title,
            "city": a.city.name,
            "official_name": a.official_name,
            "official_email": a.official_email,
            "official_position": a.official_position,
            "official_level": a.official_level,
            "status": a.status,
            "completed": a.completed_at is not None,
        }
        for a in selectors.applications_visible_to(request.auth)
    ]


@router.get(
    "/learning/egovframe/courses",
    response={200: list[CourseOut], 401: DetailOut},
    operation_id="learning_courses_list",
    summary="List the eGovFrame course catalogue",
)
@api_requires("accounts.manage_own_account")
def courses_list(request: HttpRequest, lang: str = "en"):
    return [
        {
            "id": c.id,
            "environment": c.environment,
            "title": c.title.get(lang),
            "summary": c.summary.get(lang),
            "days": c.days,
            "components": c.components,
        }
        for c in load_courses().courses
    ]


# Feasibility studies -----------------------------------------------------------------------------------


class FeasibilityCriterionOut(Schema):
    slug: str
    title: str
    weight: int


class FeasibilityReportOut(Schema):
    call_year: int
    theme: str
    city: str
    published_at: dt.datetime
    url: str
    is_demo: bool


class FeasibilityCallOut(Schema):
    year: int
    theme: str
    description: str
    deadline: dt.datetime
    places: int
    status: str
    is_open: bool
    criteria: list[FeasibilityCriterionOut]
    selected_cities: list[str]
    reports: list[FeasibilityReportOut]
    is_demo: bool


class FeasibilityLetterOut(Schema):
    id: int
    call_year: int
    theme: str
    city: str
    summary: str
    submitted_at: dt.datetime
    selected: bool
    letter_url: str


def _report_out(letter) -> dict:
    return {
        "call_year": letter.call.year,
        "theme": letter.call.theme,
        "city": letter.city.name,
        "published_at": letter.report_published_at,
        "url": f"/learning/feasibility/letters/{letter.pk}/report.pdf",
        "is_demo": letter.is_demo or letter.call.is_demo,
    }


@router.get(
    "/learning/feasibility/calls",
    response={200: list[FeasibilityCallOut]},
    auth=None,
    operation_id="learning_feasibility_calls",
    summary="List the feasibility study calls (not drafts), with their criteria, selected cities and published reports",
)
@public
def feasibility_calls(request: HttpRequest):
    calls = list(feasibility.calls_listing(None))
    letters = list(
        LetterOfIntent.objects.filter(call__in=calls)
        .filter(Q(selected=True) | Q(report_published_at__isnull=False))
        .select_related("call", "city")
        .order_by("city__name")
    )
    return [
        {
            "year": c.year,
            "theme": c.theme,
            "description": c.description,
            "deadline": c.deadline,
            "places": c.places,
            "status": c.status,
            "is_open": c.is_open(),
            "criteria": [{"slug": s, "title": str(t), "weight": w} for s, t, w in c.criteria()],
            "selected_cities": [x.city.name for x in letters if x.call_id == c.pk and x.selected],
            "reports": [_report_out(x) for x in letters if x.call_id == c.pk and x.report_published_at],
            "is_demo": c.is_demo,
        }
        for c in calls
    ]


@router.get(
    "/learning/feasibility/reports",
    response={200: list[FeasibilityReportOut]},
    auth=None,
    operation_id="learning_feasibility_reports",
    summary="List the published final reports of feasibility studies",
)
@public
def feasibility_reports(request: HttpRequest):
    return [_report_out(x) for x in feasibility.published_reports()]


@router.get(
    "/learning/me/feasibility-letters",
    response={200: list[FeasibilityLetterOut], 401: DetailOut},
    operation_id="learning_my_feasibility_letters",
    summary="List the letters of intent of the cities you coordinate",
)
@api_requires("accounts.manage_own_account")
def my_feasibility_letters(request: HttpRequest):
    return [
        {
            "id": x.pk,
            "call_year": x.call.year,
            "theme": x.call.theme,
            "city": x.city.name,
            "summary": x.summary,
            "submitted_at": x.submitted_at,
            "selected": x.selected,
            "letter_url": f"/learning/feasibility/letters/{x.pk}/letter.pdf",
        }
        for x in feasibility.letters_of_coordinator(request.auth)
    ]
