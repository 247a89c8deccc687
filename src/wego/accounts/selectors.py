from __future__ import annotations

from wego.accounts.models import PRIVILEGED_ROLES
from wego.accounts.rules import roles_of


def needs_two_factor(user) -> bool:
    """Privileged accounts (secretariat, regional office, judges, administrators) need TOTP."""
    return bool(user.is_superuser) or any(r.kind in PRIVILEGED_ROLES for r in roles_of(user))
