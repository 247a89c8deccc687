import pytest

from tests.knowledge.conftest import partner, practice, write
from wego.knowledge.library import (
    KnowledgeDataError,
    partners_parse,
    partners_read,
    practices_parse,
    practices_read,
)


def test_shipped_practices_file_is_valid_and_seeds_seoul_and_award_winners():
    parsed = practices_read()

    slugs = [p.slug for p in parsed.practices]
    assert len(slugs) == 19
    assert {
        "seoul-mobile-seoul",
        "seoul-120-dasan-call-center",
        "seoul-mvoting",
        "seoul-oasis",
        "seoul-owl-bus",
        "seoul-smart-seoul-map",
        "seoul-free-public-wifi",
        "seoul-digital-seoul-2020",
        "surrey-mobile-building-inspections",
        "sao-paulo-free-fab-lab-network",
    } <= set(slugs)
    awards = sorted((p.award.edition, p.city_name) for p in parsed.practices if p.award)
    assert awards == [
        (2012, "Surrey"),
        (2014, "Bangalore"),
        (2014, "Helsinki"),
        (2014, "New Taipei"),
        (2014, "Seoul"),
        (2014, "Taipei"),
        (2020, "Belo Horizonte"),
        (2020, "George Town"),
        (2020, "Jakarta"),
        (2020, "Mexico City"),
        (2020, "São Paulo"),
    ]


def test_shipped_seoul_practices_are_in_english_korean_and_spanish():
    parsed = practices_read()

    seoul = [p for p in parsed.practices if p.city == "seoul" and p.award is None]

    assert len(seoul) == 8
    assert all(sorted(p.texts) == ["en", "es", "ko"] for p in seoul)
    assert all(p.sources for p in parsed.practices)


def test_shipped_partners_file_is_valid():
    parsed = partners_read()

    assert [p.slug for p in parsed.partners] == [
        "un-desa",
        "unpog",
        "world-bank",
        "itu",
        "undp",
        "un-habitat",
        "adb",
        "idb",
        "nia-korea",
        "koica",
        "tm-forum",
        "iias",
    ]


def _problems(text: str, parse=practices_parse) -> list[str]:
    with pytest.raises(KnowledgeDataError) as caught:
        parse(text, "practices.yaml")
    return caught.value.describe().splitlines()


def test_unknown_indicator_and_module_are_named_with_line_and_path(tmp_path):
    path = write(
        tmp_path / "p.yaml", "practices", [practice("a", "A", indicators=["PS.4", "XX.9"], modules=["nope"])]
    )

    problems = _problems(path.read_text())

    assert problems == [
        "practices.yaml, line 7, at practices[0].indicators[1]: 'XX.9' is not an indicator of framework 'ceds'",
        "practices.yaml, line 9, at practices[0].modules[0]: 'nope' is not a module of catalogue 'ceds-modules'",
    ]


def test_practice_without_english_text_is_refused(tmp_path):
    entry = practice("a", "A")
    entry["texts"] = {"ko": entry["texts"]["en"]}
    path = write(tmp_path / "p.yaml", "practices", [entry])

    problems = _problems(path.read_text())

    assert problems == ["practices.yaml, line 13, at practices[0].texts: an English text ('en') is required"]


def test_unknown_region_and_unknown_key_are_refused_with_their_lines(tmp_path):
    path = write(
        tmp_path / "p.yaml",
        "practices",
        [practice("a", "A"), practice("a", "B", region="Atlantis"), practice("c", "C", colour="red")],
    )

    problems = _problems(path.read_text())

    assert problems == [
        "practices.yaml, line 22, at practices[1].region: Input should be 'Africa', 'Americas', 'Asia', "
        "'Europe' or 'Oceania'",
        "practices.yaml, line 34, at practices[2]: unknown key 'colour'",
    ]


def test_duplicate_slug_is_refused(tmp_path):
    path = write(tmp_path / "p.yaml", "practices", [practice("a", "A"), practice("a", "B")])

    assert _problems(path.read_text()) == [
        "practices.yaml, line 23, at practices[1].slug: duplicate slug 'a'"
    ]


def test_invalid_yaml_is_refused_with_its_line():
    assert _problems("format: 1\npractices: [\n") == [
        "practices.yaml, line 3: not valid YAML: did not find expected node content"
    ]


def test_partner_with_unknown_module_is_refused(tmp_path):
    path = write(
        tmp_path / "p.yaml", "partners", [partner("x", modules=["mobile-city-portal", "warp-drive"])]
    )

    problems = _problems(path.read_text(), partners_parse)

    assert problems == [
        "practices.yaml, line 8, at partners[0].modules[1]: 'warp-drive' is not a module of catalogue 'ceds-modules'"
    ]
