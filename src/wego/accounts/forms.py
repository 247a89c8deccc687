from django import forms
from django.contrib.auth import authenticate, password_validation
from django.utils.translation import gettext_lazy as _

from wego.accounts.services import login_failure_record, login_locked_minutes, login_success_record


class LoginForm(forms.Form):
    email = forms.EmailField(
        label=_("Email address"), widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True})
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, request, *args, **kwargs):
        self.request = request
        self.user = None
        super().__init__(*args, **kwargs)

    def clean(self):
        data = super().clean()
        email, password = data.get("email", ""), data.get("password", "")
        if not email or not password:
            return data
        ip = self.request.META.get("REMOTE_ADDR")
        minutes = login_locked_minutes(email=email, ip=ip)
        if minutes:
            raise forms.ValidationError(
                _("Too many failed attempts. Try again in %(minutes)s minutes, or reset your password."),
                params={"minutes": minutes},
                code="locked",
            )
        user = authenticate(self.request, email=email.lower(), password=password)
        if user is None or not user.is_active:
            login_failure_record(email=email, ip=ip)
            raise forms.ValidationError(_("The email address or the password is not right."), code="invalid")
        login_success_record(email=email)
        self.user = user
        return data


class AcceptInvitationForm(forms.Form):
    full_name = forms.CharField(label=_("Your name"), max_length=150)
    password1 = forms.CharField(
        label=_("Choose a password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label=_("The same password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self):
        data = super().clean()
        if data.get("password1") != data.get("password2"):
            self.add_error("password2", _("The two passwords differ."))
        elif data.get("password1"):
            try:
                password_validation.validate_password(data["password1"])
            except forms.ValidationError as exc:
                self.add_error("password1", exc)
        return data


class TokenCodeForm(forms.Form):
    code = forms.RegexField(
        label=_("Six-digit code from your authenticator app"),
        regex=r"^\s*\d{6}\s*$",
        error_messages={"invalid": _("Enter the six digits your app shows.")},
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "autofocus": True}
        ),
    )


class ApiTokenForm(forms.Form):
    name = forms.CharField(label=_("What the token is for"), max_length=100)


class InvitePersonForm(forms.Form):
    """The secretariat invites coordinators, regional offices, judges and colleagues."""

    email = forms.EmailField(label=_("Email address"))
    kind = forms.ChoiceField(label=_("Role"))
    city = forms.ModelChoiceField(label=_("City (for a city role)"), queryset=None, required=False)
    region = forms.ChoiceField(label=_("Region (for a regional office)"), required=False)

    def __init__(self, *args, **kwargs):
        from wego.accounts.models import RoleKind
        from wego.members.models import City, Country

        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [c for c in RoleKind.choices if c[0] != RoleKind.RESPONDENT]
        self.fields["city"].queryset = City.objects.select_related("country")
        regions = sorted(set(Country.objects.values_list("region", flat=True)))
        self.fields["region"].choices = [("", "-"), *[(r, r) for r in regions]]

    def clean(self):
        from wego.accounts.models import CITY_ROLES, RoleKind

        data = super().clean()
        kind = data.get("kind")
        if kind in CITY_ROLES and not data.get("city"):
            self.add_error("city", _("Choose the city for this role."))
        if kind == RoleKind.REGIONAL_OFFICE and not data.get("region"):
            self.add_error("region", _("Choose the region of the office."))
        return data
