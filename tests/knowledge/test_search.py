"""Search gives the same results on SQLite (FTS5) and PostgreSQL (tsvector): run on both."""

import pytest
from django.db import connection

from tests.knowledge.conftest import practice
from wego.knowledge.search import fts5_match, query_words, tsquery_text
from wego.knowledge.selectors import practices_search
from wego.knowledge.services import practices_load

pytestmark = pytest.mark.django_db


@pytest.fixture
def library(practices_file):
    call_centre = practice(
        "call-centre",
        "Integrated call centre",
        body="One short number answers residents day and night, by phone and chat.",
        indicators=["PS.4", "CR.3"],
        modules=["integrated-call-centre"],
        year=2007,
    )
    call_centre["texts"]["es"] = dict(
        call_centre["texts"]["en"],
        title="Centro de llamadas integrado",
        summary="Un número corto atiende a los residentes.",
        solution="Los asesores responden llamadas de día y de noche.",
    )
    call_centre["texts"]["ko"] = dict(
        call_centre["texts"]["en"], title="다산콜센터", summary="하나의 번호로 시민 상담을 받습니다."
    )
    voting = practice(
        "mobile-voting",
        "Mobile voting app",
        body="Residents vote on policy questions; a call for proposals opens every spring.",
        indicators=["CR.4"],
        modules=["e-participation-mvoting"],
        region="Europe",
        country="FRA",
        year=2013,
    )
    open_data = practice(
        "open-data",
        "Open data portal",
        body="Datasets published with an open licence and an API.",
        indicators=["PI.4"],
        modules=["open-data-portal"],
        region="Americas",
        country="BRA",
        year=2015,
    )
    practices_load(practices_file([call_centre, voting, open_data]))


def slugs(**kwargs) -> list[str]:
    return [view.practice.slug for view in practices_search(**kwargs).views]


def test_search_ranks_a_title_match_above_a_body_match(library):
    assert slugs(query="call") == ["call-centre", "mobile-voting"]


def test_search_requires_every_word(library):
    assert slugs(query="call proposals") == ["mobile-voting"]


def test_search_stems_english_words(library):
    assert slugs(query="voted residents") == ["mobile-voting"]


def test_search_finds_spanish_and_korean_texts(library):
    assert slugs(query="llamadas") == ["call-centre"]
    assert slugs(query="다산콜센터") == ["call-centre"]


def test_search_in_one_language_ignores_the_others(library):
    assert slugs(query="llamadas", language="en") == []
    assert slugs(query="phone", language="es") == []
    assert slugs(query="residentes", language="es") == ["call-centre"]


def test_results_are_shown_in_the_requested_language_or_english(library):
    views = practices_search(query="call", display_language="es").views

    assert [(v.practice.slug, v.language, v.text.title) for v in views] == [
        ("call-centre", "es", "Centro de llamadas integrado"),
        ("mobile-voting", "en", "Mobile voting app"),
    ]


def test_filters_by_dimension_module_region_and_language(library):
    assert slugs(dimension="CR") == ["mobile-voting", "call-centre"]
    assert slugs(dimension="PI") == ["open-data"]
    assert slugs(module="integrated-call-centre") == ["call-centre"]
    assert slugs(region="Europe") == ["mobile-voting"]
    assert slugs(language="ko") == ["call-centre"]
    assert slugs(query="call", dimension="PS") == ["call-centre"]


def test_listing_without_words_is_newest_first_with_a_count(library):
    result = practices_search()

    assert ([v.practice.slug for v in result.views], result.count) == (
        ["open-data", "mobile-voting", "call-centre"],
        3,
    )


@pytest.mark.parametrize(
    "query",
    [
        '"call',
        "call*",
        "call AND (centre",
        "(call OR",
        "NEAR(call centre)",
        "call -centre",
        "title:call",
        "^call",
        "call'",
        "call\\",
        "call;--",
        "call:*",
        "call & !centre | x",
    ],
)
def test_search_syntax_in_a_query_never_raises_and_reads_as_words(library, query):
    assert slugs(query=query) == slugs(query=" ".join(query_words(query)))


def test_quoted_and_starred_words_find_what_the_plain_words_find(library):
    assert slugs(query='"call') == ["call-centre", "mobile-voting"]
    assert slugs(query="call AND (centre*)") == ["call-centre"]
    assert slugs(query="title:call") == []


@pytest.mark.parametrize("query", ['"', "*", "()", "AND", "OR NOT", "   ", "NEAR", ":", "-"])
def test_a_query_of_only_syntax_never_raises(library, query):
    result = practices_search(query=query)

    assert isinstance(result.count, int)


def test_the_index_follows_a_changed_practice(library, practices_file):
    changed = practice("open-data", "Open government data", body="Tables released under a licence.")

    practices_load(practices_file([changed], "changed.yaml"))

    assert slugs(query="datasets") == []
    assert slugs(query="tables") == ["open-data"]


def test_query_words_drop_operators_and_punctuation():
    assert query_words('"Call" AND (centre*) OR NOT near') == ["call", "centre"]
    assert query_words("AND") == ["and"]
    assert fts5_match(["say", 'x"y']) == '"say"* "x""y"*'
    assert tsquery_text(["call", "콜센터"]) == "'call':* & '콜센터':*"


def test_search_runs_on_the_database_in_use():
    assert connection.vendor in ("sqlite", "postgresql")


def test_a_korean_noun_finds_its_forms_with_particles(library):
    assert slugs(query="상담") == ["call-centre"]
    assert slugs(query="번호") == ["call-centre"]
