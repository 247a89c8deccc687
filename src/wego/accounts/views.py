"""Logging in and out, invitations, two-factor authentication, the account page."""

from __future__ import annotations

import base64
import io

from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django.views.i18n import set_language
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from wego.accounts.forms import AcceptInvitationForm, ApiTokenForm, InvitePersonForm, LoginForm, TokenCodeForm
from wego.accounts.models import ApiToken, Invitation
from wego.accounts.rules import roles_of
from wego.accounts.services import (
    api_token_create,
    api_token_revoke,
    invitation_accept,
    invitation_create,
    invitation_from_token,
)
from wego.common.notifications import notifications_mark_read
from wego.common.permissions import public, requires


def _next_url(request: HttpRequest, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


@public
@require_http_methods(["GET", "POST"])
def login(request: HttpRequest) -> HttpResponse:
    form = LoginForm(request, data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        auth_login(request, form.user)
        return redirect(_next_url(request, reverse("assessments:mine")))
    return render(request, "accounts/login.html", {"form": form, "next": _next_url(request, "")})


logout = public(auth_views.LogoutView.as_view())
password_reset = public(
    auth_views.PasswordResetView.as_view(
        template_name="accounts/password_reset.html", email_template_name="accounts/password_reset_email.txt"
    )
)
password_reset_done = public(
    auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html")
)
password_reset_confirm = public(
    auth_views.PasswordResetConfirmView.as_view(template_name="accounts/password_reset_confirm.html")
)
password_reset_complete = public(
    auth_views.PasswordResetCompleteView.as_view(template_name="accounts/password_reset_complete.html")
)


@public
@require_http_methods(["GET", "POST"])
def invitation(request: HttpRequest, token: str) -> HttpResponse:
    """Anyone holding the emailed link may accept it; the link itself is the credential."""
    found = invitation_from_token(token)
    if found is None:
        return render(request, "accounts/invitation_invalid.html", status=404)
    form = AcceptInvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = invitation_accept(
            token=token, password=form.cleaned_data["password1"], full_name=form.cleaned_data["full_name"]
        )
        auth_login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, _("Welcome. Your account is ready."))
        return redirect("assessments:mine")
    return render(request, "accounts/invitation.html", {"form": form, "invitation": found})


def _qr_data_uri(uri: str) -> str:
    import qrcode
    import qrcode.image.svg

    buffer = io.BytesIO()
    qrcode.make(uri, image_factory=qrcode.image.svg.SvgPathImage, box_size=8).save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()


@requires("accounts.manage_own_account")
@require_http_methods(["GET", "POST"])
def two_factor(request: HttpRequest) -> HttpResponse:
    """Set up a TOTP device (first time) or enter a code from it."""
    user = request.user
    confirmed = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    device = confirmed or TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)
    form = TokenCodeForm(request.POST or None)
    allowed, _why = device.verify_is_allowed()
    if request.method == "POST" and form.is_valid() and not allowed:
        form.add_error(
            "code", _("Too many wrong codes in a row. Wait a few seconds, then enter the current code.")
        )
    elif request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["code"].strip()):
            if not device.confirmed:
                device.confirmed = True
                device.save(update_fields=["confirmed"])
            otp_login(request, device)
            return redirect(_next_url(request, reverse("assessments:mine")))
        form.add_error("code", _("That code is not right or has expired. Try the current one."))
    context = {"form": form, "setting_up": not device.confirmed, "next": _next_url(request, "")}
    if not device.confirmed:
        context["qr"] = _qr_data_uri(device.config_url)
        context["secret"] = base64.b32encode(device.bin_key).decode()
    return render(request, "accounts/two_factor.html", context)


@requires("accounts.manage_own_account")
@require_http_methods(["GET", "POST"])
def account(request: HttpRequest) -> HttpResponse:
    form = ApiTokenForm(request.POST or None)
    new_token = None
    if request.method == "POST" and form.is_valid():
        _record, new_token = api_token_create(user=request.user, name=form.cleaned_data["name"])
        form = ApiTokenForm()
    tokens = ApiToken.objects.filter(user=request.user, revoked_at__isnull=True)
    return render(
        request,
        "accounts/account.html",
        {"roles": roles_of(request.user), "tokens": tokens, "form": form, "new_token": new_token},
    )


@requires("accounts.manage_own_account")
@require_POST
def token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    api_token_revoke(token=get_object_or_404(ApiToken, pk=token_id, user=request.user), actor=request.user)
    messages.success(request, _("The token is revoked."))
    return redirect("account")


@requires("accounts.invite_people")
@require_http_methods(["GET", "POST"])
def invite(request: HttpRequest) -> HttpResponse:
    form = InvitePersonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        invitation_create(
            email=data["email"],
            kind=data["kind"],
            actor=request.user,
            city=data.get("city"),
            region=data.get("region") or "",
        )
        messages.success(request, _("An invitation is on its way to %(email)s.") % {"email": data["email"]})
        return redirect("invite")
    pending = Invitation.objects.filter(accepted_at__isnull=True).select_related("city")[:50]
    return render(request, "accounts/invite.html", {"form": form, "pending": pending})


@requires("accounts.manage_own_account")
@require_http_methods(["GET", "POST"])
def inbox(request: HttpRequest) -> HttpResponse:
    """The person's notifications, newest first; POST marks them all read."""
    if request.method == "POST":
        notifications_mark_read(user=request.user)
        return redirect("inbox")
    notifications = list(request.user.notifications.all()[:100])
    return render(request, "accounts/inbox.html", {"notifications": notifications})


@public
@require_POST
def choose_language(request: HttpRequest) -> HttpResponse:
    """The language switcher: Django keeps the choice in a cookie and returns to the page."""
    return set_language(request)
