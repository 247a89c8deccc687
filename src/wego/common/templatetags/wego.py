from django import template
from django.utils.translation import get_language
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def tr(text) -> str:
    """A framework text in the page's language, falling back to English."""
    if text is None:
        return ""
    getter = getattr(text, "get", None)
    return getter(get_language() or "en") if callable(getter) else str(text)


@register.filter
def percent(share) -> str:
    try:
        return f"{float(share) * 100:.0f}%"
    except (TypeError, ValueError):
        return ""


@register.simple_tag
def answer_label(status: str, value: str, question=None) -> str:
    """How an answer reads to a person: 'Level 3', 'Don't know', 'Web; Phone'."""
    if status == "dont_know":
        return _("Don't know")
    if status == "not_applicable":
        return _("Not applicable")
    if not status and not value:
        return _("No answer")
    if question is not None and question.type == "scale":
        return _("Level %(n)s") % {"n": value}
    if question is not None and question.type == "choice":
        names = {o.id.lower(): tr(o.text) for o in question.options or []}
        return "; ".join(names.get(v.lower(), v) for v in value.split(";"))
    return value
