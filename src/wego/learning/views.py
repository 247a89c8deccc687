"""Capacity building pages: programmes, webinars, the eGovFrame catalogue, and their management.

Reading is public; acting needs an account (`wego.learning.rules`). Each view checks its
permission, parses, calls one service, and renders. Times are stored in UTC and shown in
the viewer's time zone (`wego.learning.timezones`).
"""

from __future__ import annotations

import datetime as dt

import rules
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from wego.accounts.models import RoleKind, User
from wego.accounts.rules import city_ids, is_secretariat
from wego.common.permissions import public, requires
from wego.learning import selectors
from wego.learning.certificates import attendance_certificate, completion_certificate
from wego.learning.courses import load_courses
from wego.learning.forms import ApplicationForm, CourseSessionForm, ProgrammeForm, TimeZoneForm, WebinarForm
from wego.learning.ical import calendar
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
from wego.learning.services import (
    LearningRefused,
    application_complete,
    application_decide,
    application_withdraw,
    attendance_record,
    course_enrol,
    course_session_save,
    enrolment_cancel,
    people_of_cities,
    programme_apply,
    programme_save,
    registration_cancel,
    time_zone_set,
    webinar_register,
    webinar_save,
)
from wego.learning.timezones import COOKIE, viewer_zone
from wego.members.models import City, MemberCategory


def application_from_url(request: HttpRequest, pk: int, **_kwargs) -> ProgrammeApplication:
    return get_object_or_404(ProgrammeApplication.objects.select_related("programme", "city"), pk=pk)


def registration_from_url(request: HttpRequest, pk: int, **_kwargs) -> WebinarRegistration:
    return get_object_or_404(WebinarRegistration.objects.select_related("webinar", "person", "city"), pk=pk)


def enrolment_from_url(request: HttpRequest, pk: int, **_kwargs) -> CourseEnrolment:
    return get_object_or_404(CourseEnrolment.objects.select_related("session"), pk=pk)


def _webinar(slug: str, user) -> Webinar:
    """A webinar by its address; one that is not listed is still reachable by its link."""
    return get_object_or_404(selectors.webinars_listing(user, include_hidden=True, anyone=True), slug=slug)


def _zone_context(request: HttpRequest) -> dict:
    zone = viewer_zone(request)
    return {
        "zone": zone,
        "zone_form": TimeZoneForm(initial={"tz": zone, "next": request.get_full_path()}),
    }


def _pdf(name: str, content: bytes) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


# Overview and the person's own ----------------------------------------------------------------------


@public
@require_GET
def overview(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    programmes = list(selectors.programmes_listing())
    upcoming, _past = selectors.webinars_split(request.user)
    return render(
        request,
        "learning/overview.html",
        {
            "open_programmes": [p for p in programmes if p.is_open(now)],
            "programmes": programmes,
            "upcoming": upcoming[:5],
            "catalogue": load_courses(),
            "can_manage": rules.has_perm("learning.manage", request.user),
            "now": now,
            **_zone_context(request),
        },
    )


@requires("learning.register_webinar")
@require_GET
def mine(request: HttpRequest) -> HttpResponse:
    courses = {c.id: c for c in load_courses().courses}
    enrolments = [(e, courses.get(e.session.course_id)) for e in selectors.enrolments_of(request.user)]
    return render(
        request,
        "learning/mine.html",
        {
            "applications": list(selectors.applications_visible_to(request.user)[:200]),
            "registrations": list(selectors.registrations_visible_to(request.user)[:200]),
            "enrolments": enrolments,
            **_zone_context(request),
        },
    )


@public
@require_POST
def time_zone(request: HttpRequest) -> HttpResponse:
    """Remember the viewer's time zone: on their profile when logged in, and in a cookie."""
    form = TimeZoneForm(request.POST)
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}
    ) or not target.startswith("/"):
        target = "/webinars/"
    if not form.is_valid():
        messages.error(request, _("Choose a time zone from the list."))
        return redirect(target)
    zone = form.cleaned_data["tz"]
    if request.user.is_authenticated:
        time_zone_set(user=request.user, zone=zone)
    response = redirect(target)
    response.set_cookie(COOKIE, zone, max_age=365 * 24 * 3600, samesite="Lax", httponly=True)
    return response


# Training programmes -------------------------------------------------------------------------------


@public
@require_GET
def programme(request: HttpRequest, slug: str) -> HttpResponse:
    found = get_object_or_404(selectors.programmes_listing(), slug=slug)
    own = (
        selectors.applications_of_city_coordinator(request.user, found)
        if request.user.is_authenticated
        else []
    )
    return render(
        request,
        "learning/programme.html",
        {
            "programme": found,
            "own_applications": own,
            "is_open": found.is_open(),
            "can_apply": rules.has_perm("learning.apply", request.user),
            "can_manage": rules.has_perm("learning.manage", request.user),
            **_zone_context(request),
        },
    )


def _coordinated_member_cities(user):
    return (
        City.objects.filter(pk__in=city_ids(user, RoleKind.COORDINATOR))
        .exclude(member_category=MemberCategory.NON_MEMBER)
        .order_by("name")
    )


@requires("learning.apply")
@require_http_methods(["GET", "POST"])
def programme_apply_view(request: HttpRequest, slug: str) -> HttpResponse:
    found = get_object_or_404(TrainingProgramme, slug=slug)
    form = ApplicationForm(request.POST or None, cities=_coordinated_member_cities(request.user))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            programme_apply(
                programme=found,
                city=data["city"],
                actor=request.user,
                official_name=data["official_name"],
                official_email=data["official_email"],
                official_position=data["official_position"],
                official_level=data["official_level"],
                motivation=data["motivation"],
            )
        except LearningRefused as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("%(name)s has been put forward.") % {"name": data["official_name"]})
            return redirect("learning:programme", slug=found.slug)
    status = 422 if request.method == "POST" else 200
    return render(
        request,
        "learning/programme_apply.html",
        {"programme": found, "form": form, "is_open": found.is_open(), **_zone_context(request)},
        status=status,
    )


@requires("learning.manage")
@require_http_methods(["GET", "POST"])
def programme_new(request: HttpRequest) -> HttpResponse:
    return _programme_form(request, TrainingProgramme())


@requires("learning.manage")
@require_http_methods(["GET", "POST"])
def programme_edit(request: HttpRequest, slug: str) -> HttpResponse:
    return _programme_form(request, get_object_or_404(TrainingProgramme, slug=slug))


def _programme_form(request: HttpRequest, instance: TrainingProgramme) -> HttpResponse:
    with timezone.override(dt.UTC):  # the form's times are UTC, whatever the server's zone
        form = ProgrammeForm(request.POST or None, instance=instance)
        if request.method == "POST" and form.is_valid():
            saved = programme_save(actor=request.user, programme=form.save(commit=False))
            messages.success(request, _("Programme %(title)s saved.") % {"title": saved.title})
            return redirect("learning:programme_manage", slug=saved.slug)
        return render(request, "learning/form.html", {"form": form, "title": _("Training programme")})


@requires("learning.manage")
@require_http_methods(["GET", "POST"])
def programme_manage(request: HttpRequest, slug: str) -> HttpResponse:
    found = get_object_or_404(TrainingProgramme, slug=slug)
    if request.method == "POST":
        application = get_object_or_404(
            ProgrammeApplication, pk=request.POST.get("application"), programme=found
        )
        action = request.POST.get("action")
        try:
            if action == "decide":
                application_decide(
                    application=application, actor=request.user, status=request.POST.get("status", "")
                )
            elif action in ("complete", "uncomplete"):
                application_complete(
                    application=application, actor=request.user, completed=action == "complete"
                )
            else:
                raise LearningRefused(_("Unknown action."))
        except LearningRefused as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Saved for %(name)s.") % {"name": application.official_name})
        return redirect("learning:programme_manage", slug=found.slug)
    applications = selectors.applications_for_secretariat(found)
    return render(
        request,
        "learning/programme_manage.html",
        {
            "programme": found,
            "applications": applications,
            "participants": [a for a in applications if a.status == ApplicationStatus.SELECTED],
            "waitlist": sorted(
                (a for a in applications if a.status == ApplicationStatus.WAITLISTED),
                key=lambda a: (a.waitlisted_at, a.pk),
            ),
            "decisions": [
                ApplicationStatus.SELECTED,
                ApplicationStatus.WAITLISTED,
                ApplicationStatus.DECLINED,
            ],
            **_zone_context(request),
        },
    )


@requires("learning.withdraw_application", load=application_from_url)
@require_POST
def application_withdraw_view(
    request: HttpRequest, application: ProgrammeApplication, pk: int
) -> HttpResponse:
    try:
        application_withdraw(application=application, actor=request.user)
    except LearningRefused as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request, _("The application of %(name)s is withdrawn.") % {"name": application.official_name}
        )
    return redirect("learning:programme", slug=application.programme.slug)


@requires("learning.view_application", load=application_from_url)
@require_GET
def application_certificate(request: HttpRequest, application: ProgrammeApplication, pk: int) -> HttpResponse:
    if application.status != ApplicationStatus.SELECTED or application.completed_at is None:
        raise Http404(_("There is no certificate: the programme is not recorded as completed."))
    return _pdf(*completion_certificate(application))


# Webinars ----------------------------------------------------------------------------------------------


@public
@require_GET
def webinars(request: HttpRequest) -> HttpResponse:
    upcoming, past = selectors.webinars_split(request.user)
    if not is_secretariat(request.user):
        upcoming = [w for w in upcoming if w.is_public]
        past = [w for w in past if w.is_public]
    own = selectors.registrations_of(request.user)
    return render(
        request,
        "learning/webinars.html",
        {
            "upcoming": [(w, own.get(w.pk)) for w in upcoming],
            "past": [(w, own.get(w.pk)) for w in past],
            "can_manage": rules.has_perm("learning.manage", request.user),
            **_zone_context(request),
        },
    )


@public
@require_GET
def webinars_feed(request: HttpRequest) -> HttpResponse:
    found = Webinar.objects.filter(is_public=True).order_by("starts_at", "id")
    body = calendar(found, name="WeGO webinars")
    response = HttpResponse(body.encode("utf-8"), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="wego-webinars.ics"'
    return response


def _join_url_for(user, webinar: Webinar) -> str:
    """The join link, for a person with a place only."""
    if not user.is_authenticated or not webinar.join_url:
        return ""
    has_place = WebinarRegistration.objects.filter(
        webinar=webinar, person=user, status=RegistrationStatus.REGISTERED
    ).exists()
    return webinar.join_url if has_place else ""


@public
@require_GET
def webinar(request: HttpRequest, slug: str) -> HttpResponse:
    found = _webinar(slug, request.user)
    own = selectors.registrations_of(request.user, [found.pk]).get(found.pk)
    coordinated = city_ids(request.user, RoleKind.COORDINATOR) if request.user.is_authenticated else set()
    officials = []
    if coordinated and not found.is_past():
        registered = set(
            found.registrations.exclude(status=RegistrationStatus.CANCELLED).values_list(
                "person_id", flat=True
            )
        )
        officials = [
            p for p in people_of_cities(coordinated) if p.pk not in registered and p.pk != request.user.pk
        ]
    registered_by_me = []
    if request.user.is_authenticated:
        registered_by_me = list(
            found.registrations.filter(registered_by=request.user)
            .exclude(person=request.user)
            .exclude(status=RegistrationStatus.CANCELLED)
            .select_related("person")
        )
    return render(
        request,
        "learning/webinar.html",
        {
            "webinar": found,
            "registration": own,
            "join_url": _join_url_for(request.user, found),
            "officials": officials,
            "registered_by_me": registered_by_me,
            "is_past": found.is_past(),
            "can_manage": rules.has_perm("learning.manage", request.user),
            **_zone_context(request),
        },
    )


@public
@require_GET
def webinar_ics(request: HttpRequest, slug: str) -> HttpResponse:
    found = _webinar(slug, request.user)
    join_url = _join_url_for(request.user, found)
    body = calendar([found], name=found.title, join_urls={found.pk: join_url} if join_url else None)
    response = HttpResponse(body.encode("utf-8"), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{found.slug}.ics"'
    if join_url:
        response["Cache-Control"] = "private, no-store"
    return response


@requires("learning.register_webinar")
@require_POST
def webinar_register_view(request: HttpRequest, slug: str) -> HttpResponse:
    found = _webinar(slug, request.user)
    person = request.user
    if request.POST.get("person"):
        person = get_object_or_404(User, pk=request.POST["person"], is_active=True)
    try:
        registration = webinar_register(webinar=found, person=person, actor=request.user)
    except LearningRefused as exc:
        messages.error(request, exc.message)
    except PermissionDenied:
        messages.error(request, _("You may register yourself, or officials of a city you coordinate."))
    else:
        if registration.status == RegistrationStatus.REGISTERED:
            messages.success(request, _("%(person)s has a place.") % {"person": person})
        else:
            messages.warning(
                request, _("The webinar is full: %(person)s is on the waitlist.") % {"person": person}
            )
    return redirect("learning:webinar", slug=found.slug)


@requires("learning.view_registration", load=registration_from_url)
@require_POST
def registration_cancel_view(
    request: HttpRequest, registration: WebinarRegistration, pk: int
) -> HttpResponse:
    registration_cancel(registration=registration, actor=request.user)
    messages.success(
        request, _("The registration of %(person)s is cancelled.") % {"person": registration.person}
    )
    return redirect("learning:webinar", slug=registration.webinar.slug)


@requires("learning.view_registration", load=registration_from_url)
@require_GET
def registration_certificate(
    request: HttpRequest, registration: WebinarRegistration, pk: int
) -> HttpResponse:
    if not registration.attended or registration.status != RegistrationStatus.REGISTERED:
        raise Http404(_("There is no certificate: attendance is not recorded."))
    return _pdf(*attendance_certificate(registration))


@requires("learning.manage")
@require_http_methods(["GET", "POST"])
def webinar_new(request: HttpRequest) -> HttpResponse:
    return _webinar_form(request, Webinar())


@requires("learning.manage")
@require_http_methods(["GET", "POST"])
def webinar_edit(request: HttpRequest, slug: str) -> HttpResponse:
    return _webinar_form(request, get_object_or_404(Webinar, slug=slug))


def _webinar_form(request: HttpRequest, instance: Webinar) -> HttpResponse:
    with timezone.override(dt.UTC):
        form = WebinarForm(request.POST or None, instance=instance)
        if request.method == "POST" and form.is_valid():
            saved = webinar_save(actor=request.user, webinar=form.save(commit=False))
            messages.success(request, _("Webinar %(title)s saved.") % {"title": saved.title})
            return redirect("learning:webinar_manage", slug=saved.slug)
        return render(request, "learning/form.html", {"form": form, "title": _("Webinar")})


@requires("learning.manage")
@require_http_methods(["GET", "POST"])
def webinar_manage(request: HttpRequest, slug: str) -> HttpResponse:
    found = get_object_or_404(Webinar, slug=slug)
    if request.method == "POST":
        attended = {int(v) for v in request.POST.getlist("attended") if v.isdigit()}
        try:
            count = attendance_record(webinar=found, actor=request.user, attended=attended)
        except LearningRefused as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Attendance saved: %(n)s attended.") % {"n": count})
        return redirect("learning:webinar_manage", slug=found.slug)
    registrations = list(
        found.registrations.select_related("person", "city").order_by("status", "queued_at", "id")
    )
    return render(
        request,
        "learning/webinar_manage.html",
        {
            "webinar": found,
            "registered": [r for r in registrations if r.status == RegistrationStatus.REGISTERED],
            "waitlisted": [r for r in registrations if r.status == RegistrationStatus.WAITLISTED],
            "cancelled": [r for r in registrations if r.status == RegistrationStatus.CANCELLED],
            **_zone_context(request),
        },
    )


# eGovFrame ---------------------------------------------------------------------------------------------


@public
@require_GET
def egovframe(request: HttpRequest) -> HttpResponse:
    catalogue = load_courses()
    sessions: dict[str, list[CourseSession]] = {}
    for session in selectors.sessions_listing().filter(starts_on__gte=timezone.now().date()):
        sessions.setdefault(session.course_id, []).append(session)
    return render(
        request,
        "learning/egovframe.html",
        {
            "catalogue": catalogue,
            "groups": [
                (env, [(c, sessions.get(c.id, [])) for c in courses])
                for env, courses in catalogue.by_environment()
            ],
            "can_manage": rules.has_perm("learning.manage", request.user),
        },
    )


@public
@require_GET
def course(request: HttpRequest, course_id: str) -> HttpResponse:
    catalogue = load_courses()
    try:
        found = catalogue.course(course_id)
    except KeyError:
        raise Http404("No such course") from None
    sessions = list(selectors.sessions_listing(found.id))
    mine = {}
    if request.user.is_authenticated:
        mine = {
            e.session_id: e
            for e in CourseEnrolment.objects.filter(
                person=request.user, session__in=sessions, status=EnrolmentStatus.ENROLLED
            )
        }
    return render(
        request,
        "learning/course.html",
        {
            "catalogue": catalogue,
            "course": found,
            "environment": catalogue.environment(found.environment),
            "sessions": [(s, mine.get(s.pk)) for s in sessions],
            "can_enrol": rules.has_perm("learning.enrol_course", request.user),
            "can_manage": rules.has_perm("learning.manage", request.user),
            "now": timezone.now(),
            **_zone_context(request),
        },
    )


@requires("learning.enrol_course")
@require_POST
def session_enrol(request: HttpRequest, pk: int) -> HttpResponse:
    session = get_object_or_404(CourseSession, pk=pk)
    try:
        course_enrol(session=session, person=request.user, actor=request.user)
    except LearningRefused as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("You are enrolled."))
    return redirect("learning:course", course_id=session.course_id)


@requires("learning.view_enrolment", load=enrolment_from_url)
@require_POST
def enrolment_cancel_view(request: HttpRequest, enrolment: CourseEnrolment, pk: int) -> HttpResponse:
    enrolment_cancel(enrolment=enrolment, actor=request.user)
    messages.success(request, _("Your enrolment is cancelled."))
    return redirect("learning:course", course_id=enrolment.session.course_id)


@requires("learning.manage")
@require_http_methods(["GET", "POST"])
def session_new(request: HttpRequest) -> HttpResponse:
    with timezone.override(dt.UTC):
        form = CourseSessionForm(request.POST or None, initial={"course_id": request.GET.get("course", "")})
        if request.method == "POST" and form.is_valid():
            try:
                saved = course_session_save(actor=request.user, session=form.save(commit=False))
            except LearningRefused as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("Session saved."))
                return redirect("learning:session_manage", pk=saved.pk)
        return render(request, "learning/form.html", {"form": form, "title": _("eGovFrame course session")})


@requires("learning.manage")
@require_GET
def session_manage(request: HttpRequest, pk: int) -> HttpResponse:
    session = get_object_or_404(selectors.sessions_listing(), pk=pk)
    try:
        found = load_courses().course(session.course_id)
    except KeyError:
        found = None
    return render(
        request,
        "learning/session_manage.html",
        {
            "session": session,
            "course": found,
            "enrolments": list(
                session.enrolments.select_related("person", "city").order_by("status", "enrolled_at")
            ),
        },
    )
