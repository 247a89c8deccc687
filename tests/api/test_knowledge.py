"""The knowledge API: public practices and partners; help for a gap for the assessment's viewers."""

import pytest

from tests.factories import AssessmentFactory, CityFactory
from tests.knowledge.conftest import partner, practice, write
from wego.knowledge.services import partners_load, practices_load

pytestmark = pytest.mark.django_db


@pytest.fixture
def library(tmp_path):
    entry = practice(
        "call-centre", "Integrated call centre", indicators=["PS.4"], modules=["integrated-call-centre"]
    )
    entry["texts"]["es"] = dict(entry["texts"]["en"], title="Centro de llamadas")
    practices_load(
        write(tmp_path / "p.yaml", "practices", [entry, practice("voting", "Mobile voting", region="Europe")])
    )
    partners_load(
        write(
            tmp_path / "q.yaml",
            "partners",
            [partner("itu", name="ITU", indicators=["PS.4"], regions=["Asia"])],
        )
    )


def test_practices_search_is_public_and_ranked(client, library):
    response = client.get("/api/practices", {"q": "call (centre", "lang": "es"})

    body = response.json()
    assert response.status_code == 200
    assert body["count"] == 1
    assert [(r["slug"], r["language"], r["title"], r["languages"]) for r in body["results"]] == [
        ("call-centre", "es", "Centro de llamadas", ["en", "es"])
    ]
    assert body["results"][0]["dimension_ids"] == ["PS"]


def test_practices_filters_and_an_unknown_filter_value(client, library):
    europe = client.get("/api/practices", {"region": "Europe"}).json()
    bad = client.get("/api/practices", {"dimension": "ZZ"})

    assert [r["slug"] for r in europe["results"]] == ["voting"]
    assert (bad.status_code, bad.json()) == (422, {"detail": "Unknown dimension 'ZZ'."})


def test_practice_detail_falls_back_to_english(client, library):
    body = client.get("/api/practices/call-centre", {"lang": "ko"}).json()

    assert (body["requested_language"], body["language"], body["title"]) == (
        "ko",
        "en",
        "Integrated call centre",
    )
    assert body["sources"] == [
        {"title": "A report", "publisher": "A publisher", "url": "https://example.org/report", "year": 2017}
    ]
    assert client.get("/api/practices/nope").status_code == 404


def test_partners_are_public_and_filter_by_region(client, library):
    asia = client.get("/api/partners", {"region": "Asia"}).json()
    europe = client.get("/api/partners", {"region": "Europe"}).json()

    assert [(p["slug"], p["description"]) for p in asia] == [("itu", "What itu does.")]
    assert europe == []


def test_gap_help_lists_mentors_partners_and_practices(client, world, library):
    world.assessment_a.scores = {"PS.4": 10.0}
    world.assessment_a.save()
    mentor = CityFactory(name="Mentorville", shares_results=True)
    AssessmentFactory(city=mentor, cycle=world.cycle, status="submitted", scores={"PS.4": 75.0})

    response = client.get(
        f"/api/assessments/{world.assessment_a.pk}/gaps/PS.4/help", headers=world.headers("coordinator_a")
    )

    body = response.json()
    assert response.status_code == 200
    assert [(m["city"], m["score"], m["lead"]) for m in body["mentors"]] == [("Mentorville", 75.0, 65.0)]
    assert [p["slug"] for p in body["partners"]] == ["itu"]
    assert [p["slug"] for p in body["practices"]] == ["call-centre"]
    assert body["module_ids"][0] == "integrated-call-centre"


def test_gap_help_of_another_citys_assessment_is_404_and_unknown_indicator_404(client, world):
    other = client.get(
        f"/api/assessments/{world.assessment_a.pk}/gaps/PS.4/help", headers=world.headers("coordinator_b")
    )
    unknown = client.get(
        f"/api/assessments/{world.assessment_a.pk}/gaps/PS/help", headers=world.headers("coordinator_a")
    )

    assert (other.status_code, unknown.status_code) == (404, 404)
