"""The network overview: participation, stages, dimension medians by region, the map.

Five European cities submitted (D1: 10..50, D2: 60..100), two Asian cities submitted, one
Asian city is filling out and one has not started; one more member never opened it.
"""

import pytest

from tests.analysis.test_selectors import TINY
from tests.factories import AssessmentFactory, CityFactory, CountryFactory, CycleFactory
from tests.personas import log_in, make_user
from wego.accounts.models import Role, RoleKind
from wego.analysis import network
from wego.assessments.services import framework_load

pytestmark = pytest.mark.django_db


@pytest.fixture
def cycle(tmp_path):
    path = tmp_path / "tiny.yaml"
    path.write_text(TINY, encoding="utf-8")
    version, _ = framework_load(path=path)
    return CycleFactory(framework=version)


def _city(name, region):
    iso3, country = {"Europe": ("FRA", "France"), "Asia": ("JPN", "Japan")}[region]
    return CityFactory(name=name, country=CountryFactory(iso3=iso3, name=country, region=region))


def _submitted(cycle, name, region, stage, d1, d2):
    return AssessmentFactory(
        city=_city(name, region),
        cycle=cycle,
        status="submitted",
        stage=stage,
        overall_score=round((2 * d1 + d2) / 3, 1),
        scores={"overall": round((2 * d1 + d2) / 3, 1), "D1": d1, "D2": d2},
    )


@pytest.fixture
def network_world(cycle):
    for i, stage in enumerate(["s1", "s1", "s3", "s3", "s3"]):
        _submitted(cycle, f"Euro {i}", "Europe", stage, 10.0 * (i + 1), 60.0 + 10 * i)
    _submitted(cycle, "Asia 0", "Asia", "s2", 30.0, 40.0)
    _submitted(cycle, "Asia 1", "Asia", "s4", 80.0, 90.0)
    AssessmentFactory(city=_city("Asia 2", "Asia"), cycle=cycle, status="in_progress")
    AssessmentFactory(city=_city("Asia 3", "Asia"), cycle=cycle, status="not_started")
    _city("Europe idle", "Europe")
    return cycle


@pytest.fixture
def secretariat():
    return make_user("secretariat@example.org", RoleKind.SECRETARIAT)


@pytest.fixture
def europe_office():
    user = make_user("europe@example.org")
    Role.objects.create(user=user, kind=RoleKind.REGIONAL_OFFICE, region="Europe")
    return user


def test_overview_counts_participation_and_stages_for_the_secretariat(network_world, secretariat):
    found = network.overview(secretariat, network_world)

    assert (found["invited"], found["started"], found["submitted"]) == (10, 8, 7)
    assert found["stages"] == [("s1", "One", 2), ("s2", "Two", 1), ("s3", "Three", 3), ("s4", "Four", 1)]
    assert found["dimensions"] == [("D1", "First"), ("D2", "Second")]


def test_region_medians_need_five_submitted_assessments(network_world, secretariat):
    found = network.overview(secretariat, network_world)

    assert found["regions"] == [
        network.RegionRow("Asia", 2, False, (None, None)),
        network.RegionRow("Europe", 5, True, (30.0, 80.0)),
    ]


def test_a_region_of_exactly_five_gets_medians_and_four_does_not(cycle, secretariat):
    for i in range(4):
        _submitted(cycle, f"Euro {i}", "Europe", "s1", 10.0 * (i + 1), 50.0)

    four = network.overview(secretariat, cycle)["regions"]
    _submitted(cycle, "Euro 4", "Europe", "s1", 50.0, 50.0)
    five = network.overview(secretariat, cycle)["regions"]

    assert four == [network.RegionRow("Europe", 4, False, (None, None))]
    assert five == [network.RegionRow("Europe", 5, True, (30.0, 50.0))]


def test_a_regional_office_sees_its_region_only(network_world, europe_office):
    found = network.overview(europe_office, network_world)

    assert (found["invited"], found["started"], found["submitted"]) == (6, 5, 5)
    assert [row.region for row in found["regions"]] == ["Europe"]
    assert [count for _id, _name, count in found["stages"]] == [2, 0, 3, 0]


def test_the_map_shows_participation_not_stages(network_world, secretariat):
    for assessment in network_world.assessments.filter(status="submitted"):
        assessment.city.shares_results = True
        assessment.city.save()

    page_map = str(network.overview(secretariat, network_world)["map"])

    assert "Completed: 7; Filling out: 1; Not taking part: 2" in page_map
    assert "Stage:" not in page_map


def test_the_default_cycle_is_the_latest_ceds_cycle(cycle):
    from wego.assessments.models import FrameworkVersion
    from wego.assessments.services import frameworks_load_shipped

    frameworks_load_shipped()
    ceds = FrameworkVersion.objects.get(slug="ceds", is_current=True)
    older = CycleFactory(framework=ceds, year=2024, name="CeDS 2024")
    newer = CycleFactory(framework=ceds, year=2025, name="CeDS 2025")

    chosen = network.default_cycle(network.cycles_for_overview())

    assert (chosen, cycle.year) == (newer, 2026)  # the tiny framework's 2026 cycle is not CeDS
    assert older != chosen


def test_overview_page_shows_counts_chart_and_the_fewer_than_five_rule(client, network_world, secretariat):
    log_in(client, secretariat)

    response = client.get(f"/overview/?cycle={network_world.pk}")

    page = response.content.decode()
    assert response.status_code == 200
    assert (response.context["invited"], response.context["submitted"]) == (10, 7)
    assert "fewer than 5" in page
    assert "<td>30.0</td><td>80.0</td>" in page
    assert "Submitted assessments by stage" in page


def test_overview_of_an_unknown_cycle_is_not_found(client, network_world, secretariat):
    log_in(client, secretariat)

    assert client.get("/overview/?cycle=999999").status_code == 404


def test_overview_nav_link_is_shown_to_network_staff_only(client, network_world, secretariat):
    coordinator = make_user("coord@example.org", RoleKind.COORDINATOR, network_world.assessments.first().city)
    log_in(client, secretariat)
    staff_page = client.get("/assessments/").content.decode()
    client.logout()
    log_in(client, coordinator)
    city_page = client.get("/assessments/").content.decode()

    assert 'href="/overview/"' in staff_page
    assert 'href="/overview/"' not in city_page


@pytest.mark.parametrize("cities", [1, 3])
def test_overview_query_count_does_not_grow_with_cities(
    client, cycle, secretariat, django_assert_max_num_queries, cities
):
    for i in range(cities):
        _submitted(cycle, f"Euro {i}", "Europe", "s1", 10.0, 20.0)
        AssessmentFactory(city=_city(f"Asia {i}", "Asia"), cycle=cycle, status="in_progress")
    log_in(client, secretariat)
    client.get("/overview/")  # warm the framework caches

    with django_assert_max_num_queries(9):
        response = client.get(f"/overview/?cycle={cycle.pk}")

    assert response.status_code == 200
