"""Malformed cities CSV files and membership letters: refused with a clear error, nothing written."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import CityFactory, CountryFactory
from wego.demo.loader import CITIES_CSV
from wego.members.models import City
from wego.members.services import CITY_COLUMNS, CitiesFileError, MembershipRefused, _check_letter, cities_load

pytestmark = pytest.mark.django_db

fast = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
HEADER = ",".join(CITY_COLUMNS) + "\n"
GOOD_ROW = "Seoul,KOR,37.5665,126.978,9400000,2023,Full,2010,a note\n"


@pytest.fixture
def existing():
    CountryFactory(iso3="KOR")
    CountryFactory(iso3="FRA", name="France", region="Europe", subregion="Western Europe")
    return CityFactory(name="Busan", slug="busan", notes="before")


def _cities():
    return sorted(
        City.objects.values_list(
            "slug", "name", "country_id", "latitude", "longitude", "population", "member_category", "notes"
        )
    )


def _load(path):
    before = _cities()
    error = None
    try:
        return cities_load(path=path)
    except CitiesFileError as exc:
        error = exc
    if error is not None:
        assert str(error).startswith(path.name)
        assert "\n" not in str(error)
        assert _cities() == before
        return None


@fast
@given(data=st.binary(max_size=300))
def test_arbitrary_bytes_are_loaded_or_refused_and_nothing_is_written(existing, tmp_path_factory, data):
    path = tmp_path_factory.mktemp("cities") / "cities.csv"
    path.write_bytes(data)
    _load(path)


cell = st.one_of(
    st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=15),
    st.sampled_from(
        [
            "",
            "KOR",
            "FRA",
            "XXX",
            "Full",
            "associate",
            "Not",
            "nan",
            "inf",
            "-1",
            "1e400",
            "91",
            "2023",
            "99999",
        ]
    ),
    st.integers(min_value=-(10**25), max_value=10**25).map(str),
    st.floats().map(str),
)


@fast
@given(rows=st.lists(st.lists(cell, min_size=0, max_size=10), min_size=1, max_size=4))
def test_random_rows_are_loaded_whole_or_not_at_all(existing, tmp_path_factory, rows):
    import csv
    import io

    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CITY_COLUMNS)
    writer.writerow(GOOD_ROW.strip().split(","))
    writer.writerows(rows)
    path = tmp_path_factory.mktemp("cities") / "cities.csv"
    path.write_text(buffer.getvalue(), encoding="utf-8")
    loaded = _load(path)
    if loaded is not None:
        city = City.objects.get(slug="seoul")
        assert -90 <= city.latitude <= 90
        assert -180 <= city.longitude <= 180


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "cities.csv, line 1: missing column " + ", ".join(f"'{c}'" for c in CITY_COLUMNS)),
        (
            b"name,country_iso3\nSeoul,KOR\n",
            "cities.csv, line 1: missing column 'latitude', 'longitude', "
            "'population', 'population_year', 'category', 'joined', 'notes'",
        ),
        ((HEADER + GOOD_ROW).encode("utf-16"), None),
        ((HEADER + "S\xe9oul,KOR,37,127,1,2023,Full,2010,\n").encode("latin-1"), None),
        (
            (HEADER + "Seoul,KOR,north,126.978,1,2023,Full,2010,\n").encode(),
            "cities.csv, line 2, latitude: 'north' is not a number",
        ),
        (
            (HEADER + "Seoul,KOR,91,126.978,1,2023,Full,2010,\n").encode(),
            "cities.csv, line 2, latitude: latitude must be from -90 to 90",
        ),
        (
            (HEADER + "Seoul,KOR,nan,126.978,1,2023,Full,2010,\n").encode(),
            "cities.csv, line 2, latitude: latitude must be from -90 to 90",
        ),
        (
            (HEADER + "Seoul,KOR,37,1e400,1,2023,Full,2010,\n").encode(),
            "cities.csv, line 2, longitude: longitude must be from -180 to 180",
        ),
        (
            (HEADER + "Seoul,KOR,37,127,-5,2023,Full,2010,\n").encode(),
            "cities.csv, line 2, population: '-5' is not a whole number of zero or more",
        ),
        (
            (HEADER + "Seoul,KOR,37,127," + "9" * 30 + ",2023,Full,2010,\n").encode(),
            "cities.csv, line 2, population: " + "9" * 30 + " is too large",
        ),
        (
            (HEADER + "Seoul,KOR,37,127,1,99999,Full,2010,\n").encode(),
            "cities.csv, line 2, population_year: 99999 is too large",
        ),
        (
            (HEADER + "Seoul,ZZZ,37,127,1,2023,Full,2010,\n").encode(),
            "cities.csv, line 2, country_iso3: 'ZZZ' is not a known country code",
        ),
        (
            (HEADER + "Seoul,KOR,37,127,1,2023,Gold,2010,\n").encode(),
            "cities.csv, line 2, category: 'Gold' is not one of associate, corporate, friendship, full, not",
        ),
        (
            (HEADER + "!!!,KOR,37,127,1,2023,Full,2010,\n").encode(),
            "cities.csv, line 2, name: a city needs a name with letters or digits",
        ),
        ((HEADER + "Seoul,KOR\n").encode(), "cities.csv, line 2, latitude: '' is not a number"),
        (
            (HEADER + GOOD_ROW + "SEOUL,KOR,37,127,1,2023,Full,2010,\n").encode(),
            "cities.csv, line 3, name: the same city as line 2",
        ),
        (
            (HEADER + "X" * 121 + ",KOR,37,127,1,2023,Full,2010,\n").encode(),
            "cities.csv, line 2, name: longer than 120 characters",
        ),
        (
            (HEADER + "Seoul,KOR,37,127,1,2023,Full,2010," + "n" * 201 + "\n").encode(),
            "cities.csv, line 2, notes: longer than 200 characters",
        ),
        ((HEADER + GOOD_ROW + '"Lyon,FRA,45,4,1,2023,Full,2010,' + "x" * 200_000 + "\n").encode(), None),
    ],
    ids=[
        "empty",
        "missing-columns",
        "utf-16",
        "latin-1",
        "text-latitude",
        "latitude-out-of-range",
        "nan",
        "infinite",
        "negative-population",
        "huge-population",
        "huge-year",
        "unknown-country",
        "unknown-category",
        "nameless",
        "short-row",
        "same-city-twice",
        "long-name",
        "long-notes",
        "huge-field",
    ],
)
def test_malformed_cities_files_are_refused_by_line_and_column_and_nothing_is_written(
    existing, tmp_path, content, message
):
    path = tmp_path / "cities.csv"
    path.write_bytes(content)
    before = _cities()
    with pytest.raises(CitiesFileError) as caught:
        cities_load(path=path)
    if message is None:
        assert str(caught.value).startswith("cities.csv")
    else:
        assert str(caught.value) == message
    assert _cities() == before


def test_a_good_file_after_a_bad_one_loads_and_updates(existing, tmp_path):
    path = tmp_path / "cities.csv"
    path.write_text(HEADER + GOOD_ROW + "Busan,KOR,35.1796,129.0756,,,Associate,,after\n", encoding="utf-8")
    assert cities_load(path=path) == 2
    assert _cities() == [
        ("busan", "Busan", "KOR", 35.1796, 129.0756, None, "associate", "after"),
        ("seoul", "Seoul", "KOR", 37.5665, 126.978, 9400000, "full", "a note"),
    ]


def test_the_shipped_cities_file_loads_every_row():
    from wego.members.services import countries_load

    countries_load()
    rows = CITIES_CSV.read_text(encoding="utf-8").strip().count("\n")
    assert cities_load(path=CITIES_CSV) == rows == City.objects.count()


# Membership letters ----------------------------------------------------------------------------------


@fast
@given(
    data=st.binary(max_size=200), name=st.sampled_from(["letter.pdf", "letter.PDF", "letter", "letter.exe"])
)
def test_a_letter_is_accepted_only_when_its_bytes_are_a_pdf(data, name):
    error = None
    try:
        content, digest = _check_letter(SimpleUploadedFile(name, data))
    except MembershipRefused as exc:
        error = exc
    if error is not None:
        assert len(error.messages) == 1
        assert error.messages[0]
        return
    assert content == data
    assert data.startswith(b"%PDF-")
    assert b"%%EOF" in data[-1024:]
    assert len(digest) == 64
