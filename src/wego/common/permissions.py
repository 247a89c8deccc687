"""Every view states its permission here, once, in one of two ways:

    @public                                           anyone, logged in or not
    @requires("assessments.view_assessment", load=assessment_from_url)

`requires` sends anonymous users to the login page, answers 404 when the object does not
exist, and 403 when the user lacks the permission on it; the view receives the loaded
object. tests/test_permissions.py walks every URL and fails for a view without either.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

PERMISSION_ATTRIBUTE = "wego_permission"


def public(view: Callable) -> Callable:
    setattr(view, PERMISSION_ATTRIBUTE, "public")
    return view


def requires(permission: str, *, load: Callable[..., Any] | None = None) -> Callable:
    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            target = load(request, **kwargs) if load is not None else None
            if not request.user.has_perm(permission, target):
                raise PermissionDenied(permission)
            if load is not None:
                return view(request, target, *args, **kwargs)
            return view(request, *args, **kwargs)

        setattr(wrapped, PERMISSION_ATTRIBUTE, permission)
        return wrapped

    return decorate
