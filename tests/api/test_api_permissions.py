"""Every API operation checks one permission; each persona gets the expected status."""

from __future__ import annotations

import pytest
from ninja import NinjaAPI, Router

from tests.api.conftest import PERSONAS
from wego.api.api import api
from wego.api.permissions import api_requires
from wego.common.permissions import PERMISSION_ATTRIBUTE

pytestmark = pytest.mark.django_db


def operations(ninja_api: NinjaAPI) -> list[tuple[str, str, object]]:
    """(methods, path, view function) of every operation registered on the API."""
    found = []
    for prefix, router in ninja_api._routers:
        for path, path_view in router.path_operations.items():
            for operation in path_view.operations:
                found.append(("/".join(operation.methods), prefix + path, operation.view_func))
    return found


def without_permission(ninja_api: NinjaAPI) -> list[str]:
    return [
        f"{methods} {path}"
        for methods, path, view in operations(ninja_api)
        if not getattr(view, PERMISSION_ATTRIBUTE, None)
    ]


def test_every_operation_checks_a_permission():
    assert without_permission(api) == []


def test_every_operation_declares_the_expected_permission():
    declared = sorted(
        (path, methods, getattr(view, PERMISSION_ATTRIBUTE)) for methods, path, view in operations(api)
    )

    assert declared == [
        ("/assessments", "GET", "accounts.manage_own_account"),
        ("/assessments/{assessment_id}/answers", "GET", "assessments.view_assessment"),
        ("/assessments/{assessment_id}/answers", "POST", "assessments.answer_assessment"),
        ("/assessments/{assessment_id}/benchmarks", "GET", "assessments.view_assessment"),
        ("/assessments/{assessment_id}/questionnaire", "GET", "assessments.view_assessment"),
        ("/assessments/{assessment_id}/report", "GET", "assessments.view_assessment"),
        ("/assessments/{assessment_id}/report", "POST", "assessments.view_assessment"),
        ("/assessments/{assessment_id}/report.pdf", "GET", "assessments.view_assessment"),
        ("/assessments/{assessment_id}/scores", "GET", "assessments.view_assessment"),
        ("/assessments/{assessment_id}/submit", "POST", "assessments.manage_assessment"),
        ("/cycles", "GET", "accounts.manage_own_account"),
        ("/frameworks", "GET", "accounts.manage_own_account"),
    ]


def test_the_check_catches_an_operation_without_a_permission():
    router = Router()

    @router.get("/checked")
    @api_requires("accounts.manage_own_account")
    def checked(request):
        return {}

    @router.get("/forgotten")
    def forgotten(request):
        return {}

    sample = NinjaAPI(urls_namespace="permission-check-sample")
    sample.add_router("/sample", router)

    assert without_permission(sample) == ["GET /sample/forgotten"]


# The persona x endpoint matrix ---------------------------------------------------------------------

ENDPOINTS = {
    "frameworks": ("get", "/api/frameworks"),
    "cycles": ("get", "/api/cycles"),
    "assessments": ("get", "/api/assessments"),
    "questionnaire A": ("get", "/api/assessments/{a}/questionnaire"),
    "answers A": ("get", "/api/assessments/{a}/answers"),
    "save answer A": ("post", "/api/assessments/{a}/answers"),
    "submit A": ("post", "/api/assessments/{a}/submit"),
    "scores A": ("get", "/api/assessments/{a}/scores"),
    "benchmarks A": ("get", "/api/assessments/{a}/benchmarks"),
    "request report A": ("post", "/api/assessments/{a}/report"),
    "report A": ("get", "/api/assessments/{a}/report"),
    "report pdf A": ("get", "/api/assessments/{a}/report.pdf"),
}

# Submit: the coordinator and the secretariat may, but the assessment is incomplete (422).
# Save: the secretariat may not answer for a city (no sections assigned: 403 from the service).
# Report: nothing requested yet, so following it or downloading it is 404 for everyone.
EXPECTED = {
    "coordinator_a": [200, 200, 200, 200, 200, 200, 422, 200, 200, 200, 404, 404],
    "respondent_a": [200, 200, 200, 200, 200, 200, 403, 200, 200, 200, 404, 404],
    "coordinator_b": [200, 200, 200, 404, 404, 404, 404, 404, 404, 404, 404, 404],
    "consultant_a": [200, 200, 200, 200, 200, 403, 403, 200, 200, 200, 404, 404],
    "judge": [200, 200, 200, 404, 404, 404, 404, 404, 404, 404, 404, 404],
    "secretariat": [200, 200, 200, 200, 200, 403, 422, 200, 200, 200, 404, 404],
    "anonymous": [401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401],
}

CELLS = [
    pytest.param(persona, endpoint, EXPECTED[persona][i], id=f"{persona}-{endpoint}")
    for persona in PERSONAS
    for i, endpoint in enumerate(ENDPOINTS)
]


def test_matrix_covers_every_operation_and_persona():
    assert sorted(f"{m.upper()} {p}" for m, p in ENDPOINTS.values()) == sorted(
        f"{methods} /api{path}".replace("{assessment_id}", "{a}") for methods, path, _view in operations(api)
    )
    assert sorted(EXPECTED) == sorted(PERSONAS)


@pytest.mark.parametrize(("persona", "endpoint", "expected"), CELLS)
def test_persona_endpoint_matrix(client, world, persona, endpoint, expected):
    method, url = ENDPOINTS[endpoint]
    body = {"answers": [{"question_id": "GM.1.1", "status": "answered", "value": "3"}]}

    response = getattr(client, method)(
        url.format(a=world.assessment_a.pk),
        body if method == "post" else None,
        content_type="application/json",
        headers=world.headers(persona),
    )

    assert response.status_code == expected
