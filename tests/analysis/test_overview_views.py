"""The overview exports: one row per assessment the user may see, formulas neutralised."""

import csv
import datetime as dt
import io

import openpyxl
import pytest

from tests.analysis.test_network import _city, _submitted, cycle  # noqa: F401 (fixture)
from tests.factories import AssessmentFactory
from tests.personas import log_in, make_user
from wego.accounts.models import Role, RoleKind

pytestmark = pytest.mark.django_db

HEADER = [
    "City",
    "Country",
    "Region",
    "Income group",
    "Population",
    "Status",
    "Share answered",
    "Overall",
    "Stage",
    "First",
    "Second",
    "Submitted at",
]


@pytest.fixture
def exported(cycle):  # noqa: F811
    injected = _submitted(cycle, '=HYPERLINK("http://x")', "Europe", "s3", 40.0, 70.0)
    injected.city.population = 1_200_000
    injected.city.save()
    injected.submitted_at = dt.datetime(2026, 10, 1, 12, 0, tzinfo=dt.UTC)
    injected.save()
    AssessmentFactory(city=_city("Asia filling", "Asia"), cycle=cycle, status="in_progress")
    return cycle


@pytest.fixture
def secretariat():
    return make_user("secretariat@example.org", RoleKind.SECRETARIAT)


def _csv(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode())))


def test_csv_has_one_row_per_assessment_and_escapes_formulas(client, exported, secretariat):
    log_in(client, secretariat)

    response = client.get(f"/overview/export.csv?cycle={exported.pk}")

    rows = _csv(response)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert rows[0] == HEADER
    assert rows[1] == [
        '\'=HYPERLINK("http://x")',
        "France",
        "Europe",
        "High",
        "1200000",
        "submitted",
        "0.0",
        "50.0",
        "Three",
        "40.0",
        "70.0",
        "2026-10-01T12:00:00+00:00",
    ]
    assert rows[2][:6] == ["Asia filling", "Japan", "Asia", "High", "", "in_progress"]
    assert rows[1][0].startswith("'=")
    assert len(rows) == 3


def test_xlsx_writes_a_formula_like_name_as_text(client, exported, secretariat):
    log_in(client, secretariat)

    response = client.get(f"/overview/export.xlsx?cycle={exported.pk}")

    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    cell = sheet["A2"]
    assert response.status_code == 200
    assert [c.value for c in sheet[1]] == HEADER
    assert (cell.value, cell.data_type, cell.quotePrefix) == ('=HYPERLINK("http://x")', "s", True)
    assert [c.value for c in sheet[2]][1:11] == [
        "France",
        "Europe",
        "High",
        1200000,
        "submitted",
        0,
        50,
        "Three",
        40,
        70,
    ]
    assert sheet.max_row == 3


def test_a_regional_office_exports_its_region_only(client, exported):
    office = make_user("europe@example.org")
    Role.objects.create(user=office, kind=RoleKind.REGIONAL_OFFICE, region="Europe")
    log_in(client, office)

    rows = _csv(client.get(f"/overview/export.csv?cycle={exported.pk}"))

    assert [r[0] for r in rows[1:]] == ['\'=HYPERLINK("http://x")']


@pytest.mark.parametrize("url", ["/overview/", "/overview/export.csv", "/overview/export.xlsx"])
def test_a_coordinator_may_not_see_the_overview_or_export(client, exported, url):
    coordinator = make_user("coord@example.org", RoleKind.COORDINATOR, exported.assessments.first().city)
    log_in(client, coordinator)

    response = client.get(url)

    assert response.status_code == 403
    assert b"HYPERLINK" not in response.content
