"""Malformed course catalogues: parsed or refused with a CatalogueError naming the file."""

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from wego.learning.courses import CATALOGUE_FILE, CatalogueError, catalogue_parse, load_courses

fast = settings(max_examples=50, deadline=None)
SHIPPED = CATALOGUE_FILE.read_text(encoding="utf-8")


@fast
@given(text=st.text(max_size=300))
def test_arbitrary_text_is_parsed_or_refused_with_the_file_name(text):
    error = None
    try:
        catalogue_parse(text, "courses.yaml")
    except CatalogueError as exc:
        error = exc
    if error is not None:
        assert str(error).startswith("courses.yaml")


@fast
@given(cut=st.integers(min_value=0, max_value=len(SHIPPED) - 1))
def test_a_truncated_catalogue_is_parsed_or_refused(cut):
    error = None
    try:
        catalogue_parse(SHIPPED[:cut], "courses.yaml")
    except CatalogueError as exc:
        error = exc
    if error is not None:
        assert str(error).startswith("courses.yaml")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("format: 1\nformat: 1\n", "courses.yaml, line 2: duplicate key 'format'"),
        ("id: \x00\n", "courses.yaml, line 1: not valid YAML: control characters are not allowed (#x0000)"),
        ("a: [1\n", "courses.yaml, line 2: not valid YAML: did not find expected ',' or ']'"),
    ],
    ids=["duplicate-key", "control-character", "unclosed-list"],
)
def test_unreadable_yaml_is_refused_with_its_line(text, message):
    with pytest.raises(CatalogueError) as caught:
        catalogue_parse(text, "courses.yaml")
    assert str(caught.value) == message


def test_the_shipped_catalogue_dumped_and_parsed_again_is_the_same():
    catalogue = load_courses()
    again = catalogue_parse(
        yaml.safe_dump(catalogue.model_dump(mode="json", exclude_unset=True), allow_unicode=True)
    )
    assert again == catalogue
