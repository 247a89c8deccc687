"""iCalendar output, checked byte for byte against RFC 5545: CRLF, folding at 75 octets,
escaping, UTC times, a UID and a DTSTAMP on every event."""

import datetime as dt

import pytest

from tests.learning.factories import WebinarFactory
from tests.personas import log_in
from wego.learning.ical import escape_text, fold
from wego.learning.models import Webinar
from wego.learning.services import webinar_register

NINE_UTC = dt.datetime(2026, 12, 15, 9, 0, tzinfo=dt.UTC)
CHANGED = dt.datetime(2026, 11, 2, 8, 30, 5, tzinfo=dt.UTC)


def test_text_escapes_backslash_semicolon_comma_and_newline():
    assert escape_text("a\\b;c,d\ne") == "a\\\\b\\;c\\,d\\ne"


def test_short_lines_are_not_folded():
    assert fold("SUMMARY:short") == "SUMMARY:short\r\n"


def test_long_lines_fold_at_75_octets_with_a_leading_space():
    line = "DESCRIPTION:" + "x" * 150

    folded = fold(line)

    physical = folded.split("\r\n")
    assert physical[-1] == ""
    assert [len(p.encode()) for p in physical[:-1]] == [75, 75, 14]
    assert all(p.startswith(" ") for p in physical[1:-1])
    assert folded.replace("\r\n ", "") == line + "\r\n"


def test_folding_never_splits_a_multibyte_character():
    line = "SUMMARY:" + "서울" * 20  # 3 octets per character

    physical = fold(line).split("\r\n")[:-1]

    assert [len(p.encode()) for p in physical] == [74, 55]
    assert "".join(p.removeprefix(" ") if i else p for i, p in enumerate(physical)) == line


def _webinar(**fields):
    webinar = WebinarFactory(
        slug="smart-city-driver-1",
        title="Smart City Driver: open data, step by step",
        description="Why open data; how to start, with examples.",
        speakers="A judge of the WeGO Awards",
        starts_at=NINE_UTC,
        duration_minutes=90,
        interpretation=["ko"],
        **fields,
    )
    Webinar.objects.filter(pk=webinar.pk).update(updated_at=CHANGED)
    webinar.refresh_from_db()
    return webinar


def _event(webinar, location):
    return (
        "BEGIN:VEVENT\r\n"
        f"UID:webinar-{webinar.pk}@127.0.0.1\r\n"
        "DTSTAMP:20261102T083005Z\r\n"
        "DTSTART:20261215T090000Z\r\n"
        "DTEND:20261215T103000Z\r\n"
        "SEQUENCE:0\r\n"
        "SUMMARY:Smart City Driver: open data\\, step by step\r\n"
        "DESCRIPTION:Why open data\\; how to start\\, with examples.\\n\\nSpeakers: A ju\r\n"
        " dge of the WeGO Awards\\n\\nInterpretation: ko" + location + "END:VEVENT\r\n"
    )


@pytest.mark.django_db
def test_event_file_is_exact(client, settings):
    settings.SITE_URL = "http://127.0.0.1:8000"
    webinar = _webinar()

    response = client.get(f"/webinars/{webinar.slug}/event.ics")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="smart-city-driver-1.ics"'
    assert response.content.decode() == (
        "BEGIN:VCALENDAR\r\n"
        "VERSION:2.0\r\n"
        "PRODID:-//WeGO//WeGO platform learning//EN\r\n"
        "CALSCALE:GREGORIAN\r\n"
        "X-WR-CALNAME:Smart City Driver: open data\\, step by step\r\n"
        + _event(
            webinar,
            "\r\nLOCATION:http://127.0.0.1:8000/webinars/smart-city-driver-1/\r\n"
            "URL:http://127.0.0.1:8000/webinars/smart-city-driver-1/\r\n",
        )
        + "END:VCALENDAR\r\n"
    )


@pytest.mark.django_db
def test_a_registrant_gets_the_join_link_in_the_event_file(client, settings, world):
    settings.SITE_URL = "http://127.0.0.1:8000"
    webinar = _webinar(join_url="https://meet.example.org/j/123")
    person = world.users["respondent_a"]
    webinar_register(webinar=webinar, person=person, actor=person)
    log_in(client, person)

    body = client.get(f"/webinars/{webinar.slug}/event.ics").content.decode()

    unfolded = body.replace("\r\n ", "").split("\r\n")
    assert [line for line in unfolded if line.startswith(("DESCRIPTION:", "LOCATION:", "URL:"))] == [
        "DESCRIPTION:Why open data\\; how to start\\, with examples.\\n\\nSpeakers: A judge of the "
        "WeGO Awards\\n\\nInterpretation: ko\\n\\nJoin: https://meet.example.org/j/123",
        "LOCATION:https://meet.example.org/j/123",
        "URL:http://127.0.0.1:8000/webinars/smart-city-driver-1/",
    ]


@pytest.mark.django_db
def test_feed_lists_public_webinars_in_order_and_no_join_links(client, settings):
    settings.SITE_URL = "https://wego.example"
    later = WebinarFactory(slug="later", title="Later", starts_at=NINE_UTC + dt.timedelta(days=1))
    sooner = WebinarFactory(slug="sooner", title="Sooner", starts_at=NINE_UTC)
    WebinarFactory(slug="hidden", title="Hidden", starts_at=NINE_UTC, is_public=False)

    body = client.get("/webinars/feed.ics").content.decode()

    lines = body.split("\r\n")
    assert [line for line in lines if line.startswith("UID:")] == [
        f"UID:webinar-{sooner.pk}@wego.example",
        f"UID:webinar-{later.pk}@wego.example",
    ]
    assert lines[:5] == [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//WeGO//WeGO platform learning//EN",
        "CALSCALE:GREGORIAN",
        "X-WR-CALNAME:WeGO webinars",
    ]
    assert lines[-2:] == ["END:VCALENDAR", ""]
    assert "meet.example.org" not in body
    assert max(len(line.encode()) for line in lines) <= 75
    assert body.count("BEGIN:VEVENT") == body.count("DTSTAMP:") == 2
