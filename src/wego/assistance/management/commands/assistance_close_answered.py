"""Close eGovFrame support requests answered 30 days ago or more without a reply from the city.

Run daily (cron or the scheduler): `python -m django assistance_close_answered`.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand

from wego.assistance.services import ANSWERED_CLOSE_DAYS, assistance_close_unanswered


class Command(BaseCommand):
    help = f"Close eGovFrame support requests answered {ANSWERED_CLOSE_DAYS} days ago or more without reply."

    def handle(self, *args, **options) -> None:
        closed = assistance_close_unanswered()
        for assistance in closed:
            self.stdout.write(f"closed #{assistance.pk} {assistance.city}: {assistance.title}")
        self.stdout.write(f"{len(closed)} request(s) closed.")
