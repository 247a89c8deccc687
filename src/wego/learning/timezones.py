"""Showing UTC times in the viewer's time zone, and remembering which zone that is.

Logged-in people keep their choice in `LearningProfile`; visitors in a cookie. Without a
choice, times are shown in UTC (a browser's zone cannot be known without script).
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from functools import cache

from django.http import HttpRequest

COOKIE = "wego_tz"
DEFAULT = "UTC"


@cache
def available_zones() -> tuple[str, ...]:
    """IANA zone names people may pick, sorted; 'UTC' first."""
    names = {
        name
        for name in zoneinfo.available_timezones()
        if "/" in name and not name.startswith(("Etc/", "SystemV/", "US/", "posix/", "right/"))
    }
    return (DEFAULT, *sorted(names))


def zone_valid(name: str) -> bool:
    return name in available_zones()


def viewer_zone(request: HttpRequest) -> str:
    """The zone the viewer chose: `?tz=` for this page, else their profile, else the cookie, else UTC."""
    wanted = request.GET.get("tz", "")
    if zone_valid(wanted):
        return wanted
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        from wego.learning.models import LearningProfile

        profile = LearningProfile.objects.filter(user=user).only("time_zone").first()
        if profile is not None and zone_valid(profile.time_zone):
            return profile.time_zone
    cookie = request.COOKIES.get(COOKIE, "")
    return cookie if zone_valid(cookie) else DEFAULT


def utc_offset(moment: dt.datetime, zone: str) -> str:
    """'UTC+09:00', 'UTC-06:00', 'UTC+05:30', or 'UTC' for a zero offset."""
    offset = moment.astimezone(zoneinfo.ZoneInfo(zone)).utcoffset() or dt.timedelta(0)
    minutes = int(offset.total_seconds() // 60)
    if minutes == 0:
        return "UTC"
    sign = "+" if minutes > 0 else "-"
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours:02d}:{rest:02d}"


def local_time(moment: dt.datetime, zone: str) -> str:
    """The moment in the zone, e.g. '2026-12-15 18:00 (Asia/Seoul, UTC+09:00)', or '2026-12-15 09:00 UTC'."""
    local = moment.astimezone(zoneinfo.ZoneInfo(zone))
    if zone == DEFAULT:
        return f"{local:%Y-%m-%d %H:%M} UTC"
    return f"{local:%Y-%m-%d %H:%M} ({zone}, {utc_offset(moment, zone)})"
