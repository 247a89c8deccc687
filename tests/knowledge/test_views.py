import pytest

from tests.factories import AssessmentFactory, CityFactory, CountryFactory
from tests.knowledge.conftest import partner, practice
from tests.personas import build_world, log_in
from wego.knowledge.services import partners_load, practices_load

pytestmark = pytest.mark.django_db


def korean_practice(slug="call-centre"):
    entry = practice(
        slug, "Integrated call centre", body="One number answers residents.", indicators=["PS.4"]
    )
    entry["texts"]["ko"] = dict(entry["texts"]["en"], title="통합 콜센터", problem="문제", solution="해결")
    return entry


def test_practice_list_shows_search_box_filters_and_count(client, practices_file):
    practices_load(practices_file([korean_practice(), practice("voting", "Mobile voting", year=2013)]))

    response = client.get("/practices/")

    page = response.content.decode()
    assert response.status_code == 200
    assert '<input type="search" name="q"' in page
    assert '<select name="dimension"' in page
    assert "2 practices" in page
    assert 'href="/practices/voting/?lang=en"' in page


def test_practice_search_by_query_string_works_without_javascript(client, practices_file):
    practices_load(practices_file([korean_practice(), practice("voting", "Mobile voting")]))

    response = client.get("/practices/", {"q": 'voting"', "region": "Asia"})

    assert [v.practice.slug for v in response.context["result"].views] == ["voting"]
    assert "1 practice" in response.content.decode()


def test_unknown_filter_value_is_reported_and_ignored(client, practices_file):
    practices_load(practices_file([korean_practice()]))

    response = client.get("/practices/", {"dimension": "NOPE"})

    assert response.status_code == 200
    assert response.context["result"].count == 1
    assert "A filter value was not recognised and is ignored." in response.content.decode()


def test_htmx_search_returns_only_the_results(client, practices_file):
    practices_load(practices_file([korean_practice()]))

    response = client.get("/practices/", {"q": "call"}, headers={"HX-Request": "true"})

    page = response.content.decode()
    assert "<html" not in page
    assert "1 practice" in page


@pytest.mark.parametrize("n", [1, 3])
def test_practice_list_query_count_does_not_grow(client, practices_file, django_assert_max_num_queries, n):
    practices_load(practices_file([korean_practice(f"p-{i}") for i in range(n)]))

    with django_assert_max_num_queries(3):
        response = client.get("/practices/", {"q": "call", "dimension": "PS"})

    assert response.context["result"].count == n


def test_practice_in_the_requested_language_says_so(client, practices_file):
    practices_load(practices_file([korean_practice()]))

    response = client.get("/practices/call-centre/", {"lang": "ko"})

    page = response.content.decode()
    assert response.context["text"].title == "통합 콜센터"
    assert "Shown in Korean." in page
    assert '<a href="?lang=en" lang="en" hreflang="en">English</a>' in page


def test_practice_without_the_requested_language_falls_back_to_english(client, practices_file):
    practices_load(practices_file([korean_practice()]))

    response = client.get("/practices/call-centre/", {"lang": "fr"})

    page = response.content.decode()
    assert response.context["text"].language == "en"
    assert "This practice has no French text yet; it is shown in English." in page
    assert '<a href="https://example.org/report" rel="noopener">A report</a>, A publisher, 2017' in page


def test_unknown_practice_is_404(client):
    assert client.get("/practices/nothing-here/").status_code == 404


def test_partners_page_lists_active_partners_with_their_work(client, partners_file):
    partners_load(
        partners_file([partner("itu", name="ITU", indicators=["IN.1"]), partner("gone", name="Gone")])
    )
    from wego.knowledge.models import Partner

    Partner.objects.filter(slug="gone").update(active=False)

    response = client.get("/partners/")

    page = response.content.decode()
    assert [p.slug for p in response.context["partners"]] == ["itu"]
    assert "What itu does." in page
    assert "worldwide" in page


def test_menu_shows_practices_to_everyone(client):
    assert '<a href="/practices/">Practices</a>' in client.get("/practices/").content.decode()


# The gap page -------------------------------------------------------------------------------------


@pytest.fixture
def world():
    world = build_world()
    world.assessment_a.scores = {"PS.4": 20.0}
    world.assessment_a.save()
    return world


def mentor(world, name):
    city = CityFactory(
        name=name, country=CountryFactory(iso3="JPN", name="Japan", region="Asia"), shares_results=True
    )
    return AssessmentFactory(
        city=city, cycle=world.assessment_a.cycle, status="submitted", scores={"PS.4": 90.0}
    )


def test_gap_page_shows_mentors_partners_and_practices(client, world, practices_file, partners_file):
    mentor(world, "Kyoto")
    partners_load(partners_file([partner("itu", name="ITU", indicators=["PS.4"])]))
    practices_load(practices_file([korean_practice()]))
    log_in(client, world.users["coordinator_a"])

    response = client.get(f"/assessments/{world.assessment_a.pk}/gaps/PS.4/")

    page = response.content.decode()
    assert response.status_code == 200
    assert "Help with: Multichannel delivery and service quality" in page
    assert "Kyoto scores 90, 70 points above you, is in your region (Asia)" in page
    assert "ITU</a>: Works on this indicator." in page
    assert 'href="/practices/call-centre/?lang=en"' in page


def test_gap_page_for_an_unknown_indicator_is_404(client, world):
    log_in(client, world.users["coordinator_a"])

    assert client.get(f"/assessments/{world.assessment_a.pk}/gaps/PS/").status_code == 404
    assert client.get(f"/assessments/{world.assessment_a.pk}/gaps/NOPE.1/").status_code == 404


def test_gap_page_of_another_city_is_refused(client, world):
    log_in(client, world.users["coordinator_b"])

    assert client.get(f"/assessments/{world.assessment_a.pk}/gaps/PS.4/").status_code == 403


@pytest.mark.parametrize("n", [1, 3])
def test_gap_page_query_count_does_not_grow_with_mentors(client, world, django_assert_max_num_queries, n):
    for i in range(n):
        mentor(world, f"Mentor {i}")
    log_in(client, world.users["coordinator_a"])

    with django_assert_max_num_queries(8):
        response = client.get(f"/assessments/{world.assessment_a.pk}/gaps/PS.4/")

    assert len(response.context["help"].mentors) == n
