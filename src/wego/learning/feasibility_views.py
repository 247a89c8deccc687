"""Feasibility study pages under /learning/feasibility/: the public list of calls and published
reports, a call's page, the coordinator's letter of intent, the committee's scoring, and the
secretariat's management (committee, conflicts, ranking, chair decision, selection, the study).
"""

from __future__ import annotations

import datetime as dt

import rules
from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from wego.accounts.models import User
from wego.awards.models import ConflictKind
from wego.common.permissions import public, requires
from wego.learning import feasibility as svc
from wego.learning.models import (
    FEASIBILITY_CRITERIA,
    CommitteeMember,
    FeasibilityCall,
    FeasibilityConflict,
    FeasibilityStatus,
    LetterOfIntent,
    StudyMilestone,
)


class CallForm(forms.Form):
    year = forms.IntegerField(label=gettext_lazy("Year"), min_value=2000, max_value=2100)
    theme = forms.CharField(label=gettext_lazy("Theme"), max_length=200)
    description = forms.CharField(label=gettext_lazy("Description"), widget=forms.Textarea, required=False)
    deadline = forms.DateTimeField(
        label=gettext_lazy("Deadline for letters (UTC)"),
        help_text=gettext_lazy("YYYY-MM-DD HH:MM:SS, in UTC"),
    )
    places = forms.TypedChoiceField(
        label=gettext_lazy("Cities selected"), choices=[(1, "1"), (2, "2")], coerce=int
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for slug, label in FEASIBILITY_CRITERIA:
            self.fields[f"weight_{slug}"] = forms.IntegerField(
                label=gettext_lazy("Weight (1-10): %(criterion)s") % {"criterion": label},
                min_value=1,
                max_value=10,
                initial=5,
            )


class LetterForm(forms.Form):
    city = forms.ModelChoiceField(label=gettext_lazy("City"), queryset=None, empty_label=None)
    summary = forms.CharField(label=gettext_lazy("Summary of the project"), widget=forms.Textarea)
    letter = forms.FileField(label=gettext_lazy("Letter of intent signed by the mayor (PDF)"))

    def __init__(self, *args, cities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["city"].queryset = cities


def _call(year: int, user) -> FeasibilityCall:
    return get_object_or_404(svc.calls_listing(user), year=year)


def call_from_url(request: HttpRequest, year: int, **_kwargs) -> FeasibilityCall:
    return _call(year, request.user)


def letter_from_url(request: HttpRequest, pk: int, **_kwargs) -> LetterOfIntent:
    """Only letters the person may see exist for them: a conflicted member gets 404."""
    return get_object_or_404(svc.letters_visible_to(request.user), pk=pk)


def _refused(request: HttpRequest, exc: svc.FeasibilityRefused) -> None:
    messages.error(request, exc.message)


@public
@require_GET
def feasibility_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "learning/feasibility/list.html",
        {
            "calls": list(svc.calls_listing(request.user)),
            "reports": list(svc.published_reports()),
            "can_manage": rules.has_perm("learning.feasibility_manage", request.user),
        },
    )


@public
@require_GET
def call_detail(request: HttpRequest, year: int) -> HttpResponse:
    call = _call(year, request.user)
    letters = list(call.letters.select_related("city").order_by("city__name"))
    return render(
        request,
        "learning/feasibility/call.html",
        {
            "call": call,
            "selected": [x for x in letters if x.selected],
            "reports": [x for x in letters if x.report_published_at],
            "letters_in": len(letters),
            "is_open": call.is_open(),
            "can_apply": rules.has_perm("learning.feasibility_apply", request.user) and call.is_open(),
            "can_manage": rules.has_perm("learning.feasibility_manage", request.user),
            "on_committee": call.committee.filter(user_id=request.user.pk).exists(),
            "mine": [x for x in svc.letters_of_coordinator(request.user) if x.call_id == call.pk],
        },
    )


@requires("learning.feasibility_manage")
@require_http_methods(["GET", "POST"])
def call_new(request: HttpRequest) -> HttpResponse:
    form = CallForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            call = svc.feasibility_call_save(
                actor=request.user,
                year=data["year"],
                theme=data["theme"],
                description=data["description"],
                deadline=data["deadline"],
                places=data["places"],
                weights={slug: str(data[f"weight_{slug}"]) for slug, _label in FEASIBILITY_CRITERIA},
            )
        except svc.FeasibilityRefused as exc:
            form.add_error(None, exc.message)
        else:
            return redirect("learning:feasibility_manage", year=call.year)
    return render(
        request, "learning/feasibility/form.html", {"form": form, "title": _("New feasibility study call")}
    )


@requires("learning.feasibility_apply", load=call_from_url)
@require_http_methods(["GET", "POST"])
def letter_new(request: HttpRequest, call: FeasibilityCall, year: int) -> HttpResponse:
    cities = svc.coordinated_member_cities(request.user)
    form = LetterForm(
        request.POST or None,
        request.FILES or None,
        cities=svc.City.objects.filter(pk__in=[c.pk for c in cities]).order_by("name"),
    )
    if request.method == "POST" and form.is_valid():
        try:
            svc.letter_submit(
                call=call,
                city=form.cleaned_data["city"],
                actor=request.user,
                summary=form.cleaned_data["summary"],
                upload=form.cleaned_data["letter"],
            )
        except svc.FeasibilityRefused as exc:
            form.add_error("letter" if exc.field == "file" else None, exc.message)
        else:
            messages.success(request, _("Your letter of intent was received."))
            return redirect("learning:feasibility_call", year=call.year)
    return render(
        request,
        "learning/feasibility/letter_form.html",
        {"form": form, "call": call, "is_open": call.is_open()},
    )


@requires("learning.feasibility_view_letter", load=letter_from_url)
@require_GET
def letter_file(request: HttpRequest, letter: LetterOfIntent, pk: int) -> HttpResponse:
    return _serve(letter.letter, f"letter-of-intent-{letter.call.year}-{letter.city.slug}.pdf", private=True)


@public
@require_GET
def report_file(request: HttpRequest, pk: int) -> HttpResponse:
    letter = get_object_or_404(svc.reports_visible_to(request.user), pk=pk)
    return _serve(
        letter.report,
        f"feasibility-study-{letter.call.year}-{letter.city.slug}.pdf",
        private=letter.report_published_at is None,
    )


def _serve(field, name: str, *, private: bool) -> HttpResponse:
    if not field:
        raise Http404(_("No file."))
    try:
        with field.open("rb") as handle:  # at most MAX_UPLOAD_MB
            content = handle.read()
    except FileNotFoundError as error:
        raise Http404(_("The file is missing.")) from error
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["X-Content-Type-Options"] = "nosniff"
    if private:
        response["Cache-Control"] = "private, no-store"
    return response


@requires("learning.feasibility_score", load=call_from_url)
@require_GET
def committee(request: HttpRequest, call: FeasibilityCall, year: int) -> HttpResponse:
    member = CommitteeMember.objects.filter(call=call, user=request.user).first()
    if member is None:
        raise Http404(_("You are not on this call's committee."))
    letters = svc.letters_to_score(request.user, call)
    scored = set(member.scores.values_list("letter_id", flat=True).distinct())
    return render(
        request,
        "learning/feasibility/committee.html",
        {"call": call, "member": member, "letters": letters, "scored": scored},
    )


@requires("learning.feasibility_score", load=letter_from_url)
@require_http_methods(["GET", "POST"])
def letter_score(request: HttpRequest, letter: LetterOfIntent, pk: int) -> HttpResponse:
    if letter not in svc.letters_to_score(request.user, letter.call):
        raise Http404(_("You are not scoring this letter."))
    if request.method == "POST":
        try:
            svc.scores_save(
                letter=letter,
                actor=request.user,
                scores={slug: request.POST.get(f"score_{slug}", "") for slug, _label in FEASIBILITY_CRITERIA},
                comments={
                    slug: request.POST.get(f"comment_{slug}", "") for slug, _label in FEASIBILITY_CRITERIA
                },
            )
        except svc.FeasibilityRefused as exc:
            _refused(request, exc)
        else:
            messages.success(request, _("Your scores were saved."))
            return redirect("learning:feasibility_committee", year=letter.call.year)
    own = svc.own_scores(request.user, letter)
    rows = [(slug, label, weight, own.get(slug)) for slug, label, weight in letter.call.criteria()]
    return render(
        request,
        "learning/feasibility/score.html",
        {"letter": letter, "call": letter.call, "rows": rows, "scale": range(1, 11)},
    )


def _date(value: str, what: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError as exc:
        raise svc.FeasibilityRefused(
            _("%(what)s: give a date as YYYY-MM-DD, not '%(value)s'.") % {"what": what, "value": value}
        ) from exc


def _manage_action(request: HttpRequest, call: FeasibilityCall) -> None:
    post, actor = request.POST, request.user
    action = post.get("action", "")
    letter = None
    if post.get("letter"):
        letter = get_object_or_404(LetterOfIntent, call=call, pk=post.get("letter"))
    if action == "advance":
        svc.feasibility_call_advance(call=call, actor=actor)
    elif action == "member":
        user = User.objects.filter(email__iexact=post.get("email", "").strip()).first()
        if user is None:
            raise svc.FeasibilityRefused(
                _("No account has the email '%(email)s'.") % {"email": post.get("email", "")}
            )
        svc.committee_member_add(
            call=call,
            actor=actor,
            user=user,
            organisation=post.get("organisation", ""),
            is_chair=post.get("is_chair") == "on",
        )
    elif action == "conflict":
        member = get_object_or_404(CommitteeMember, call=call, pk=post.get("member"))
        if letter is None:
            raise Http404
        svc.conflict_declare(
            member=member, letter=letter, kind=ConflictKind.OTHER, actor=actor, note=post.get("note", "")
        )
    elif action == "chair":
        order = [int(x) for x in post.get("order", "").replace(",", " ").split() if x.isdigit()]
        svc.chair_decide(call=call, actor=actor, order=order, reason=post.get("reason", ""))
    elif action == "select":
        svc.feasibility_select(call=call, actor=actor)
    elif letter is not None and action == "consultant":
        expert = None
        if post.get("email", "").strip():
            expert = User.objects.filter(email__iexact=post["email"].strip()).first()
            if expert is None:
                raise svc.FeasibilityRefused(
                    _("No account has the email '%(email)s'.") % {"email": post["email"]}
                )
        svc.consultant_assign(
            letter=letter,
            actor=actor,
            user=expert,
            name=post.get("name", ""),
            organisation=post.get("organisation", ""),
        )
    elif letter is not None and action == "milestone":
        svc.milestone_add(
            letter=letter,
            actor=actor,
            title=post.get("title", ""),
            due_on=_date(post.get("due_on", ""), _("Due")),
        )
    elif action == "milestone_done":
        milestone = get_object_or_404(StudyMilestone, letter__call=call, pk=post.get("milestone"))
        svc.milestone_done(
            milestone=milestone, actor=actor, done_on=_date(post.get("done_on", ""), _("Done"))
        )
    elif letter is not None and action == "visit":
        svc.site_visit_add(
            letter=letter,
            actor=actor,
            starts_on=_date(post.get("starts_on", ""), _("From")),
            ends_on=_date(post.get("ends_on", ""), _("To")),
            place=post.get("place", ""),
            participants=post.get("participants", ""),
            notes=post.get("notes", ""),
        )
    elif letter is not None and action == "report":
        svc.report_upload(letter=letter, actor=actor, upload=request.FILES.get("report"))
    elif letter is not None and action == "publish":
        svc.report_publish(letter=letter, actor=actor)
    else:
        raise svc.FeasibilityRefused(_("Unknown action."))


@requires("learning.feasibility_manage", load=call_from_url)
@require_http_methods(["GET", "POST"])
def manage(request: HttpRequest, call: FeasibilityCall, year: int) -> HttpResponse:
    if request.method == "POST":
        try:
            _manage_action(request, call)
        except svc.FeasibilityRefused as exc:
            _refused(request, exc)
        else:
            messages.success(request, _("Saved."))
        return redirect("learning:feasibility_manage", year=call.year)
    call.refresh_from_db()
    letters = list(
        call.letters.select_related("city")
        .prefetch_related("consultants", "milestones", "visits")
        .order_by("pk")
    )
    return render(
        request,
        "learning/feasibility/manage.html",
        {
            "call": call,
            "letters": letters,
            "members": list(call.committee.select_related("user", "city")),
            "conflicts": list(
                FeasibilityConflict.objects.filter(member__call=call).select_related("member", "letter__city")
            ),
            "result": svc.feasibility_ranking(call),
            "is_scoring": call.status == FeasibilityStatus.SCORING,
            "now": timezone.now(),
        },
    )
