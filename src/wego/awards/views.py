"""The awards in the browser: the public call and winners, applications, recommendations,
the secretariat's pages, judging, results and certificates.

Each view states its permission (@public or @requires), parses, calls one service, renders.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from wego.accounts.rules import is_secretariat
from wego.awards import selectors, services
from wego.awards.forms import (
    STEP_FORMS,
    STEP_TITLES,
    AttachmentForm,
    ConflictForm,
    DecisionForm,
    DeclareForm,
    JudgeForm,
    LetterForm,
    NominationForm,
    ReasonForm,
    RecommenderForm,
    ScoreForm,
    SubmitForm,
)
from wego.awards.models import (
    Application,
    ApplicationStatus,
    Assignment,
    Attachment,
    CalibrationMethod,
    Category,
    Conflict,
    Edition,
    EditionStatus,
    Judge,
    Panel,
    Round,
    Winner,
)
from wego.awards.services import AwardsRefused
from wego.common.permissions import public, requires

# Loaders ------------------------------------------------------------------------------------------


def edition_from_url(request: HttpRequest, number: int, **_kwargs) -> Edition:
    return get_object_or_404(Edition, number=number)


def application_from_url(request: HttpRequest, pk: int, **_kwargs) -> Application:
    return get_object_or_404(
        Application.objects.select_related("edition", "category", "city__country", "applicant"), pk=pk
    )


def attachment_application(request: HttpRequest, attachment_id: int, **_kwargs) -> Application:
    attachment = get_object_or_404(
        Attachment.objects.select_related("application__edition"), pk=attachment_id
    )
    request.awards_attachment = attachment
    return attachment.application


def assignment_from_url(request: HttpRequest, pk: int, **_kwargs) -> Assignment:
    """Only the judge's own, non-conflicted assignments exist for them: anything else is 404."""
    found = selectors.assignment_visible(request.user, pk)
    if found is None:
        raise Http404(_("No such assignment."))
    return found


def _refused(request: HttpRequest, exc: Exception) -> None:
    if isinstance(exc, ValidationError):
        messages.error(request, " ".join(exc.messages))
    else:
        messages.error(request, getattr(exc, "message", str(exc)))


# Public -----------------------------------------------------------------------------------------


@public
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    editions = list(selectors.editions_public())
    return render(
        request,
        "awards/index.html",
        {"open_calls": [e for e in editions if e.status == EditionStatus.APPLICATIONS], "editions": editions},
    )


@public
@require_GET
def winners(request: HttpRequest) -> HttpResponse:
    rows = list(selectors.winners_published())
    editions: dict[int, dict] = {}
    for winner in rows:
        editions.setdefault(winner.edition_id, {"edition": winner.edition, "winners": []})["winners"].append(
            winner
        )
    archive = [e for e in selectors.editions_public() if e.is_published and e.pk not in editions]
    return render(
        request, "awards/winners.html", {"editions": list(editions.values()), "without_list": archive}
    )


@public
@require_GET
def edition(request: HttpRequest, number: int) -> HttpResponse:
    found = get_object_or_404(Edition, number=number)
    if found.status == EditionStatus.DRAFT and not is_secretariat(request.user):
        raise Http404(_("No such edition."))
    return render(
        request,
        "awards/edition.html",
        {
            "edition": found,
            "categories": found.categories.all(),
            "criteria": found.criteria.filter(category__isnull=True),
            "phases": found.phases.all(),
            "accepts": services.edition_accepts(found),
            "winners": found.winners.select_related("category") if found.is_published else [],
        },
    )


@public
@require_http_methods(["GET", "POST"])
def recommend(request: HttpRequest, token: str) -> HttpResponse:
    """The recommender's personal page: the token in the link is the permission."""
    recommendation = services.recommendation_from_token(token)
    if recommendation is None:
        raise Http404(_("This link is not valid (it may have been replaced by a newer one)."))
    form = LetterForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.recommendation_upload(
                recommendation=recommendation,
                letter=form.cleaned_data["letter"],
                statement=form.cleaned_data["statement"],
            )
        except (AwardsRefused, ValidationError) as exc:
            _refused(request, exc)
        else:
            messages.success(request, _("Thank you: the recommendation is received."))
            return redirect("awards:recommend", token=token)
        recommendation.refresh_from_db()
    return render(request, "awards/recommend.html", {"recommendation": recommendation, "form": form})


@public
@require_GET
def certificate(request: HttpRequest, number: int, winner_id: int) -> HttpResponse:
    from wego.awards.documents import certificate_pdf

    winner = get_object_or_404(
        Winner.objects.select_related("edition", "category", "application"),
        pk=winner_id,
        edition__number=number,
    )
    if winner.edition.status != EditionStatus.PUBLISHED or winner.application_id is None:
        raise Http404(_("No certificate."))
    response = HttpResponse(certificate_pdf(winner), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="wego-awards-{number}-certificate-{winner.pk}.pdf"'
    )
    return response


# Applicants ----------------------------------------------------------------------------------------


@requires("accounts.manage_own_account")
@require_GET
def mine(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "awards/mine.html",
        {
            "applications": list(selectors.applications_of(request.user)),
            "open_calls": selectors.edition_open_calls(),
        },
    )


@requires("awards.apply", load=edition_from_url)
@require_POST
def apply(request: HttpRequest, edition: Edition, number: int) -> HttpResponse:
    try:
        application = services.application_start(edition=edition, applicant=request.user)
    except AwardsRefused as exc:
        _refused(request, exc)
        return redirect("awards:edition", number=number)
    return redirect("awards:step", pk=application.pk, step=1)


@requires("awards.view_application", load=application_from_url)
@require_GET
def application(request: HttpRequest, application: Application, pk: int) -> HttpResponse:
    return render(request, "awards/application.html", _application_context(request, application))


def _application_context(request: HttpRequest, application: Application) -> dict:
    recommendation = getattr(application, "recommendation", None)
    return {
        "application": application,
        "edition": application.edition,
        "recommendation": recommendation,
        "attachments": list(application.attachments.all()),
        "problems": services.eligibility_problems(application) if application.is_draft else [],
        "accepts": services.edition_accepts(application.edition),
        "may_judge": services.may_enter_judging(application),
        "steps": STEP_TITLES,
        "can_manage": request.user.has_perm("awards.manage_edition"),
    }


@requires("awards.edit_application", load=application_from_url)
@require_http_methods(["GET", "POST"])
def step(request: HttpRequest, application: Application, pk: int, step: int) -> HttpResponse:
    if step == 4:
        context = _application_context(request, application)
        context.update(
            step=4,
            recommender_form=RecommenderForm(
                initial={
                    "name": getattr(context["recommendation"], "recommender_name", ""),
                    "email": getattr(context["recommendation"], "recommender_email", ""),
                    "organisation": getattr(context["recommendation"], "recommender_organisation", ""),
                }
            ),
            attachment_form=AttachmentForm(),
            submit_form=SubmitForm(initial={"key": SubmitForm.new_key()}),
        )
        return render(request, "awards/step_final.html", context)
    form_class = STEP_FORMS.get(step)
    if form_class is None:
        raise Http404(_("No such step."))
    form = form_class(request.POST or None, instance=application)
    if request.method == "POST" and form.is_valid():
        try:
            services.application_save_step(
                application=application, actor=request.user, step=step, data=form.cleaned_data
            )
        except AwardsRefused as exc:
            _refused(request, exc)
        else:
            if request.POST.get("action") == "save":
                messages.success(request, _("Draft saved."))
                return redirect("awards:step", pk=pk, step=step)
            return redirect("awards:step", pk=pk, step=step + 1)
    return render(
        request,
        "awards/step.html",
        {
            "application": application,
            "edition": application.edition,
            "form": form,
            "step": step,
            "steps": STEP_TITLES,
        },
        status=422 if form.errors else 200,
    )


@requires("awards.edit_application", load=application_from_url)
@require_POST
def recommender(request: HttpRequest, application: Application, pk: int) -> HttpResponse:
    form = RecommenderForm(request.POST)
    if form.is_valid():
        try:
            services.recommendation_request(
                application=application,
                actor=request.user,
                name=form.cleaned_data["name"],
                email=form.cleaned_data["email"],
                organisation=form.cleaned_data["organisation"],
            )
        except AwardsRefused as exc:
            _refused(request, exc)
        else:
            messages.success(request, _("The recommender was sent a personal upload link."))
    else:
        messages.error(request, _("Recommender: give a name, an email address and an organisation."))
    return redirect("awards:step", pk=pk, step=4)


@requires("awards.edit_application", load=application_from_url)
@require_POST
def attachments(request: HttpRequest, application: Application, pk: int) -> HttpResponse:
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.attachment_add(
                application=application,
                actor=request.user,
                upload=form.cleaned_data["file"],
                kind=form.cleaned_data["kind"],
            )
        except (AwardsRefused, ValidationError) as exc:
            _refused(request, exc)
        else:
            messages.success(request, _("Attachment added."))
    else:
        messages.error(request, _("Choose a file and its kind."))
    return redirect("awards:step", pk=pk, step=4)


@requires("awards.edit_application", load=application_from_url)
@require_POST
def attachment_delete(
    request: HttpRequest, application: Application, pk: int, attachment_id: int
) -> HttpResponse:
    attachment = get_object_or_404(Attachment, pk=attachment_id, application=application)
    try:
        services.attachment_remove(attachment=attachment, actor=request.user)
    except AwardsRefused as exc:
        _refused(request, exc)
    return redirect("awards:step", pk=pk, step=4)


@requires("awards.view_application", load=application_from_url)
@require_POST
def submit(request: HttpRequest, application: Application, pk: int) -> HttpResponse:
    """Submitting twice (a double click, a retry) lands on the same, single submission."""
    form = SubmitForm(request.POST)
    if not form.is_valid():
        messages.error(
            request, _("The form is missing its submission key; reload the page and submit again.")
        )
        return redirect("awards:step", pk=pk, step=4)
    try:
        _done, created = services.application_submit(
            application=application, actor=request.user, idempotency_key=form.cleaned_data["key"]
        )
    except AwardsRefused as exc:
        _refused(request, exc)
        if application.is_draft:
            return redirect("awards:step", pk=pk, step=4)
        return redirect("awards:application", pk=pk)
    if created:
        messages.success(request, _("Your application is submitted."))
    return redirect("awards:application", pk=pk)


@requires("awards.view_attachment", load=attachment_application)
@require_GET
def attachment_download(request: HttpRequest, application: Application, attachment_id: int) -> HttpResponse:
    attachment = request.awards_attachment
    return _file_response(attachment.file, attachment.original_name, attachment.content_type)


def _file_response(stored, filename: str, content_type: str) -> HttpResponse:
    """The stored file as a download (read whole: uploads are capped at MAX_UPLOAD_MB)."""
    with stored.open("rb") as handle:
        response = HttpResponse(handle.read(), content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


@requires("awards.view_attachment", load=application_from_url)
@require_GET
def letter_download(request: HttpRequest, application: Application, pk: int) -> HttpResponse:
    recommendation = getattr(application, "recommendation", None)
    if (
        recommendation is None
        or not recommendation.letter
        or (
            application.edition.blind_judging
            and not request.user.has_perm("awards.view_application", application)
        )
    ):
        raise Http404(_("No recommendation letter."))
    return _file_response(recommendation.letter, recommendation.letter_name, "application/pdf")


# The secretariat ----------------------------------------------------------------------------------


def _manage_context(edition: Edition, tab: str) -> dict:
    return {"edition": edition, "tab": tab, "rounds": list(edition.rounds.all())}


@requires("awards.manage_edition", load=edition_from_url)
@require_GET
def manage(request: HttpRequest, edition: Edition, number: int) -> HttpResponse:
    applications = list(selectors.edition_applications(edition))
    context = _manage_context(edition, "applications")
    context.update(
        applications=[(a, services.may_enter_judging(a)) for a in applications],
        drafts=Application.objects.filter(edition=edition, status=ApplicationStatus.DRAFT).count(),
        waiver_form=ReasonForm(),
    )
    return render(request, "awards/manage.html", context)


@requires("awards.manage_edition", load=application_from_url)
@require_POST
def waive(request: HttpRequest, application: Application, pk: int) -> HttpResponse:
    form = ReasonForm(request.POST)
    try:
        if not form.is_valid():
            raise AwardsRefused(_("Write the reason for the waiver."))
        services.application_waive_recommendation(
            application=application, actor=request.user, reason=form.cleaned_data["reason"]
        )
    except AwardsRefused as exc:
        _refused(request, exc)
    else:
        messages.success(request, _("Recommendation waived for %(ref)s.") % {"ref": application.reference})
    return redirect("awards:manage", number=application.edition.number)


@requires("awards.manage_edition", load=edition_from_url)
@require_http_methods(["GET", "POST"])
def judges(request: HttpRequest, edition: Edition, number: int) -> HttpResponse:
    form = JudgeForm(request.POST if request.POST.get("action") == "add" else None, edition=edition)
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "add" and form.is_valid():
                data = form.cleaned_data
                judge = services.judge_add(
                    edition=edition,
                    actor=request.user,
                    email=data["email"],
                    name=data["name"],
                    organisation=data["organisation"],
                    city=data["city"],
                    country=data["country"],
                    vendors=data["vendors"],
                    categories=data["categories"],
                )
                for category in data["categories"]:
                    panel, _created = Panel.objects.get_or_create(edition=edition, category=category)
                    services.panel_set(
                        category=category, judges=[*panel.members.all(), judge], actor=request.user
                    )
                messages.success(request, _("%(name)s is in the pool and invited.") % {"name": judge.name})
                return redirect("awards:judges", number=number)
            if action == "invite":
                nominee = get_object_or_404(Judge, edition=edition, pk=request.POST.get("judge"))
                services.judge_invite(judge=nominee, actor=request.user)
                messages.success(request, _("%(name)s is invited.") % {"name": nominee.name})
                return redirect("awards:judges", number=number)
            if action == "panel":
                category = get_object_or_404(Category, edition=edition, pk=request.POST.get("category"))
                chosen = Judge.objects.filter(edition=edition, pk__in=request.POST.getlist("judges"))
                services.panel_set(category=category, judges=chosen, actor=request.user)
                messages.success(request, _("Panel saved."))
                return redirect("awards:judges", number=number)
        except AwardsRefused as exc:
            _refused(request, exc)
    pool = list(selectors.judges_of(edition))
    panels = [
        (
            category,
            {j.pk for j in getattr(getattr(category, "panel", None), "members", Judge.objects.none()).all()},
        )
        for category in edition.categories.select_related("panel").prefetch_related("panel__members")
    ]
    context = _manage_context(edition, "judges")
    context.update(form=form, pool=pool, panels=panels)
    return render(request, "awards/judges.html", context, status=422 if form.errors else 200)


@requires("awards.manage_edition", load=edition_from_url)
@require_http_methods(["GET", "POST"])
def conflicts(request: HttpRequest, edition: Edition, number: int) -> HttpResponse:
    form = ConflictForm(request.POST if request.POST.get("action") == "declare" else None, edition=edition)
    if request.method == "POST":
        try:
            if request.POST.get("action") == "detect":
                found = services.conflicts_detect(edition=edition, actor=request.user)
                messages.success(
                    request,
                    ngettext("%(n)s new conflict flagged.", "%(n)s new conflicts flagged.", found)
                    % {"n": found},
                )
                return redirect("awards:conflicts", number=number)
            if form.is_valid():
                data = form.cleaned_data
                services.conflict_declare(
                    judge=data["judge"],
                    application=data["application"],
                    kind=data["kind"],
                    note=data["note"],
                    actor=request.user,
                )
                messages.success(request, _("Conflict recorded."))
                return redirect("awards:conflicts", number=number)
        except AwardsRefused as exc:
            _refused(request, exc)
    rows = Conflict.objects.filter(judge__edition=edition).select_related(
        "judge", "application__city", "declared_by"
    )
    context = _manage_context(edition, "conflicts")
    context.update(form=form, conflicts=list(rows))
    return render(request, "awards/conflicts.html", context, status=422 if form.errors else 200)


@requires("awards.manage_edition", load=edition_from_url)
@require_http_methods(["GET", "POST"])
def progress(request: HttpRequest, edition: Edition, number: int) -> HttpResponse:
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "open":
                report = services.round_open(
                    edition=edition, number=int(request.POST.get("round", "1")), actor=request.user
                )
                messages.success(
                    request,
                    _(
                        "Round %(n)s is open: %(cells)s assignments; %(excluded)s entries may not enter judging."
                    )
                    % {
                        "n": report.round.number,
                        "cells": report.assignments,
                        "excluded": len(report.excluded),
                    },
                )
            elif action == "close":
                round_ = get_object_or_404(Round, edition=edition, pk=request.POST.get("round_id"))
                services.round_close(
                    round_=round_, actor=request.user, exemption_reason=request.POST.get("reason", "")
                )
                messages.success(request, _("Round closed."))
            elif action == "remind":
                n = services.judges_remind(edition=edition, actor=request.user)
                messages.success(
                    request, ngettext("%(n)s judge reminded.", "%(n)s judges reminded.", n) % {"n": n}
                )
        except (AwardsRefused, ValueError) as exc:
            _refused(request, exc)
        return redirect("awards:progress", number=number)
    context = _manage_context(edition, "progress")
    context.update(progress=[(r, selectors.progress(r)) for r in context["rounds"]])
    return render(request, "awards/progress.html", context)


@requires("awards.manage_edition", load=edition_from_url)
@require_http_methods(["GET", "POST"])
def results(request: HttpRequest, edition: Edition, number: int) -> HttpResponse:
    from wego.awards.results import edition_results

    method = request.GET.get("method") or edition.calibration
    if method not in CalibrationMethod.values:
        method = edition.calibration
    computed = edition_results(edition, method=method)
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "finalists":
                chosen = Application.objects.filter(edition=edition, pk__in=request.POST.getlist("finalists"))
                n = services.finalists_select(edition=edition, actor=request.user, applications=chosen)
                messages.success(
                    request, ngettext("%(n)s finalist chosen.", "%(n)s finalists chosen.", n) % {"n": n}
                )
            elif action == "decide":
                category = get_object_or_404(Category, edition=edition, pk=request.POST.get("category"))
                block = next((b for b in computed.categories if b.category.pk == category.pk), None)
                if block is None:
                    raise AwardsRefused(
                        _("No entry of %(category)s is in judging.") % {"category": category.name}
                    )
                form = DecisionForm(request.POST, k=edition.winners_per_category, entries=block.entries)
                if not form.is_valid():
                    raise AwardsRefused(_("Choose the winners and write the reason."))
                services.decision_record(
                    edition=edition,
                    category=category,
                    actor=request.user,
                    winners=form.winners(),
                    reason=form.cleaned_data["reason"],
                    computation=block.as_record(),
                )
                messages.success(
                    request, _("Decision recorded for %(category)s.") % {"category": category.name}
                )
            elif action == "publish":
                services.results_publish(edition=edition, actor=request.user)
                messages.success(request, _("The results are published."))
        except AwardsRefused as exc:
            _refused(request, exc)
        return redirect(f"{reverse('awards:results', args=[number])}?method={method}")
    context = _manage_context(edition, "results")
    decisions = services.latest_decisions(edition)
    context.update(
        computed=computed,
        method=method,
        methods=CalibrationMethod.choices,
        decisions=decisions,
        forms={
            b.category.pk: DecisionForm(
                k=edition.winners_per_category,
                entries=b.entries,
                initial={f"rank-{i}": pk for i, pk in enumerate(b.suggested, start=1)},
            )
            for b in computed.categories
        },
        finalist_ids=set(edition.finalists.values_list("application_id", flat=True)),
    )
    return render(request, "awards/results.html", context)


@requires("awards.manage_edition", load=edition_from_url)
@require_GET
def results_pack(request: HttpRequest, edition: Edition, number: int, slug: str) -> HttpResponse:
    from wego.awards.documents import results_pack_pdf

    category = get_object_or_404(Category, edition=edition, slug=slug)
    method = request.GET.get("method") or edition.calibration
    if method not in CalibrationMethod.values:
        method = edition.calibration
    pdf = results_pack_pdf(edition, category, method=method)
    if pdf is None:
        raise Http404(_("No scores in this category yet."))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="wego-awards-{number}-{slug}-results.pdf"'
    return response


@requires("awards.nominate_judge", load=edition_from_url)
@require_http_methods(["GET", "POST"])
def nominate(request: HttpRequest, edition: Edition, number: int) -> HttpResponse:
    """Members nominate external experts to the judging pool; the secretariat invites them."""
    form = NominationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.judge_nominate(
                edition=edition,
                actor=request.user,
                email=data["email"],
                name=data["name"],
                organisation=data["organisation"],
                expertise=data["expertise"],
                country=data["country"],
            )
        except AwardsRefused as exc:
            form.add_error(exc.field or None, exc.message)
        else:
            messages.success(
                request, _("Thank you: %(name)s is nominated to the judging pool.") % {"name": data["name"]}
            )
            return redirect("awards:edition", number=number)
    return render(
        request,
        "awards/nominate.html",
        {"edition": edition, "form": form},
        status=422 if form.errors else 200,
    )


# Judges ----------------------------------------------------------------------------------------


@requires("awards.judge")
@require_GET
def judging(request: HttpRequest) -> HttpResponse:
    services.judges_link_user(request.user)
    rows = list(selectors.assignments_for_judge(request.user))
    return render(request, "awards/judging.html", {"assignments": rows})


@requires("awards.score_assignment", load=assignment_from_url)
@require_http_methods(["GET", "POST"])
def scorecard(request: HttpRequest, assignment: Assignment, pk: int) -> HttpResponse:
    application = assignment.application
    criteria = services.criteria_for(application)
    existing = {s.criterion_id: s for s in assignment.scores.all()}
    initial = {"comment": assignment.comment}
    for criterion_id, score in existing.items():
        initial[f"score-{criterion_id}"] = score.value
        initial[f"comment-{criterion_id}"] = score.comment
    form = ScoreForm(request.POST or None, criteria=criteria, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.scores_save(
                    assignment=assignment,
                    actor=request.user,
                    values=form.values(),
                    comment=form.cleaned_data["comment"],
                    submit=request.POST.get("action") == "submit",
                )
            except AwardsRefused as exc:
                _refused(request, exc)
                status = 422
            else:
                messages.success(request, _("Scores saved."))
                return redirect("awards:scorecard", pk=pk)
        else:
            status = 422
    edition = assignment.round.edition
    return render(
        request,
        "awards/scorecard.html",
        {
            "assignment": assignment,
            "application": application,
            "edition": edition,
            "blind": edition.blind_judging,
            "form": form,
            "attachments": list(application.attachments.all()),
            "has_letter": bool(getattr(getattr(application, "recommendation", None), "letter", None)),
            "others": selectors.others_scores(assignment),
            "criteria": criteria,
            "declare_form": DeclareForm(),
        },
        status=status,
    )


@requires("awards.score_assignment", load=assignment_from_url)
@require_POST
def declare(request: HttpRequest, assignment: Assignment, pk: int) -> HttpResponse:
    form = DeclareForm(request.POST)
    try:
        if not form.is_valid():
            raise AwardsRefused(_("Choose the type of conflict."))
        services.conflict_declare(
            judge=assignment.judge,
            application=assignment.application,
            kind=form.cleaned_data["kind"],
            note=form.cleaned_data["note"],
            actor=request.user,
        )
    except AwardsRefused as exc:
        _refused(request, exc)
        return redirect("awards:scorecard", pk=pk)
    messages.success(request, _("Conflict declared: the entry is removed from your list."))
    return redirect("awards:judging")
