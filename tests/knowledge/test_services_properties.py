"""Loading a malformed practices or partners file writes nothing, whatever was loaded before."""

import copy

import pytest
from django.core.management import CommandError, call_command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.knowledge.conftest import partner, practice, write
from wego.common.models import AuditEvent
from wego.knowledge.library import KnowledgeDataError
from wego.knowledge.models import Partner, Practice, PracticeText
from wego.knowledge.services import partners_load, practices_load

pytestmark = pytest.mark.django_db

fast = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
BAD_VALUES = st.one_of(
    st.none(),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=130),
    st.lists(st.text(max_size=5), max_size=2),
)


def _state():
    return (
        sorted(Practice.objects.values_list("slug", "city_name", "year", "award_category", "indicator_ids")),
        sorted(PracticeText.objects.values_list("practice__slug", "language", "title", "summary")),
        sorted(Partner.objects.values_list("slug", "name", "website", "regions")),
        AuditEvent.objects.count(),
    )


@pytest.fixture
def loaded(tmp_path):
    practices_load(
        write(tmp_path / "first.yaml", "practices", [practice("alpha", "Alpha"), practice("beta", "Beta")])
    )
    partners_load(write(tmp_path / "first-partners.yaml", "partners", [partner("unit")]))
    return tmp_path


@fast
@given(
    field=st.sampled_from(
        ["city_name", "country", "region", "year", "indicators", "sources", "texts", "award"]
    ),
    value=BAD_VALUES,
)
def test_a_second_practices_file_is_loaded_whole_or_not_at_all(loaded, tmp_path_factory, field, value):
    # The second entry changes the first practice and carries one random value.
    entries = [
        practice("alpha", "Alpha, revised"),
        practice("gamma", "Gamma", **{field: copy.deepcopy(value)}),
    ]
    path = write(tmp_path_factory.mktemp("second") / "practices.yaml", "practices", entries)
    before = _state()
    error = None
    try:
        practices_load(path)
    except KnowledgeDataError as exc:
        error = exc
    if error is not None:
        assert error.source == "practices.yaml"
        assert error.problems
        assert _state() == before
    else:
        assert Practice.objects.filter(slug="gamma").exists()


@fast
@given(
    field=st.sampled_from(["name", "kind", "website", "description", "regions", "modules"]), value=BAD_VALUES
)
def test_a_second_partners_file_is_loaded_whole_or_not_at_all(loaded, tmp_path_factory, field, value):
    entries = [partner("unit", name="Unit, renamed"), partner("other", **{field: copy.deepcopy(value)})]
    path = write(tmp_path_factory.mktemp("second") / "partners.yaml", "partners", entries)
    before = _state()
    error = None
    try:
        partners_load(path)
    except KnowledgeDataError as exc:
        error = exc
    if error is not None:
        assert error.source == "partners.yaml"
        assert error.problems
        assert _state() == before
    else:
        assert Partner.objects.get(slug="unit").name == "Unit, renamed"


def test_a_city_name_longer_than_the_column_is_refused_before_anything_is_written(loaded, tmp_path):
    # SQLite would store it; PostgreSQL would fail in the middle of the load.
    path = write(
        tmp_path / "long.yaml",
        "practices",
        [practice("alpha", "Alpha, revised"), practice("long", "L", city_name="X" * 121)],
    )
    before = _state()
    with pytest.raises(KnowledgeDataError) as caught:
        practices_load(path)
    assert (
        caught.value.describe()
        == "long.yaml, line 20, at practices[1].city_name: String should have at most 120 characters"
    )
    assert _state() == before


def test_load_knowledge_command_with_an_unreadable_file_writes_nothing(loaded, tmp_path):
    bad = tmp_path / "practices.yaml"
    bad.write_bytes(b"\xff\xfe\x00")
    before = _state()
    with pytest.raises(CommandError) as caught:
        call_command("load_knowledge", practices=str(bad))
    assert str(caught.value).startswith("practices.yaml: cannot be read as UTF-8 text: ")
    assert caught.value.returncode == 2
    assert _state() == before
