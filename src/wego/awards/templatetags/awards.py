"""Template helpers of the awards pages."""

from django import template
from django.utils.html import format_html

register = template.Library()


@register.filter
def utc(moment) -> str:
    """A moment in UTC, marked up so that the page script adds the reader's local time."""
    if not moment:
        return "-"
    return format_html(
        '<time datetime="{}" data-local>{} UTC</time>', moment.isoformat(), f"{moment:%Y-%m-%d %H:%M:%S}"
    )


@register.filter
def get(mapping, key):
    try:
        return mapping.get(key)
    except AttributeError:
        return None


@register.filter
def score(value) -> str:
    return "-" if value is None else f"{value:.2f}"


@register.filter
def share(value) -> str:
    return "-" if value is None else f"{value * 100:.0f}%"
