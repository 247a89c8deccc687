"""Every API operation checks one permission; each persona gets the expected status."""

from __future__ import annotations

import pytest
from ninja import NinjaAPI, Router

from tests.api.conftest import PERSONAS
from tests.assistance.matrix import assistance_world
from tests.governance.world import governance_world
from tests.learning.world import learning_world
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

    assert declared == sorted(
        [
            ("/assessments", "GET", "accounts.manage_own_account"),
            ("/assessments/{assessment_id}/answers", "GET", "assessments.view_assessment"),
            ("/assessments/{assessment_id}/answers", "POST", "assessments.answer_assessment"),
            ("/assessments/{assessment_id}/benchmarks", "GET", "assessments.view_assessment"),
            ("/assessments/{assessment_id}/questionnaire", "GET", "assessments.view_assessment"),
            ("/assessments/{assessment_id}/report", "GET", "assessments.view_assessment"),
            ("/assessments/{assessment_id}/report", "POST", "assessments.view_assessment"),
            ("/assessments/{assessment_id}/report.pdf", "GET", "assessments.view_assessment"),
            ("/assessments/{assessment_id}/scores", "GET", "assessments.view_assessment"),
            ("/assessments/{assessment_id}/action-items", "GET", "assessments.view_assessment"),
            ("/assessments/{assessment_id}/submit", "POST", "assessments.manage_assessment"),
            ("/cities/{city_id}/plan", "GET", "solutions.view_plan"),
            ("/cities/{city_id}/plan", "POST", "solutions.manage_plan"),
            ("/cities/{city_id}/plan/items/{module_id}", "POST", "solutions.manage_plan"),
            ("/cycles", "GET", "accounts.manage_own_account"),
            ("/frameworks", "GET", "accounts.manage_own_account"),
            ("/assessments/{assessment_id}/assistance", "POST", "assistance.create_request"),
            ("/assistance", "GET", "assistance.view_list"),
            ("/assistance/{request_id}", "GET", "assistance.view_request"),
            ("/assistance/{request_id}/messages", "POST", "assistance.view_request"),
            ("/assistance/{request_id}/transition", "POST", "assistance.view_request"),
            ("/cities/{city_id}/assistance", "POST", "assistance.create_egovframe"),
            ("/governance/meetings", "GET", "public"),
            ("/governance/meetings/{meeting_id}", "GET", "public"),
            ("/governance/votes/{vote_id}", "GET", "public"),
            ("/governance/votes/{vote_id}/cities/{city_id}/ballot", "POST", "governance.cast_ballot"),
            ("/learning/egovframe/courses", "GET", "accounts.manage_own_account"),
            ("/learning/me/applications", "GET", "accounts.manage_own_account"),
            ("/learning/me/feasibility-letters", "GET", "accounts.manage_own_account"),
            ("/learning/feasibility/calls", "GET", "public"),
            ("/learning/feasibility/reports", "GET", "public"),
            ("/learning/me/registrations", "GET", "accounts.manage_own_account"),
            ("/learning/programmes", "GET", "accounts.manage_own_account"),
            ("/learning/webinars", "GET", "accounts.manage_own_account"),
            ("/learning/webinars/{webinar_id}", "GET", "accounts.manage_own_account"),
            ("/learning/webinars/{webinar_id}/registration", "DELETE", "learning.register_webinar"),
            ("/learning/webinars/{webinar_id}/registration", "POST", "learning.register_webinar"),
            ("/modules", "GET", "accounts.manage_own_account"),
            ("/modules/{module_id}", "GET", "accounts.manage_own_account"),
            ("/partners", "GET", "public"),
            ("/practices", "GET", "public"),
            ("/practices/{slug}", "GET", "public"),
            ("/members", "GET", "public"),
            ("/members/{slug}", "GET", "public"),
            ("/membership/applications", "GET", "members.view_own_membership"),
            ("/assessments/{assessment_id}/gaps/{indicator_id}/help", "GET", "assessments.view_assessment"),
            ("/awards/applications", "GET", "accounts.manage_own_account"),
            ("/awards/assignments", "GET", "awards.judge"),
            ("/awards/editions", "GET", "public"),
            ("/awards/results", "GET", "public"),
        ]
    )


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

# One row per operation: (name, method, url, JSON body or None, statuses in PERSONAS order:
#   coordinator_a, respondent_a, coordinator_b, consultant_a, judge, secretariat, anonymous).
# URLs may use {a} and {b} (assessments of city A and B), {city_a} and {city_b}, {module_id}.
# Submit: the coordinator and the secretariat may, but the assessment is incomplete (422).
# Save: the secretariat may not answer for a city (no sections assigned: 403 from the service).
# Report: nothing requested yet, so following it or downloading it is 404 for everyone.
ANSWER = {"answers": [{"question_id": "GM.1.1", "status": "answered", "value": "3"}]}
ROWS = [
    ("frameworks", "get", "/api/frameworks", None, [200, 200, 200, 200, 200, 200, 401]),
    ("cycles", "get", "/api/cycles", None, [200, 200, 200, 200, 200, 200, 401]),
    ("assessments", "get", "/api/assessments", None, [200, 200, 200, 200, 200, 200, 401]),
    (
        "questionnaire A",
        "get",
        "/api/assessments/{a}/questionnaire",
        None,
        [200, 200, 404, 200, 404, 200, 401],
    ),
    ("answers A", "get", "/api/assessments/{a}/answers", None, [200, 200, 404, 200, 404, 200, 401]),
    ("save answer A", "post", "/api/assessments/{a}/answers", ANSWER, [200, 200, 404, 403, 404, 403, 401]),
    ("submit A", "post", "/api/assessments/{a}/submit", ANSWER, [422, 403, 404, 403, 404, 422, 401]),
    ("scores A", "get", "/api/assessments/{a}/scores", None, [200, 200, 404, 200, 404, 200, 401]),
    ("benchmarks A", "get", "/api/assessments/{a}/benchmarks", None, [200, 200, 404, 200, 404, 200, 401]),
    ("request report A", "post", "/api/assessments/{a}/report", None, [200, 200, 404, 200, 404, 200, 401]),
    ("report A", "get", "/api/assessments/{a}/report", None, [404, 404, 404, 404, 404, 404, 401]),
    ("report pdf A", "get", "/api/assessments/{a}/report.pdf", None, [404, 404, 404, 404, 404, 404, 401]),
    # solutions (no plan exists yet: reading or changing one is 404 for those who may)
    ("modules", "get", "/api/modules", None, [200, 200, 200, 200, 200, 200, 401]),
    ("module", "get", "/api/modules/{module_id}", None, [200, 200, 200, 200, 200, 200, 401]),
    ("action items A", "get", "/api/assessments/{a}/action-items", None, [200, 200, 404, 200, 404, 200, 401]),
    ("plan A", "get", "/api/cities/{city_a}/plan", None, [404, 404, 404, 404, 404, 404, 401]),
    (
        "create plan A",
        "post",
        "/api/cities/{city_a}/plan",
        lambda world: {"assessment_id": world.assessment_a.pk},
        [200, 403, 404, 403, 404, 200, 401],
    ),
    (
        "change plan item A",
        "post",
        "/api/cities/{city_a}/plan/items/{module_id}",
        {"status": "accepted"},
        [404, 403, 404, 403, 404, 404, 401],
    ),
    # learning (tests/learning/world.py: coordinator_a is registered for the webinar already)
    ("programmes", "get", "/api/learning/programmes", None, [200, 200, 200, 200, 200, 200, 401]),
    ("webinars", "get", "/api/learning/webinars", None, [200, 200, 200, 200, 200, 200, 401]),
    ("webinar", "get", "/api/learning/webinars/{webinar}", None, [200, 200, 200, 200, 200, 200, 401]),
    (
        "register for webinar",
        "post",
        "/api/learning/webinars/{webinar}/registration",
        None,
        [409, 201, 201, 201, 201, 201, 401],
    ),
    (
        "cancel webinar registration",
        "delete",
        "/api/learning/webinars/{webinar}/registration",
        None,
        [200, 404, 404, 404, 404, 404, 401],
    ),
    ("my registrations", "get", "/api/learning/me/registrations", None, [200, 200, 200, 200, 200, 200, 401]),
    ("my applications", "get", "/api/learning/me/applications", None, [200, 200, 200, 200, 200, 200, 401]),
    # learning: feasibility studies (public calls and reports; the coordinator's own letters)
    ("feasibility calls", "get", "/api/learning/feasibility/calls", None, [200] * 7),
    ("feasibility reports", "get", "/api/learning/feasibility/reports", None, [200] * 7),
    (
        "my feasibility letters",
        "get",
        "/api/learning/me/feasibility-letters",
        None,
        [200, 200, 200, 200, 200, 200, 401],
    ),
    (
        "egovframe courses",
        "get",
        "/api/learning/egovframe/courses",
        None,
        [200, 200, 200, 200, 200, 200, 401],
    ),
    # governance (tests/governance/world.py: a meeting today with an open motion vote)
    ("governance meetings", "get", "/api/governance/meetings", None, [200] * 7),
    ("governance meeting", "get", "/api/governance/meetings/{meeting_id}", None, [200] * 7),
    ("governance vote", "get", "/api/governance/votes/{vote_id}", None, [200] * 7),
    (
        "cast ballot A",
        "post",
        "/api/governance/votes/{vote_id}/cities/{city_a}/ballot",
        lambda world: {"option_id": governance_world(world.city_a, world.users)["yes_id"]},
        [201, 403, 403, 403, 403, 403, 401],
    ),
    # assistance (tests/assistance/matrix.py: a new request of city A, routed to the secretariat)
    ("assistance list", "get", "/api/assistance", None, [200, 200, 200, 200, 403, 200, 401]),
    ("assistance request", "get", "/api/assistance/{request_id}", None, [200, 200, 404, 200, 404, 200, 401]),
    (
        "ask for assistance A",
        "post",
        "/api/assessments/{a}/assistance",
        {"module_id": "gis-portal", "description": "Help with our maps."},
        [201, 403, 404, 403, 404, 201, 401],  # the secretariat here is an administrator (superuser)
    ),
    (
        "assistance message",
        "post",
        "/api/assistance/{request_id}/messages",
        {"body": "Hello"},
        [201, 403, 404, 403, 404, 201, 401],
    ),
    (
        "assistance transition",
        "post",
        "/api/assistance/{request_id}/transition",
        {"action": "start"},  # not assigned yet: the secretariat may, the state refuses (409)
        [403, 403, 404, 403, 404, 409, 401],
    ),
    (
        "ask for eGovFrame support A",
        "post",
        "/api/cities/{city_a}/assistance",
        {"kind": "egovframe", "area": "runtime", "description": "Our batch jobs fail."},
        [201, 403, 403, 403, 403, 201, 401],  # the secretariat here is an administrator (superuser)
    ),
    # members (public directory; {slug} names no member in this world; one's own applications)
    ("members directory", "get", "/api/members", None, [200] * 7),
    ("member", "get", "/api/members/{slug}", None, [404] * 7),
    (
        "my membership applications",
        "get",
        "/api/membership/applications",
        None,
        [200, 200, 200, 200, 200, 200, 401],
    ),
    # knowledge (public library and partners; no practice exists in this world)
    ("practices", "get", "/api/practices", None, [200] * 7),
    ("practice", "get", "/api/practices/{slug}", None, [404] * 7),
    ("partners", "get", "/api/partners", None, [200] * 7),
    (
        "gap help A",
        "get",
        "/api/assessments/{a}/gaps/{indicator_id}/help",
        None,
        [200, 200, 404, 200, 404, 200, 401],
    ),
    # awards (editions and published results are public; one's own applications; a judge's own assignments)
    ("awards editions", "get", "/api/awards/editions", None, [200] * 7),
    ("my award applications", "get", "/api/awards/applications", None, [200, 200, 200, 200, 200, 200, 401]),
    ("my judging assignments", "get", "/api/awards/assignments", None, [403, 403, 403, 403, 200, 200, 401]),
    ("awards results", "get", "/api/awards/results", None, [200] * 7),
]
ENDPOINTS = {name: (method, url) for name, method, url, _body, _statuses in ROWS}
EXPECTED = {persona: [row[4][i] for row in ROWS] for i, persona in enumerate(PERSONAS)}
BODIES = {name: body for name, _method, _url, body, _statuses in ROWS}

CELLS = [
    pytest.param(persona, endpoint, EXPECTED[persona][i], id=f"{persona}-{endpoint}")
    for persona in PERSONAS
    for i, endpoint in enumerate(ENDPOINTS)
]


def test_matrix_covers_every_operation_and_persona():
    assert sorted(f"{m.upper()} {p}" for m, p in ENDPOINTS.values()) == sorted(
        f"{methods} /api{path}".replace("{assessment_id}", "{a}")
        .replace("{city_id}", "{city_a}")
        .replace("{webinar_id}", "{webinar}")
        for methods, path, _view in operations(api)
    )
    assert sorted(EXPECTED) == sorted(PERSONAS)


@pytest.mark.parametrize(("persona", "endpoint", "expected"), CELLS)
def test_persona_endpoint_matrix(client, world, persona, endpoint, expected):
    method, url = ENDPOINTS[endpoint]
    body = BODIES[endpoint](world) if callable(BODIES[endpoint]) else BODIES[endpoint]

    response = getattr(client, method)(
        url.format(
            a=world.assessment_a.pk,
            b=world.assessment_b.pk,
            city_a=world.city_a.pk,
            city_b=world.city_b.pk,
            module_id="base-registries",
            slug="no-such-practice",
            indicator_id="PS.4",
            **governance_world(world.city_a, world.users),
            webinar=learning_world(world.city_a, world.users)["webinar_id"],
            **assistance_world(world),
        ),
        body if method == "post" else None,
        content_type="application/json",
        headers=world.headers(persona),
    )

    assert response.status_code == expected
