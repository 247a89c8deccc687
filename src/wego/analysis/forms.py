"""Input of the analysis settings: the choice to share results, and custom peer groups."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from wego.members.models import City, MemberCategory


class SharingForm(forms.Form):
    shares = forms.BooleanField(
        label=_(
            "Share our results with other member cities "
            "(our scores appear by name in their benchmarks and our stage on the map)"
        ),
        required=False,
    )


class PeerGroupForm(forms.Form):
    name = forms.CharField(label=_("Group name"), max_length=100)
    members = forms.ModelMultipleChoiceField(
        label=_("Member cities"),
        queryset=City.objects.none(),
        widget=forms.SelectMultiple(attrs={"size": 10}),
    )

    def __init__(self, *args, city: City, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["members"].queryset = (
            City.objects.exclude(member_category=MemberCategory.NON_MEMBER)
            .exclude(pk=city.pk)
            .order_by("name")
        )


class CircumstancesForm(forms.Form):
    """What is reasonable for the city: the recommended modules are judged against it."""

    budget_band = forms.ChoiceField(label=_("Budget the city can commit to one project"))
    ict_staff_fte = forms.DecimalField(
        label=_("ICT staff (full-time) the city can put on one project"),
        min_value=0,
        max_value=999,
        decimal_places=1,
    )
    connectivity = forms.ChoiceField(label=_("Share of residents who use the internet"))

    def __init__(self, *args, **kwargs):
        from wego.members.models import City

        super().__init__(*args, **kwargs)
        self.fields["budget_band"].choices = City._meta.get_field("budget_band").choices
        self.fields["connectivity"].choices = City._meta.get_field("connectivity").choices
