import datetime as dt

import pytest

from tests.factories import AssessmentFactory, CityFactory, CountryFactory, CycleFactory
from tests.knowledge.conftest import partner, practice
from tests.personas import build_world
from wego.knowledge.selectors import help_for_gap
from wego.knowledge.services import partners_load, practices_load

pytestmark = pytest.mark.django_db

ASIA = {"iso3": "KOR", "region": "Asia"}
EUROPE = {"iso3": "FRA", "name": "France", "region": "Europe"}
DIMENSIONS = {"GM": 40.0, "PI": 40.0, "RC": 40.0, "IN": 40.0, "CR": 40.0, "PS": 40.0}


@pytest.fixture
def world():
    world = build_world()
    world.city_a.population = 1_000_000
    world.city_a.save()
    world.assessment_a.scores = {**DIMENSIONS, "PS.4": 30.0}
    world.assessment_a.save()
    return world


def peer(
    world, name, *, country=ASIA, population=1_000_000, score=80.0, shares=True, profile=None, cycle=None
):
    city = CityFactory(
        name=name, country=CountryFactory(**country), population=population, shares_results=shares
    )
    return AssessmentFactory(
        city=city,
        cycle=cycle or world.assessment_a.cycle,
        status="submitted",
        scores={**(profile or DIMENSIONS), "PS.4": score},
    )


def mentors(world, indicator="PS.4"):
    found = help_for_gap(
        assessment=world.assessment_a, indicator_id=indicator, user=world.users["coordinator_a"]
    )
    return [(m.city_name, m.score, m.lead) for m in found.mentors]


def test_mentors_are_sharing_cities_at_least_twenty_points_ahead(world):
    peer(world, "Ahead")
    peer(world, "Just enough", score=50.0)
    peer(world, "Not enough", score=49.9)
    peer(world, "Private", shares=False, score=95.0)
    world.city_b.shares_results = True
    world.city_b.save()  # city B's assessment is in progress, not submitted

    assert mentors(world) == [("Ahead", 80.0, 50.0), ("Just enough", 50.0, 20.0)]


def test_mentors_exclude_the_city_itself(world):
    earlier = CycleFactory(
        framework=world.assessment_a.cycle.framework,
        year=2020,
        opens_on=dt.date(2020, 1, 1),
        closes_on=dt.date(2020, 6, 1),
    )
    world.city_a.shares_results = True
    world.city_a.save()
    AssessmentFactory(city=world.city_a, cycle=earlier, status="submitted", scores={"PS.4": 99.0})

    assert mentors(world) == []


def test_mentors_are_judged_on_their_latest_submitted_assessment(world):
    version = world.assessment_a.cycle.framework
    earlier = CycleFactory(
        framework=version, year=2020, opens_on=dt.date(2020, 1, 1), closes_on=dt.date(2020, 6, 1)
    )
    fell_back = peer(world, "Fell back", score=40.0)
    AssessmentFactory(city=fell_back.city, cycle=earlier, status="submitted", scores={"PS.4": 95.0})
    improved = peer(world, "Improved", score=90.0)
    AssessmentFactory(city=improved.city, cycle=earlier, status="submitted", scores={"PS.4": 20.0})

    assert mentors(world) == [("Improved", 90.0, 60.0)]


def test_mentors_rank_region_then_size_then_profile(world):
    peer(world, "Far away, same size", country=EUROPE, population=1_000_000)
    peer(world, "Asia, ten times larger", population=10_000_000)
    peer(world, "Asia, same size, other profile", profile={**DIMENSIONS, "GM": 90.0})
    peer(world, "Asia, same size, same profile")

    assert [name for name, _score, _lead in mentors(world)] == [
        "Asia, same size, same profile",
        "Asia, same size, other profile",
        "Asia, ten times larger",
        "Far away, same size",
    ]


def test_at_most_five_mentors(world):
    for i in range(7):
        peer(world, f"Peer {i}", population=1_000_000 + i * 100_000)

    assert [name for name, _s, _l in mentors(world)] == ["Peer 0", "Peer 1", "Peer 2", "Peer 3", "Peer 4"]


def test_mentor_reason_is_one_sentence_saying_why(world):
    peer(world, "Twin", population=1_200_000)
    peer(
        world, "Distant", country=EUROPE, population=9_000_000, profile={**DIMENSIONS, "GM": 95.0, "RC": 0.0}
    )

    found = help_for_gap(
        assessment=world.assessment_a, indicator_id="PS.4", user=world.users["coordinator_a"]
    )

    assert [m.reason for m in found.mentors] == [
        "Twin scores 80, 50 points above you, is in your region (Asia), is of a similar size "
        "(1.2 million people) and has a maturity profile close to yours.",
        "Distant scores 80, 50 points above you.",
    ]


def test_partners_work_on_the_indicator_or_on_a_module_that_improves_it_in_the_region(world, partners_file):
    partners_load(
        partners_file(
            [
                partner("direct-world", indicators=["PS.4"]),
                partner("module-asia", modules=["integrated-call-centre"], regions=["Asia"]),
                partner("module-world", modules=["mobile-city-portal", "integrated-call-centre"]),
                partner("europe-only", indicators=["PS.4"], regions=["Europe"]),
                partner("unrelated", indicators=["GM.1"], modules=["ict-governance-office"]),
            ]
        )
    )

    found = help_for_gap(
        assessment=world.assessment_a, indicator_id="PS.4", user=world.users["coordinator_a"]
    )

    assert [(m.partner.slug, m.reason) for m in found.partners] == [
        ("direct-world", "Works on this indicator."),
        (
            "module-asia",
            "Works on Integrated citizen call centre, which improves this indicator. Serves your region (Asia).",
        ),
        (
            "module-world",
            "Works on Mobile city services, Integrated citizen call centre, which improve this indicator.",
        ),
    ]


def test_practices_related_to_the_indicator(world, practices_file):
    practices_load(
        practices_file(
            [
                practice("related", "Related", indicators=["PS.4"], year=2010),
                practice("newer", "Newer", indicators=["CR.3", "PS.4"], year=2016),
                practice("other", "Other", indicators=["PS.1"]),
            ]
        )
    )

    found = help_for_gap(
        assessment=world.assessment_a, indicator_id="PS.4", user=world.users["coordinator_a"]
    )

    assert [v.practice.slug for v in found.practices] == ["newer", "related"]
    assert [m.id for m in found.modules] == [
        "integrated-call-centre",
        "mobile-city-portal",
        "online-civil-petitions",
        "disaster-alerts",
        "service-performance-dashboard",
    ]


def test_unknown_indicator_gives_none(world):
    assert help_for_gap(assessment=world.assessment_a, indicator_id="PS", user=None) is None
    assert help_for_gap(assessment=world.assessment_a, indicator_id="XX.1", user=None) is None
