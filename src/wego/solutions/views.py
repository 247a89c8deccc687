"""The module catalogue: what a city can build, and how, step by step."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from wego.assessments.models import Assessment
from wego.assessments.views import city_from_url
from wego.common.permissions import requires
from wego.solutions.catalogue import load_catalogue
from wego.solutions.export import plan_file_name, plan_pdf_render, plan_workbook
from wego.solutions.forms import PlanChangeForm, PlanSettingsForm
from wego.solutions.selectors import plan_for_city, plan_overview
from wego.solutions.services import (
    PlanRefused,
    plan_create,
    plan_item_decide,
    plan_item_move,
    plan_item_progress,
    plan_settings_update,
)

CATALOGUE = "ceds-modules"


@requires("accounts.manage_own_account")
@require_GET
def modules(request: HttpRequest) -> HttpResponse:
    """For members and partners (any logged-in account), as CeDS always was."""
    return render(request, "solutions/modules.html", {"catalogue": load_catalogue(CATALOGUE)})


@requires("accounts.manage_own_account")
@require_GET
def module(request: HttpRequest, module_id: str) -> HttpResponse:
    catalogue = load_catalogue(CATALOGUE)
    try:
        found = catalogue.module(module_id)
    except KeyError:
        raise Http404("No such module") from None
    needed_by = [m for m in catalogue.modules if module_id in m.prerequisites]
    return render(
        request,
        "solutions/module.html",
        {
            **_plan_offer(request, module_id),
            "catalogue": catalogue,
            "module": found,
            "prerequisites": [catalogue.module(p) for p in found.prerequisites],
            "needed_by": needed_by,
            "cost": catalogue.cost_bands[found.cost_band],
        },
    )


def _plan_offer(request: HttpRequest, module_id: str) -> dict:
    """Reached from a diagnosis (?assessment=): whether its coordinator can put the module in the plan."""
    raw = request.GET.get("assessment", "")
    if not raw.isdigit():
        return {}
    assessment = Assessment.objects.select_related("city").filter(pk=int(raw)).first()
    if assessment is None or not request.user.has_perm("assessments.view_assessment", assessment):
        return {}
    found = plan_for_city(assessment.city_id)
    item = found.items.filter(module_id=module_id).first() if found else None
    return {
        "from_assessment": assessment,
        "can_plan": request.user.has_perm("solutions.manage_plan", assessment.city),
        "can_ask_help": request.user.has_perm("assistance.create_request", assessment.city),
        "plan_item": item,
    }


# The Master Plan ----------------------------------------------------------------------------


@requires("solutions.view_plan", load=city_from_url)
@require_GET
def plan(request: HttpRequest, city, city_id: int) -> HttpResponse:
    found = plan_for_city(city.pk)
    can_manage = request.user.has_perm("solutions.manage_plan", city)
    context = {"city": city, "can_manage": can_manage}
    if found is None:
        context["latest"] = (
            Assessment.objects.filter(city=city).select_related("cycle").order_by("-cycle__year").first()
        )
        return render(request, "solutions/plan_empty.html", context)
    context.update(plan_overview(found))
    if can_manage:
        context["settings_form"] = PlanSettingsForm(instance=found)
    return render(request, "solutions/plan.html", context)


def _back(request: HttpRequest, city) -> HttpResponse:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect("solutions:plan", city_id=city.pk)


@requires("solutions.manage_plan", load=city_from_url)
@require_POST
def plan_change(request: HttpRequest, city, city_id: int) -> HttpResponse:
    """Every change of the plan (create, decide, move, progress, settings); refusals say why."""
    form = PlanChangeForm(request.POST)
    if not form.is_valid():
        messages.error(
            request, _("The change was not understood: %(errors)s") % {"errors": _form_errors(form)}
        )
        return _back(request, city)
    data = form.cleaned_data
    action, module_id = data["action"], data["module"]
    found = plan_for_city(city.pk)
    try:
        if action == "create" or (found is None and action == "decide"):
            assessment = (
                Assessment.objects.filter(city=city, pk=data["assessment"] or 0)
                .select_related("cycle__framework", "city")
                .first()
            )
            if assessment is None:
                raise PlanRefused(_("Choose a diagnosis of this city to build the plan from."))
            found = plan_create(assessment=assessment, user=request.user)
            if action == "create":
                messages.success(
                    request,
                    _("The Master Plan is built from the %(year)s diagnosis.")
                    % {"year": assessment.cycle.year},
                )
        if found is None:
            raise PlanRefused(_("This city has no Master Plan yet."))
        if action == "decide":
            item = plan_item_decide(plan=found, module_id=module_id, status=data["status"], user=request.user)
            messages.success(
                request,
                _("%(module)s: %(status)s.") % {"module": module_id, "status": item.get_status_display()},
            )
        elif action == "move":
            plan_item_move(plan=found, module_id=module_id, quarter=data["quarter"], user=request.user)
            messages.success(request, _("%(module)s moved.") % {"module": module_id})
        elif action == "progress":
            plan_item_progress(plan=found, module_id=module_id, progress=data["progress"], user=request.user)
            messages.success(request, _("Progress of %(module)s saved.") % {"module": module_id})
        elif action == "settings":
            settings_form = PlanSettingsForm(request.POST, instance=plan_for_city(city.pk))
            if not settings_form.is_valid():
                raise PlanRefused(_form_errors(settings_form))
            cleaned = settings_form.cleaned_data
            plan_settings_update(
                plan=found,
                start_year=cleaned["start_year"],
                start_quarter=cleaned["start_quarter"],
                horizon_quarters=cleaned["horizon_quarters"],
                parallel_projects=cleaned["parallel_projects"],
                annual_budget_usd=cleaned["annual_budget_usd"],
                user=request.user,
            )
            messages.success(request, _("The plan's limits are saved; the schedule follows them."))
    except (PlanRefused, ValidationError) as exc:
        messages.error(request, _("Not changed: %(reason)s") % {"reason": "; ".join(exc.messages)})
    return _back(request, city)


def _form_errors(form) -> str:
    return "; ".join(f"{field}: {' '.join(errors)}" for field, errors in form.errors.items())


@requires("solutions.view_plan", load=city_from_url)
@require_GET
def plan_pdf(request: HttpRequest, city, city_id: int) -> HttpResponse:
    found = plan_for_city(city.pk)
    if found is None:
        raise Http404("No Master Plan")
    response = HttpResponse(plan_pdf_render(found, get_language() or "en"), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{plan_file_name(found)}.pdf"'
    return response


@requires("solutions.view_plan", load=city_from_url)
@require_GET
def plan_xlsx(request: HttpRequest, city, city_id: int) -> HttpResponse:
    found = plan_for_city(city.pk)
    if found is None:
        raise Http404("No Master Plan")
    response = HttpResponse(
        plan_workbook(found), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="{plan_file_name(found)}.xlsx"'
    return response
