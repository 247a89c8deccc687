from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wego.governance.models import AttendanceKind, Body, Majority, Meeting, TermRole, VoteKind
from wego.members.models import City, MemberCategory


def member_cities():
    return City.objects.exclude(member_category=MemberCategory.NON_MEMBER).order_by("name")


class MeetingForm(forms.Form):
    body = forms.ModelChoiceField(label=_("Body"), queryset=Body.objects.order_by("kind", "name"))
    title = forms.CharField(label=_("Title"), max_length=200)
    starts_on = forms.DateField(label=_("First day"), widget=forms.DateInput(attrs={"type": "date"}))
    ends_on = forms.DateField(label=_("Last day"), widget=forms.DateInput(attrs={"type": "date"}))
    host_city = forms.ModelChoiceField(
        label=_("Host city"), queryset=City.objects.order_by("name"), required=False
    )
    venue = forms.CharField(label=_("Venue"), max_length=200, required=False)
    theme = forms.CharField(label=_("Theme"), max_length=200, required=False)

    def clean(self):
        data = super().clean()
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", _("The last day is before the first day."))
        return data


class AgendaItemForm(forms.Form):
    title = forms.CharField(label=_("Agenda item"), max_length=300)
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class AttendanceForm(forms.Form):
    city = forms.ModelChoiceField(label=_("City"), queryset=member_cities())
    kind = forms.ChoiceField(label=_("Attendance"), choices=AttendanceKind.choices)
    represented_by = forms.CharField(label=_("Represented by"), max_length=200, required=False)


class MinutesForm(forms.Form):
    minutes = forms.CharField(label=_("Minutes"), widget=forms.Textarea(attrs={"rows": 8}), required=False)
    approved_on = forms.DateField(
        label=_("Minutes approved on"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class DocumentForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    file = forms.FileField(label=_("File (PDF, office document or image)"))


class CandidacyForm(forms.Form):
    city = forms.ModelChoiceField(label=_("Candidate city"), queryset=member_cities())
    notified_on = forms.DateField(
        label=_("Written notice received on"), widget=forms.DateInput(attrs={"type": "date"})
    )


class HostForm(forms.Form):
    next_meeting = forms.ModelChoiceField(
        label=_("Next General Assembly"), queryset=Meeting.objects.filter(body__kind="general_assembly")
    )
    host_city = forms.ModelChoiceField(label=_("Host city"), queryset=member_cities())


class TermForm(forms.Form):
    meeting = forms.ModelChoiceField(
        label=_("Decided at"), queryset=Meeting.objects.select_related("body").order_by("-starts_on")
    )
    role = forms.ChoiceField(label=_("Office"), choices=TermRole.choices)
    cities = forms.ModelMultipleChoiceField(label=_("Cities"), queryset=member_cities())
    starts_on = forms.DateField(label=_("From"), widget=forms.DateInput(attrs={"type": "date"}))
    ends_on = forms.DateField(
        label=_("Until (optional: three years later)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )


class VoteForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=VoteKind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    question = forms.CharField(label=_("Question put to the vote"), widget=forms.Textarea(attrs={"rows": 3}))
    majority = forms.ChoiceField(label=_("Majority"), choices=Majority.choices)
    quorum_percent = forms.IntegerField(
        label=_("Quorum (percentage of eligible members)"), min_value=0, max_value=100, initial=50
    )
    opens_at = forms.DateTimeField(
        label=_("Ballots open (UTC)"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    closes_at = forms.DateTimeField(
        label=_("Ballots close (UTC)"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    candidates = forms.ModelMultipleChoiceField(
        label=_("Candidates (elections)"), queryset=member_cities(), required=False
    )

    def _as_utc(self, name: str):
        """The window is entered in UTC whatever the server's time zone (WEGO_TIME_ZONE)."""
        value = self.cleaned_data.get(name)
        return value and timezone.make_naive(value).replace(tzinfo=dt.UTC)

    def clean_opens_at(self):
        return self._as_utc("opens_at")

    def clean_closes_at(self):
        return self._as_utc("closes_at")

    def clean(self):
        data = super().clean()
        if data.get("opens_at") and data.get("closes_at") and data["closes_at"] <= data["opens_at"]:
            self.add_error("closes_at", _("The ballots must close after they open."))
        if data.get("kind") == VoteKind.ELECTION and not data.get("candidates"):
            self.add_error("candidates", _("An election needs at least one candidate."))
        return data
