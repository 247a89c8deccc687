"""The investigation in the browser: cycles, the questionnaire, teamwork, submit and reopen.

Each view states its permission with @public or @requires (wego.common.permissions),
loads what it needs through selectors, calls one service, and renders.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from wego.accounts.models import RoleKind, User
from wego.accounts.rules import city_ids
from wego.accounts.services import invitation_create, role_grant
from wego.assessments import selectors
from wego.assessments.forms import AssignForm, ConsultantForm, CycleForm, InviteRespondentForm, ReopenForm
from wego.assessments.models import Answer, AnswerRevision, AnswerStatus, Assessment, Cycle
from wego.assessments.services import (
    AnswerInput,
    AnswerRefused,
    SubmitRefused,
    answer_save,
    assessment_completeness,
    assessment_reopen,
    assessment_start,
    assessment_submit,
    assignment_set,
    cycle_open,
    evidence_attach,
)
from wego.common.models import AuditEvent
from wego.common.permissions import requires
from wego.members.models import City


def assessment_from_url(request: HttpRequest, pk: int, **_kwargs) -> Assessment:
    return get_object_or_404(Assessment.objects.select_related("city__country", "cycle__framework"), pk=pk)


def city_from_url(request: HttpRequest, city_id: int, **_kwargs) -> City:
    return get_object_or_404(City.objects.select_related("country"), pk=city_id)


def is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


# My assessments ----------------------------------------------------------------------------


@requires("accounts.manage_own_account")
@require_GET
def mine(request: HttpRequest) -> HttpResponse:
    assessments = list(
        selectors.assessments_visible_to(request.user).order_by("-cycle__year", "city__name")[:200]
    )
    counts = selectors.answer_counts(a.pk for a in assessments)
    rows = [
        (a, counts.get(a.pk, 0) / a.cycle.framework.question_count if a.cycle.framework.question_count else 0)
        for a in assessments
    ]
    coordinated = City.objects.filter(pk__in=city_ids(request.user, RoleKind.COORDINATOR)).select_related(
        "country"
    )
    open_cycles = selectors.cycles_open()
    started = {(a.city_id, a.cycle_id) for a in assessments}
    can_start = [
        (city, cycle)
        for city in coordinated
        for cycle in open_cycles
        if (city.pk, cycle.pk) not in started and (not cycle.invited_ids or city.pk in cycle.invited_ids)
    ]
    return render(request, "assessments/mine.html", {"rows": rows, "can_start": can_start})


@requires("assessments.start_assessment", load=city_from_url)
@require_POST
def start(request: HttpRequest, city: City, city_id: int, cycle_id: int) -> HttpResponse:
    cycle = get_object_or_404(Cycle, pk=cycle_id)
    try:
        assessment = assessment_start(
            city=city, cycle=cycle, actor=request.user, prefill=request.POST.get("prefill") != "no"
        )
    except SubmitRefused as exc:
        messages.error(request, exc.message)
        return redirect("assessments:mine")
    if assessment.previous_id:
        messages.success(
            request,
            _("Answers from %(year)s are carried over. Confirm or change each one.")
            % {"year": assessment.previous.cycle.year},
        )
    return redirect("assessments:detail", pk=assessment.pk)


# One assessment --------------------------------------------------------------------------------


def _section_progress(
    assessment: Assessment, answered: set[str], carried: set[str] = frozenset()
) -> list[dict]:
    return [
        {
            "section": section,
            "answered": sum(q in answered for q in section.question_ids),
            "to_confirm": sum(q in carried for q in section.question_ids),
            "total": len(section.question_ids),
        }
        for section in selectors.framework_sections(assessment.cycle.framework)
    ]


@requires("assessments.view_assessment", load=assessment_from_url)
@require_GET
def detail(request: HttpRequest, assessment: Assessment, pk: int) -> HttpResponse:
    answered, carried_ids = set(), set()
    for question_id, carried_from in Answer.objects.filter(assessment=assessment).values_list(
        "question_id", "carried_from_year"
    ):
        answered.add(question_id)
        if carried_from is not None:
            carried_ids.add(question_id)
    carried = len(carried_ids)
    allowed = selectors.assigned_sections(request.user, assessment)
    progress = _section_progress(assessment, answered, carried_ids)
    for row in progress:
        row["assigned"] = allowed is None or row["section"].id in allowed
    completeness = assessment_completeness(assessment)
    return render(
        request,
        "assessments/detail.html",
        {
            "assessment": assessment,
            "progress": progress,
            "completeness": completeness,
            "carried": carried,
            "missing_sections": _missing_by_section(assessment, completeness),
        },
    )


def _missing_by_section(assessment: Assessment, completeness) -> list[tuple]:
    sections = {s.id: s for s in selectors.framework_sections(assessment.cycle.framework)}
    return [(sections[sid], ids) for sid, ids in completeness.missing.items()]


def _question_context(
    request: HttpRequest, assessment: Assessment, question, answer: Answer | None, can_answer: bool
) -> dict:
    framework = assessment.cycle.framework.load()
    levels = framework.question_levels(question) if question.type == "scale" else []
    return {
        "assessment": assessment,
        "question": question,
        "answer": answer,
        "levels": [(str(i), text) for i, text in enumerate(levels, start=1)],
        "can_answer": can_answer,
        "chosen": (answer.value.split(";") if answer and answer.status == AnswerStatus.ANSWERED else []),
    }


@requires("assessments.view_assessment", load=assessment_from_url)
@require_GET
def section(request: HttpRequest, assessment: Assessment, pk: int, section_id: str) -> HttpResponse:
    sections = selectors.framework_sections(assessment.cycle.framework)
    current = next((s for s in sections if s.id == section_id), None)
    if current is None:
        raise Http404(_("No such section."))
    answers = {
        a.question_id: a
        for a in Answer.objects.filter(assessment=assessment, question_id__in=current.question_ids)
    }
    allowed = selectors.assigned_sections(request.user, assessment)
    can_answer = request.user.has_perm("assessments.answer_assessment", assessment) and (
        allowed is None or current.id in allowed
    )
    only_unanswered = request.GET.get("unanswered") == "1"
    groups = []
    for heading, questions in current.groups:
        shown = [
            _question_context(request, assessment, q, answers.get(q.id), can_answer)
            for q in questions
            if not (only_unanswered and q.id in answers)
        ]
        if shown:
            groups.append((heading, shown))
    index = [s.id for s in sections].index(current.id)
    answered_all = set(Answer.objects.filter(assessment=assessment).values_list("question_id", flat=True))
    return render(
        request,
        "assessments/section.html",
        {
            "assessment": assessment,
            "section": current,
            "groups": groups,
            "sections": sections,
            "previous_section": sections[index - 1] if index > 0 else None,
            "next_section": sections[index + 1] if index + 1 < len(sections) else None,
            "only_unanswered": only_unanswered,
            "can_answer": can_answer,
            "progress": _section_progress(assessment, answered_all),
            "section_answered": sum(q in answers for q in current.question_ids),
            "overall_answered": len(answered_all),
            "overall_total": assessment.cycle.framework.question_count,
        },
    )


def _answer_from_post(request: HttpRequest, question) -> AnswerInput:
    chosen = [c for c in request.POST.getlist("answer") if c]
    special = request.POST.get("special") or ""
    if "dk" in chosen or special == "dk":
        status, value = AnswerStatus.DONT_KNOW, ""
    elif "na" in chosen or special == "na":
        status, value = AnswerStatus.NOT_APPLICABLE, ""
    else:
        status, value = AnswerStatus.ANSWERED, ";".join(chosen)
    version = request.POST.get("version", "")
    return AnswerInput(
        question_id=question.id,
        status=status,
        value=value,
        comment=request.POST.get("comment"),
        evidence_url=request.POST.get("evidence_url"),
        expected_version=int(version) if version.isdigit() else None,
    )


def _render_question(request, assessment, question_id, *, error=None, conflict=None, mine=None, status=200):
    framework = assessment.cycle.framework.load()
    try:
        question = framework.node(question_id)
    except KeyError:
        raise Http404(_("No such question.")) from None
    if not question.is_question:
        raise Http404(_("No such question."))
    answer = (
        Answer.objects.filter(assessment=assessment, question_id=question_id)
        .select_related("answered_by")
        .first()
    )
    allowed = selectors.assigned_sections(request.user, assessment)
    section = selectors.section_of_question(assessment.cycle.framework, question_id)
    can_answer = request.user.has_perm("assessments.answer_assessment", assessment) and (
        allowed is None or (section is not None and section.id in allowed)
    )
    context = _question_context(request, assessment, question, answer, can_answer)
    context.update(error=error, conflict=conflict, mine=mine, oob=True)
    if section is not None:
        answered = set(Answer.objects.filter(assessment=assessment).values_list("question_id", flat=True))
        context.update(
            section=section,
            section_answered=sum(q in answered for q in section.question_ids),
            overall_answered=len(answered),
            overall_total=assessment.cycle.framework.question_count,
        )
    return render(request, "assessments/_question.html", context, status=status)


@requires("assessments.view_assessment", load=assessment_from_url)
@require_http_methods(["GET", "POST"])
def question(request: HttpRequest, assessment: Assessment, pk: int, question_id: str) -> HttpResponse:
    """GET: one question (to discard a conflicting edit). POST: save its answer."""
    if request.method == "GET":
        if not is_htmx(request):
            # Opened as a page (a bookmark, a link): the question in its section.
            return _back_to_section(assessment, question_id)
        return _render_question(request, assessment, question_id)
    framework = assessment.cycle.framework.load()
    try:
        node = framework.node(question_id)
    except KeyError:
        raise Http404(_("No such question.")) from None
    item = _answer_from_post(request, node)
    try:
        outcome = answer_save(assessment=assessment, actor=request.user, item=item)
    except AnswerRefused as exc:
        if not is_htmx(request):
            messages.error(request, exc.message)
            return _back_to_section(assessment, question_id)
        return _render_question(request, assessment, question_id, error=exc.message, status=422)
    if outcome.conflict is not None or outcome.answer is None:
        if not is_htmx(request):
            messages.error(
                request,
                _("Someone else changed this answer since you loaded the page. Check it and answer again."),
            )
            return _back_to_section(assessment, question_id)
        return _render_question(
            request, assessment, question_id, conflict=outcome.conflict, mine=item, status=409
        )
    if not is_htmx(request):
        return _back_to_section(assessment, question_id)
    return _render_question(request, assessment, question_id)


def _back_to_section(assessment: Assessment, question_id: str) -> HttpResponse:
    section = selectors.section_of_question(assessment.cycle.framework, question_id)
    url = reverse("assessments:section", args=[assessment.pk, section.id if section else ""])
    return redirect(f"{url}#q-{question_id}")


@requires("assessments.answer_assessment", load=assessment_from_url)
@require_POST
def confirm(request: HttpRequest, assessment: Assessment, pk: int, question_id: str) -> HttpResponse:
    """Keep a carried-over answer as it is: it stops being marked 'unchanged since'."""
    answer = get_object_or_404(Answer, assessment=assessment, question_id=question_id)
    version = request.POST.get("version", "")
    item = AnswerInput(
        question_id=question_id,
        status=answer.status,
        value=answer.value,
        expected_version=int(version) if version.isdigit() else None,
    )
    try:
        outcome = answer_save(assessment=assessment, actor=request.user, item=item, action="confirm")
    except AnswerRefused as exc:
        return _render_question(request, assessment, question_id, error=exc.message, status=422)
    if outcome.answer is None:
        if not is_htmx(request):
            messages.error(
                request, _("Someone else changed this answer since you loaded the page. Check it again.")
            )
            return _back_to_section(assessment, question_id)
        return _render_question(request, assessment, question_id, conflict=outcome.conflict, status=409)
    if not is_htmx(request):
        return _back_to_section(assessment, question_id)
    return _render_question(request, assessment, question_id)


@requires("assessments.answer_assessment", load=assessment_from_url)
@require_POST
def evidence(request: HttpRequest, assessment: Assessment, pk: int, question_id: str) -> HttpResponse:
    upload = request.FILES.get("file")
    error = None
    if upload is None:
        error = _("Choose a file to upload.")
    else:
        try:
            evidence_attach(assessment=assessment, actor=request.user, question_id=question_id, upload=upload)
        except ValidationError as exc:
            error = " ".join(exc.messages)
        except AnswerRefused as exc:
            error = exc.message
    if not is_htmx(request):
        if error:
            messages.error(request, error)
        return _back_to_section(assessment, question_id)
    return _render_question(request, assessment, question_id, error=error, status=422 if error else 200)


@requires("assessments.view_assessment", load=assessment_from_url)
@require_GET
def evidence_download(
    request: HttpRequest, assessment: Assessment, pk: int, question_id: str
) -> HttpResponse:
    from django.http import FileResponse

    answer = get_object_or_404(Answer, assessment=assessment, question_id=question_id)
    if not answer.evidence_file:
        raise Http404(_("No evidence file."))
    return FileResponse(
        answer.evidence_file.open("rb"),
        as_attachment=True,
        filename=answer.evidence_file.name.rsplit("/", 1)[-1],
    )


@requires("assessments.view_assessment", load=assessment_from_url)
@require_GET
def history(request: HttpRequest, assessment: Assessment, pk: int) -> HttpResponse:
    revisions = AnswerRevision.objects.filter(assessment=assessment).select_related("actor")
    if request.GET.get("question"):
        revisions = revisions.filter(question_id=request.GET["question"])
    page = Paginator(revisions, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "assessments/history.html",
        {"assessment": assessment, "page": page, "question": request.GET.get("question", "")},
    )


# Teamwork ---------------------------------------------------------------------------------------------


@requires("assessments.manage_assessment", load=assessment_from_url)
@require_http_methods(["GET", "POST"])
def team(request: HttpRequest, assessment: Assessment, pk: int) -> HttpResponse:
    sections = selectors.framework_sections(assessment.cycle.framework)
    invite_form = InviteRespondentForm(sections=sections)
    consultant_form = ConsultantForm()
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "invite":
            invite_form = InviteRespondentForm(request.POST, sections=sections)
            if invite_form.is_valid():
                email = invite_form.cleaned_data["email"].lower()
                existing = User.objects.filter(email=email).first()
                if existing is not None:
                    role_grant(
                        user=existing, kind=RoleKind.RESPONDENT, city=assessment.city, actor=request.user
                    )
                    assignment_set(
                        assessment=assessment,
                        actor=request.user,
                        user=existing,
                        sections=invite_form.cleaned_data["sections"],
                    )
                    messages.success(
                        request, _("%(email)s can now answer the chosen sections.") % {"email": email}
                    )
                else:
                    invitation_create(
                        email=email,
                        kind=RoleKind.RESPONDENT,
                        actor=request.user,
                        city=assessment.city,
                        assessment=assessment,
                        sections=invite_form.cleaned_data["sections"],
                    )
                    messages.success(
                        request, _("An invitation is on its way to %(email)s.") % {"email": email}
                    )
                return redirect("assessments:team", pk=assessment.pk)
        elif action == "assign":
            user = get_object_or_404(
                User,
                pk=request.POST.get("user"),
                roles__city=assessment.city,
                roles__kind=RoleKind.RESPONDENT,
            )
            form = AssignForm(request.POST, sections=sections)
            if form.is_valid():
                assignment_set(
                    assessment=assessment,
                    actor=request.user,
                    user=user,
                    sections=form.cleaned_data["sections"],
                )
                messages.success(request, _("Assignments saved for %(user)s.") % {"user": user})
                return redirect("assessments:team", pk=assessment.pk)
        elif action == "consultant":
            consultant_form = ConsultantForm(request.POST)
            if consultant_form.is_valid():
                email = consultant_form.cleaned_data["email"].lower()
                existing = User.objects.filter(email=email).first()
                if existing is not None:
                    role_grant(
                        user=existing, kind=RoleKind.CONSULTANT, city=assessment.city, actor=request.user
                    )
                else:
                    invitation_create(
                        email=email, kind=RoleKind.CONSULTANT, actor=request.user, city=assessment.city
                    )
                messages.success(
                    request,
                    _("%(email)s can read %(city)s's assessments.")
                    % {"email": email, "city": assessment.city},
                )
                return redirect("assessments:team", pk=assessment.pk)
    people = selectors.team_of(assessment)
    return render(
        request,
        "assessments/team.html",
        {
            "assessment": assessment,
            "people": people,
            "invite_form": invite_form,
            "consultant_form": consultant_form,
            "sections": sections,
        },
    )


# Submit and reopen -------------------------------------------------------------------------------------


@requires("assessments.manage_assessment", load=assessment_from_url)
@require_POST
def submit(request: HttpRequest, assessment: Assessment, pk: int) -> HttpResponse:
    try:
        assessment_submit(assessment=assessment, actor=request.user)
    except SubmitRefused as exc:
        messages.error(request, exc.message)
        return redirect("assessments:detail", pk=assessment.pk)
    except PermissionDenied:
        messages.error(request, _("This assessment cannot be submitted now."))
        return redirect("assessments:detail", pk=assessment.pk)
    messages.success(request, _("Submitted. The assessment is locked; it can be reopened with a reason."))
    return redirect("assessments:detail", pk=assessment.pk)


@requires("assessments.reopen_assessment", load=assessment_from_url)
@require_http_methods(["GET", "POST"])
def reopen(request: HttpRequest, assessment: Assessment, pk: int) -> HttpResponse:
    form = ReopenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            assessment_reopen(assessment=assessment, actor=request.user, reason=form.cleaned_data["reason"])
        except SubmitRefused as exc:
            messages.error(request, exc.message)
            return redirect("assessments:detail", pk=assessment.pk)
        messages.success(request, _("Reopened. Answers can be changed again."))
        return redirect("assessments:detail", pk=assessment.pk)
    return render(request, "assessments/reopen.html", {"assessment": assessment, "form": form})


# Cycles (the secretariat) ---------------------------------------------------------------------------------


@requires("assessments.view_participation")
@require_GET
def cycles(request: HttpRequest) -> HttpResponse:
    return render(request, "assessments/cycles.html", {"cycles": selectors.cycles_with_participation()})


@requires("assessments.manage_cycles")
@require_http_methods(["GET", "POST"])
def cycle_new(request: HttpRequest) -> HttpResponse:
    form = CycleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            cycle = cycle_open(
                actor=request.user,
                year=data["year"],
                name=data["name"],
                framework=data["framework"],
                opens_on=data["opens_on"],
                closes_on=data["closes_on"],
                invited=list(data["invited"]),
                threshold=data["threshold"] / 100,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Cycle %(name)s is open.") % {"name": cycle.name})
            return redirect("assessments:cycle", pk=cycle.pk)
    return render(request, "assessments/cycle_new.html", {"form": form})


@requires("assessments.view_participation")
@require_GET
def cycle(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_object_or_404(Cycle.objects.select_related("framework"), pk=pk)
    rows = selectors.cycle_participation(found, request.user)
    return render(request, "assessments/cycle.html", {"cycle": found, "rows": rows})


@requires("common.view_audit")
@require_GET
def audit(request: HttpRequest) -> HttpResponse:
    events = AuditEvent.objects.select_related("actor")
    if request.GET.get("action"):
        events = events.filter(action=request.GET["action"])
    page = Paginator(events, 100).get_page(request.GET.get("page"))
    actions = AuditEvent.objects.order_by().values_list("action", flat=True).distinct()
    return render(
        request,
        "assessments/audit.html",
        {"page": page, "actions": sorted(set(actions)), "action": request.GET.get("action", "")},
    )
