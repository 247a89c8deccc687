"""Publish the results of every vote whose voting window has closed (run it from cron, e.g. every minute).

Results are also published the first time anyone opens a closed vote's page or API entry;
this command makes the announcement go out on time when nobody is looking.
"""

from django.core.management.base import BaseCommand

from wego.governance.services import votes_publish_due


class Command(BaseCommand):
    help = "Publish the results of votes whose voting window has closed."

    def handle(self, *args, **options) -> None:
        published = votes_publish_due()
        for vote in published:
            self.stdout.write(f"published: {vote.pk} {vote.title} ({vote.outcome})")
        self.stdout.write(f"{len(published)} vote(s) published")
