"""What every page's navigation needs to know about the visitor."""

import rules
from django.utils.functional import SimpleLazyObject

from wego.common.notifications import unread_count


def navigation(request) -> dict:
    """Menu entries by permission, asked of the rules directly (no model-permission queries)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav": {}}
    return {
        "nav": {
            "participation": rules.has_perm("assessments.view_participation", user),
            "audit": rules.has_perm("common.view_audit", user),
            "people": rules.has_perm("accounts.invite_people", user),
            "assistance": rules.has_perm("assistance.view_list", user),
            "membership": rules.has_perm("members.review_applications", user),
            # Counted only when a template shows it (one query).
            "unread": SimpleLazyObject(lambda: unread_count(user)),
        }
    }
