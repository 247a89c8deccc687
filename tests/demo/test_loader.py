import pytest

from wego.assessments.models import Answer, Assessment, Cycle
from wego.demo.loader import demo_load, demo_users
from wego.members.models import City

pytestmark = pytest.mark.django_db


def test_demo_load_twice_creates_nothing_twice():
    first = demo_load()
    answers = Answer.objects.count()

    second = demo_load()

    assert first["cities"] == 58
    assert second["assessments created"] == 0
    assert second["assessments"] == first["assessments"]
    assert Answer.objects.count() == answers
    assert list(Cycle.objects.order_by("year").values_list("year", flat=True)) == [2022, 2024, 2026]


def test_demo_assessments_are_labelled_scored_and_complete_when_submitted():
    demo_load()

    assessments = Assessment.objects.all()

    assert assessments.filter(is_demo=False).count() == 0
    assert assessments.filter(overall_score__isnull=True).count() == 0
    assert assessments.filter(status="submitted").exclude(coverage=1.0).count() == 0
    assert City.objects.get(name="Seoul").country.name == "Republic of Korea"


def test_demo_users_are_created_once():
    assert demo_users() == demo_users()
    assert demo_users()[0][0] == "secretariat"
