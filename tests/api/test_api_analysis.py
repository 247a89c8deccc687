"""The analysis endpoints: scores, targets and gaps; benchmarks with the privacy rules."""

import pytest

from tests.factories import AssessmentFactory, CityFactory
from wego.assessments.models import Answer
from wego.assessments.services import assessments_score

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(world):
    a = world.assessment_a
    Answer.objects.create(assessment=a, question_id="GM.1.1", value="3")
    a.status = "submitted"
    a.save()
    assessments_score(assessments=[a])
    a.refresh_from_db()
    return a


def _get(client, world, persona, url):
    return client.get(url.format(a=world.assessment_a.pk), headers=world.headers(persona))


def test_scores_gives_every_node_targets_and_gaps(client, world, submitted):
    response = _get(client, world, "coordinator_a", "/api/assessments/{a}/scores")

    body = response.json()
    assert response.status_code == 200
    assert sorted(body) == [
        "assessment_id",
        "dimensions",
        "gaps",
        "indicators",
        "next_stage",
        "overall",
        "scores",
        "stage",
        "status",
        "targets",
    ]
    assert (body["assessment_id"], body["status"], body["overall"]) == (submitted.pk, "submitted", 0.6)
    assert body["stage"]["id"] == "emerging"
    assert body["scores"]["overall"] == 0.6
    assert body["scores"]["GM.1.1"] == 50.0
    assert sorted(body["dimensions"][0]) == ["id", "score", "stage", "target", "target_is_default", "title"]
    assert sorted(body["gaps"][0]) == ["distance", "indicator_id", "score", "target", "title", "weighted"]
    assert [g["indicator_id"] for g in body["gaps"][:3]] == ["CR.1", "CR.2", "CR.3"]
    assert set(body["targets"]) == {"overall", *(d["id"] for d in body["dimensions"])}


def test_benchmarks_give_groups_without_statistics_under_five(client, world, submitted):
    response = _get(client, world, "coordinator_a", "/api/assessments/{a}/benchmarks")

    body = response.json()
    overall = body["nodes"][0]
    assert response.status_code == 200
    assert (body["assessment_id"], body["submitted"], overall["node_id"]) == (submitted.pk, True, "overall")
    assert sorted(overall["groups"][0]) == [
        "enough",
        "high",
        "key",
        "label",
        "low",
        "median",
        "n",
        "percentile",
        "q1",
        "q3",
        "shared",
    ]
    everyone = overall["groups"][0]
    assert (everyone["key"], everyone["n"], everyone["enough"], everyone["median"]) == ("all", 1, False, None)


def test_benchmarks_name_only_cities_that_share(client, world, submitted):
    for i, value in enumerate([10.0, 20.0, 30.0, 40.0]):
        AssessmentFactory(
            city=CityFactory(name=f"Peer {i}", shares_results=i == 3),
            cycle=submitted.cycle,
            status="submitted",
            scores={"overall": value},
        )

    body = _get(client, world, "coordinator_a", "/api/assessments/{a}/benchmarks").json()

    everyone = body["nodes"][0]["groups"][0]
    assert (everyone["n"], everyone["enough"], everyone["median"], everyone["percentile"]) == (
        5,
        True,
        20.0,
        10.0,
    )
    assert everyone["shared"] == [{"city": "Peer 3", "value": 40.0}]


def test_benchmarks_of_an_assessment_not_submitted_are_empty(client, world):
    body = _get(client, world, "coordinator_a", "/api/assessments/{a}/benchmarks").json()

    assert (body["submitted"], body["nodes"]) == (False, [])


@pytest.mark.parametrize("endpoint", ["scores", "benchmarks"])
def test_city_b_gets_not_found_and_no_data(client, world, submitted, endpoint):
    response = _get(client, world, "coordinator_b", "/api/assessments/{a}/" + endpoint)

    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


def test_report_is_requested_followed_and_downloaded(client, world, django_capture_on_commit_callbacks):
    url = f"/api/assessments/{world.assessment_a.pk}/report"
    headers = world.headers("coordinator_a")

    with django_capture_on_commit_callbacks(execute=True):
        requested = client.post(url, content_type="application/json", headers=headers)
    followed = client.get(url, headers=headers)
    pdf = client.get(followed.json()["download"], headers=headers)
    other_city = client.get(url, headers=world.headers("coordinator_b"))

    assert (requested.status_code, requested.json()["status"]) == (200, "queued")
    assert (followed.json()["status"], followed.json()["progress"]) == ("done", 100)
    assert followed.json()["download"] == f"/api/assessments/{world.assessment_a.pk}/report.pdf?lang=en"
    assert (pdf.status_code, pdf["Content-Type"], b"".join(pdf.streaming_content)[:5]) == (
        200,
        "application/pdf",
        b"%PDF-",
    )
    assert other_city.status_code == 404
