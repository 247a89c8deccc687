"""Malformed and random framework files: each is loaded or refused with a FrameworkError.

A framework file is written by hand by an operator; whatever it holds, the loader must give
a framework or list problems by file, line and key path, never fail with another exception.
"""

import copy
import math

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.scoring.conftest import SMALL
from tests.strategies import junk, paths
from wego.scoring import FrameworkError, compile_plan, load_framework, load_framework_text
from wego.scoring.framework import Framework, shipped_framework_path

fast = settings(
    max_examples=50,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
SMALL_DATA = yaml.safe_load(SMALL)
COMPARED = {"content_hash", "source_name"}

SMALL_PATHS = [p for p in paths(SMALL_DATA) if p]


def _mutated(data, path, action, value):
    data = copy.deepcopy(data)
    parent = data
    for key in path[:-1]:
        parent = parent[key]
    last = path[-1]
    if action == "replace":
        parent[last] = value
    elif action == "delete":
        del parent[last]
    elif isinstance(parent, dict):
        parent["unexpected_key"] = value
    else:
        parent.append(value)
    return data


def _load_or_problems(text: str, source: str = "test.yaml"):
    """The framework, or None after checking that the error says where each problem is."""
    error = None
    try:
        return load_framework_text(text, source)
    except FrameworkError as exc:
        error = exc
    if error is not None:
        assert error.problems, "a FrameworkError names at least one problem"
        for line, path, message in error.problems:
            assert line is None or line >= 1
            assert isinstance(path, str)
            assert message
        assert all(
            line.startswith(source) for line in error.describe().splitlines() if not line.startswith("...")
        )
        return None


@fast
@given(text=st.text(max_size=300))
def test_arbitrary_text_is_loaded_or_refused_with_a_framework_error(text):
    _load_or_problems(text)


@fast
@given(
    path=st.sampled_from(SMALL_PATHS),
    action=st.sampled_from(["replace", "delete", "add"]),
    value=junk,
)
def test_one_random_change_to_a_valid_file_is_loaded_or_refused_by_line_and_path(path, action, value):
    text = yaml.safe_dump(_mutated(SMALL_DATA, path, action, value), allow_unicode=True)
    framework = _load_or_problems(text)
    if framework is not None:  # what is accepted can be scored: every weight and bound is finite
        plan = compile_plan(framework)
        assert all(math.isfinite(n.weight) for part in ("tree", "inventory") for n in framework.walk(part))
        assert math.isfinite(framework.scale.min)
        assert math.isfinite(framework.scale.max)
        assert plan.framework is framework


@fast
@given(cut=st.integers(min_value=0, max_value=len(SMALL)))
def test_a_truncated_file_is_loaded_or_refused(cut):
    _load_or_problems(SMALL[:cut])


@fast
@given(data=st.binary(max_size=300))
def test_arbitrary_bytes_in_a_file_are_loaded_or_refused(tmp_path_factory, data):
    path = tmp_path_factory.mktemp("framework") / "framework.yaml"
    path.write_bytes(data)
    error = None
    try:
        load_framework(path)
    except FrameworkError as exc:
        error = exc
    if error is not None:
        assert error.source == "framework.yaml"


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (
            SMALL.replace("Small", "Sm\xe4ll").encode("latin-1"),
            "framework.yaml: cannot be read as UTF-8 text: ",
        ),
        (SMALL.encode("utf-16"), "framework.yaml: cannot be read as UTF-8 text: "),
        (
            b"\x00\x01\x02",
            "framework.yaml, line 1: not valid YAML: control characters are not allowed (#x0000)",
        ),
        (b"- just\n- a list\n", "framework.yaml, line 1: a framework file must be a mapping"),
        (
            SMALL.replace("format: 1", "format: 99").encode(),
            "framework.yaml, line 1, at format: 'format' must be 1",
        ),
        (
            SMALL.replace("precision: 1", "precision: 1\nprecision: 2").encode(),
            "framework.yaml, line 7: duplicate key 'precision'",
        ),
        (
            SMALL.replace("weight: 2", "weight: -2").encode(),
            "framework.yaml, line 14, at tree[0].weight: Input should be greater than or equal to 0",
        ),
        (
            SMALL.replace("weight: 2", "weight: 1e400").encode(),
            "framework.yaml, line 14, at tree[0].weight: Input should be a finite number",
        ),
        (
            SMALL.replace("weight: 2", "weight: .nan").encode(),
            "framework.yaml, line 14, at tree[0].weight: Input should be a finite number",
        ),
        (
            SMALL.replace("max: 100}", "max: .inf}").encode(),
            "framework.yaml, line 5, at scale.max: Input should be a finite number",
        ),
        (
            SMALL.replace("weight: 2", "weight: [2]").encode(),
            "framework.yaml, line 14, at tree[0].weight: Input should be a valid number",
        ),
    ],
    ids=[
        "latin-1",
        "utf-16",
        "control-bytes",
        "a-list",
        "format",
        "duplicate-key",
        "negative",
        "huge",
        "nan",
        "infinite-bound",
        "wrong-type",
    ],
)
def test_malformed_framework_files_are_refused_with_file_line_and_path(tmp_path, content, expected):
    path = tmp_path / "framework.yaml"
    path.write_bytes(content)
    with pytest.raises(FrameworkError) as caught:
        load_framework(path)
    assert caught.value.describe().splitlines()[0].startswith(expected)


def test_a_folder_given_as_a_framework_file_is_refused(tmp_path):
    folder = tmp_path / "framework.yaml"
    folder.mkdir()
    with pytest.raises(FrameworkError, match=r"^framework\.yaml: cannot be read as UTF-8 text: "):
        load_framework(folder)


@pytest.mark.parametrize("name", ["ceds", "egdi", "smart-city"])
def test_a_shipped_framework_dumped_and_parsed_again_is_the_same_framework(name):
    framework = load_framework(name)
    dumped = framework.model_dump(mode="json", exclude=COMPARED, exclude_unset=True, by_alias=True)
    again = load_framework_text(yaml.safe_dump(dumped, allow_unicode=True), f"{name}-again.yaml")
    assert again.model_dump(exclude=COMPARED) == framework.model_dump(exclude=COMPARED)
    assert again.source_name == f"{name}-again.yaml"


def test_a_framework_read_with_a_byte_order_mark_is_the_same_framework(tmp_path):
    path = tmp_path / "egdi.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + shipped_framework_path("egdi").read_bytes())
    with_mark = load_framework(path)
    assert isinstance(with_mark, Framework)
    assert with_mark.model_dump(exclude=COMPARED) == load_framework("egdi").model_dump(exclude=COMPARED)


def test_a_key_with_line_breaks_is_named_on_one_line():
    data = dict(SMALL_DATA, **{"odd\rkey\x85\u2028": 1})
    with pytest.raises(FrameworkError) as caught:
        load_framework_text(yaml.safe_dump(data, allow_unicode=True), "test.yaml")
    assert len(caught.value.describe().splitlines()) == 1
    assert caught.value.describe().endswith(": unknown key 'odd\\rkey\\x85\\u2028'")
