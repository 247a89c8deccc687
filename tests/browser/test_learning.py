"""A city coordinator registers an official of the city for a webinar and downloads its .ics."""

import datetime as dt
from pathlib import Path

from django.utils import timezone

from wego.accounts.models import Role, RoleKind, User
from wego.learning.models import Webinar, WebinarRegistration


def test_coordinator_registers_an_official_and_downloads_the_ics(
    coordinator_page, live_server, scenario, tmp_path
):
    city = scenario.assessment.city
    official = User.objects.create_user(email="official@testville.example", full_name="Testville Official")
    Role.objects.create(user=official, kind=RoleKind.RESPONDENT, city=city)
    starts = (timezone.now() + dt.timedelta(days=10)).replace(hour=9, minute=0, second=0, microsecond=0)
    webinar = Webinar.objects.create(
        slug="open-data-for-cities",
        title="Open data for cities",
        starts_at=starts,
        duration_minutes=60,
        capacity=30,
        join_url="https://meet.example.org/j/42",
    )
    page = coordinator_page

    page.goto(f"{live_server.url}/learning/")
    page.get_by_role("link", name="Open data for cities").click()
    page.get_by_label("Show times in").select_option("Asia/Seoul")
    page.get_by_role("button", name="Use this time zone").click()
    shown = page.locator("time.webinar-start").inner_text()
    page.get_by_label("Official", exact=True).select_option(
        label="Testville Official (official@testville.example)"
    )
    page.get_by_role("button", name="Register the official").click()

    assert (
        shown
        == f"{starts.astimezone(dt.timezone(dt.timedelta(hours=9))):%Y-%m-%d} 18:00 (Asia/Seoul, UTC+09:00)"
    )
    assert (
        page.locator(".registered-officials li")
        .first.inner_text()
        .startswith("Testville Official: Registered")
    )
    assert list(WebinarRegistration.objects.values_list("person__email", "status")) == [
        ("official@testville.example", "registered")
    ]
    with page.expect_download() as info:
        page.get_by_role("link", name="Add to calendar (.ics)").click()
    saved = tmp_path / "event.ics"
    info.value.save_as(saved)
    body = Path(saved).read_bytes().decode()
    lines = body.split("\r\n")
    assert info.value.suggested_filename == "open-data-for-cities.ics"
    assert lines[0] == "BEGIN:VCALENDAR"
    assert f"UID:webinar-{webinar.pk}@127.0.0.1" in lines
    assert f"DTSTART:{starts:%Y%m%dT090000Z}" in lines
    assert "SUMMARY:Open data for cities" in lines
    assert "meet.example.org" not in body  # the coordinator has no place: no join link
