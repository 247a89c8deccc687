from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from wego.knowledge.library import KnowledgeDataError
from wego.knowledge.services import partners_load, practices_load, practices_reindex


class Command(BaseCommand):
    help = (
        "Load the practice library and the development partners (default: the shipped data files). "
        "Safe to run again: entries are matched by slug. Rebuilds the search index of every practice "
        "(run it after a restore or a move to another database)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--practices", help="a practices YAML file (default: the shipped library)")
        parser.add_argument("--partners", help="a partners YAML file (default: the shipped list)")

    def handle(self, *args, practices=None, partners=None, **options):
        try:
            with transaction.atomic():  # both files, or nothing
                loaded_practices = practices_load(practices) if practices else practices_load()
                loaded_partners = partners_load(partners) if partners else partners_load()
                indexed = practices_reindex()
        except KnowledgeDataError as exc:
            raise CommandError(exc.describe(), returncode=2) from None
        self.stdout.write(f"practices: {loaded_practices}")
        self.stdout.write(f"partners: {loaded_partners}")
        self.stdout.write(f"search index: {indexed} practices indexed")
