from django import template

from wego.learning.timezones import DEFAULT, local_time, zone_valid

register = template.Library()


@register.filter
def in_zone(moment, zone: str = DEFAULT) -> str:
    """A stored (UTC) moment shown in the viewer's zone: '2026-12-15 18:00 (Asia/Seoul, UTC+09:00)'."""
    if moment is None:
        return ""
    return local_time(moment, zone if zone_valid(zone) else DEFAULT)
