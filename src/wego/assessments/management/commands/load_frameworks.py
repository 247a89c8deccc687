from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from wego.assessments.services import framework_load
from wego.scoring import FrameworkError, load_framework, shipped_frameworks
from wego.scoring.framework import resolve_framework_path


class Command(BaseCommand):
    help = (
        "Load framework files (default: the shipped ones). A changed file becomes a new version. "
        "All files are checked first: with a problem in any of them, none is loaded."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "files", nargs="*", help="framework YAML files or shipped names; none: all shipped frameworks"
        )

    def handle(self, *args, files, **options):
        paths = [resolve_framework_path(f) for f in files] or list(shipped_frameworks().values())
        try:
            for path in paths:  # every file valid before any is stored
                load_framework(path)
            with transaction.atomic():
                loaded = [(path, *framework_load(path=path)) for path in paths]
        except FrameworkError as exc:
            raise CommandError(exc.describe(), returncode=2) from None
        for path, version, created in loaded:
            state = "loaded as a new version" if created else "unchanged"
            self.stdout.write(f"{path.name}: {version} {state}")
