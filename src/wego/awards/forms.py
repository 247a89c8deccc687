"""Forms of the awards: they validate, then the views call the services."""

from __future__ import annotations

import uuid

from django import forms
from django.utils.translation import gettext_lazy as _

from wego.awards.models import (
    ApplicantKind,
    Application,
    AttachmentKind,
    Category,
    ConflictKind,
    Judge,
)
from wego.members.models import City, Country


class Step1Form(forms.ModelForm):
    class Meta:
        model = Application
        fields = [
            "applicant_kind",
            "city",
            "organisation",
            "city_approval_by",
            "city_approval_on",
            "contact_name",
            "contact_email",
        ]
        widgets = {"city_approval_on": forms.DateInput(attrs={"type": "date"})}
        help_texts = {
            "organisation": _("For an agency or a provider: its name."),
            "city_approval_by": _("A provider applies with the city's approval: who gave it."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["city"].queryset = City.objects.select_related("country").order_by("name")
        self.fields["city"].required = True
        self.fields["contact_name"].required = True
        self.fields["contact_email"].required = True

    def clean(self):
        data = super().clean()
        if (
            data.get("applicant_kind") in (ApplicantKind.PROVIDER, ApplicantKind.AGENCY)
            and not data.get("organisation", "").strip()
        ):
            self.add_error("organisation", _("Name the organisation that applies."))
        if data.get("applicant_kind") == ApplicantKind.PROVIDER:
            if not data.get("city_approval_by", "").strip():
                self.add_error("city_approval_by", _("A provider needs the city's approval: who gave it."))
            if not data.get("city_approval_on"):
                self.add_error("city_approval_on", _("The date of the city's approval."))
        return data


class HttpsURLField(forms.URLField):
    def __init__(self, **kwargs):
        kwargs.setdefault("assume_scheme", "https")
        super().__init__(**kwargs)


class Step2Form(forms.ModelForm):
    class Meta:
        model = Application
        fields = ["category", "project_title", "summary", "website"]
        field_classes = {"website": HttpsURLField}
        widgets = {"summary": forms.Textarea(attrs={"rows": 4, "maxlength": 1500})}
        help_texts = {"category": _("One category per project.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = Category.objects.filter(edition=self.instance.edition_id)
        self.fields["category"].required = True
        self.fields["project_title"].required = True
        self.fields["summary"].required = True


class Step3Form(forms.ModelForm):
    class Meta:
        model = Application
        fields = ["problem", "solution", "results", "forms_in_english"]
        widgets = {
            name: forms.Textarea(attrs={"rows": 6, "maxlength": 5000})
            for name in ("problem", "solution", "results")
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("problem", "solution", "results"):
            self.fields[name].required = True


STEP_FORMS = {1: Step1Form, 2: Step2Form, 3: Step3Form}
STEP_TITLES = {
    1: _("Who applies"),
    2: _("The project"),
    3: _("Problem, solution, results"),
    4: _("Recommendation, attachments, submit"),
}


class RecommenderForm(forms.Form):
    name = forms.CharField(label=_("Recommender's name"), max_length=150)
    email = forms.EmailField(label=_("Recommender's email"))
    organisation = forms.CharField(label=_("Recommender's organisation"), max_length=200)


class AttachmentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=AttachmentKind.choices)
    file = forms.FileField(label=_("File"))


class SubmitForm(forms.Form):
    key = forms.CharField(widget=forms.HiddenInput, max_length=64)

    @staticmethod
    def new_key() -> str:
        return uuid.uuid4().hex


class LetterForm(forms.Form):
    letter = forms.FileField(label=_("Recommendation letter (PDF)"))
    statement = forms.CharField(
        label=_("A short statement (optional)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)


class JudgeForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=150)
    email = forms.EmailField(label=_("Email"))
    organisation = forms.CharField(label=_("Employer"), max_length=200, required=False)
    city = forms.ModelChoiceField(label=_("City"), queryset=City.objects.none(), required=False)
    country = forms.ModelChoiceField(label=_("Country"), queryset=Country.objects.none(), required=False)
    vendors = forms.CharField(
        label=_("Vendor relationships (one per line)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    categories = forms.ModelMultipleChoiceField(
        label=_("Panels"),
        queryset=Category.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, edition, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["city"].queryset = City.objects.order_by("name")
        self.fields["country"].queryset = Country.objects.order_by("name")
        self.fields["categories"].queryset = Category.objects.filter(edition=edition)


class NominationForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=150)
    email = forms.EmailField(label=_("Email"))
    organisation = forms.CharField(label=_("Employer"), max_length=200)
    country = forms.ModelChoiceField(
        label=_("Country"), queryset=Country.objects.order_by("name"), required=False
    )
    expertise = forms.CharField(
        label=_("Expertise (what qualifies them to judge)"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ConflictForm(forms.Form):
    judge = forms.ModelChoiceField(label=_("Judge"), queryset=Judge.objects.none())
    application = forms.ModelChoiceField(label=_("Entry"), queryset=Application.objects.none())
    kind = forms.ChoiceField(label=_("Type"), choices=ConflictKind.choices)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args, edition, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["judge"].queryset = Judge.objects.filter(edition=edition)
        self.fields["application"].queryset = Application.objects.filter(edition=edition, status="submitted")


class DeclareForm(forms.Form):
    kind = forms.ChoiceField(label=_("Type"), choices=ConflictKind.choices)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class ScoreForm(forms.Form):
    """One 1-10 score and an optional comment per criterion; built from the criteria."""

    comment = forms.CharField(
        label=_("Overall comment (optional)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, criteria, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        for criterion in criteria:
            self.fields[f"score-{criterion.pk}"] = forms.TypedChoiceField(
                label=f"{criterion.name} (x{criterion.weight.normalize()})",
                choices=[("", "-")] + [(str(i), str(i)) for i in range(1, 11)],
                coerce=int,
                required=False,
                help_text=criterion.description,
            )
            self.fields[f"comment-{criterion.pk}"] = forms.CharField(
                label=_("Comment on %(criterion)s (optional)") % {"criterion": criterion.name},
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def rows(self):
        return [(c, self[f"score-{c.pk}"], self[f"comment-{c.pk}"]) for c in self.criteria]

    def values(self) -> dict[int, tuple[int, str]]:
        found = {}
        for criterion in self.criteria:
            value = self.cleaned_data.get(f"score-{criterion.pk}")
            if value not in (None, ""):
                found[criterion.pk] = (
                    int(value),
                    self.cleaned_data.get(f"comment-{criterion.pk}", "").strip(),
                )
        return found


class DecisionForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (written, kept with the results)"), widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, k: int, entries: list[Application], **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", "-")] + [(str(a.pk), f"{a.reference} {a.project_title}") for a in entries]
        for rank in range(1, k + 1):
            self.fields[f"rank-{rank}"] = forms.TypedChoiceField(
                label=_("Winner %(rank)s") % {"rank": rank}, choices=choices, coerce=int, required=rank == 1
            )
        self.k = k

    def winners(self) -> list[int]:
        return [
            self.cleaned_data[f"rank-{r}"] for r in range(1, self.k + 1) if self.cleaned_data.get(f"rank-{r}")
        ]
