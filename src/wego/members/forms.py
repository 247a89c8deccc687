"""Forms of the membership pages: they validate input, then the views call the services."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wego.members.models import (
    ApprovingBody,
    City,
    ContactRole,
    Country,
    MemberCategory,
    RegionalOffice,
)
from wego.members.services import MAX_LETTER_BYTES, ContactInput, NewCityInput

CONTACT_SLOTS = 3


class ApplicationForm(forms.Form):
    """A city applies: choose it from the list, or describe a new one; the letter; contacts."""

    city = forms.ModelChoiceField(
        label=_("City"),
        queryset=City.objects.none(),
        required=False,
        help_text=_("Choose the city if it is in the list; otherwise describe it below."),
    )
    new_name = forms.CharField(label=_("New city: name"), max_length=120, required=False)
    new_country = forms.ModelChoiceField(
        label=_("New city: country"), queryset=Country.objects.all(), required=False
    )
    new_latitude = forms.FloatField(
        label=_("New city: latitude"), required=False, min_value=-90, max_value=90
    )
    new_longitude = forms.FloatField(
        label=_("New city: longitude"), required=False, min_value=-180, max_value=180
    )
    mayor_name = forms.CharField(label=_("Name of the mayor who signed the letter"), max_length=150)
    letter = forms.FileField(
        label=_("The mayor's signed letter (PDF)"),
        help_text=_("A PDF file of at most %(mb)d MB.") % {"mb": MAX_LETTER_BYTES // 1024 // 1024},
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
    )
    motivation = forms.CharField(
        label=_("Why the city wants to join"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["city"].queryset = (
            City.objects.exclude(member_category=MemberCategory.FULL)
            .select_related("country")
            .order_by("name")
        )
        for n in range(1, CONTACT_SLOTS + 1):
            required = n == 1
            self.fields[f"contact_{n}_role"] = forms.ChoiceField(
                label=_("Contact %(n)d: role") % {"n": n},
                choices=([] if required else [("", "—")]) + list(ContactRole.choices),
                required=required,
            )
            self.fields[f"contact_{n}_name"] = forms.CharField(
                label=_("Contact %(n)d: name") % {"n": n}, max_length=150, required=required
            )
            self.fields[f"contact_{n}_email"] = forms.EmailField(
                label=_("Contact %(n)d: email address") % {"n": n}, required=required
            )
            self.fields[f"contact_{n}_position"] = forms.CharField(
                label=_("Contact %(n)d: position") % {"n": n}, max_length=150, required=False
            )

    def contact_groups(self):
        return [
            [self[f"contact_{n}_{part}"] for part in ("role", "name", "email", "position")]
            for n in range(1, CONTACT_SLOTS + 1)
        ]

    def clean(self):
        data = super().clean()
        new_fields = ["new_name", "new_country", "new_latitude", "new_longitude"]
        if data.get("city") is None:
            missing = [name for name in new_fields if data.get(name) in (None, "")]
            for name in missing:
                self.add_error(name, _("Needed for a city that is not in the list."))
        elif any(data.get(name) not in (None, "") for name in new_fields):
            self.add_error("city", _("Choose a city from the list or describe a new one, not both."))
        for n in range(2, CONTACT_SLOTS + 1):
            given = [data.get(f"contact_{n}_{part}") for part in ("role", "name", "email")]
            if any(given) and not all(given):
                self.add_error(
                    f"contact_{n}_name", _("Give the role, name and email address of this contact.")
                )
        return data

    def contacts(self) -> list[ContactInput]:
        data = self.cleaned_data
        return [
            ContactInput(
                role=data[f"contact_{n}_role"],
                name=data[f"contact_{n}_name"],
                email=data[f"contact_{n}_email"],
                position=data.get(f"contact_{n}_position") or "",
            )
            for n in range(1, CONTACT_SLOTS + 1)
            if data.get(f"contact_{n}_name")
        ]

    def new_city(self) -> NewCityInput | None:
        data = self.cleaned_data
        if data.get("city") is not None:
            return None
        return NewCityInput(
            name=data["new_name"],
            country_iso3=data["new_country"].pk,
            latitude=data["new_latitude"],
            longitude=data["new_longitude"],
        )


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"), choices=[("approve", _("Approved")), ("reject", _("Not approved"))]
    )
    approving_body = forms.ChoiceField(
        label=_("Approving body"), choices=ApprovingBody.choices, required=False
    )
    meeting = forms.CharField(
        label=_("Meeting"),
        max_length=200,
        required=False,
        help_text=_(
            "The meeting at which the body decided, e.g. “Executive Committee meeting, Seoul, 2026”."
        ),
    )
    decided_on = forms.DateField(
        label=_("Date of the meeting"), widget=forms.DateInput(attrs={"type": "date"}), required=False
    )
    note = forms.CharField(label=_("Note (reason when not approved)"), max_length=300, required=False)


class FeeForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2010, max_value=2100)
    category = forms.ChoiceField(
        label=_("Category"),
        choices=[(c.value, c.label) for c in MemberCategory if c != MemberCategory.NON_MEMBER],
    )
    amount = forms.DecimalField(label=_("Amount"), min_value=0, max_digits=10, decimal_places=2)
    currency = forms.CharField(label=_("Currency"), max_length=3, initial="USD")


class IssueInvoicesForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2010, max_value=2100)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = timezone.localdate().year


class PaymentForm(forms.Form):
    amount = forms.DecimalField(
        label=_("Amount received"), min_value=Decimal("0.01"), max_digits=10, decimal_places=2
    )
    paid_on = forms.DateField(label=_("Paid on"), widget=forms.DateInput(attrs={"type": "date"}))
    reference = forms.CharField(label=_("Reference"), max_length=100, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["paid_on"].initial = timezone.localdate()


class CategoryForm(forms.Form):
    category = forms.ChoiceField(label=_("New category"), choices=MemberCategory.choices)
    on = forms.DateField(label=_("From"), widget=forms.DateInput(attrs={"type": "date"}))
    reason = forms.CharField(label=_("Reason"), max_length=300)


class OfficeForm(forms.Form):
    office = forms.ModelChoiceField(
        label=_("Regional office"),
        queryset=RegionalOffice.objects.filter(is_active=True),
        required=False,
        empty_label=_("The office of its region"),
    )


def today() -> dt.date:
    return timezone.localdate()
