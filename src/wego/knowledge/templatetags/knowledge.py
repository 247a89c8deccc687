from django import template
from django.utils.translation import get_language

register = template.Library()


@register.filter
def localised(texts) -> str:
    """A {language: text} dict in the page's language, falling back to English."""
    if not isinstance(texts, dict):
        return "" if texts is None else str(texts)
    language = (get_language() or "en").split("-")[0]
    return texts.get(language) or texts.get("en") or ""
