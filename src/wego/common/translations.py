"""The interface catalogues: keep them in step with the code, compile them, check them.

The catalogues live in `src/wego/locale/<language>/LC_MESSAGES/django.po`; the compiled
`.mo` files are shipped beside them, so an installation needs no gettext tools. This
module compiles with polib (pure Python) and checks what CI insists on: every message
translated in every plural form, nothing fuzzy, the same placeholders as the English, and
each `.mo` holding exactly what its `.po` says.
"""

from __future__ import annotations

import gettext
import re
from dataclasses import dataclass
from pathlib import Path

import polib
from django.conf import settings

LOCALE_DIR = Path(settings.LOCALE_PATHS[0])

# The gettext plural rule of each language (from the Unicode CLDR plural rules).
PLURAL_FORMS = {
    "ko": "nplurals=1; plural=0;",
    "es": "nplurals=2; plural=(n != 1);",
    "fr": "nplurals=2; plural=(n > 1);",
    "ru": (
        "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && "
        "(n%100<10 || n%100>=20) ? 1 : 2);"
    ),
    "ar": (
        "nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : n%100>=11 ? 4 : 5);"
    ),
}

# Python named placeholders (%(name)s), positional ones (%s, %d) and Django's {{ }} / {}.
_PLACEHOLDER = re.compile(r"%\([a-z_0-9]+\)[sdifr]|%[sdif]|\{[a-z_0-9]*\}", re.IGNORECASE)


def translated_languages() -> list[str]:
    """Every interface language but English, which is the source."""
    return [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]


def catalogue_path(language: str) -> Path:
    return LOCALE_DIR / language / "LC_MESSAGES" / "django.po"


@dataclass(frozen=True)
class Problem:
    language: str
    line: int
    msgid: str
    reason: str

    def __str__(self) -> str:
        return f"{self.language}/django.po, line {self.line}: {self.reason}: {self.msgid[:70]!r}"


def _placeholders(text: str) -> list[str]:
    return sorted(_PLACEHOLDER.findall(text))


def _numbers_per_form(plural_forms: str, nplurals: int) -> dict[int, int]:
    """How many of the numbers 1..1000 each plural form is used for (zero is left out: French
    says "0 fichier" with the form of one, and no message counts zero winners)."""
    rule = gettext.c2py(plural_forms.split("plural=", 1)[1].rstrip(";"))
    counts = dict.fromkeys(range(nplurals), 0)
    for n in range(1, 1001):
        counts[rule(n)] += 1
    return counts


def check_catalogue(language: str) -> list[Problem]:
    """What keeps this catalogue from being shipped; an empty list means none."""
    path = catalogue_path(language)
    if not path.exists():
        return [Problem(language, 0, "", "the catalogue is missing")]
    po = polib.pofile(str(path))
    problems = []
    expected_plural = PLURAL_FORMS.get(language)
    if expected_plural and po.metadata.get("Plural-Forms") != expected_plural:
        problems.append(Problem(language, 1, "", f"Plural-Forms should be {expected_plural!r}"))
    nplurals = int(re.search(r"nplurals=(\d+)", expected_plural or "nplurals=2").group(1))
    numbers = _numbers_per_form(expected_plural or "nplurals=2; plural=(n != 1);", nplurals)
    for entry in po:
        if entry.obsolete:
            continue
        if "fuzzy" in entry.flags:
            problems.append(Problem(language, entry.linenum, entry.msgid, "fuzzy"))
            continue
        if entry.msgid_plural:
            forms = entry.msgstr_plural
            if len(forms) != nplurals or not all(forms.get(i) for i in range(nplurals)):
                problems.append(
                    Problem(language, entry.linenum, entry.msgid, f"needs {nplurals} plural forms")
                )
                continue
            wanted = _placeholders(entry.msgid_plural)
            for index, text in forms.items():
                found = _placeholders(text)
                # Only a form used for a single number ("one file") may leave the number out.
                complete = found == wanted or (numbers[index] <= 1 and set(found) <= set(wanted))
                if not complete:
                    problems.append(
                        Problem(language, entry.linenum, entry.msgid, f"placeholders differ in form {index}")
                    )
                    break
            continue
        if not entry.msgstr:
            problems.append(Problem(language, entry.linenum, entry.msgid, "not translated"))
        elif _placeholders(entry.msgstr) != _placeholders(entry.msgid):
            problems.append(Problem(language, entry.linenum, entry.msgid, "placeholders differ"))
    return problems


def compile_catalogue(language: str) -> Path:
    """Write the `.mo` beside the `.po` (untranslated and fuzzy entries are left out)."""
    path = catalogue_path(language)
    po = polib.pofile(str(path))
    target = path.with_suffix(".mo")
    po.save_as_mofile(str(target))
    return target


def compiled_matches(language: str) -> bool:
    """Whether the shipped `.mo` holds exactly the translated entries of the `.po`."""
    path = catalogue_path(language)
    mo_path = path.with_suffix(".mo")
    if not mo_path.exists():
        return False
    po = polib.pofile(str(path))
    mo = polib.mofile(str(mo_path))

    def entries(catalogue, *, from_po: bool):
        result = {}
        for entry in catalogue:
            if from_po and (entry.obsolete or "fuzzy" in entry.flags or not entry.translated()):
                continue
            key = (entry.msgctxt or "", entry.msgid)
            value = tuple(sorted(entry.msgstr_plural.items())) if entry.msgid_plural else entry.msgstr
            result[key] = value
        return result

    return entries(po, from_po=True) == entries(mo, from_po=False)


def statistics(language: str) -> tuple[int, int]:
    """(translated messages, all messages) of a catalogue."""
    po = polib.pofile(str(catalogue_path(language)))
    live = [e for e in po if not e.obsolete]
    return sum(1 for e in live if e.translated() and "fuzzy" not in e.flags), len(live)
