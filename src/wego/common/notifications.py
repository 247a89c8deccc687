"""One way to tell people something: an inbox row each, and an email after the change commits.

Every workflow (assistance requests, awards, membership, events) calls `notify`; the inbox
page lists what arrived, and the email goes through Django's configured backend (the
console by default, SMTP when WEGO_EMAIL_HOST is set).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import transaction
from django.utils import timezone

from wego.common.models import Notification


def notify(
    *, recipients: Iterable, subject: str, body: str, url: str = "", email: bool = True
) -> list[Notification]:
    """Put a notification in each recipient's inbox; email them once the transaction commits.

    `recipients` are users; inactive ones and duplicates are skipped. `url` is a path on
    this site (the email spells it out with WEGO_SITE_URL). Call inside the transaction of
    the change it announces: if that rolls back, nothing is sent.
    """
    people = {user.pk: user for user in recipients if user is not None and user.is_active}
    rows = Notification.objects.bulk_create(
        [Notification(recipient=user, subject=subject[:200], body=body, url=url) for user in people.values()]
    )
    if email:
        link = f"\n\n{settings.SITE_URL.rstrip('/')}{url}" if url else ""
        messages = [
            (subject, body + link, settings.DEFAULT_FROM_EMAIL, [user.email])
            for user in people.values()
            if user.email
        ]
        if messages:
            transaction.on_commit(lambda: send_mass_mail(messages, fail_silently=False))
    return rows


def notifications_mark_read(*, user) -> int:
    """Mark all of the person's unread notifications read; returns how many."""
    return user.notifications.filter(read_at__isnull=True).update(read_at=timezone.now())


def unread_count(user) -> int:
    return user.notifications.filter(read_at__isnull=True).count()
