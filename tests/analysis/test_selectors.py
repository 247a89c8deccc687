"""The analysis pinned on a small hand-computed framework.

Answers: D1.1.1 = 5 (100), D1.1.2 = 3 (50) -> D1.1 = 75; D1.2.1 = 2 (25) -> D1.2 = 25;
D1 = (1 x 75 + 3 x 25) / 4 = 37.5; D2.1.1 = 4 -> D2 = 75; overall = (2 x 37.5 + 75) / 3 = 50.
"""

import pytest

from tests.factories import AssessmentFactory, CityFactory, CountryFactory, CycleFactory
from wego.analysis.models import PeerGroup, Target
from wego.analysis.selectors import benchmarks, country_context, dashboard, percentile_rank
from wego.assessments.models import Answer
from wego.assessments.services import assessments_score, framework_load

pytestmark = pytest.mark.django_db

TINY = """\
format: 1
id: tiny
version: "1"
title: Tiny
scale: {min: 0, max: 100}
precision: 1
sections: {tree: dimension}
stages:
  - {id: s1, name: One, min: 0}
  - {id: s2, name: Two, min: 25}
  - {id: s3, name: Three, min: 50}
  - {id: s4, name: Four, min: 75}
tree:
  - id: D1
    kind: dimension
    title: First
    weight: 2
    children:
      - id: D1.1
        kind: indicator
        title: Alpha
        children:
          - {id: D1.1.1, type: scale, text: q111, levels: [a, b, c, d, e]}
          - {id: D1.1.2, type: scale, text: q112, levels: [a, b, c, d, e]}
      - id: D1.2
        kind: indicator
        title: Beta
        weight: 3
        children:
          - {id: D1.2.1, type: scale, text: q121, levels: [a, b, c, d, e]}
  - id: D2
    kind: dimension
    title: Second
    children:
      - id: D2.1
        kind: indicator
        title: Gamma
        children:
          - {id: D2.1.1, type: scale, text: q211, levels: [a, b, c, d, e]}
"""


@pytest.fixture
def city_assessment(tmp_path):
    path = tmp_path / "tiny.yaml"
    path.write_text(TINY, encoding="utf-8")
    version, _ = framework_load(path=path)
    cycle = CycleFactory(framework=version)
    city = CityFactory(
        name="Home",
        country=CountryFactory(iso3="KOR", region="Asia", income_group="High"),
        population=1_000_000,
    )
    assessment = AssessmentFactory(city=city, cycle=cycle, status="submitted")
    for question, value in {"D1.1.1": "5", "D1.1.2": "3", "D1.2.1": "2", "D2.1.1": "4"}.items():
        Answer.objects.create(assessment=assessment, question_id=question, value=value)
    assessments_score(assessments=[assessment])
    assessment.refresh_from_db()
    return assessment


def test_dashboard_scores_stages_and_default_targets(city_assessment):
    board = dashboard(city_assessment)

    assert (board.overall, board.stage.id, board.next_stage.id) == (50.0, "s3", "s4")
    assert [(d["id"], d["score"], d["stage"].id, d["target"]) for d in board.dimensions] == [
        ("D1", 37.5, "s2", 50.0),
        ("D2", 75.0, "s4", 100.0),
    ]
    assert board.targets == {"overall": 75.0, "D1": 50.0, "D2": 100.0}
    assert [(i.id, i.score, round(i.weight_share, 4)) for i in board.indicators] == [
        ("D1.1", 75.0, 0.1667),
        ("D1.2", 25.0, 0.5),
        ("D2.1", 75.0, 0.3333),
    ]


def test_gaps_are_ranked_by_weighted_distance_to_target(city_assessment):
    board = dashboard(city_assessment)

    assert [(g.indicator.id, g.target, g.distance, round(g.weighted, 4)) for g in board.gaps] == [
        ("D1.2", 50.0, 25.0, 12.5),
        ("D2.1", 100.0, 25.0, 8.3333),
    ]
    assert [i.id for i in board.strengths] == ["D1.1"]


def test_questions_show_the_level_reached_and_the_next_level_text(city_assessment):
    board = dashboard(city_assessment)

    beta = board.indicators[1].questions[0]
    assert (beta.id, beta.level, beta.score, str(beta.next_level_text)) == ("D1.2.1", 2, 25.0, "c")
    top = board.indicators[0].questions[0]
    assert (top.level, top.next_level_text) == (5, None)


def test_a_stored_target_replaces_the_default_and_moves_the_gaps(city_assessment):
    Target.objects.create(assessment=city_assessment, node_id="D1", value=80)

    board = dashboard(city_assessment)

    assert board.targets["D1"] == 80
    assert [(g.indicator.id, round(g.weighted, 4)) for g in board.gaps] == [
        ("D1.2", 27.5),
        ("D2.1", 8.3333),
        ("D1.1", 0.8333),
    ]


def _peer(cycle, name, overall, *, region="Europe", shares=False):
    iso3, country = ("JPN", "Japan") if region == "Asia" else ("FRA", "France")
    city = CityFactory(
        name=name,
        country=CountryFactory(iso3=iso3, name=country, region=region, income_group="High"),
        shares_results=shares,
    )
    return AssessmentFactory(city=city, cycle=cycle, status="submitted", scores={"overall": overall})


def test_benchmarks_distribution_percentile_and_the_five_city_threshold(city_assessment):
    cycle = city_assessment.cycle
    for name, value in [("P1", 20.0), ("P2", 40.0), ("P3", 50.0), ("P4", 60.0)]:
        _peer(cycle, name, value)
    _peer(cycle, "Shared", 80.0, region="Asia", shares=True)

    groups = {g.key: g for g in benchmarks(city_assessment)["overall"]}

    everyone = groups["all"]
    assert (everyone.n, everyone.enough) == (6, True)
    assert (everyone.low, everyone.q1, everyone.median, everyone.q3, everyone.high) == (
        20.0,
        42.5,
        50.0,
        57.5,
        80.0,
    )
    assert everyone.percentile == 50.0
    assert everyone.shared == (("Shared", 80.0),)
    asia = groups["region"]
    assert (asia.n, asia.enough, asia.median, asia.shared) == (2, False, None, ())  # Home and Shared
    assert groups["income"].n == 6


def test_a_group_of_exactly_five_gets_statistics_and_four_does_not(city_assessment):
    cycle = city_assessment.cycle
    peers = [_peer(cycle, f"P{i}", 10.0 * i) for i in range(1, 5)]
    group = PeerGroup.objects.create(owner=city_assessment.city, name="Twins")
    group.members.set([p.city for p in peers[:3]])

    five = {g.key: g for g in benchmarks(city_assessment)["overall"]}
    custom = next(g for k, g in five.items() if k.startswith("custom-"))

    assert (five["all"].n, five["all"].enough) == (5, True)
    assert (custom.label, custom.n, custom.enough) == ("Twins", 4, False)


def test_benchmarks_never_mix_framework_versions(city_assessment, tmp_path):
    other = tmp_path / "tiny2.yaml"
    other.write_text(TINY.replace("title: Tiny", "title: Tiny, revised"), encoding="utf-8")
    version2, _ = framework_load(path=other)
    cycle2 = CycleFactory(framework=version2, year=2027)
    for i in range(6):
        _peer(cycle2, f"V2-{i}", 90.0)

    assert {g.key: g.n for g in benchmarks(city_assessment)["overall"]}["all"] == 1


def test_percentile_counts_ties_as_half():
    assert percentile_rank([10, 20, 20, 40], 20) == 50.0
    assert percentile_rank([10, 20, 30, 40], 40) == 87.5


def test_country_context_is_the_published_egdi_with_year_and_source():
    korea = country_context("KOR")

    assert [(r["year"], r["egdi"], r["rank"], r["group"]) for r in korea] == [
        (2018, 0.901, 3, "Very High"),
        (2016, 0.89149, 3, "Very High"),
    ]
    assert korea[0]["source"] == "UN DESA, United Nations E-Government Survey 2018"
