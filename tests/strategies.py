"""Hypothesis strategies and helpers shared by the property tests of the file readers."""

from __future__ import annotations

import copy

from hypothesis import strategies as st

# Any value YAML or JSON can hold, nested a little: what a wrong edit can put in a file.
junk = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(min_value=-(10**30), max_value=10**30),
        st.floats(allow_nan=True, allow_infinity=True),
        st.text(max_size=12),
    ),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=6), children, max_size=3)
    ),
    max_leaves=6,
)

# Put in place of a value by `changed`: the key is removed instead.
DELETE = object()


def paths(value, path=()):
    """Every place in a nested structure of dicts and lists, as a tuple of keys."""
    yield path
    if isinstance(value, dict):
        for key, child in value.items():
            yield from paths(child, (*path, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from paths(child, (*path, index))


def changed(entry, path, value):
    """A copy of `entry` with the value at `path` replaced (or removed, for DELETE)."""
    entry = copy.deepcopy(entry)
    parent = entry
    for key in path[:-1]:
        parent = parent[key]
    if value is DELETE:
        del parent[path[-1]]
    else:
        parent[path[-1]] = value
    return entry
