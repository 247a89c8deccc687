import pytest

from wego.demo.loader import demo_load
from wego.solutions.models import Plan
from wego.solutions.selectors import plan_overview

pytestmark = pytest.mark.django_db


def test_demo_plan_of_seoul_tracks_its_accepted_modules_from_2022_to_2024():
    demo_load()
    demo_load()  # a second run adds nothing

    plan = Plan.objects.get()
    overview = plan_overview(plan)

    assert plan.city.slug == "seoul"
    assert plan.is_demo is True
    assert plan.assessment.cycle.year == 2024
    accepted = [
        row for row in overview["rows"] if row.item.status == "accepted" and row.item.baseline_year == 2022
    ]
    assert [row.item.progress for row in accepted] == ["done", "in_progress", "not_started"]
    assert overview["later"].cycle.year == 2024
    assert [row.item.module_id for row in overview["tracked"]] == [row.item.module_id for row in accepted]
    assert overview["periods"][0] == "2023 Q1"


def test_demo_journey_of_seoul_from_diagnosis_to_assistance():
    """Diagnosis (2024) -> its most urgent action item -> accepted in the plan -> assistance in progress."""
    from wego.assessments.models import Assessment
    from wego.assistance.models import AssistanceRequest
    from wego.demo.loader import demo_users
    from wego.solutions.services import recommended_items

    demo_load()
    demo_users()

    diagnosis = Assessment.objects.get(city__slug="seoul", cycle__year=2024)
    top = recommended_items(diagnosis)[0].module.id
    item = Plan.objects.get(city__slug="seoul").items.get(module_id=top)
    request = AssistanceRequest.objects.get(city__slug="seoul", kind="action_item")
    assert (item.status, item.progress) == ("accepted", "in_progress")
    assert (request.module_id, request.state, request.assessment_id) == (top, "in_progress", diagnosis.pk)
