"""Forms of the assistance pages: they validate, then the views call the services."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from wego.assistance.models import EgovArea
from wego.assistance.services import BODY_MAX, TITLE_MAX, VERSION_MAX


class RequestForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=TITLE_MAX, required=False)
    description = forms.CharField(
        label=_("What help is needed"),
        max_length=BODY_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("What the city has tried, what is blocking it, and what kind of help would unblock it."),
    )


class EgovframeRequestForm(forms.Form):
    """eGovFrame technical support: the city (among those the person coordinates), the area."""

    city = forms.TypedChoiceField(label=_("City"), coerce=int)
    area = forms.ChoiceField(label=_("eGovFrame area"), choices=EgovArea.choices)
    version = forms.CharField(
        label=_("eGovFrame version (optional)"),
        max_length=VERSION_MAX,
        required=False,
        help_text=_("The version the city runs, for example 4.2."),
    )
    title = forms.CharField(label=_("Title"), max_length=TITLE_MAX, required=False)
    description = forms.CharField(
        label=_("What help is needed"),
        max_length=BODY_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("What the system does, what goes wrong (messages, logs), and what was tried."),
    )

    def __init__(self, *args, cities=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["city"].choices = [(c.pk, c.name) for c in cities]


class MessageForm(forms.Form):
    body = forms.CharField(label=_("Message"), max_length=BODY_MAX, widget=forms.Textarea(attrs={"rows": 4}))
    attachment = forms.FileField(
        label=_("Attachment (optional)"),
        required=False,
        help_text=_("A PDF, an image or an office document."),
    )


class TransitionForm(forms.Form):
    """The fields any action may need; the service says which ones it needs and why."""

    action = forms.CharField(max_length=20)
    assignee = forms.RegexField(
        label=_("Assign to"),
        regex=r"^(expert|partner):[0-9]{1,12}$",
        required=False,
        error_messages={"invalid": _("Choose an expert or a development partner from the list.")},
    )
    due_on = forms.DateField(label=_("Due date"), required=False)
    reason = forms.CharField(label=_("Reason"), max_length=BODY_MAX, required=False)
    note = forms.CharField(label=_("Note"), max_length=BODY_MAX, required=False)

    def assignee_ids(self) -> tuple[int | None, int | None]:
        """(expert id, partner id) from the chosen 'expert:<id>' or 'partner:<id>'."""
        value = self.cleaned_data.get("assignee") or ""
        if not value:
            return None, None
        kind, pk = value.split(":")
        return (int(pk), None) if kind == "expert" else (None, int(pk))
