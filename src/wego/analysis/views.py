"""The dashboard of a submitted assessment: scores, targets, gaps, benchmarks, history."""

from __future__ import annotations

from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from wego.analysis.diagnosis import diagnosis, diagnosis_key
from wego.analysis.services import target_set
from wego.assessments.views import assessment_from_url
from wego.assistance.selectors import assistance_outcomes
from wego.common.permissions import requires


@requires("assessments.view_assessment", load=assessment_from_url)
@require_GET
def dashboard(request: HttpRequest, assessment, pk: int) -> HttpResponse:
    # The diagnosis is the same for everyone who may see it until one of its inputs
    # changes: it is computed and its form-free sections rendered once per fingerprint;
    # only the page around them (forms with the visitor's CSRF token) is rendered each time.
    can_set_targets = request.user.has_perm("assessments.manage_assessment", assessment)
    key = f"diagnosis:{diagnosis_key(assessment)}:{int(can_set_targets)}"
    cached = cache.get(key)
    if cached is None:
        cached = _diagnosis_page_parts(assessment, can_set_targets)
        cache.set(key, cached, timeout=3600)
    context = {
        "assessment": assessment,
        "can_set_targets": can_set_targets,
        # Not part of the cached diagnosis: requests change state between cycles.
        "outcomes": assistance_outcomes(city=assessment.city),
        **cached,
    }
    return render(request, "analysis/dashboard.html", context)


def _diagnosis_page_parts(assessment, can_set_targets: bool) -> dict:
    """Plain values for the page's head, and the rendered sections below it."""
    context = diagnosis(assessment)
    board = context["board"]
    head = {
        "overall": board.overall,
        "stage": str(board.stage.name.get(get_language() or "en")) if board.stage else None,
        "next_stage": str(board.next_stage.name.get(get_language() or "en")) if board.next_stage else None,
        "target": board.targets["overall"],
        "radar": context["radar"],
        "dimensions": [
            {
                "id": d["id"],
                "title": d["title"],
                "score": d["score"],
                "stage": d["stage"].name.get(get_language() or "en") if d["stage"] else None,
                "target": d["target"],
                "target_is_default": d["target_is_default"],
            }
            for d in board.dimensions
        ],
    }
    sections = render_to_string(
        "analysis/_dashboard_sections.html", {**context, "can_set_targets": can_set_targets}
    )
    return {"head": head, "sections": mark_safe(sections)}


@requires("assessments.manage_assessment", load=assessment_from_url)
@require_POST
def targets(request: HttpRequest, assessment, pk: int) -> HttpResponse:
    node_id = request.POST.get("node", "")
    raw = request.POST.get("value", "").strip()
    try:
        value = None if raw == "" else float(raw)
        target_set(assessment=assessment, actor=request.user, node_id=node_id, value=value)
    except ValueError:
        messages.error(request, _("A target is a number, e.g. 62.5."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request, _("Target saved.") if value is not None else _("Target back to one stage above.")
        )
    return redirect("analysis:dashboard", pk=assessment.pk)
