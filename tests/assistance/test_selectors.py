import datetime as dt

import pytest

from tests.assistance.conftest import make_request
from tests.factories import AssessmentFactory, CycleFactory
from wego.assistance.models import State
from wego.assistance.selectors import allowed_actions, assistance_outcomes, requests_list, requests_visible_to

pytestmark = pytest.mark.django_db


@pytest.fixture
def requests(world):
    """One request of Alpha City (Asia) assigned to the expert, one of Beta City (Europe)."""
    a = make_request(world, state=State.ASSIGNED, expert=world.users["expert"], due_on=dt.date(2020, 1, 1))
    b = make_request(world, city=world.city_b, module="gis-portal")
    return a, b


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("secretariat", ["a", "b"]),
        ("coordinator_a", ["a"]),
        ("respondent_a", ["a"]),
        ("consultant_a", ["a"]),
        ("coordinator_b", ["b"]),
        ("office_asia", ["a"]),
        ("office_europe", ["b"]),
        ("expert", ["a"]),
        ("other_expert", []),
        ("judge", []),
    ],
)
def test_requests_visible_to_each_persona(world, requests, persona, expected):
    names = {requests[0].pk: "a", requests[1].pk: "b"}

    visible = sorted(names[r.pk] for r in requests_visible_to(world.users[persona]))

    assert visible == expected


def test_requests_list_filters_by_state_and_overdue(world, requests):
    secretariat = world.users["secretariat"]

    assert [r.pk for r in requests_list(secretariat, state="new")] == [requests[1].pk]
    assert [r.pk for r in requests_list(secretariat, overdue=True)] == [requests[0].pk]
    assert len(requests_list(secretariat, state="nonsense")) == 2


@pytest.mark.parametrize(
    ("persona", "state", "expected"),
    [
        ("secretariat", State.NEW, ["assign", "decline"]),
        ("office_asia", State.NEW, ["assign", "decline"]),
        ("office_europe", State.NEW, []),
        ("coordinator_a", State.NEW, ["withdraw"]),
        ("respondent_a", State.NEW, []),
        ("secretariat", State.ASSIGNED, ["assign", "decline", "start"]),
        ("expert", State.ASSIGNED, ["start"]),
        ("expert", State.IN_PROGRESS, ["complete"]),
        ("coordinator_a", State.IN_PROGRESS, []),
        ("secretariat", State.DONE, []),
    ],
)
def test_allowed_actions_follow_who_and_state(world, persona, state, expected):
    request = make_request(
        world,
        state=state,
        routed_region="Asia",
        expert=world.users["expert"] if state != State.NEW else None,
    )

    assert allowed_actions(world.users[persona], request) == expected


# The gap change ----------------------------------------------------------------------------------------


def later_assessment(world, year: int, scores: dict, *, status="submitted", framework=None):
    cycle = CycleFactory(
        framework=framework or world.assessment_a.cycle.framework,
        year=year,
        name=f"CeDS {year}",
        opens_on=dt.date(year, 1, 1),
        closes_on=dt.date(year, 6, 30),
    )
    return AssessmentFactory(city=world.city_a, cycle=cycle, status=status, scores=scores)


def test_outcome_compares_the_baseline_with_the_latest_later_submitted_assessment(world):
    baseline = world.assessment_a
    baseline.scores = {"PS.4": 20.0, "CR.3": 45.5, "GM.1": 10.0}
    baseline.save()
    year = baseline.cycle.year
    later_assessment(world, year + 1, {"PS.4": 35.0, "CR.3": 40.0})
    latest = later_assessment(world, year + 2, {"PS.4": 50.25, "CR.3": 45.5})
    later_assessment(world, year + 3, {"PS.4": 99.0}, status="in_progress")
    make_request(world, state=State.DONE)

    [outcome] = assistance_outcomes(city=world.city_a)

    assert outcome.later == latest
    assert outcome.same_version is True
    assert [(r.indicator_id, r.before, r.after, r.change) for r in outcome.rows] == [
        ("PS.4", 20.0, 50.2, 30.2),
        ("CR.3", 45.5, 45.5, 0.0),
    ]
    assert outcome.rows[0].title.get("en") == "Multichannel delivery and service quality"


def test_outcome_without_a_later_assessment_has_no_after(world):
    world.assessment_a.scores = {"PS.4": 20.0}
    world.assessment_a.save()
    make_request(world, state=State.DONE)

    [outcome] = assistance_outcomes(city=world.city_a)

    assert outcome.later is None
    assert [(r.before, r.after, r.change) for r in outcome.rows] == [(20.0, None, None), (None, None, None)]


def test_outcomes_only_for_done_requests_of_the_city(world):
    make_request(world, state=State.IN_PROGRESS)
    make_request(world, city=world.city_b, state=State.DONE)

    assert assistance_outcomes(city=world.city_a) == []


def test_outcomes_query_count_does_not_grow_with_requests(world, django_assert_max_num_queries):
    for module in ("gis-portal", "e-payment", "public-wifi"):
        make_request(world, module=module, state=State.DONE)
    later_assessment(world, world.assessment_a.cycle.year + 1, {"PS.4": 1.0})

    with django_assert_max_num_queries(2):
        outcomes = assistance_outcomes(city=world.city_a)

    assert len(outcomes) == 3
