"""Remind recommenders whose letters are due within a week or late (run daily, e.g. from cron)."""

from django.core.management.base import BaseCommand

from wego.awards.services import recommendations_remind


class Command(BaseCommand):
    help = "Remind recommenders whose recommendation letters are due soon or late."

    def handle(self, *args, **options):
        count = recommendations_remind()
        self.stdout.write(f"{count} recommenders reminded")
