"""Secretariat and regional office accounts must pass a second factor (TOTP) first."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from wego.accounts.selectors import needs_two_factor

ALLOWED_PREFIXES = ("/account/two-factor/", "/account/logout/", "/static/")


class TwoFactorRequiredMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            user.is_authenticated
            and not user.is_verified()
            and needs_two_factor(user)
            and not request.path.startswith(ALLOWED_PREFIXES)
        ):
            return redirect(f"{reverse('two_factor')}?next={request.get_full_path()}")
        return self.get_response(request)
