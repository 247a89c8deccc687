"""The learning demo: an open Seoul Program edition, three webinars, eGovFrame sessions; all labelled demo."""

import pytest
from django.utils import timezone

from tests.factories import CityFactory
from tests.personas import make_user
from wego.accounts.models import RoleKind
from wego.learning.demo import learning_demo_load
from wego.learning.models import CourseSession, ProgrammeApplication, TrainingProgramme, Webinar

pytestmark = pytest.mark.django_db


def test_demo_loads_once_and_labels_everything():
    city = CityFactory(name="Seoul", slug="seoul")
    coordinator = make_user("coordinator@seoul.demo.wego.invalid", RoleKind.COORDINATOR, city)
    respondent = make_user("respondent@seoul.demo.wego.invalid", RoleKind.RESPONDENT, city)

    first = learning_demo_load(coordinator=coordinator, respondent=respondent)
    second = learning_demo_load(coordinator=coordinator, respondent=respondent)

    assert first == second == {"training programmes": 1, "webinars": 3, "eGovFrame sessions": 3}
    programme = TrainingProgramme.objects.get()
    assert programme.is_open()
    assert programme.is_demo
    assert programme.title == f"Seoul Program {programme.starts_on.year} (demo)"
    now = timezone.now()
    webinars = {w.slug: w for w in Webinar.objects.all()}
    assert webinars["demo-open-data-for-cities"].is_past(now)
    assert webinars["demo-open-data-for-cities"].recording_url
    assert not webinars["demo-smart-city-driver"].is_past(now)
    full = webinars["demo-awards-winners"]
    assert sorted(full.registrations.values_list("status", flat=True)) == [
        "registered",
        "registered",
        "waitlisted",
        "waitlisted",
    ]
    assert all(w.title.endswith("(demo)") for w in webinars.values())
    assert ProgrammeApplication.objects.filter(is_demo=False).count() == 0
    assert CourseSession.objects.filter(is_demo=False).count() == 0


def test_demo_pages_show_the_demo_label(client):
    learning_demo_load()

    overview = client.get("/learning/").content.decode()
    webinar = client.get("/webinars/demo-awards-winners/").content.decode()

    assert overview.count('<span class="demo-badge">demo</span>') == 3
    assert "Demo data: this webinar is invented to demonstrate the platform." in webinar
