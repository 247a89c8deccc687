"""iCalendar (RFC 5545) for webinars: the public feed and one event's file.

Written by hand, it is short: lines end in CRLF, long lines are folded at 75 octets (never
inside a UTF-8 character), TEXT values escape backslash, semicolon, comma and newline,
times are in UTC ('Z'). Each event has a stable UID and a DTSTAMP of its last change.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from urllib.parse import urlsplit

from django.conf import settings

PRODID = "-//WeGO//WeGO platform learning//EN"
LIMIT = 75  # octets per line, CRLF excluded


def escape_text(value: str) -> str:
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def fold(line: str) -> str:
    """One content line, folded: at most 75 octets per physical line, continuations start with a space."""
    data = line.encode("utf-8")
    if len(data) <= LIMIT:
        return line + "\r\n"
    parts: list[str] = []
    start, width = 0, LIMIT
    while start < len(data):
        end = min(start + width, len(data))
        while end < len(data) and (data[end] & 0xC0) == 0x80:  # do not split a character
            end -= 1
        parts.append(data[start:end].decode("utf-8"))
        start, width = end, LIMIT - 1  # the leading space of a continuation counts
    return "\r\n ".join(parts) + "\r\n"


def utc_stamp(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


def _host() -> str:
    return urlsplit(settings.SITE_URL).hostname or "wego.invalid"


def event_lines(webinar, *, join_url: str = "") -> list[str]:
    site = settings.SITE_URL.rstrip("/")
    page = f"{site}/webinars/{webinar.slug}/"
    description = webinar.description
    if webinar.speakers:
        description = f"{description}\n\nSpeakers: {webinar.speakers}".strip()
    if webinar.interpretation:
        description += "\n\nInterpretation: " + ", ".join(webinar.interpretation)
    if join_url:
        description += f"\n\nJoin: {join_url}"
    if webinar.is_demo:
        description = "[Demo data] " + description
    lines = [
        "BEGIN:VEVENT",
        f"UID:webinar-{webinar.pk}@{_host()}",
        f"DTSTAMP:{utc_stamp(webinar.updated_at)}",
        f"DTSTART:{utc_stamp(webinar.starts_at)}",
        f"DTEND:{utc_stamp(webinar.ends_at)}",
        f"SEQUENCE:{webinar.sequence}",
        f"SUMMARY:{escape_text(('[Demo] ' if webinar.is_demo else '') + webinar.title)}",
        f"DESCRIPTION:{escape_text(description)}",
        f"LOCATION:{escape_text(join_url or page)}",
        f"URL:{page}",
        "END:VEVENT",
    ]
    return lines


def calendar(webinars: Iterable, *, name: str, join_urls: dict[int, str] | None = None) -> str:
    join_urls = join_urls or {}
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        f"X-WR-CALNAME:{escape_text(name)}",
    ]
    for webinar in webinars:
        lines += event_lines(webinar, join_url=join_urls.get(webinar.pk, ""))
    lines.append("END:VCALENDAR")
    return "".join(fold(line) for line in lines)
