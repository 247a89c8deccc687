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
from wego.api.schemas import DetailOut, ValidationErrorOut
from wego.common.permissions import public


class WegoAPI(NinjaAPI):
    """The API, with the errors any operation can answer documented on every operation.

    Whatever an operation declares, django-ninja answers 422 when a parameter or the body
    does not match the schema (a path id that is not a number, say) and 400 for a body that
    is not JSON, and the authentication answers 401: the schema says so for each operation,
    so a client (and the schema-driven tests) can rely on it.
    """

    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        for name, model in (("DetailOut", DetailOut), ("ValidationErrorOut", ValidationErrorOut)):
            components.setdefault(name, model.model_json_schema(ref_template="#/components/schemas/{model}"))
        detail = {"$ref": "#/components/schemas/DetailOut"}
        # 422: the framework's list of problems, or a service's sentence (an unknown filter value).
        problems = {"anyOf": [{"$ref": "#/components/schemas/ValidationErrorOut"}, detail]}
        shared = {
            "400": ("Bad Request", detail),
            "401": ("Unauthorized", detail),
            "422": ("Unprocessable Entity", problems),
        }
        for operations in schema["paths"].values():
            for operation in operations.values():
                responses = operation.setdefault("responses", {})
                declared = responses.get("422", {}).get("content", {}).get("application/json", {})
                if declared.get("schema") in ({"$ref": "#/components/schemas/ValidationErrorOut"}, detail):
                    declared["schema"] = problems
                for code, (description, body) in shared.items():
                    responses.setdefault(
                        code, {"description": description, "content": {"application/json": {"schema": body}}}
                    )
        return schema


api = WegoAPI(
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
