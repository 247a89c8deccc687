"""Governance pages: bodies and meetings (public), documents and minutes (members), management
(Secretariat), delegates (city coordinators) and secret ballots (each city's delegate)."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from wego.accounts.models import User
from wego.common.permissions import public, requires
from wego.governance import selectors
from wego.governance.forms import (
    AgendaItemForm,
    AttendanceForm,
    CandidacyForm,
    DocumentForm,
    HostForm,
    MeetingForm,
    MinutesForm,
    TermForm,
    VoteForm,
)
from wego.governance.models import BodyKind, Meeting, MeetingDocument, Term, Vote, VoteStatus
from wego.governance.rules import Seat
from wego.governance.services import (
    BallotRefused,
    StatuteRefused,
    agenda_item_add,
    attendance_record,
    ballot_cast,
    candidacy_register,
    delegate_designate,
    general_assembly_host_confirm,
    meeting_create,
    meeting_membership_approve,
    minutes_save,
    term_end,
    term_renew,
    terms_assign,
    vote_create,
    vote_open,
    vote_publish,
)
from wego.governance.services import (
    document_upload as document_upload_service,
)
from wego.members.models import City


def meeting_from_url(request: HttpRequest, pk: int, **_kwargs) -> Meeting:
    return get_object_or_404(Meeting.objects.select_related("body", "host_city"), pk=pk)


def document_from_url(request: HttpRequest, pk: int, **_kwargs) -> MeetingDocument:
    return get_object_or_404(MeetingDocument.objects.select_related("meeting"), pk=pk)


def delegate_seat(request: HttpRequest, pk: int, city_id: int, **_kwargs) -> Seat:
    return Seat(meeting=meeting_from_url(request, pk), city=get_object_or_404(City, pk=city_id))


def ballot_seat(request: HttpRequest, pk: int, city_id: int, **_kwargs) -> Seat:
    vote = get_object_or_404(Vote.objects.select_related("meeting"), pk=pk)
    return Seat(meeting=vote.meeting, city=get_object_or_404(City, pk=city_id), vote=vote)


def _refusal(exc: Exception) -> str:
    if isinstance(exc, StatuteRefused | BallotRefused):
        return exc.message
    if isinstance(exc, ValidationError):
        return " ".join(exc.messages)
    return str(exc)


# Overview and meetings -----------------------------------------------------------------------


@public
@require_GET
def overview(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "governance/overview.html",
        {
            "bodies": selectors.bodies(),
            "committee": selectors.committee_on(),
            "meetings": list(selectors.meetings_list()[:100]),
            "open_votes": selectors.votes_open(),
            "can_manage": request.user.has_perm("governance.manage"),
        },
    )


@requires("governance.manage")
@require_http_methods(["GET", "POST"])
def meeting_new(request: HttpRequest) -> HttpResponse:
    form = MeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        meeting = meeting_create(actor=request.user, **form.cleaned_data)
        messages.success(request, _("Meeting created."))
        return redirect("governance:meeting", pk=meeting.pk)
    return render(request, "governance/meeting_new.html", {"form": form})


@public
@require_GET
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = selectors.meeting_detail(pk)
    if meeting is None:
        raise Http404(_("No such meeting."))
    user = request.user
    return render(
        request,
        "governance/meeting.html",
        {
            "meeting": meeting,
            "can_read": user.has_perm("governance.read_documents"),
            "can_manage": user.has_perm("governance.manage"),
            "can_approve": user.has_perm("governance.approve_memberships")
            and meeting.body.kind in (BodyKind.GENERAL_ASSEMBLY, BodyKind.EXECUTIVE_COMMITTEE),
            "delegations": selectors.delegate_cities(user, meeting) if user.is_authenticated else [],
            "terms": list(meeting.terms.select_related("city")),
        },
    )


MANAGE_FORMS = {
    "agenda": AgendaItemForm,
    "attendance": AttendanceForm,
    "minutes": MinutesForm,
    "candidacy": CandidacyForm,
    "host": HostForm,
}


@requires("governance.manage", load=meeting_from_url)
@require_http_methods(["GET", "POST"])
def meeting_manage(request: HttpRequest, meeting: Meeting, pk: int) -> HttpResponse:
    action = request.POST.get("action", "")
    forms = {
        name: cls(request.POST if action == name else None, prefix=name) for name, cls in MANAGE_FORMS.items()
    }
    forms["minutes"].initial = {"minutes": meeting.minutes, "approved_on": meeting.minutes_approved_on}
    forms["document"] = DocumentForm(prefix="document")
    if request.method == "POST":
        form = forms.get(action)
        if form is None:
            return HttpResponse(_("Unknown action."), status=400)
        if form.is_valid():
            data = form.cleaned_data
            try:
                if action == "agenda":
                    agenda_item_add(meeting=meeting, actor=request.user, **data)
                elif action == "attendance":
                    attendance_record(meeting=meeting, actor=request.user, **data)
                elif action == "minutes":
                    minutes_save(
                        meeting=meeting,
                        text=data["minutes"],
                        approved_on=data["approved_on"],
                        actor=request.user,
                    )
                elif action == "candidacy":
                    candidacy_register(meeting=meeting, actor=request.user, **data)
                else:
                    general_assembly_host_confirm(
                        meeting=meeting,
                        next_meeting=data["next_meeting"],
                        host_city=data["host_city"],
                        actor=request.user,
                    )
            except (StatuteRefused, ValidationError) as exc:
                form.add_error(None, _refusal(exc))
            else:
                messages.success(request, _("Saved."))
                return redirect("governance:meeting_manage", pk=meeting.pk)
        return render(
            request, "governance/meeting_manage.html", {"meeting": meeting, "forms": forms}, status=422
        )
    return render(request, "governance/meeting_manage.html", {"meeting": meeting, "forms": forms})


@requires("governance.manage", load=meeting_from_url)
@require_POST
def document_upload(request: HttpRequest, meeting: Meeting, pk: int) -> HttpResponse:
    form = DocumentForm(request.POST, request.FILES, prefix="document")
    if form.is_valid():
        try:
            document_upload_service(
                meeting=meeting,
                title=form.cleaned_data["title"],
                upload=form.cleaned_data["file"],
                actor=request.user,
            )
        except ValidationError as exc:
            messages.error(
                request, _("The document was not uploaded: %(reason)s") % {"reason": _refusal(exc)}
            )
        else:
            messages.success(request, _("Document uploaded."))
    else:
        messages.error(request, _("Choose a file to upload."))
    return redirect("governance:meeting_manage", pk=meeting.pk)


@requires("governance.read_documents", load=document_from_url)
@require_GET
def document_download(request: HttpRequest, document: MeetingDocument, pk: int) -> HttpResponse:
    """The file as an attachment (at most WEGO_MAX_UPLOAD_MB, so read whole and the file closed at once)."""
    try:
        with document.file.open("rb") as handle:
            content = handle.read()
    except FileNotFoundError:
        raise Http404(_("The file is missing.")) from None
    response = HttpResponse(content, content_type=document.content_type)
    response["Content-Disposition"] = content_disposition_header(True, document.original_name)
    response["X-Content-Type-Options"] = "nosniff"
    return response


@requires("governance.approve_memberships", load=meeting_from_url)
@require_http_methods(["GET", "POST"])
def memberships(request: HttpRequest, meeting: Meeting, pk: int) -> HttpResponse:
    if meeting.body.kind not in (BodyKind.GENERAL_ASSEMBLY, BodyKind.EXECUTIVE_COMMITTEE):
        raise Http404(_("This body does not approve members."))
    if request.method == "POST":
        application = selectors.pending_application(request.POST.get("application", ""))
        if application is None:
            messages.error(request, _("That application is not pending any more."))
        else:
            try:
                meeting_membership_approve(meeting=meeting, application=application, actor=request.user)
            except (ValidationError, PermissionDenied) as exc:
                messages.error(request, _refusal(exc))
            else:
                messages.success(
                    request,
                    _("%(city)s approved as a Full member at %(meeting)s.")
                    % {"city": application.city.name, "meeting": meeting.reference},
                )
        return redirect("governance:memberships", pk=meeting.pk)
    return render(
        request,
        "governance/memberships.html",
        {"meeting": meeting, "applications": selectors.pending_applications()},
    )


@requires("governance.designate_delegate", load=delegate_seat)
@require_POST
def delegate(request: HttpRequest, seat: Seat, pk: int, city_id: int) -> HttpResponse:
    email = (request.POST.get("email") or "").strip().lower()
    user = User.objects.filter(email=email).first()
    if user is None:
        messages.error(request, _("No account with the address %(email)s.") % {"email": email or "-"})
    else:
        try:
            delegate_designate(meeting=seat.meeting, city=seat.city, user=user, actor=request.user)
        except ValidationError as exc:
            messages.error(request, _refusal(exc))
        else:
            messages.success(
                request,
                _("%(person)s will cast the ballots of %(city)s.") % {"person": user, "city": seat.city},
            )
    return redirect("governance:meeting", pk=seat.meeting.pk)


# Votes ---------------------------------------------------------------------------------------


@requires("governance.manage", load=meeting_from_url)
@require_http_methods(["GET", "POST"])
def vote_new(request: HttpRequest, meeting: Meeting, pk: int) -> HttpResponse:
    form = VoteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        vote = vote_create(
            meeting=meeting,
            kind=data["kind"],
            title=data["title"],
            question=data["question"],
            majority=data["majority"],
            quorum_percent=data["quorum_percent"],
            opens_at=data["opens_at"],
            closes_at=data["closes_at"],
            candidates=list(data["candidates"]),
            actor=request.user,
        )
        messages.success(request, _("Vote prepared. Open it when the meeting is ready."))
        return redirect("governance:vote", pk=vote.pk)
    return render(request, "governance/vote_new.html", {"meeting": meeting, "form": form})


@public
@require_GET
def vote_detail(request: HttpRequest, pk: int) -> HttpResponse:
    vote = selectors.vote_with_options(pk)
    if vote is None:
        raise Http404(_("No such vote."))
    if vote.status == VoteStatus.OPEN and vote.closes_at <= timezone.now():
        vote_publish(vote=vote, actor=None)  # results are published when the window closes
        vote = selectors.vote_with_options(pk)
    receipt = (request.GET.get("receipt") or "").strip()
    return render(
        request,
        "governance/vote.html",
        {
            "vote": vote,
            "options": list(vote.options.all()),
            "seats": selectors.seats_of(request.user, vote) if request.user.is_authenticated else [],
            "tally": selectors.tally_list(vote),
            "voted": selectors.voted_cities(vote) if vote.status == VoteStatus.PUBLISHED else [],
            "receipt": receipt,
            "receipt_choice": selectors.receipt_lookup(vote, receipt) if receipt else None,
            "can_manage": request.user.has_perm("governance.manage"),
            "now": timezone.now(),
        },
    )


@requires("governance.manage")
@require_POST
def vote_manage(request: HttpRequest, pk: int) -> HttpResponse:
    vote = get_object_or_404(Vote, pk=pk)
    action = request.POST.get("action")
    try:
        if action == "open":
            vote_open(vote=vote, actor=request.user)
            messages.success(request, _("The vote is open; the delegates have been told."))
        elif action == "publish":
            vote_publish(vote=vote, actor=request.user)
            messages.success(request, _("Results published."))
        else:
            return HttpResponse(_("Unknown action."), status=400)
    except ValidationError as exc:
        messages.error(request, _refusal(exc))
    return redirect("governance:vote", pk=vote.pk)


@requires("governance.cast_ballot", load=ballot_seat)
@require_http_methods(["GET", "POST"])
def ballot(request: HttpRequest, seat: Seat, pk: int, city_id: int) -> HttpResponse:
    vote = selectors.vote_with_options(pk)
    context = {"vote": vote, "city": seat.city, "options": list(vote.options.all())}
    if request.method == "POST":
        try:
            option_id = int(request.POST.get("option", ""))
        except ValueError:
            context["error"] = _("Choose one of the options on the ballot.")
            return render(request, "governance/ballot.html", context, status=422)
        try:
            result = ballot_cast(vote=vote, city=seat.city, option_id=option_id, actor=request.user)
        except BallotRefused as exc:
            context["error"] = exc.message
            return render(
                request,
                "governance/ballot.html",
                context,
                status=409 if exc.reason == "already_voted" else 422,
            )
        # Shown once: the receipt is not stored anywhere that links it to the city.
        response = render(
            request, "governance/receipt.html", {"vote": vote, "city": seat.city, "receipt": result.receipt}
        )
        response["Cache-Control"] = "no-store"
        return response
    return render(request, "governance/ballot.html", context)


# Terms of office -----------------------------------------------------------------------------


@requires("governance.manage")
@require_http_methods(["GET", "POST"])
def terms(request: HttpRequest) -> HttpResponse:
    form = TermForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                created = terms_assign(
                    meeting=data["meeting"],
                    role=data["role"],
                    cities=list(data["cities"]),
                    starts_on=data["starts_on"],
                    ends_on=data["ends_on"],
                    actor=request.user,
                )
            except (StatuteRefused, ValidationError) as exc:
                form.add_error(None, _refusal(exc))
            else:
                messages.success(
                    request,
                    ngettext(
                        "%(n)s term of office recorded.", "%(n)s terms of office recorded.", len(created)
                    )
                    % {"n": len(created)},
                )
                return redirect("governance:terms")
        status = 422
    return render(
        request,
        "governance/terms.html",
        {
            "form": form,
            "terms": list(selectors.terms_all()[:300]),
            "meetings": list(
                selectors.meetings_list().filter(
                    body__kind__in=[BodyKind.GENERAL_ASSEMBLY, BodyKind.EXECUTIVE_COMMITTEE]
                )[:50]
            ),
        },
        status=status,
    )


@requires("governance.manage")
@require_POST
def term_action(request: HttpRequest, pk: int) -> HttpResponse:
    term = get_object_or_404(Term, pk=pk)
    action = request.POST.get("action")
    try:
        if action == "renew":
            meeting = (
                Meeting.objects.select_related("body").filter(pk=request.POST.get("meeting") or 0).first()
            )
            if meeting is None:
                raise ValidationError(_("Choose the meeting that renews the term."))
            term_renew(term=term, meeting=meeting, actor=request.user)
            messages.success(request, _("Term renewed for three years."))
        elif action == "end":
            try:
                on = dt.date.fromisoformat(request.POST.get("on", ""))
            except ValueError:
                raise ValidationError(
                    _("Give the day the city leaves office as a date (YYYY-MM-DD).")
                ) from None
            term_end(term=term, on=on, actor=request.user, reason=request.POST.get("reason", "")[:200])
            messages.success(request, _("Term ended."))
        else:
            return HttpResponse(_("Unknown action."), status=400)
    except (StatuteRefused, ValidationError) as exc:
        messages.error(request, _refusal(exc))
    return redirect("governance:terms")
