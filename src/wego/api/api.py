"""The NinjaAPI instance: authentication, error handlers, routers.

Mounted at /api/ (wego.urls); OpenAPI 3 at /api/openapi.json, interactive docs at /api/docs.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils.translation import gettext
from ninja import NinjaAPI

from wego.api.auth import SessionAuth, TokenAuth
from wego.api.routers import analysis, assessments, assistance, frameworks, knowledge, members, solutions
from wego.api.routers import awards as awards_router
from wego.api.routers import governance as governance_router
from wego.api.routers import learning as learning_router
from wego.common.permissions import public

api = NinjaAPI(
    title="WeGO platform API",
    version="1",
    description=(
        "The WeGO platform's JSON API: frameworks, cycles, assessments, answers and submission. "
        "Authenticate with a personal API token (`Authorization: Bearer <token>`, created on the "
        "Account page) or the logged-in browser session (with the CSRF token for POST). "
        "See docs/api.md."
    ),
    auth=[TokenAuth(), SessionAuth()],
    urls_namespace="api",
    # The schema and the documentation page describe the API; they hold no data.
    docs_decorator=public,
)


@api.exception_handler(PermissionDenied)
def permission_denied(request: HttpRequest, exc: PermissionDenied):
    """A service refused the acting person (e.g. a section not assigned to them): 403."""
    reason = str(exc)
    detail = gettext("You do not have permission to do this.")
    if reason:
        detail = f"{detail} ({reason})"
    return api.create_response(request, {"detail": detail}, status=403)


api.add_router("", frameworks.router)
api.add_router("", assessments.router)
api.add_router("", analysis.router)
api.add_router("", solutions.router)
api.add_router("", assistance.router)
api.add_router("", knowledge.router)
api.add_router("", members.router)
api.add_router("", learning_router.router)
api.add_router("", governance_router.router)
api.add_router("", awards_router.router)
