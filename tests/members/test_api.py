import pytest

from tests.factories import CityFactory, CountryFactory
from tests.members.helpers import apply
from tests.personas import log_in, make_user
from wego.members.services import fee_set, invoice_issue

pytestmark = pytest.mark.django_db


def test_api_directory_lists_public_facts_only(client):
    secretariat = make_user("sec@example.org", "secretariat")
    city = CityFactory(name="Gamma City", slug="gamma-city", member_category="full", joined_year=2014)
    fee_set(year=2026, category="full", amount="999", actor=secretariat)
    invoice_issue(city=city, year=2026, actor=secretariat)
    CityFactory(name="Outsider", member_category="non_member")

    response = client.get("/api/members")

    assert response.status_code == 200
    assert response.json() == [
        {
            "slug": "gamma-city",
            "name": "Gamma City",
            "country": "Republic of Korea",
            "country_iso3": "KOR",
            "region": "Asia",
            "category": "full",
            "joined_year": 2014,
            "latitude": 37.5665,
            "longitude": 126.978,
            "regional_office": None,
        }
    ]


def test_api_directory_filters_and_refuses_unknown_category(client):
    CityFactory(name="A", member_category="full")
    CityFactory(name="B", member_category="friendship", country=CountryFactory(iso3="FRA", region="Europe"))

    europe = client.get("/api/members", {"region": "Europe"})
    friends = client.get("/api/members", {"category": "friendship"})
    bad = client.get("/api/members", {"category": "vip"})

    assert [m["name"] for m in europe.json()] == ["B"]
    assert [m["name"] for m in friends.json()] == ["B"]
    assert bad.status_code == 422
    assert bad.json() == {"detail": "Unknown category 'vip': use full, associate, friendship or corporate."}


def test_api_member_has_its_history(client):
    applicant = make_user("applicant@example.org")
    city = CityFactory(slug="gamma-city", member_category="non_member")
    application = apply(city, applicant)

    response = client.get("/api/members/gamma-city")

    assert response.status_code == 200
    assert response.json()["category"] == "associate"
    assert response.json()["history"] == [
        {"category": "associate", "valid_from": application.submitted_at.date().isoformat(), "valid_to": None}
    ]


def test_api_my_applications_lists_only_mine(client):
    mine, other = make_user("me@example.org"), make_user("other@example.org")
    own = apply(CityFactory(name="Mine", member_category="non_member"), mine)
    apply(CityFactory(name="Theirs", member_category="non_member"), other)
    log_in(client, mine)

    response = client.get("/api/membership/applications")

    assert response.status_code == 200
    assert [(a["id"], a["city"], a["status"]) for a in response.json()] == [(own.pk, "Mine", "submitted")]


def test_api_my_applications_needs_a_login(client):
    assert client.get("/api/membership/applications").status_code == 401
