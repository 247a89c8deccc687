"""Full-text search of practice texts, on SQLite (FTS5) and on PostgreSQL (tsvector + GIN).

A query is cut into words first (letters and digits in any script); every word must
occur (AND), as the start of a word of the text (so a Korean noun finds its forms with
particles, 콜센터 finds 콜센터를). Quotes, asterisks, parentheses, AND/OR/NOT and NEAR are
never passed to the database as syntax: on SQLite each word becomes a quoted FTS5 prefix
string ("word"*), on PostgreSQL a quoted tsquery prefix ('word':*) of a word that holds only
letters and digits. So no query can raise.

SQLite: one FTS5 table `knowledge_practice_fts` (created by migration 0003 only on
SQLite), one row per practice text, tokenised by `porter unicode61`; rank = bm25 with the
title weighted ten times the body. PostgreSQL: `PracticeText.search_vector` holds
title (weight A) and body (weight B) in the text's own language configuration (english,
spanish, french, russian, arabic; simple for Korean), with a GIN index (migration 0003,
only on PostgreSQL); rank = ts_rank. Both are written by `index_practice` (services call it).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import F, Q, Value

from wego.knowledge.models import PRACTICE_LANGUAGES

FTS_TABLE = "knowledge_practice_fts"
TITLE_WEIGHT = 10.0
BODY_WEIGHT = 1.0
_WORD = re.compile(r"\w+", re.UNICODE)
_MAX_WORDS = 12
_OPERATORS = {"and", "or", "not", "near"}


def query_words(query: str) -> list[str]:
    """The words of a user's query, lower-cased, without any search syntax."""
    words = [w.lower() for w in _WORD.findall(query or "") if w.strip("_")]
    # Search operators typed as words mean nothing here (and read the same on both databases).
    plain = [w for w in words if w not in _OPERATORS]
    return (plain or words)[:_MAX_WORDS]


def fts5_match(words: Iterable[str]) -> str:
    """An FTS5 MATCH expression requiring every word as a prefix, each quoted (so never syntax)."""
    return " ".join('"' + w.replace('"', '""') + '"*' for w in words)


def tsquery_text(words: Iterable[str]) -> str:
    """A to_tsquery text requiring every word as a prefix; words hold letters and digits only."""
    return " & ".join("'" + w.replace("'", "") + "':*" for w in words)


def body_of(text, city_name: str) -> str:
    """Everything searchable of a practice text except its title."""
    parts = [city_name, text.summary, text.problem, text.solution, text.results, *(text.figures or [])]
    return "\n".join(p for p in parts if p)


def index_practice(practice, texts: list) -> None:
    """Bring the search index of one practice up to date with its texts (inside the caller's transaction)."""
    vendor = connection.vendor
    if vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {FTS_TABLE} WHERE practice_id = %s", [practice.pk])
            cursor.executemany(
                f"INSERT INTO {FTS_TABLE} (text_id, practice_id, language, title, body) VALUES (%s, %s, %s, %s, %s)",
                [(t.pk, practice.pk, t.language, t.title, body_of(t, practice.city_name)) for t in texts],
            )
    elif vendor == "postgresql":
        from wego.knowledge.models import PracticeText

        for text in texts:
            config = Value(text.search_config)
            PracticeText.objects.filter(pk=text.pk).update(
                search_vector=SearchVector(Value(text.title), weight="A", config=config)
                + SearchVector(Value(body_of(text, practice.city_name)), weight="B", config=config)
            )


def reindex_all() -> int:
    """Rebuild the whole search index from the practice texts (after a restore or a move of
    the database, which copy model tables only). Returns the number of practices indexed."""
    from wego.knowledge.models import Practice

    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {FTS_TABLE}")
    practices = list(Practice.objects.prefetch_related("texts"))
    for practice in practices:
        index_practice(practice, list(practice.texts.all()))
    return len(practices)


def ranked_practice_ids(query: str, *, language: str = "", limit: int = 500) -> list[int]:
    """Ids of the practices whose texts match every word of `query`, best first.

    A practice matching in several languages counts once, with its best rank. An empty
    query (no words) gives an empty list: the caller lists without searching.
    """
    words = query_words(query)
    if not words:
        return []
    if connection.vendor == "sqlite":
        # bm25 is lower for a better match; a practice's best text stands for it (bm25
        # cannot be aggregated in SQL, so duplicates are dropped here).
        sql = (
            f"SELECT practice_id FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s"
            + (" AND language = %s" if language else "")
            + f" ORDER BY bm25({FTS_TABLE}, 0, 0, 0, %s, %s), practice_id LIMIT %s"
        )
        params: list = [fts5_match(words), *([language] if language else []), TITLE_WEIGHT, BODY_WEIGHT]
        params.append(limit * len(PRACTICE_LANGUAGES))
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return _unique([row[0] for row in cursor.fetchall()], limit)
    from wego.knowledge.models import PracticeText

    # One constant query per configuration (so the GIN index serves each), ORed; each text
    # is matched with the configuration of its own language.
    phrase = tsquery_text(words)
    languages = [language] if language else list(PRACTICE_LANGUAGES)
    configs = sorted({PRACTICE_LANGUAGES[code][0] for code in languages})
    match = Q()
    for config in configs:
        match |= Q(search_config=config, search_vector=SearchQuery(phrase, search_type="raw", config=config))
    texts = PracticeText.objects.filter(match)
    if language:
        texts = texts.filter(language=language)
    search = SearchQuery(phrase, search_type="raw", config=F("search_config"))
    rows = (
        texts.annotate(rank=SearchRank(F("search_vector"), search))
        .order_by("-rank", "practice_id")
        .values_list("practice_id", flat=True)
    )
    return _unique(list(rows[: limit * len(PRACTICE_LANGUAGES)]), limit)


def _unique(ids: list[int], limit: int) -> list[int]:
    return list(dict.fromkeys(ids))[:limit]
