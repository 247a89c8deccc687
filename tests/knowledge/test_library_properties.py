"""Malformed and random practices and partners files: parsed or refused with a KnowledgeDataError."""

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.knowledge.conftest import partner, practice
from tests.strategies import DELETE, changed, junk, paths
from wego.knowledge.library import (
    KnowledgeDataError,
    partners_parse,
    partners_read,
    practices_parse,
    practices_read,
)

fast = settings(
    max_examples=50,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
PRACTICE = practice(
    "alpha", "Alpha", city="seoul", year=2020, award={"edition": 2020, "category": "A", "prize": "B"}
)
PARTNER = partner("unit", regions=["Asia"], indicators=["GM.1"], modules=[])


def _parsed_or_refused(parse, text, source):
    error = None
    try:
        return parse(text, source)
    except KnowledgeDataError as exc:
        error = exc
    if error is not None:
        assert error.problems
        assert all(
            line.startswith(source) for line in error.describe().splitlines() if not line.startswith("...")
        )
        return None


@fast
@given(text=st.text(max_size=300))
def test_arbitrary_text_is_parsed_or_refused(text):
    _parsed_or_refused(practices_parse, text, "practices.yaml")
    _parsed_or_refused(partners_parse, text, "partners.yaml")


@fast
@given(path=st.sampled_from([p for p in paths(PRACTICE) if p]), value=st.one_of(junk, st.just(DELETE)))
def test_one_random_change_to_a_practice_is_parsed_or_refused_by_line_and_path(path, value):
    text = yaml.safe_dump({"format": 1, "practices": [changed(PRACTICE, path, value)]}, allow_unicode=True)
    _parsed_or_refused(practices_parse, text, "practices.yaml")


@fast
@given(path=st.sampled_from([p for p in paths(PARTNER) if p]), value=st.one_of(junk, st.just(DELETE)))
def test_one_random_change_to_a_partner_is_parsed_or_refused_by_line_and_path(path, value):
    text = yaml.safe_dump({"format": 1, "partners": [changed(PARTNER, path, value)]}, allow_unicode=True)
    _parsed_or_refused(partners_parse, text, "partners.yaml")


def _yaml(key, entry):
    return yaml.safe_dump({"format": 1, key: [entry]}, allow_unicode=True, sort_keys=False)


@pytest.mark.parametrize(
    ("key", "entry", "problem"),
    [
        (
            "practices",
            dict(PRACTICE, city_name="X" * 121),
            (None, "practices[0].city_name", "String should have at most 120 characters"),
        ),
        (
            "practices",
            dict(PRACTICE, award={"edition": 2020, "category": "C" * 101, "prize": "B"}),
            (None, "practices[0].award.category", "String should have at most 100 characters"),
        ),
        (
            "practices",
            dict(PRACTICE, year=-5),
            (None, "practices[0].year", "Input should be greater than or equal to 1990"),
        ),
        (
            "practices",
            dict(PRACTICE, year=10**20),
            (None, "practices[0].year", "Input should be less than or equal to 2100"),
        ),
        (
            "partners",
            dict(PARTNER, name="N" * 201),
            (None, "partners[0].name", "String should have at most 200 characters"),
        ),
        (
            "partners",
            dict(PARTNER, website="https://example.org/" + "p" * 200),
            (None, "partners[0].website", "the web address is longer than 200 characters"),
        ),
        (
            "partners",
            dict(PARTNER, regions="Asia"),
            (None, "partners[0].regions", "Input should be a valid list"),
        ),
    ],
    ids=[
        "long-city-name",
        "long-award-category",
        "negative-year",
        "huge-year",
        "long-name",
        "long-website",
        "wrong-type",
    ],
)
def test_values_the_database_cannot_hold_are_refused_with_their_path(key, entry, problem):
    parse = practices_parse if key == "practices" else partners_parse
    with pytest.raises(KnowledgeDataError) as caught:
        parse(_yaml(key, entry), f"{key}.yaml")
    line, path, message = caught.value.problems[0]
    assert (path, message) == problem[1:]
    assert line is not None
    assert line > 1


@pytest.mark.parametrize("read", [practices_read, partners_read])
@pytest.mark.parametrize(
    ("content", "start"),
    [
        ("format: 1\n".encode("utf-16"), "data.yaml: cannot be read as UTF-8 text: "),
        (b"format: 1\nx: \xe9t\xe9\n", "data.yaml: cannot be read as UTF-8 text: "),
        (b"format: 1\nformat: 1\n", "data.yaml, line 2: duplicate key 'format'"),
        (b"\x00", "data.yaml, line 1: not valid YAML: control characters are not allowed (#x0000)"),
        (b"", "data.yaml, line 1: the file must be a mapping"),
    ],
    ids=["utf-16", "latin-1", "duplicate-key", "control-character", "empty"],
)
def test_unreadable_files_are_refused_with_the_file_name(tmp_path, read, content, start):
    path = tmp_path / "data.yaml"
    path.write_bytes(content)
    with pytest.raises(KnowledgeDataError) as caught:
        read(path)
    assert caught.value.describe().startswith(start)


def test_a_missing_file_is_refused_with_its_name(tmp_path):
    with pytest.raises(KnowledgeDataError, match=r"^nowhere\.yaml: cannot be read as UTF-8 text: "):
        practices_read(tmp_path / "nowhere.yaml")
