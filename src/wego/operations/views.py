"""`/health`: for load balancers and monitoring. Public; says only ok or fail per check."""

from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from wego.common.permissions import public
from wego.operations.health import health_report


@public
@never_cache
@require_safe
def health(request: HttpRequest) -> JsonResponse:
    ok, report = health_report()
    return JsonResponse(report, status=200 if ok else 503)
