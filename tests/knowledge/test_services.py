import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from tests.factories import CityFactory
from tests.knowledge.conftest import partner, practice
from wego.common.models import AuditEvent
from wego.knowledge.library import KnowledgeDataError
from wego.knowledge.models import Partner, Practice, PracticeText
from wego.knowledge.selectors import practices_search
from wego.knowledge.services import (
    LoadResult,
    knowledge_load,
    partners_load,
    practices_load,
    practices_reindex,
)

pytestmark = pytest.mark.django_db


def test_loading_the_same_file_twice_creates_nothing_twice(practices_file):
    path = practices_file([practice("a", "Alpha"), practice("b", "Beta")])

    first = practices_load(path)
    second = practices_load(path)

    assert first == LoadResult(created=2, updated=0, unchanged=0)
    assert second == LoadResult(created=0, updated=0, unchanged=2)
    assert Practice.objects.count() == 2
    assert PracticeText.objects.count() == 2
    assert AuditEvent.objects.filter(action="knowledge.practice_created").count() == 2


def test_changed_text_and_dropped_language_update_the_practice(practices_file):
    entry = practice("a", "Alpha")
    entry["texts"]["ko"] = dict(entry["texts"]["en"], title="알파")
    practices_load(practices_file([entry]))
    entry["texts"] = {"en": dict(entry["texts"]["en"], title="Alpha, revised")}

    result = practices_load(practices_file([entry], "second.yaml"))

    assert result == LoadResult(created=0, updated=1, unchanged=0)
    assert list(PracticeText.objects.values_list("language", "title")) == [("en", "Alpha, revised")]


def test_a_file_with_one_bad_entry_writes_nothing(practices_file):
    path = practices_file([practice("a", "Alpha"), practice("b", "Beta", indicators=["NOT.1"])])

    with pytest.raises(KnowledgeDataError):
        practices_load(path)

    assert Practice.objects.count() == 0


def test_practice_links_its_city_and_derives_dimensions_and_tags(practices_file):
    seoul = CityFactory(name="Seoul", slug="seoul")
    path = practices_file(
        [
            practice(
                "a", "Alpha", city="seoul", indicators=["PS.4", "CR.3"], modules=["integrated-call-centre"]
            )
        ]
    )

    practices_load(path)

    loaded = Practice.objects.get(slug="a")
    assert loaded.city == seoul
    assert loaded.dimension_ids == ["CR", "PS"]
    assert loaded.tags == " ind:PS.4 ind:CR.3 mod:integrated-call-centre dim:CR dim:PS "


def test_practice_of_a_city_not_in_the_database_keeps_its_name(practices_file):
    practices_load(practices_file([practice("a", "Alpha", city="atlantis", city_name="Atlantis")]))

    loaded = Practice.objects.get(slug="a")
    assert (loaded.city, loaded.city_name) == (None, "Atlantis")


def test_partners_load_is_idempotent_and_keeps_the_secretariats_settings(partners_file):
    path = partners_file([partner("x", regions=["Asia"], indicators=["PS.4"])])
    partners_load(path)
    Partner.objects.filter(slug="x").update(active=False, contact_email="desk@x.example.org")

    result = partners_load(path)

    loaded = Partner.objects.get(slug="x")
    assert result == LoadResult(created=0, updated=0, unchanged=1)
    assert (loaded.active, loaded.contact_email, loaded.regions) == (False, "desk@x.example.org", ["Asia"])


def test_shipped_library_and_partners_load():
    loaded = knowledge_load()

    assert loaded["practices"] == LoadResult(created=19, updated=0, unchanged=0)
    assert loaded["partners"] == LoadResult(created=12, updated=0, unchanged=0)
    assert PracticeText.objects.filter(practice__slug="seoul-mvoting").count() == 3


def test_load_knowledge_command_reports_counts(capsys):
    call_command("load_knowledge")

    assert capsys.readouterr().out == (
        "practices: 19 created, 0 updated, 0 unchanged\n"
        "partners: 12 created, 0 updated, 0 unchanged\n"
        "search index: 19 practices indexed\n"
    )


def test_load_knowledge_command_with_a_bad_file_says_where_and_loads_neither(practices_file, partners_file):
    good = practices_file([practice("a", "Alpha")])
    bad = partners_file([partner("new", modules=["nope"])])

    with pytest.raises(CommandError) as caught:
        call_command("load_knowledge", practices=str(good), partners=str(bad))

    assert (Practice.objects.count(), Partner.objects.count()) == (0, 0)
    assert str(caught.value) == (
        "partners.yaml, line 7, at partners[0].modules[0]: 'nope' is not a module of catalogue 'ceds-modules'"
    )


def test_reindex_rebuilds_a_lost_search_index(practices_file):
    practices_load(practices_file([practice("a", "Alpha", body="Residents vote online.")]))
    with connection.cursor() as cursor:  # what a restore or a move of the database leaves
        if connection.vendor == "sqlite":
            cursor.execute("DELETE FROM knowledge_practice_fts")
        else:
            cursor.execute("UPDATE knowledge_practicetext SET search_vector = NULL")
    lost = practices_search(query="vote").count

    indexed = practices_reindex()

    assert (lost, indexed, practices_search(query="vote").count) == (0, 1, 1)
