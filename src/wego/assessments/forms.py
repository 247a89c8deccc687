from django import forms
from django.utils.translation import gettext_lazy as _

from wego.assessments.models import FrameworkVersion
from wego.members.models import City, MemberCategory


class CycleForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    name = forms.CharField(label=_("Name"), max_length=120)
    framework = forms.ModelChoiceField(
        label=_("Framework version"), queryset=FrameworkVersion.objects.filter(is_current=True)
    )
    opens_on = forms.DateField(label=_("Opens on"), widget=forms.DateInput(attrs={"type": "date"}))
    closes_on = forms.DateField(
        label=_("Closes on (last day to submit, UTC)"), widget=forms.DateInput(attrs={"type": "date"})
    )
    threshold = forms.IntegerField(
        label=_("Share of questions that must be answered to submit (%)"),
        min_value=0,
        max_value=100,
        initial=100,
    )
    invited = forms.ModelMultipleChoiceField(
        label=_("Invited members (none selected: all members)"),
        queryset=City.objects.exclude(member_category=MemberCategory.NON_MEMBER).select_related("country"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 12}),
    )

    def clean(self):
        data = super().clean()
        if data.get("opens_on") and data.get("closes_on") and data["closes_on"] < data["opens_on"]:
            self.add_error("closes_on", _("The cycle must close after it opens."))
        return data


class InviteRespondentForm(forms.Form):
    email = forms.EmailField(label=_("Email address of the official"))
    sections = forms.MultipleChoiceField(label=_("Sections they answer"), widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, sections=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sections"].choices = [(s.id, s.title) for s in sections]


class AssignForm(forms.Form):
    sections = forms.MultipleChoiceField(
        label=_("Sections"), widget=forms.CheckboxSelectMultiple, required=False
    )

    def __init__(self, *args, sections=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sections"].choices = [(s.id, s.title) for s in sections]


class ConsultantForm(forms.Form):
    email = forms.EmailField(label=_("Email address of the consultant"))


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label=_("Why reopen it?"), widget=forms.Textarea(attrs={"rows": 3}), min_length=5
    )


class WorkbookUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Filled-in workbook (.xlsx)"),
        widget=forms.FileInput(attrs={"accept": ".xlsx"}),
    )
