"""The feasibility demo: a 2026 call in scoring with three demo letters, a 2025 call closed with
a published demo report; loading twice creates nothing twice."""

import pytest

from tests.factories import CityFactory
from tests.personas import make_user
from wego.accounts.models import RoleKind
from wego.learning import feasibility as svc
from wego.learning.demo import feasibility_demo_load
from wego.learning.models import FeasibilityCall, LetterOfIntent

pytestmark = pytest.mark.django_db


def test_feasibility_demo_loads_once_and_is_labelled():
    seoul = CityFactory(name="Seoul", slug="seoul")
    for name in ("Amman", "Bogota", "Colombo", "Dakar"):
        CityFactory(name=name)
    coordinator = make_user("coordinator@seoul.demo.wego.invalid", RoleKind.COORDINATOR, seoul)

    first = feasibility_demo_load(coordinator=coordinator)
    second = feasibility_demo_load(coordinator=coordinator)

    assert first == second == {"feasibility study calls": 2, "letters of intent": 4}
    current, past = FeasibilityCall.objects.get(year=2026), FeasibilityCall.objects.get(year=2025)
    assert (current.status, current.is_demo, past.status, past.is_demo) == ("scoring", True, "closed", True)
    assert sorted(current.letters.values_list("city__name", flat=True)) == ["Amman", "Bogota", "Colombo"]
    assert [x.city.name for x in svc.published_reports()] == ["Dakar"]
    assert LetterOfIntent.objects.filter(is_demo=False).count() == 0
    assert len(svc.feasibility_ranking(current).rows) == 3


def test_feasibility_demo_pages_show_the_demo_label(client):
    for name in ("Amman", "Bogota", "Colombo", "Dakar"):
        CityFactory(name=name)
    feasibility_demo_load()

    listing = client.get("/learning/feasibility/").content.decode()
    report = client.get(f"/learning/feasibility/letters/{svc.published_reports().get().pk}/report.pdf")

    assert listing.count('<span class="demo-badge">demo</span>') == 3
    assert report.status_code == 200
