from django.core.management.base import BaseCommand, CommandError

from wego.assessments.services import framework_load
from wego.scoring import FrameworkError, shipped_frameworks
from wego.scoring.framework import resolve_framework_path


class Command(BaseCommand):
    help = "Load framework files (default: the shipped ones). A changed file becomes a new version."

    def add_arguments(self, parser):
        parser.add_argument(
            "files", nargs="*", help="framework YAML files or shipped names; none: all shipped frameworks"
        )

    def handle(self, *args, files, **options):
        paths = [resolve_framework_path(f) for f in files] or list(shipped_frameworks().values())
        for path in paths:
            try:
                version, created = framework_load(path=path)
            except FrameworkError as exc:
                raise CommandError(exc.describe()) from None
            state = "loaded as a new version" if created else "unchanged"
            self.stdout.write(f"{path.name}: {version} {state}")
