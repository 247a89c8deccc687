import datetime as dt

import pytest

from tests.factories import AssessmentFactory, CycleFactory
from tests.personas import build_world, log_in
from wego.analysis.models import Target
from wego.assessments.models import Answer
from wego.assessments.services import assessments_score

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    world = build_world()
    world.assessment_a.status = "submitted"
    world.assessment_a.save()
    assessments_score(assessments=[world.assessment_a])
    world.assessment_a.refresh_from_db()
    return world


def test_dashboard_shows_score_stage_radar_gaps_and_country(client, world):
    log_in(client, world.users["coordinator_a"])

    response = client.get(f"/assessments/{world.assessment_a.pk}/dashboard/")

    page = response.content.decode()
    board = response.context["board"]
    assert response.status_code == 200
    assert (board.overall, board.stage.id) == (0.6, "emerging")  # 50 / 3 / 5 / 3 / 2 = 0.56
    assert 'class="chart"><svg' in page
    # Dimensions with four indicators weigh each more (1/24 against 1/30); ties go by id.
    assert [g.indicator.id for g in board.gaps[:3]] == ["CR.1", "CR.2", "CR.3"]
    assert "Republic of Korea in the UN E-Government Survey" in page
    assert "fewer than five submitted assessments: no statistics" in page


def test_coordinator_sets_and_resets_a_target(client, world):
    log_in(client, world.users["coordinator_a"])
    url = f"/assessments/{world.assessment_a.pk}/targets/"

    client.post(url, {"node": "GM", "value": "60"})
    stored = Target.objects.get(assessment=world.assessment_a, node_id="GM").value
    bad = client.post(url, {"node": "GM", "value": "160"}, follow=True)
    client.post(url, {"node": "GM", "value": ""})

    assert stored == 60
    assert "A target is a score from 0 to 100." in bad.content.decode()
    assert Target.objects.filter(assessment=world.assessment_a).count() == 0


@pytest.mark.parametrize("earlier_cycles", [0, 2])
def test_dashboard_query_count_does_not_grow_with_cycles_or_peers(
    client, world, django_assert_max_num_queries, earlier_cycles
):
    version = world.assessment_a.cycle.framework
    for year in range(2020, 2020 + earlier_cycles):
        cycle = CycleFactory(
            framework=version, year=year, opens_on=dt.date(year, 1, 1), closes_on=dt.date(year, 6, 1)
        )
        past = AssessmentFactory(city=world.city_a, cycle=cycle, status="submitted")
        Answer.objects.create(assessment=past, question_id="GM.1.1", value="2")
        assessments_score(assessments=[past])
        peer = AssessmentFactory(city=world.city_b, cycle=cycle, status="submitted")
        assessments_score(assessments=[peer])
    log_in(client, world.users["coordinator_a"])

    with django_assert_max_num_queries(16):
        response = client.get(f"/assessments/{world.assessment_a.pk}/dashboard/")

    assert len(response.context["history"]["assessments"]) == earlier_cycles + 1


def test_dashboard_never_shows_a_stale_diagnosis(client, world):
    log_in(client, world.users["coordinator_a"])
    url = f"/assessments/{world.assessment_a.pk}/dashboard/"
    first = client.get(url).context["board"].targets["GM"]

    client.post(f"/assessments/{world.assessment_a.pk}/targets/", {"node": "GM", "value": "60"})
    after_target = client.get(url).context["board"].targets["GM"]
    peers = [
        AssessmentFactory(cycle=world.assessment_a.cycle, status="submitted", scores={"overall": 50.0})
        for _ in range(4)
    ]
    with_peers = client.get(url).context["groups"][0]

    assert (first, after_target) == (12.5, 60.0)
    assert (with_peers.key, with_peers.n, with_peers.enough) == ("all", 5, True)
    assert len(peers) == 4


def test_dashboard_history_follows_a_newly_submitted_earlier_assessment(client, world):
    log_in(client, world.users["coordinator_a"])
    url = f"/assessments/{world.assessment_a.pk}/dashboard/"
    before = len(client.get(url).context["history"]["assessments"])
    cycle = CycleFactory(
        framework=world.assessment_a.cycle.framework,
        year=2021,
        opens_on=dt.date(2021, 1, 1),
        closes_on=dt.date(2021, 6, 1),
    )
    assessments_score(assessments=[AssessmentFactory(city=world.city_a, cycle=cycle, status="submitted")])

    after = len(client.get(url).context["history"]["assessments"])

    assert (before, after) == (1, 2)
