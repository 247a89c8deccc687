"""The module catalogue: what a city can build, and how, step by step."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from wego.common.permissions import requires
from wego.solutions.catalogue import load_catalogue

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
            "catalogue": catalogue,
            "module": found,
            "prerequisites": [catalogue.module(p) for p in found.prerequisites],
            "needed_by": needed_by,
            "cost": catalogue.cost_bands[found.cost_band],
        },
    )
