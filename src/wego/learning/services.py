"""Writes and workflows of capacity building: programmes, webinars, eGovFrame courses.

Every rule that decides who gets a place is enforced here, under a row lock, so that two
people acting at once cannot break it: the city row for "at most two applicants per city",
the programme row for its places, the webinar row for its capacity, the course session
row for its places. Every decision writes an audit row and tells the people concerned.
"""

from __future__ import annotations

import datetime as dt
import secrets

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from wego.accounts.models import RoleKind, User
from wego.accounts.rules import city_ids, is_secretariat
from wego.common.notifications import notify
from wego.common.services import audit_record
from wego.learning.courses import load_courses
from wego.learning.models import (
    APPLICANTS_PER_CITY,
    ApplicationStatus,
    CourseEnrolment,
    CourseSession,
    EnrolmentStatus,
    LearningProfile,
    OfficialLevel,
    ProgrammeApplication,
    RegistrationStatus,
    TrainingProgramme,
    Webinar,
    WebinarRegistration,
)
from wego.learning.timezones import zone_valid
from wego.members.models import City, MemberCategory


class LearningRefused(Exception):
    """A request the rules refuse; `message` says which rule, in words for the person."""

    def __init__(self, message: str):
        self.message = message
        super().__init__(message)


def _certificate_number(prefix: str, pk: int) -> str:
    return f"{prefix}-{pk:06d}-{secrets.token_hex(3).upper()}"


def _require_secretariat(actor) -> None:
    if not is_secretariat(actor):
        raise PermissionDenied("learning.manage")


# Training programmes ---------------------------------------------------------------------------


@transaction.atomic
def programme_save(*, actor, programme: TrainingProgramme) -> TrainingProgramme:
    """Create or change a programme edition (validated by its form)."""
    _require_secretariat(actor)
    created = programme.pk is None
    programme.save()
    audit_record(
        actor=actor,
        action="learning.programme_create" if created else "learning.programme_change",
        obj=programme,
        data={
            "title": programme.title,
            "places": programme.places,
            "deadline": programme.application_deadline.isoformat(),
            "minimum_level": programme.minimum_level,
        },
    )
    return programme


@transaction.atomic
def programme_apply(
    *,
    programme: TrainingProgramme,
    city: City,
    actor,
    official_name: str,
    official_email: str,
    official_position: str,
    official_level: int,
    motivation: str = "",
) -> ProgrammeApplication:
    """A member city's coordinator puts an official forward.

    Refused (LearningRefused, nothing written) after the deadline (server time, UTC), for a
    city that is not a member, for an official below the programme's level, for a third
    applicant of the same city, or for an official already put forward.
    """
    now = timezone.now()
    if city.pk not in city_ids(actor, RoleKind.COORDINATOR):
        raise PermissionDenied("learning.apply")
    if now > programme.application_deadline:
        raise LearningRefused(
            _("The application deadline (%(deadline)s UTC) has passed; late applications are not accepted.")
            % {"deadline": programme.application_deadline.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M:%S")}
        )
    # Lock the city row: a second coordinator of the same city waits here until this commits.
    locked = City.objects.select_for_update().get(pk=city.pk)
    if locked.member_category == MemberCategory.NON_MEMBER:
        raise LearningRefused(
            _("%(city)s is not a member of WeGO; only officials of member cities may apply.")
            % {"city": locked.name}
        )
    if int(official_level) < programme.minimum_level:
        raise LearningRefused(
            _("This programme is for officials at the level of %(level)s or above.")
            % {"level": OfficialLevel(programme.minimum_level).label}
        )
    email = official_email.strip().lower()
    if ProgrammeApplication.objects.filter(programme=programme, official_email=email).exists():
        raise LearningRefused(
            _("%(email)s has already been put forward for this programme.") % {"email": email}
        )
    used = set(
        ProgrammeApplication.objects.filter(
            programme=programme, city=locked, city_slot__isnull=False
        ).values_list("city_slot", flat=True)
    )
    free = [slot for slot in range(1, APPLICANTS_PER_CITY + 1) if slot not in used]
    if not free:
        raise LearningRefused(
            _("%(city)s already has the most applicants a city may put forward for this programme (%(n)s).")
            % {"city": locked.name, "n": APPLICANTS_PER_CITY}
        )
    official = User.objects.filter(email=email, is_active=True).first()
    try:
        with transaction.atomic():
            application = ProgrammeApplication.objects.create(
                programme=programme,
                city=locked,
                city_slot=free[0],
                official_name=official_name.strip(),
                official_email=email,
                official_position=official_position.strip(),
                official_level=int(official_level),
                motivation=motivation.strip(),
                official=official,
                submitted_by=actor,
            )
    except IntegrityError:
        # Another application took the slot (or the same official) at the same moment.
        if ProgrammeApplication.objects.filter(programme=programme, official_email=email).exists():
            raise LearningRefused(
                _("%(email)s has already been put forward for this programme.") % {"email": email}
            ) from None
        raise LearningRefused(
            _("%(city)s already has the most applicants a city may put forward for this programme (%(n)s).")
            % {"city": locked.name, "n": APPLICANTS_PER_CITY}
        ) from None
    audit_record(
        actor=actor,
        action="learning.application_submit",
        obj=application,
        data={
            "programme": programme.slug,
            "city": locked.slug,
            "official": email,
            "level": int(official_level),
        },
    )
    notify(
        recipients=[actor, official],
        subject=_("Application received: %(programme)s") % {"programme": programme.title},
        body=_(
            "%(name)s (%(city)s) has been put forward for %(programme)s. The secretariat selects the "
            "participants after the deadline; you will be told of its decision."
        )
        % {"name": application.official_name, "city": locked.name, "programme": programme.title},
        url=f"/programmes/{programme.slug}/",
    )
    return application


@transaction.atomic
def application_withdraw(*, application: ProgrammeApplication, actor) -> ProgrammeApplication:
    """The city takes an application back before the deadline; its place for the city is freed."""
    if application.city_id not in city_ids(actor, RoleKind.COORDINATOR):
        raise PermissionDenied("learning.withdraw_application")
    application = ProgrammeApplication.objects.select_for_update().get(pk=application.pk)
    if timezone.now() > application.programme.application_deadline:
        raise LearningRefused(
            _("The deadline has passed; ask the secretariat to decline the application instead.")
        )
    if application.status != ApplicationStatus.SUBMITTED:
        raise LearningRefused(_("Only an application that is not decided yet can be withdrawn."))
    application.status = ApplicationStatus.WITHDRAWN
    application.city_slot = None
    application.save(update_fields=["status", "city_slot"])
    audit_record(actor=actor, action="learning.application_withdraw", obj=application)
    return application


def _tell_decision(application: ProgrammeApplication, *, promoted: bool = False) -> None:
    programme = application.programme
    if application.status == ApplicationStatus.SELECTED:
        subject = _("Selected: %(programme)s") % {"programme": programme.title}
        body = _("%(name)s has been selected for %(programme)s (%(start)s to %(end)s).")
        if promoted:
            body = _(
                "A place became free: %(name)s moves from the waitlist to the participants of %(programme)s (%(start)s to %(end)s)."
            )
    elif application.status == ApplicationStatus.WAITLISTED:
        subject = _("Waitlisted: %(programme)s") % {"programme": programme.title}
        body = _(
            "%(name)s is on the waitlist of %(programme)s; a place that becomes free goes to the first on the list."
        )
    else:
        subject = _("Not selected: %(programme)s") % {"programme": programme.title}
        body = _("%(name)s has not been selected for %(programme)s.")
    notify(
        recipients=[application.submitted_by, application.official],
        subject=subject,
        body=body
        % {
            "name": application.official_name,
            "programme": programme.title,
            "start": programme.starts_on.isoformat(),
            "end": programme.ends_on.isoformat(),
        },
        url=f"/programmes/{programme.slug}/",
    )


@transaction.atomic
def application_decide(*, application: ProgrammeApplication, actor, status: str) -> ProgrammeApplication:
    """The secretariat selects, waitlists or declines an applicant.

    Selecting needs a free place. Declining a selected participant gives the place to the
    first on the waitlist (the longest waiting), who is told.
    """
    _require_secretariat(actor)
    if status not in {ApplicationStatus.SELECTED, ApplicationStatus.WAITLISTED, ApplicationStatus.DECLINED}:
        raise LearningRefused(_("Choose selected, waitlisted or declined."))
    programme = TrainingProgramme.objects.select_for_update().get(pk=application.programme_id)
    application = ProgrammeApplication.objects.select_for_update().get(pk=application.pk)
    application.programme = programme
    if application.status == ApplicationStatus.WITHDRAWN:
        raise LearningRefused(_("The city withdrew this application."))
    if application.status == status:
        return application
    previous = application.status
    if status == ApplicationStatus.SELECTED:
        taken = programme.applications.filter(status=ApplicationStatus.SELECTED).count()
        if taken >= programme.places:
            raise LearningRefused(
                _("All %(places)s places are taken; put the applicant on the waitlist instead.")
                % {"places": programme.places}
            )
    now = timezone.now()
    application.status = status
    application.decided_at = now
    application.waitlisted_at = now if status == ApplicationStatus.WAITLISTED else None
    if status != ApplicationStatus.SELECTED:
        application.completed_at = None
        application.certificate_number = ""
    application.save()
    audit_record(
        actor=actor,
        action="learning.application_decide",
        obj=application,
        data={"from": previous, "to": status, "programme": programme.slug},
    )
    _tell_decision(application)
    if previous == ApplicationStatus.SELECTED and status != ApplicationStatus.SELECTED:
        _promote_first_waitlisted(programme, actor)
    return application


def _promote_first_waitlisted(programme: TrainingProgramme, actor) -> ProgrammeApplication | None:
    if programme.applications.filter(status=ApplicationStatus.SELECTED).count() >= programme.places:
        return None
    first = (
        programme.applications.select_for_update()
        .filter(status=ApplicationStatus.WAITLISTED)
        .order_by("waitlisted_at", "id")
        .first()
    )
    if first is None:
        return None
    first.status = ApplicationStatus.SELECTED
    first.decided_at = timezone.now()
    first.waitlisted_at = None
    first.save(update_fields=["status", "decided_at", "waitlisted_at"])
    first.programme = programme
    audit_record(
        actor=actor,
        action="learning.application_promote",
        obj=first,
        data={
            "from": ApplicationStatus.WAITLISTED,
            "to": ApplicationStatus.SELECTED,
            "programme": programme.slug,
        },
    )
    _tell_decision(first, promoted=True)
    return first


@transaction.atomic
def application_complete(
    *, application: ProgrammeApplication, actor, completed: bool = True
) -> ProgrammeApplication:
    """The secretariat records that a selected participant completed the programme (a certificate follows)."""
    _require_secretariat(actor)
    application = (
        ProgrammeApplication.objects.select_for_update().select_related("programme").get(pk=application.pk)
    )
    if application.status != ApplicationStatus.SELECTED:
        raise LearningRefused(_("Only a selected participant can complete the programme."))
    if completed and application.completed_at is None:
        application.completed_at = timezone.now()
        application.certificate_number = _certificate_number("SP", application.pk)
    elif not completed:
        application.completed_at = None
        application.certificate_number = ""
    application.save(update_fields=["completed_at", "certificate_number"])
    audit_record(
        actor=actor,
        action="learning.application_complete" if completed else "learning.application_uncomplete",
        obj=application,
        data={"certificate": application.certificate_number},
    )
    if completed:
        notify(
            recipients=[application.submitted_by, application.official],
            subject=_("Certificate of completion: %(programme)s")
            % {"programme": application.programme.title},
            body=_("%(name)s completed %(programme)s; the certificate can be downloaded.")
            % {"name": application.official_name, "programme": application.programme.title},
            url=f"/programmes/{application.programme.slug}/",
        )
    return application


# Webinars ------------------------------------------------------------------------------------------


@transaction.atomic
def webinar_save(*, actor, webinar: Webinar) -> Webinar:
    """Create or change a webinar; a change bumps its iCalendar SEQUENCE, and more places promote the waitlist."""
    _require_secretariat(actor)
    created = webinar.pk is None
    if not created:
        Webinar.objects.select_for_update().filter(pk=webinar.pk).first()
        webinar.sequence += 1
    webinar.save()
    audit_record(
        actor=actor,
        action="learning.webinar_create" if created else "learning.webinar_change",
        obj=webinar,
        data={
            "title": webinar.title,
            "starts_at": webinar.starts_at.isoformat(),
            "capacity": webinar.capacity,
        },
    )
    if not created:
        while _promote_first_registration(webinar, actor) is not None:
            pass
    return webinar


def registrant_cities(person) -> list[City]:
    """The member cities a person is an official of (coordinator or respondent)."""
    from wego.accounts.rules import roles_of

    return [
        role.city
        for role in roles_of(person)
        if role.kind in (RoleKind.COORDINATOR, RoleKind.RESPONDENT)
        and role.city is not None
        and role.city.member_category != MemberCategory.NON_MEMBER
    ]


@transaction.atomic
def webinar_register(*, webinar: Webinar, person, actor) -> WebinarRegistration:
    """Register a person: a place while there is one, else the waitlist.

    Anyone logged in registers themselves; a city coordinator may register an official of
    their city. The webinar row is locked, so two people registering at once never take
    more places than there are.
    """
    if person.pk != actor.pk:
        shared = city_ids(actor, RoleKind.COORDINATOR) & {c.pk for c in registrant_cities(person)}
        if not shared and not is_secretariat(actor):
            raise PermissionDenied("learning.register_others")
    webinar = Webinar.objects.select_for_update().get(pk=webinar.pk)
    if webinar.is_past():
        raise LearningRefused(_("This webinar has taken place; registration is closed."))
    existing = WebinarRegistration.objects.filter(webinar=webinar, person=person).first()
    if existing is not None and existing.status != RegistrationStatus.CANCELLED:
        raise LearningRefused(
            _("%(person)s is already %(status)s for this webinar.")
            % {"person": person, "status": existing.get_status_display().lower()}
        )
    taken = webinar.registrations.filter(status=RegistrationStatus.REGISTERED).count()
    status = RegistrationStatus.REGISTERED if taken < webinar.capacity else RegistrationStatus.WAITLISTED
    cities = registrant_cities(person)
    registration = existing or WebinarRegistration(webinar=webinar, person=person)
    registration.status = status
    registration.queued_at = timezone.now()
    registration.registered_by = actor
    registration.city = cities[0] if cities else None
    registration.attended = False
    registration.save()
    audit_record(
        actor=actor,
        action="learning.webinar_register",
        obj=registration,
        data={"webinar": webinar.slug, "person": person.email, "status": status},
    )
    _tell_registration(registration, actor=actor)
    return registration


def _tell_registration(registration: WebinarRegistration, *, actor=None, promoted: bool = False) -> None:
    webinar = registration.webinar
    when = webinar.starts_at.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    if registration.status == RegistrationStatus.REGISTERED:
        subject = _("Registered: %(title)s") % {"title": webinar.title}
        body = _("%(person)s has a place at %(title)s on %(when)s. The join link is on the webinar's page.")
        if promoted:
            body = _(
                "A place became free: %(person)s now has a place at %(title)s on %(when)s. The join link is on the webinar's page."
            )
    else:
        subject = _("Waitlisted: %(title)s") % {"title": webinar.title}
        body = _("%(title)s (%(when)s) is full; %(person)s is on the waitlist and gets the next free place.")
    notify(
        recipients=[registration.person, actor],
        subject=subject,
        body=body % {"person": registration.person, "title": webinar.title, "when": when},
        url=f"/webinars/{webinar.slug}/",
    )


def _promote_first_registration(webinar: Webinar, actor) -> WebinarRegistration | None:
    if webinar.registrations.filter(status=RegistrationStatus.REGISTERED).count() >= webinar.capacity:
        return None
    first = (
        webinar.registrations.select_for_update()
        .filter(status=RegistrationStatus.WAITLISTED)
        .order_by("queued_at", "id")
        .first()
    )
    if first is None:
        return None
    first.status = RegistrationStatus.REGISTERED
    first.save(update_fields=["status"])
    first.webinar = webinar
    audit_record(
        actor=actor,
        action="learning.webinar_promote",
        obj=first,
        data={"webinar": webinar.slug, "person": first.person.email},
    )
    _tell_registration(first, promoted=True)
    return first


@transaction.atomic
def registration_cancel(*, registration: WebinarRegistration, actor) -> WebinarRegistration:
    """Cancel a registration; a place it held goes to the first on the waitlist."""
    if actor.pk not in (registration.person_id, registration.registered_by_id) and not is_secretariat(actor):
        raise PermissionDenied("learning.cancel_registration")
    webinar = Webinar.objects.select_for_update().get(pk=registration.webinar_id)
    registration = WebinarRegistration.objects.select_for_update().get(pk=registration.pk)
    if registration.status == RegistrationStatus.CANCELLED:
        return registration
    held_place = registration.status == RegistrationStatus.REGISTERED
    registration.status = RegistrationStatus.CANCELLED
    registration.save(update_fields=["status"])
    audit_record(
        actor=actor, action="learning.webinar_cancel", obj=registration, data={"webinar": webinar.slug}
    )
    if held_place:
        _promote_first_registration(webinar, actor)
    return registration


@transaction.atomic
def attendance_record(*, webinar: Webinar, actor, attended: set[int]) -> int:
    """The secretariat records who attended (registration ids); returns how many attended."""
    _require_secretariat(actor)
    registrations = list(
        WebinarRegistration.objects.select_for_update().filter(
            webinar=webinar, status=RegistrationStatus.REGISTERED
        )
    )
    unknown = attended - {r.pk for r in registrations}
    if unknown:
        raise LearningRefused(_("Only people with a place can be marked as attending."))
    for registration in registrations:
        now_attended = registration.pk in attended
        if now_attended == registration.attended:
            continue
        registration.attended = now_attended
        if now_attended and not registration.certificate_number:
            registration.certificate_number = _certificate_number("WB", registration.pk)
        registration.save(update_fields=["attended", "certificate_number"])
    audit_record(
        actor=actor, action="learning.webinar_attendance", obj=webinar, data={"attended": sorted(attended)}
    )
    return len(attended)


@transaction.atomic
def time_zone_set(*, user, zone: str) -> LearningProfile:
    if not zone_valid(zone):
        raise LearningRefused(_("'%(zone)s' is not a time zone name such as Asia/Seoul.") % {"zone": zone})
    profile, _created = LearningProfile.objects.update_or_create(user=user, defaults={"time_zone": zone})
    return profile


# eGovFrame courses ---------------------------------------------------------------------------------


@transaction.atomic
def course_session_save(*, actor, session: CourseSession) -> CourseSession:
    _require_secretariat(actor)
    try:
        load_courses().course(session.course_id)
    except KeyError:
        raise LearningRefused(
            _("There is no course '%(id)s' in the catalogue.") % {"id": session.course_id}
        ) from None
    created = session.pk is None
    session.save()
    audit_record(
        actor=actor,
        action="learning.course_session_create" if created else "learning.course_session_change",
        obj=session,
        data={
            "course": session.course_id,
            "starts_on": session.starts_on.isoformat(),
            "places": session.places,
        },
    )
    return session


@transaction.atomic
def course_enrol(*, session: CourseSession, person, actor) -> CourseEnrolment:
    """An official of a member city takes a place on a course session, while places last."""
    if person.pk != actor.pk:
        raise PermissionDenied("learning.enrol_course")
    cities = registrant_cities(person)
    if not cities:
        raise LearningRefused(_("eGovFrame courses are for officials of member cities."))
    session = CourseSession.objects.select_for_update().get(pk=session.pk)
    if timezone.now() > session.enrolment_closes_at:
        raise LearningRefused(_("Enrolment for this session has closed."))
    existing = CourseEnrolment.objects.filter(session=session, person=person).first()
    if existing is not None and existing.status == EnrolmentStatus.ENROLLED:
        raise LearningRefused(_("You are already enrolled in this session."))
    taken = session.enrolments.filter(status=EnrolmentStatus.ENROLLED).count()
    if taken >= session.places:
        raise LearningRefused(
            _("All %(places)s places of this session are taken.") % {"places": session.places}
        )
    enrolment = existing or CourseEnrolment(session=session, person=person, city=cities[0])
    enrolment.status = EnrolmentStatus.ENROLLED
    enrolment.save()
    course = load_courses().course(session.course_id)
    audit_record(
        actor=actor,
        action="learning.course_enrol",
        obj=enrolment,
        data={"course": session.course_id, "session": session.pk, "city": enrolment.city.slug},
    )
    notify(
        recipients=[person],
        subject=_("Enrolled: %(course)s") % {"course": course.title.get()},
        body=_("You are enrolled in %(course)s, %(start)s to %(end)s, %(place)s.")
        % {
            "course": course.title.get(),
            "start": session.starts_on.isoformat(),
            "end": session.ends_on.isoformat(),
            "place": session.location,
        },
        url=f"/egovframe/{session.course_id}/",
    )
    return enrolment


@transaction.atomic
def enrolment_cancel(*, enrolment: CourseEnrolment, actor) -> CourseEnrolment:
    if actor.pk != enrolment.person_id and not is_secretariat(actor):
        raise PermissionDenied("learning.cancel_enrolment")
    enrolment = CourseEnrolment.objects.select_for_update().get(pk=enrolment.pk)
    if enrolment.status == EnrolmentStatus.CANCELLED:
        return enrolment
    enrolment.status = EnrolmentStatus.CANCELLED
    enrolment.save(update_fields=["status"])
    audit_record(actor=actor, action="learning.course_cancel", obj=enrolment)
    return enrolment


def people_of_cities(city_pks: set[int]):
    """Officials (coordinators and respondents) of the given cities, for registering them."""
    return (
        User.objects.filter(
            is_active=True,
            roles__city__in=city_pks,
            roles__kind__in=[RoleKind.COORDINATOR, RoleKind.RESPONDENT],
        )
        .filter(~Q(roles__city__member_category=MemberCategory.NON_MEMBER))
        .distinct()
        .order_by("full_name", "email")
    )
