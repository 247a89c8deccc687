"""The learning API: webinars in UTC, registering and cancelling (the waitlist moves up),
the join link for people with a place only, and the caller's own applications."""

import datetime as dt

import pytest

from tests.learning.factories import ProgrammeFactory, WebinarFactory
from wego.learning.services import programme_apply

pytestmark = pytest.mark.django_db

NINE_UTC = dt.datetime(2030, 12, 15, 9, 0, tzinfo=dt.UTC)


def test_webinars_are_listed_in_utc_without_the_join_link(client, world):
    webinar = WebinarFactory(starts_at=NINE_UTC, capacity=2, interpretation=["ko"])

    body = client.get("/api/learning/webinars", headers=world.headers("judge")).json()

    assert body == [
        {
            "id": webinar.pk,
            "slug": webinar.slug,
            "title": webinar.title,
            "series": "",
            "starts_at": "2030-12-15T09:00:00Z",
            "ends_at": "2030-12-15T10:30:00Z",
            "duration_minutes": 90,
            "language": "en",
            "interpretation": ["ko"],
            "capacity": 2,
            "registered": 0,
            "waitlisted": 0,
            "recording_url": "",
            "my_status": None,
            "join_url": None,
            "is_demo": False,
        }
    ]


def test_register_then_cancel_moves_the_waitlist_up(client, world):
    webinar = WebinarFactory(capacity=1)
    url = f"/api/learning/webinars/{webinar.pk}/registration"

    first = client.post(url, headers=world.headers("judge"))
    second = client.post(url, headers=world.headers("consultant_a"))
    again = client.post(url, headers=world.headers("judge"))
    cancelled = client.delete(url, headers=world.headers("judge"))
    promoted = client.get(
        f"/api/learning/webinars/{webinar.pk}", headers=world.headers("consultant_a")
    ).json()

    assert (first.status_code, first.json()["status"]) == (201, "registered")
    assert (second.status_code, second.json()["status"]) == (201, "waitlisted")
    assert again.status_code == 409
    assert again.json() == {"detail": "judge@example.org is already registered for this webinar."}
    assert (cancelled.status_code, cancelled.json()["status"]) == (200, "cancelled")
    assert (promoted["my_status"], promoted["join_url"]) == (
        "registered",
        "https://meet.example.org/wego-webinar",
    )


def test_my_applications_lists_those_of_my_cities_only(client, world):
    programme = ProgrammeFactory(slug="sp-2030", title="Seoul Program 2030")
    programme_apply(
        programme=programme,
        city=world.city_a,
        actor=world.users["coordinator_a"],
        official_name="Han",
        official_email="han@aville.example",
        official_position="CIO",
        official_level=4,
    )

    mine = client.get("/api/learning/me/applications", headers=world.headers("coordinator_a")).json()
    theirs = client.get("/api/learning/me/applications", headers=world.headers("coordinator_b")).json()

    assert [(a["programme_slug"], a["official_name"], a["status"]) for a in mine] == [
        ("sp-2030", "Han", "submitted")
    ]
    assert theirs == []


def test_courses_cover_the_environments(client, world):
    body = client.get("/api/learning/egovframe/courses", headers=world.headers("judge")).json()

    assert sorted({c["environment"] for c in body}) == [
        "common-components",
        "development",
        "management",
        "operation",
        "runtime",
    ]
