import pytest

from wego.analysis.diagnosis import action_items_for
from wego.analysis.selectors import dashboard
from wego.assistance.demo import EXPERT_EMAIL
from wego.assistance.models import AssistanceRequest
from wego.demo.loader import COORDINATOR_EMAIL, DEMO_PASSWORD, demo_load, demo_users

pytestmark = pytest.mark.django_db


def test_demo_has_one_request_in_progress_on_seoul_top_action_item_and_loads_once():
    demo_load()

    first, second = demo_users(), demo_users()

    request = AssistanceRequest.objects.select_related("assessment__cycle", "expert").get(kind="action_item")
    top = action_items_for(dashboard(request.assessment), request.assessment)[0]
    assert first == second
    assert [login[:2] for login in first if login[0] == EXPERT_EMAIL] == [(EXPERT_EMAIL, DEMO_PASSWORD)]
    assert (request.city.slug, request.state, request.is_demo) == ("seoul", "in_progress", True)
    assert (request.assessment.cycle.year, request.assessment.status) == (2024, "submitted")
    assert request.module_id == top.module.id
    assert request.title.endswith("(demo)")
    assert request.expert.email == EXPERT_EMAIL
    assert request.expert.check_password(DEMO_PASSWORD)
    assert request.created_by.email == COORDINATOR_EMAIL
    assert [m.body.startswith("Demo message") for m in request.messages.all()] == [True, True]
    assert [e.to_state for e in request.events.all()] == ["new", "assigned", "in_progress"]


def test_demo_has_one_egovframe_request_of_seoul_answered_by_the_demo_expert_and_loads_once():
    demo_load()
    demo_users()
    demo_users()

    request = AssistanceRequest.objects.select_related("expert", "created_by").get(kind="egovframe")
    assert (request.city.slug, request.state, request.egov_area, request.is_demo) == (
        "seoul",
        "answered",
        "runtime",
        True,
    )
    assert (request.assessment, request.module_id) == (None, "")
    assert request.title.endswith("(demo)")
    assert (request.expert.email, request.created_by.email) == (EXPERT_EMAIL, COORDINATOR_EMAIL)
    assert [e.to_state for e in request.events.all()] == ["new", "assigned", "answered"]
    assert [(m.author.email, m.body.startswith("Demo message")) for m in request.messages.all()] == [
        (EXPERT_EMAIL, True)
    ]
