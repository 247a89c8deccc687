"""The practice library, the partners, and the help offered for one key gap of an assessment."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language
from django.views.decorators.http import require_GET

from wego.assessments.views import assessment_from_url
from wego.common.permissions import public, requires
from wego.knowledge import selectors
from wego.knowledge.forms import PracticeSearchForm
from wego.knowledge.models import PRACTICE_LANGUAGES


@public
@require_GET
def practices(request: HttpRequest) -> HttpResponse:
    """Search and filter the library; a plain GET form, so it works without JavaScript."""
    form = PracticeSearchForm(request.GET)
    filters = form.filters()
    result = selectors.practices_search(**filters, display_language=get_language() or "en")
    context = {"form": form, "result": result, "searched": any(filters.values())}
    template = "knowledge/_practice_results.html" if request.headers.get("HX-Request") == "true" else None
    return render(request, template or "knowledge/practices.html", context)


@public
@require_GET
def practice(request: HttpRequest, slug: str) -> HttpResponse:
    """One practice in the requested language (?lang=ko), else the page's, else English."""
    requested = selectors.normal_language(request.GET.get("lang") or get_language())
    found = selectors.practice_detail(slug, requested)
    if found is None:
        raise Http404("No such practice")
    names = {code: name for code, (_config, name) in PRACTICE_LANGUAGES.items()}
    return render(
        request,
        "knowledge/practice.html",
        {
            "view": found,
            "practice": found.practice,
            "text": found.text,
            "shown_name": names[found.language],
            "requested_name": names[found.requested],
            "other_languages": [(code, names[code]) for code in found.languages if code != found.language],
        },
    )


@public
@require_GET
def partners(request: HttpRequest) -> HttpResponse:
    return render(request, "knowledge/partners.html", {"partners": selectors.partners_list()})


@requires("assessments.view_assessment", load=assessment_from_url)
@require_GET
def gap(request: HttpRequest, assessment, pk: int, indicator_id: str) -> HttpResponse:
    """Who can help with one indicator: mentor cities, partners, practices."""
    found = selectors.help_for_gap(assessment=assessment, indicator_id=indicator_id, user=request.user)
    if found is None:
        raise Http404("Not an indicator of this assessment's framework")
    return render(request, "knowledge/gap.html", {"assessment": assessment, "help": found})
