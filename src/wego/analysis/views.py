"""The dashboard of a submitted assessment: scores, targets, gaps, benchmarks, history."""

from __future__ import annotations

from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from wego.analysis.diagnosis import diagnosis, diagnosis_key
from wego.analysis.services import target_set
from wego.assessments.views import _assessment
from wego.common.permissions import requires


@requires("assessments.view_assessment", load=_assessment)
@require_GET
def dashboard(request: HttpRequest, assessment, pk: int) -> HttpResponse:
    # The diagnosis is the same for everyone who may see it until one of its inputs
    # changes, so it is computed once per fingerprint; the page around it (forms with
    # the visitor's CSRF token) is rendered for each request.
    key = f"diagnosis:{diagnosis_key(assessment)}"
    context = cache.get(key)
    if context is None:
        context = diagnosis(assessment)
        cache.set(key, context, timeout=3600)
    context = dict(context, diagnosis_key=key)
    context["can_set_targets"] = request.user.has_perm("assessments.manage_assessment", assessment)
    return render(request, "analysis/dashboard.html", context)


@requires("assessments.manage_assessment", load=_assessment)
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
