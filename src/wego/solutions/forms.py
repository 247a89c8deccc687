from django import forms
from django.utils.translation import gettext_lazy as _

from wego.solutions.models import ItemProgress, ItemStatus, Plan


class PlanSettingsForm(forms.ModelForm):
    class Meta:
        model = Plan
        fields = ["start_year", "start_quarter", "horizon_quarters", "parallel_projects", "annual_budget_usd"]

    def clean_start_year(self) -> int:
        year = self.cleaned_data["start_year"]
        if not 2000 <= year <= 2100:
            raise forms.ValidationError(_("Give a year between 2000 and 2100."))
        return year


class PlanChangeForm(forms.Form):
    """One change of one item: a decision, a move or progress."""

    action = forms.ChoiceField(choices=[(a, a) for a in ("decide", "move", "progress", "create", "settings")])
    module = forms.SlugField(required=False, max_length=80)
    status = forms.ChoiceField(choices=ItemStatus.choices, required=False)
    progress = forms.ChoiceField(choices=ItemProgress.choices, required=False)
    quarter = forms.CharField(required=False, max_length=4)  # "" = let the plan decide
    assessment = forms.IntegerField(required=False)
    next = forms.CharField(required=False, max_length=300)

    def clean_quarter(self) -> int | None:
        value = self.cleaned_data["quarter"]
        if value in ("", None):
            return None
        if not value.isdigit():
            raise forms.ValidationError(_("Choose a quarter of the plan."))
        return int(value)
