"""The dashboard leads on to the Solution part: gaps name their modules and their help page,
and requests for assistance that are done show what they moved."""

import datetime as dt

import pytest

from tests.assistance.conftest import make_request
from tests.factories import AssessmentFactory, CycleFactory
from tests.personas import build_world, log_in
from wego.assessments.services import assessments_score
from wego.assistance.models import State

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    world = build_world()
    world.assessment_a.status = "submitted"
    world.assessment_a.save()
    assessments_score(assessments=[world.assessment_a])
    return world


def test_each_key_gap_names_its_modules_and_links_to_its_help_page(client, world):
    log_in(client, world.users["respondent_a"])

    response = client.get(f"/assessments/{world.assessment_a.pk}/dashboard/")

    page = response.content.decode()
    first_gap = page[page.index('<ol class="gaps">') : page.index("</ol>", page.index('<ol class="gaps">'))]
    assert "Recommended:" in first_gap
    assert 'href="#action-' in first_gap
    assert f'href="/assessments/{world.assessment_a.pk}/gaps/' in first_gap


def test_dashboard_shows_what_assistance_that_is_done_moved(client, world):
    baseline = world.assessment_a
    baseline.scores = {**baseline.scores, "PS.4": 20.0, "CR.3": 45.5}
    baseline.save()
    later_cycle = CycleFactory(
        year=baseline.cycle.year + 2,
        name="CeDS later",
        framework=baseline.cycle.framework,
        opens_on=dt.date(2028, 1, 1),
        closes_on=dt.date(2028, 6, 30),
    )
    later = AssessmentFactory(
        city=world.city_a, cycle=later_cycle, status="submitted", scores={"PS.4": 50.0, "CR.3": 45.5}
    )
    make_request(world, state=State.DONE, title="Call centre help")
    log_in(client, world.users["coordinator_a"])

    page = client.get(f"/assessments/{later.pk}/dashboard/").content.decode()

    section = page[page.index('id="help-title"') :]
    assert "Call centre help" in section
    assert '<td class="num moved-up">+30.0</td>' in section
    assert '<td class="num ">0.0</td>' in section
