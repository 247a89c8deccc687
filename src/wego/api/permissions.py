"""Every API operation states its permission here, once:

    @router.get("/assessments/{assessment_id}/answers", ...)
    @api_requires("assessments.view_assessment", load=assessment_visible)
    def answers_list(request, assessment, assessment_id: int): ...

`api_requires` checks exactly one django-rules permission with
``request.auth.has_perm(permission, obj)``; it answers 404 when `load` finds nothing and
403 when the caller lacks the permission. The view receives the loaded object as its
second argument (hidden from django-ninja, so it is not a request parameter). The
permission is recorded on the view function as `wego_permission`, the same attribute the
page views carry; tests/api/test_api_permissions.py fails for an operation without it.

Loaders of city data read through the tenancy selectors (they take the acting person), so
another city's assessment is indistinguishable from a missing one: 404, never its data.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext
from ninja.errors import AuthenticationError, HttpError

from wego.common.permissions import PERMISSION_ATTRIBUTE


def api_requires(permission: str, *, load: Callable[..., Any] | None = None) -> Callable:
    """Check `permission` (on the object `load(request, **params)` returns) before the view."""

    def decorate(view: Callable[..., Any]) -> Callable[..., Any]:
        signature = inspect.signature(view, eval_str=True)
        parameters = list(signature.parameters.values())
        if load is not None:
            if len(parameters) < 2:
                raise TypeError(f"{view.__qualname__} must take (request, loaded_object, ...)")
            del parameters[1]

        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
            actor = getattr(request, "auth", None)
            if actor is None:
                raise AuthenticationError()
            target = None
            if load is not None:
                target = load(request, **kwargs)
                if target is None:
                    raise HttpError(404, gettext("Not found."))
            if not actor.has_perm(permission, target):
                raise HttpError(
                    403,
                    gettext("You do not have permission to do this (%(permission)s).")
                    % {"permission": permission},
                )
            if load is not None:
                return view(request, target, *args, **kwargs)
            return view(request, *args, **kwargs)

        # django-ninja reads the parameters from this signature: without the loaded object.
        wrapped.__signature__ = signature.replace(parameters=parameters)  # type: ignore[attr-defined]
        setattr(wrapped, PERMISSION_ATTRIBUTE, permission)
        return wrapped

    return decorate


def assessment_visible(request: HttpRequest, assessment_id: int, **_kwargs: Any):
    """The assessment, if the caller may see it at all (tenancy); else None (404)."""
    from wego.assessments.selectors import assessments_visible_to

    return assessments_visible_to(request.auth).filter(pk=assessment_id).first()
