"""A webinar at 09:00 UTC, shown in each viewer's time zone."""

import datetime as dt

import pytest

from tests.learning.factories import WebinarFactory
from tests.personas import log_in
from wego.learning.models import LearningProfile
from wego.learning.timezones import COOKIE, local_time, utc_offset

NINE_UTC = dt.datetime(2026, 12, 15, 9, 0, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("zone", "shown"),
    [
        ("Asia/Seoul", "2026-12-15 18:00 (Asia/Seoul, UTC+09:00)"),
        ("America/Mexico_City", "2026-12-15 03:00 (America/Mexico_City, UTC-06:00)"),
        ("Asia/Kolkata", "2026-12-15 14:30 (Asia/Kolkata, UTC+05:30)"),
        ("UTC", "2026-12-15 09:00 UTC"),
    ],
)
def test_nine_utc_is_shown_in_the_viewers_zone(zone, shown):
    assert local_time(NINE_UTC, zone) == shown


def test_offset_follows_daylight_saving_time():
    assert utc_offset(dt.datetime(2026, 7, 1, 9, tzinfo=dt.UTC), "Europe/Paris") == "UTC+02:00"
    assert utc_offset(dt.datetime(2026, 12, 1, 9, tzinfo=dt.UTC), "Europe/Paris") == "UTC+01:00"


def _shown_start(client, url):
    html = client.get(url).content.decode()
    start = html.index('class="webinar-start"')
    return html[html.index(">", start) + 1 : html.index("</time>", start)]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("zone", "shown"),
    [
        ("Asia/Seoul", "2026-12-15 18:00 (Asia/Seoul, UTC+09:00)"),
        ("America/Mexico_City", "2026-12-15 03:00 (America/Mexico_City, UTC-06:00)"),
        ("Asia/Kolkata", "2026-12-15 14:30 (Asia/Kolkata, UTC+05:30)"),
    ],
)
def test_webinar_page_shows_the_start_in_the_zone_asked_for(client, zone, shown):
    webinar = WebinarFactory(starts_at=NINE_UTC)

    assert _shown_start(client, f"/webinars/{webinar.slug}/?tz={zone}") == shown


@pytest.mark.django_db
def test_without_a_choice_times_are_in_utc_and_an_unknown_zone_is_ignored(client):
    webinar = WebinarFactory(starts_at=NINE_UTC)

    assert _shown_start(client, f"/webinars/{webinar.slug}/") == "2026-12-15 09:00 UTC"
    assert _shown_start(client, f"/webinars/{webinar.slug}/?tz=Mars/Olympus") == "2026-12-15 09:00 UTC"


@pytest.mark.django_db
def test_a_visitor_choice_is_remembered_in_a_cookie(client):
    webinar = WebinarFactory(starts_at=NINE_UTC)

    response = client.post(
        "/learning/time-zone/", {"tz": "Asia/Kolkata", "next": f"/webinars/{webinar.slug}/"}
    )

    assert response.status_code == 302
    assert response.headers["Location"] == f"/webinars/{webinar.slug}/"
    assert response.cookies[COOKIE].value == "Asia/Kolkata"
    assert _shown_start(client, f"/webinars/{webinar.slug}/") == "2026-12-15 14:30 (Asia/Kolkata, UTC+05:30)"


@pytest.mark.django_db
def test_a_logged_in_choice_is_kept_on_the_profile(client, world):
    webinar = WebinarFactory(starts_at=NINE_UTC)
    user = world.users["coordinator_b"]
    log_in(client, user)

    client.post("/learning/time-zone/", {"tz": "America/Mexico_City", "next": "https://evil.example/"})
    client.cookies.pop(COOKIE)

    assert LearningProfile.objects.get(user=user).time_zone == "America/Mexico_City"
    assert (
        _shown_start(client, f"/webinars/{webinar.slug}/")
        == "2026-12-15 03:00 (America/Mexico_City, UTC-06:00)"
    )


@pytest.mark.django_db
def test_an_unknown_zone_is_refused_and_nothing_is_stored(client, world):
    log_in(client, world.users["coordinator_b"])

    response = client.post("/learning/time-zone/", {"tz": "Nowhere/Land", "next": "/webinars/"})

    assert response.status_code == 302
    assert COOKIE not in response.cookies
    assert LearningProfile.objects.count() == 0
