"""Malformed module catalogues: loaded or refused with a CatalogueError by file, line and path."""

import copy

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from wego.scoring import load_framework
from wego.solutions.catalogue import CatalogueError, load_catalogue, load_catalogue_text, shipped_catalogues

fast = settings(max_examples=40, deadline=None)
CEDS = load_framework("ceds")
SHIPPED_PATH = shipped_catalogues()["ceds-modules"]
SHIPPED = yaml.safe_load(SHIPPED_PATH.read_text(encoding="utf-8"))
junk = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=10),
    st.lists(st.text(max_size=4), max_size=2),
)
# Two modules without prerequisites: a small catalogue that is valid on its own, quick to parse.
SMALL = dict(SHIPPED, modules=[m for m in SHIPPED["modules"] if not m.get("prerequisites")][:2])
FIRST_MODULE_KEYS = sorted(SMALL["modules"][0])


def _checked(text, source="modules.yaml"):
    error = None
    try:
        return load_catalogue_text(text, source, framework=CEDS)
    except CatalogueError as exc:
        error = exc
    if error is not None:
        assert error.problems
        assert all(
            line.startswith(source) for line in error.describe().splitlines() if not line.startswith("...")
        )
        return None


@fast
@given(text=st.text(max_size=300))
def test_arbitrary_text_is_loaded_or_refused(text):
    _checked(text)


def test_the_small_catalogue_of_the_random_changes_is_valid():
    assert [
        m.id for m in load_catalogue_text(yaml.safe_dump(SMALL), "small.yaml", framework=CEDS).modules
    ] == [m["id"] for m in SMALL["modules"]]


@fast
@given(key=st.sampled_from(FIRST_MODULE_KEYS), value=st.one_of(junk, st.just(None)), delete=st.booleans())
def test_one_random_change_to_a_module_is_loaded_or_refused_by_line_and_path(key, value, delete):
    data = copy.deepcopy(SMALL)
    if delete:
        del data["modules"][0][key]
    else:
        data["modules"][0][key] = value
    _checked(yaml.safe_dump(data, allow_unicode=True))


@pytest.mark.parametrize(
    ("content", "start"),
    [
        ("format: 1\n".encode("utf-16"), "modules.yaml: cannot be read as UTF-8 text: "),
        (b"title: \xe9\n", "modules.yaml: cannot be read as UTF-8 text: "),
    ],
    ids=["utf-16", "latin-1"],
)
def test_an_unreadable_catalogue_file_is_refused_with_its_name(tmp_path, content, start):
    path = tmp_path / "modules.yaml"
    path.write_bytes(content)
    with pytest.raises(CatalogueError) as caught:
        load_catalogue(path, framework=CEDS)
    assert caught.value.describe().startswith(start)


def test_the_shipped_catalogue_dumped_and_parsed_again_is_the_same():
    catalogue = load_catalogue("ceds-modules", framework=CEDS)
    dumped = catalogue.model_dump(mode="json", exclude={"content_hash", "source_name"}, exclude_unset=True)
    again = load_catalogue_text(yaml.safe_dump(dumped, allow_unicode=True), "again.yaml", framework=CEDS)
    assert again.model_dump(exclude={"content_hash", "source_name"}) == catalogue.model_dump(
        exclude={"content_hash", "source_name"}
    )
