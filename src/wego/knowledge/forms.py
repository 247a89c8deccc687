"""The practice search form: words and filters, all optional, read from the query string."""

from __future__ import annotations

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from wego.knowledge.library import REGIONS
from wego.knowledge.models import PRACTICE_LANGUAGES
from wego.knowledge.selectors import filter_choices


class PracticeSearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), max_length=200, required=False)
    dimension = forms.ChoiceField(label=_("Dimension"), required=False)
    module = forms.ChoiceField(label=_("Module"), required=False)
    region = forms.ChoiceField(label=_("Region"), required=False)
    language = forms.ChoiceField(label=_("Written in"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        lang = get_language() or "en"
        choices = filter_choices()
        anything = [("", _("Any"))]
        self.fields["dimension"].choices = anything + [(i, t.get(lang)) for i, t in choices["dimensions"]]
        self.fields["module"].choices = anything + [(i, t.get(lang)) for i, t in choices["modules"]]
        self.fields["region"].choices = anything + [(r, r) for r in REGIONS]
        self.fields["language"].choices = anything + [
            (code, name) for code, (_config, name) in PRACTICE_LANGUAGES.items()
        ]

    def filters(self) -> dict[str, str]:
        """The valid fields only: a bad filter value is reported and ignored, never an error page."""
        self.is_valid()
        cleaned = getattr(self, "cleaned_data", {})
        return {
            "query": cleaned.get("q", "") or "",
            "dimension": cleaned.get("dimension", "") or "",
            "module": cleaned.get("module", "") or "",
            "region": cleaned.get("region", "") or "",
            "language": cleaned.get("language", "") or "",
        }
