from __future__ import annotations

from typing import Any

from django.db import models

from wego.common.models import AuditEvent


def audit_record(*, actor: Any, action: str, obj: models.Model, data: dict | None = None) -> AuditEvent:
    """Write one audit row; call it inside the transaction of the change it records."""
    return AuditEvent.objects.create(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        data=data or {},
    )
