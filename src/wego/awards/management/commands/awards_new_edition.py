"""Create an awards edition with a shipped category set, the default criteria and one panel per category."""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from wego.awards.archive import shipped
from wego.awards.services import edition_create


def _moment(text: str) -> dt.datetime:
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError as exc:
        raise CommandError(f"{text!r} is not a date and time (use e.g. 2027-03-31T15:00)") from exc
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


class Command(BaseCommand):
    help = "Create an awards edition (deadline in UTC unless an offset is given)."

    def add_arguments(self, parser):
        parser.add_argument("--number", type=int, required=True)
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--title", required=True)
        parser.add_argument("--categories", required=True, choices=sorted(shipped()["category_sets"]))
        parser.add_argument("--opens", required=True, help="applications open, ISO 8601")
        parser.add_argument("--deadline", required=True, help="application deadline, ISO 8601")
        parser.add_argument("--grace-minutes", type=int, default=0)
        parser.add_argument("--general-assembly", default="")

    def handle(self, *args, **options):
        from wego.awards.models import Edition

        if Edition.objects.filter(number=options["number"]).exists():
            raise CommandError(f"edition {options['number']} exists already")
        edition = edition_create(
            number=options["number"],
            year=options["year"],
            title=options["title"],
            category_set=options["categories"],
            actor=None,
            general_assembly=options["general_assembly"],
            applications_open_at=_moment(options["opens"]),
            applications_close_at=_moment(options["deadline"]),
            grace_minutes=options["grace_minutes"],
        )
        self.stdout.write(
            f"created {edition.title}: {edition.categories.count()} categories, deadline {edition.applications_close_at:%Y-%m-%d %H:%M} UTC"
        )
