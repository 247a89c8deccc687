import re

import pytest
from django.urls import reverse

from tests.factories import AssessmentFactory, CityFactory, CycleFactory
from wego.assessments.models import AssessmentStatus, FrameworkVersion
from wego.assessments.services import frameworks_load_shipped

pytestmark = pytest.mark.django_db


def test_home_lists_cities_with_participation_and_demo_label(client):
    frameworks_load_shipped()
    cycle = CycleFactory(framework=FrameworkVersion.objects.get(slug="ceds"))
    AssessmentFactory(
        city=CityFactory(name="Seoul"), cycle=cycle, status=AssessmentStatus.SUBMITTED, is_demo=True
    )
    AssessmentFactory(
        city=CityFactory(name="Hanoi"), cycle=cycle, status=AssessmentStatus.IN_PROGRESS, is_demo=True
    )
    CityFactory(name="Tunis")

    response = client.get(reverse("home"))

    rows = [
        (r.city.name, r.assessment.get_status_display() if r.assessment else None)
        for r in response.context["rows"]
    ]
    assert response.status_code == 200
    assert rows == [("Hanoi", "In progress"), ("Seoul", "Submitted"), ("Tunis", None)]
    assert b"Demo data:" in response.content
    assert response.context["submitted_count"] == 1


def test_home_never_shows_scores(client):
    frameworks_load_shipped()
    cycle = CycleFactory(framework=FrameworkVersion.objects.get(slug="ceds"))
    AssessmentFactory(
        city=CityFactory(name="Seoul"),
        cycle=cycle,
        status=AssessmentStatus.SUBMITTED,
        overall_score=71.3,
        stage="integrated",
    )

    response = client.get(reverse("home"))

    page = response.content.decode()
    text = re.sub(r"<svg.*?</svg>", "", page, flags=re.S)  # map coordinates are numbers too
    assert "71.3" not in text
    assert "Integrated" not in page
    assert re.findall(r'<circle[^>]*class="([^"]*)"[^>]*>\s*<title>Seoul', page) == [
        "map-point map-completed palette-1"
    ]


@pytest.mark.parametrize("city_count", [1, 3])
def test_home_query_count_does_not_grow_with_cities(client, django_assert_num_queries, city_count):
    frameworks_load_shipped()
    cycle = CycleFactory(framework=FrameworkVersion.objects.get(slug="ceds"))
    for _ in range(city_count):
        AssessmentFactory(cycle=cycle)

    with django_assert_num_queries(3):
        client.get(reverse("home"))


def test_every_page_carries_a_strict_content_security_policy(client):
    response = client.get(reverse("home"))

    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy.split("; ")
    assert "'unsafe-inline'" not in policy


def test_home_refuses_post(client):
    assert client.post(reverse("home")).status_code == 405


def test_admin_requires_login(client):
    response = client.get("/admin/")

    assert (response.status_code, response.headers["Location"]) == (302, "/admin/login/?next=/admin/")
