from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from wego.common.permissions import public
from wego.members.selectors import home_overview


@public
@require_safe
def home(request: HttpRequest) -> HttpResponse:
    """Public: anyone may see the member cities and who takes part in the current cycle."""
    return render(request, "members/home.html", home_overview())
