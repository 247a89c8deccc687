"""Who is calling: a personal API token, or the browser's logged-in session.

Every operation requires one of them; without either the answer is 401.

Tokens (``Authorization: Bearer wego_...``) are created and revoked on the Account page
(/account/). A revoked token, or the token of a deactivated person, is refused (401).
A token acts as its person, with that person's roles and nothing more.

Two-factor authentication: secretariat and regional office accounts must pass a second
factor before they can use any *page*, including the Account page where tokens are
created. A token is a separate credential (like a personal access token elsewhere): it
was created behind the second factor, it is shown once, only its hash is stored, and it
can be revoked at any time. So a token works on its own, for every role, with nothing
more asked. The browser session is different: a privileged person's session that has
not passed the second factor is sent to the two-factor page by
wego.accounts.middleware.TwoFactorRequiredMiddleware, for the API as for pages.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja.security import HttpBearer
from ninja.security import SessionAuth as NinjaSessionAuth

from wego.accounts.services import api_token_user


class TokenAuth(HttpBearer):
    """``Authorization: Bearer <token>``: a personal API token."""

    def authenticate(self, request: HttpRequest, token: str) -> Any | None:
        return api_token_user(token.strip())


class SessionAuth(NinjaSessionAuth):
    """The logged-in browser session (django-ninja's ``django_auth``), CSRF-checked.

    Two differences from ``django_auth``: a request that carries an Authorization header
    is judged by that header alone (a wrong token is 401, never silently replaced by a
    session), and a request without a logged-in, active user is 401 before the CSRF check
    (which otherwise answers an anonymous POST with 403). Unsafe methods of a logged-in
    session still need the CSRF token (the ``X-CSRFToken`` header), as ``django_auth`` does.
    """

    def __call__(self, request: HttpRequest) -> Any | None:
        if request.headers.get("Authorization"):
            return None
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or not user.is_active:
            return None
        return super().__call__(request)
