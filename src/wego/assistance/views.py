"""Assistance pages: the scoped list, asking for help on an action item or for eGovFrame
technical support, and one request."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from wego.accounts.models import RoleKind, User
from wego.assessments.models import Assessment
from wego.assistance import selectors
from wego.assistance.forms import EgovframeRequestForm, MessageForm, RequestForm, TransitionForm
from wego.assistance.models import AssistanceMessage, AssistanceRequest, Kind, State
from wego.assistance.rules import is_any_coordinator
from wego.assistance.services import (
    ANSWERED_CLOSE_DAYS,
    AssistanceRefused,
    assistance_create,
    assistance_message_post,
    assistance_transition,
    egovframe_request_create,
)
from wego.common.permissions import requires
from wego.knowledge.models import Partner
from wego.members.models import City


def assessment_from_query(request: HttpRequest, **_kwargs) -> Assessment:
    """The assessment named by ?assessment=<id> (404 when absent or unknown)."""
    raw = request.GET.get("assessment", "")
    if not raw.isdigit():
        raise Http404(_("Open this page from an action item of a diagnosis."))
    return get_object_or_404(Assessment.objects.select_related("city__country", "cycle__framework"), pk=raw)


def request_from_url(request: HttpRequest, pk: int, **_kwargs) -> AssistanceRequest:
    return get_object_or_404(
        AssistanceRequest.objects.select_related(
            "city__country", "assessment__cycle__framework", "expert", "partner", "created_by"
        ),
        pk=pk,
    )


@requires("assistance.view_list")
@require_GET
def request_list(request: HttpRequest) -> HttpResponse:
    state = request.GET.get("state", "")
    overdue = request.GET.get("overdue") == "1"
    kind = request.GET.get("kind", "")
    kind = kind if kind in Kind.values else ""
    found = selectors.requests_list(request.user, state=state, overdue=overdue, kind=kind)
    page = Paginator(found, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "assistance/list.html",
        {
            "page": page,
            "state": state if state in State.values else "",
            "overdue": overdue,
            "states": State.choices,
            "kind": kind,
            "kinds": Kind.choices,
            # The predicate of assistance.ask_egovframe, read without the model backend's queries.
            "can_ask_egovframe": is_any_coordinator(request.user),
        },
    )


def _gap_rows(assessment: Assessment, module) -> tuple[list[dict], object | None]:
    """The indicators the module improves (score, target, gap) and the action item, if recommended."""
    from wego.analysis.diagnosis import action_items_for
    from wego.analysis.selectors import dashboard

    board = dashboard(assessment)
    by_id = {i.id: i for i in board.indicators}
    rows = []
    for indicator_id in module.improves.indicators:
        indicator = by_id.get(indicator_id)
        if indicator is None:
            continue
        target = board.targets.get(indicator.dimension_id)
        gap = (
            None
            if indicator.score is None or target is None
            else round(max(0.0, target - indicator.score), 1)
        )
        rows.append(
            {
                "id": indicator_id,
                "title": indicator.title,
                "score": indicator.score,
                "target": target,
                "gap": gap,
            }
        )
    item = next((i for i in action_items_for(board, assessment) if i.module.id == module.id), None)
    return rows, item


@requires("assistance.create_request", load=assessment_from_query)
@require_http_methods(["GET", "POST"])
def request_new(request: HttpRequest, assessment: Assessment) -> HttpResponse:
    module_id = request.GET.get("module", "")
    module = selectors.module_for(assessment, module_id)
    if module is None:
        raise Http404(_("No such module in the catalogue."))
    existing = selectors.open_request_for(city=assessment.city, module_id=module.id)
    form = RequestForm(request.POST or None, initial={"title": module.title.get("en")})
    if request.method == "POST" and existing is None and form.is_valid():
        try:
            created = assistance_create(
                actor=request.user,
                assessment=assessment,
                module_id=module.id,
                title=form.cleaned_data["title"],
                description=form.cleaned_data["description"],
            )
        except AssistanceRefused as exc:
            if exc.existing is not None:
                messages.info(request, exc.message)
                return redirect("assistance:detail", pk=exc.existing.pk)
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(
                request, _("Your request is sent to: %(office)s.") % {"office": created.routed_to_label}
            )
            return redirect("assistance:detail", pk=created.pk)
    elif request.method == "POST" and existing is not None:
        messages.info(
            request,
            _("An open request for this module already exists for %(city)s.") % {"city": assessment.city},
        )
        return redirect("assistance:detail", pk=existing.pk)
    rows, item = _gap_rows(assessment, module)
    return render(
        request,
        "assistance/new.html",
        {
            "assessment": assessment,
            "module": module,
            "rows": rows,
            "item": item,
            "existing": existing,
            "form": form,
        },
    )


@requires("assistance.ask_egovframe")
@require_http_methods(["GET", "POST"])
def egovframe_new(request: HttpRequest) -> HttpResponse:
    """A coordinator asks for eGovFrame technical support for a member city they coordinate."""
    cities = selectors.egovframe_cities_for(request.user)
    form = EgovframeRequestForm(
        request.POST or None, cities=cities, initial={"area": request.GET.get("area")}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            created = egovframe_request_create(
                actor=request.user,
                city=get_object_or_404(City, pk=data["city"]),
                area=data["area"],
                version=data["version"],
                title=data["title"],
                description=data["description"],
            )
        except AssistanceRefused as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(
                request, _("Your request is sent to: %(office)s.") % {"office": created.routed_to_label}
            )
            return redirect("assistance:detail", pk=created.pk)
    return render(request, "assistance/egovframe_new.html", {"form": form, "cities": cities})


def _experts():
    return (
        User.objects.filter(roles__kind=RoleKind.EXPERT, is_active=True)
        .distinct()
        .order_by("full_name", "email")
    )


@requires("assistance.view_request", load=request_from_url)
@require_GET
def request_detail(request: HttpRequest, assistance: AssistanceRequest, pk: int) -> HttpResponse:
    actions = selectors.allowed_actions(request.user, assistance)
    return render(
        request,
        "assistance/detail.html",
        {
            "assistance": assistance,
            "module": selectors.module_for(assistance.assessment, assistance.module_id),
            "thread": assistance.messages.select_related("author"),
            "events": assistance.events.select_related("actor"),
            "actions": actions,
            "can_post": selectors.can_post_message(request.user, assistance),
            "message_form": MessageForm(),
            "experts": _experts() if "assign" in actions else [],
            "partners": Partner.objects.filter(active=True) if "assign" in actions else [],
            "outcome": (
                selectors.outcome_of(assistance)
                if assistance.state == State.DONE and assistance.kind == Kind.ACTION_ITEM
                else None
            ),
            "close_days": ANSWERED_CLOSE_DAYS,
        },
    )


@requires("assistance.view_request", load=request_from_url)
@require_POST
def request_transition(request: HttpRequest, assistance: AssistanceRequest, pk: int) -> HttpResponse:
    form = TransitionForm(request.POST)
    if not form.is_valid():
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            for error in errors:
                messages.error(request, f"{label}: {error}" if label else error)
        return redirect("assistance:detail", pk=assistance.pk)
    expert_id, partner_id = form.assignee_ids()
    data = form.cleaned_data
    try:
        assistance_transition(
            actor=request.user,
            assistance=assistance,
            action=data["action"],
            expert_id=expert_id,
            partner_id=partner_id,
            due_on=data["due_on"],
            reason=data["reason"],
            note=data["note"],
        )
    except AssistanceRefused as exc:
        messages.error(request, exc.message)
    else:
        assistance.refresh_from_db(fields=["state"])
        messages.success(
            request, _("The request is now: %(state)s.") % {"state": assistance.get_state_display()}
        )
    return redirect("assistance:detail", pk=assistance.pk)


@requires("assistance.view_request", load=request_from_url)
@require_POST
def message_post(request: HttpRequest, assistance: AssistanceRequest, pk: int) -> HttpResponse:
    form = MessageForm(request.POST, request.FILES)
    if not form.is_valid():
        for field, errors in form.errors.items():
            for error in errors:
                messages.error(request, f"{form.fields[field].label}: {error}")
        return redirect("assistance:detail", pk=assistance.pk)
    try:
        assistance_message_post(
            actor=request.user,
            assistance=assistance,
            body=form.cleaned_data["body"],
            attachment=form.cleaned_data["attachment"],
        )
    except AssistanceRefused as exc:
        messages.error(request, exc.message)
    return redirect(reverse("assistance:detail", args=[assistance.pk]) + "#messages")


@requires("assistance.view_request", load=request_from_url)
@require_GET
def attachment(request: HttpRequest, assistance: AssistanceRequest, pk: int, message_id: int) -> HttpResponse:
    found = get_object_or_404(AssistanceMessage, request=assistance, pk=message_id)
    if not found.attachment:
        raise Http404(_("No attachment."))
    return FileResponse(found.attachment.open("rb"), as_attachment=True, filename=found.attachment_name)
