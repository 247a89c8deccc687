"""Reads for the learning pages and the API; each list costs a fixed number of queries."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from wego.accounts.models import RoleKind
from wego.accounts.rules import city_ids, is_secretariat
from wego.learning.models import (
    ApplicationStatus,
    CourseEnrolment,
    CourseSession,
    EnrolmentStatus,
    ProgrammeApplication,
    RegistrationStatus,
    TrainingProgramme,
    Webinar,
    WebinarRegistration,
)


def programmes_listing() -> QuerySet[TrainingProgramme]:
    return TrainingProgramme.objects.annotate(
        selected_count=Count("applications", filter=Q(applications__status=ApplicationStatus.SELECTED)),
    )


def webinars_listing(user, *, include_hidden: bool = False, anyone: bool = False) -> QuerySet[Webinar]:
    """Webinars with their counts; unlisted ones for the secretariat (`include_hidden`), or for
    anyone who has the address (`anyone`: a detail page)."""
    found = Webinar.objects.annotate(
        registered_count=Count(
            "registrations", filter=Q(registrations__status=RegistrationStatus.REGISTERED)
        ),
        waitlisted_count=Count(
            "registrations", filter=Q(registrations__status=RegistrationStatus.WAITLISTED)
        ),
    )
    if not (include_hidden and (anyone or is_secretariat(user))):
        found = found.filter(is_public=True)
    return found


def webinars_split(user) -> tuple[list[Webinar], list[Webinar]]:
    """(upcoming soonest first, past latest first)."""
    now = timezone.now()
    webinars = list(webinars_listing(user, include_hidden=True))
    upcoming = [w for w in webinars if not w.is_past(now)]
    past = sorted((w for w in webinars if w.is_past(now)), key=lambda w: w.starts_at, reverse=True)
    return upcoming, past


def registrations_of(user, webinar_ids=None) -> dict[int, WebinarRegistration]:
    """The person's own current registrations, by webinar id (one query)."""
    if not user.is_authenticated:
        return {}
    found = WebinarRegistration.objects.filter(person=user).exclude(status=RegistrationStatus.CANCELLED)
    if webinar_ids is not None:
        found = found.filter(webinar_id__in=list(webinar_ids))
    return {r.webinar_id: r for r in found}


def applications_of_city_coordinator(user, programme: TrainingProgramme) -> list[ProgrammeApplication]:
    cities = city_ids(user, RoleKind.COORDINATOR)
    if not cities:
        return []
    return list(programme.applications.filter(city__in=cities).select_related("city"))


def applications_for_secretariat(programme: TrainingProgramme) -> list[ProgrammeApplication]:
    return list(programme.applications.select_related("city__country", "submitted_by"))


def applications_visible_to(user) -> QuerySet[ProgrammeApplication]:
    """Applications the person put forward, those of the cities they coordinate, and their own."""
    return (
        ProgrammeApplication.objects.filter(
            Q(submitted_by=user) | Q(official=user) | Q(city__in=city_ids(user, RoleKind.COORDINATOR))
        )
        .select_related("programme", "city")
        .order_by("-submitted_at", "-id")
    )


def registrations_visible_to(user) -> QuerySet[WebinarRegistration]:
    return (
        WebinarRegistration.objects.filter(Q(person=user) | Q(registered_by=user))
        .select_related("webinar", "person", "city")
        .order_by("-webinar__starts_at", "id")
    )


def enrolments_of(user) -> QuerySet[CourseEnrolment]:
    return (
        CourseEnrolment.objects.filter(person=user)
        .select_related("session", "city")
        .order_by("-session__starts_on")
    )


def sessions_listing(course_id: str | None = None) -> QuerySet[CourseSession]:
    found = CourseSession.objects.annotate(
        enrolled_count=Count("enrolments", filter=Q(enrolments__status=EnrolmentStatus.ENROLLED))
    )
    if course_id is not None:
        found = found.filter(course_id=course_id)
    return found
