"""`wego translations update|compile|check`: the interface catalogues of every language."""

from __future__ import annotations

import polib
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from wego.common import translations


class Command(BaseCommand):
    help = (
        "update: collect the messages of the code into every catalogue; compile: write the .mo "
        "files; check: list untranslated, fuzzy or inconsistent messages (exit 1 if any)."
    )

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["update", "compile", "check"])
        parser.add_argument(
            "--language",
            action="append",
            choices=translations.translated_languages(),
            help="only this language (repeatable); all of them by default",
        )

    def handle(self, *args, action, language, **options):
        languages = language or translations.translated_languages()
        if action == "update":
            self._update(languages)
        elif action == "compile":
            for code in languages:
                path = translations.compile_catalogue(code)
                self.stdout.write(f"{code}: wrote {path.name}")
        else:
            problems = [p for code in languages for p in translations.check_catalogue(code)]
            for code in languages:
                done, total = translations.statistics(code)
                stale = "" if translations.compiled_matches(code) else "; django.mo is out of date"
                self.stdout.write(f"{code}: {done} of {total} messages translated{stale}")
            for problem in problems[:200]:
                self.stdout.write(str(problem))
            stale = [c for c in languages if not translations.compiled_matches(c)]
            if problems or stale:
                raise CommandError(f"{len(problems)} problems; .mo out of date: {', '.join(stale) or 'none'}")

    def _update(self, languages):
        root = translations.LOCALE_DIR.parent
        import os

        previous = os.getcwd()
        try:
            os.chdir(root)
            call_command(
                "makemessages",
                locale=languages,
                ignore_patterns=["static/*"],
                no_obsolete=True,
                verbosity=0,
            )
        finally:
            os.chdir(previous)
        for code in languages:
            path = translations.catalogue_path(code)
            po = polib.pofile(str(path))
            po.metadata.update(
                {
                    "Project-Id-Version": "wego",
                    "Language": code,
                    "Plural-Forms": translations.PLURAL_FORMS[code],
                    "Content-Type": "text/plain; charset=UTF-8",
                }
            )
            for key in ("Report-Msgid-Bugs-To", "Last-Translator", "Language-Team"):
                po.metadata.pop(key, None)
            po.header = "Interface messages of the WeGO platform."
            po.metadata_is_fuzzy = False
            po.save()
            done, total = translations.statistics(code)
            self.stdout.write(f"{code}: {done} of {total} messages translated")
