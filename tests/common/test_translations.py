"""The shipped catalogues: complete, consistent with the code, compiled; and the checker that
CI relies on does catch what it must."""

import os
import shutil
from pathlib import Path

import polib
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings

from wego.common import translations

LANGUAGES = ["ko", "es", "fr", "ru", "ar"]
SOURCE = Path(translations.LOCALE_DIR).parent


def test_every_interface_language_has_a_catalogue():
    assert translations.translated_languages() == LANGUAGES


@pytest.mark.parametrize("language", LANGUAGES)
def test_shipped_catalogue_is_complete_and_its_compiled_file_matches(language):
    done, total = translations.statistics(language)

    assert translations.check_catalogue(language) == []
    assert done == total
    assert translations.compiled_matches(language)


def test_catalogues_hold_the_same_messages():
    totals = {language: translations.statistics(language)[1] for language in LANGUAGES}

    assert len(set(totals.values())) == 1, totals


def test_catalogues_hold_every_message_of_the_code_and_no_other(tmp_path):
    """Run the extraction into a scratch folder and compare: a new message in a template or
    in Python, not yet in the catalogues, fails here (CI runs this)."""
    if shutil.which("xgettext") is None:
        message = "needs GNU gettext's xgettext (Debian package gettext) to extract messages"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"CI=true: {message}", pytrace=False)
        pytest.skip(message)
    # makemessages writes next to the sources it reads: give it a copy, never the real tree.
    copy = tmp_path / "wego"
    shutil.copytree(SOURCE, copy, ignore=shutil.ignore_patterns("locale", "static", "__pycache__"))
    previous = Path.cwd()
    os.chdir(copy)
    try:
        with override_settings(LOCALE_PATHS=[str(copy / "locale")]):
            call_command("makemessages", locale=["ko"], verbosity=0)
    finally:
        os.chdir(previous)
    extracted = {(e.msgctxt, e.msgid) for e in polib.pofile(str(copy / "locale/ko/LC_MESSAGES/django.po"))}
    shipped = {(e.msgctxt, e.msgid) for e in polib.pofile(str(translations.catalogue_path("ko")))}

    assert sorted(extracted - shipped) == []
    assert sorted(shipped - extracted) == []


@pytest.fixture
def scratch_catalogue(tmp_path, monkeypatch):
    """A Russian catalogue in a scratch locale folder, written by the test."""
    monkeypatch.setattr(translations, "LOCALE_DIR", tmp_path)

    def write(entries):
        po = polib.POFile()
        po.metadata = {
            "Content-Type": "text/plain; charset=UTF-8",
            "Language": "ru",
            "Plural-Forms": translations.PLURAL_FORMS["ru"],
        }
        for entry in entries:
            po.append(entry)
        path = tmp_path / "ru" / "LC_MESSAGES" / "django.po"
        path.parent.mkdir(parents=True, exist_ok=True)
        po.save(str(path))
        return path

    return write


def test_checker_names_untranslated_fuzzy_and_broken_messages(scratch_catalogue):
    scratch_catalogue(
        [
            polib.POEntry(msgid="Save", msgstr="Сохранить"),
            polib.POEntry(msgid="Cancel", msgstr=""),
            polib.POEntry(msgid="Close", msgstr="Закрыть", flags=["fuzzy"]),
            polib.POEntry(msgid="Hello %(name)s", msgstr="Привет, %(nom)s"),
            polib.POEntry(
                msgid="%(n)s file",
                msgid_plural="%(n)s files",
                msgstr_plural={0: "%(n)s файл", 1: "%(n)s файла"},
            ),
            # Form 0 of Russian is for 1, 21, 31...: it must say the number.
            polib.POEntry(
                msgid="one city",
                msgid_plural="%(n)s cities",
                msgstr_plural={0: "один город", 1: "%(n)s города", 2: "%(n)s городов"},
            ),
        ]
    )

    problems = [(p.reason, p.msgid) for p in translations.check_catalogue("ru")]

    assert problems == [
        ("not translated", "Cancel"),
        ("fuzzy", "Close"),
        ("placeholders differ", "Hello %(name)s"),
        ("needs 3 plural forms", "%(n)s file"),
        ("placeholders differ in form 0", "one city"),
    ]


def test_a_form_for_a_single_number_may_leave_the_number_out(scratch_catalogue, monkeypatch):
    monkeypatch.setitem(translations.PLURAL_FORMS, "ru", translations.PLURAL_FORMS["es"])
    path = scratch_catalogue(
        [
            polib.POEntry(
                msgid="one city",
                msgid_plural="%(n)s cities",
                msgstr_plural={0: "una ciudad", 1: "%(n)s ciudades"},
            )
        ]
    )
    po = polib.pofile(str(path))
    po.metadata["Plural-Forms"] = translations.PLURAL_FORMS["es"]
    po.save()

    assert translations.check_catalogue("ru") == []


def test_compiled_file_out_of_date_is_noticed_and_compiling_fixes_it(scratch_catalogue):
    path = scratch_catalogue([polib.POEntry(msgid="Save", msgstr="Сохранить")])
    translations.compile_catalogue("ru")
    po = polib.pofile(str(path))
    po.append(polib.POEntry(msgid="Open", msgstr="Открыть"))
    po.save()

    stale = translations.compiled_matches("ru")
    translations.compile_catalogue("ru")

    assert stale is False
    assert translations.compiled_matches("ru") is True
    assert {e.msgid: e.msgstr for e in polib.mofile(str(path.with_suffix(".mo")))} == {
        "Save": "Сохранить",
        "Open": "Открыть",
    }


def test_check_command_fails_with_the_count_of_problems(scratch_catalogue, capsys):
    scratch_catalogue([polib.POEntry(msgid="Save", msgstr="")])
    translations.compile_catalogue("ru")

    with pytest.raises(CommandError, match=r"^1 problems; \.mo out of date: none$"):
        call_command("translations", "check", "--language", "ru")

    output = capsys.readouterr().out
    assert "ru: 0 of 1 messages translated" in output
    assert "ru/django.po, line 8: not translated: 'Save'" in output
