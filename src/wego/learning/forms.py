from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from wego.learning.courses import load_courses
from wego.learning.models import CourseSession, OfficialLevel, TrainingProgramme, Webinar
from wego.learning.timezones import available_zones

UTC_HELP = _("In UTC, as YYYY-MM-DD HH:MM.")
LANGUAGE_CODE = r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$"


class ApplicationForm(forms.Form):
    city = forms.ModelChoiceField(label=_("City"), queryset=None, empty_label=None)
    official_name = forms.CharField(label=_("Official's full name"), max_length=150)
    official_email = forms.EmailField(label=_("Official's email address"))
    official_position = forms.CharField(
        label=_("Official's position"), max_length=200, help_text=_("For example: Director of ICT Policy.")
    )
    official_level = forms.TypedChoiceField(
        label=_("Level of the position"), choices=OfficialLevel.choices, coerce=int
    )
    motivation = forms.CharField(
        label=_("Why this official should take part"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )

    def __init__(self, *args, cities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["city"].queryset = cities


class ProgrammeForm(forms.ModelForm):
    class Meta:
        model = TrainingProgramme
        fields = [
            "slug",
            "title",
            "description",
            "organiser",
            "location",
            "starts_on",
            "ends_on",
            "places",
            "minimum_level",
            "application_deadline",
        ]
        widgets = {
            "starts_on": forms.DateInput(attrs={"type": "date"}),
            "ends_on": forms.DateInput(attrs={"type": "date"}),
        }
        help_texts = {"application_deadline": UTC_HELP}

    def clean(self):
        data = super().clean()
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", _("The programme must end on or after its first day."))
        return data


class WebinarForm(forms.ModelForm):
    interpretation = forms.CharField(
        label=_("Interpretation into"),
        required=False,
        help_text=_("Language codes separated by commas, e.g. ko, es."),
    )
    join_url = forms.URLField(
        label=_("Join link"),
        required=False,
        assume_scheme="https",
        help_text=_("Shown to registered people only."),
    )
    recording_url = forms.URLField(label=_("Recording"), required=False, assume_scheme="https")

    class Meta:
        model = Webinar
        fields = [
            "slug",
            "title",
            "series",
            "description",
            "speakers",
            "starts_at",
            "duration_minutes",
            "capacity",
            "language",
            "interpretation",
            "join_url",
            "recording_url",
            "is_public",
        ]
        help_texts = {"starts_at": UTC_HELP}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["interpretation"] = ", ".join(self.instance.interpretation)

    def clean_interpretation(self) -> list[str]:
        import re

        codes = [c.strip() for c in self.cleaned_data["interpretation"].split(",") if c.strip()]
        bad = [c for c in codes if not re.match(LANGUAGE_CODE, c)]
        if bad:
            raise forms.ValidationError(
                _("Not a language code: %(codes)s (use codes such as ko or es).") % {"codes": ", ".join(bad)}
            )
        return codes


class CourseSessionForm(forms.ModelForm):
    course_id = forms.ChoiceField(label=_("Course"))

    class Meta:
        model = CourseSession
        fields = ["course_id", "starts_on", "ends_on", "location", "places", "enrolment_closes_at"]
        widgets = {
            "starts_on": forms.DateInput(attrs={"type": "date"}),
            "ends_on": forms.DateInput(attrs={"type": "date"}),
        }
        help_texts = {"enrolment_closes_at": UTC_HELP}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["course_id"].choices = [(c.id, c.title.get()) for c in load_courses().courses]

    def clean(self):
        data = super().clean()
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", _("The session must end on or after its first day."))
        return data


class TimeZoneForm(forms.Form):
    tz = forms.ChoiceField(label=_("Show times in"))
    next = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tz"].choices = [(z, z) for z in available_zones()]
