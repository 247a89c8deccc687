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


def test_demo_users_include_a_coordinator_and_respondent_of_a_city_in_progress():
    demo_load()

    first, second = demo_users(), demo_users()

    assert first == second
    assert [email for email, _, _ in first] == [
        "secretariat@demo.wego.invalid",
        "coordinator@seoul.demo.wego.invalid",
        "respondent@seoul.demo.wego.invalid",
        "expert@demo.wego.invalid",
        "applicant@demo.wego.invalid",
        "judge1@demo.wego.invalid",
        "judge2@demo.wego.invalid",
        "judge3@demo.wego.invalid",
    ]
    seoul = Assessment.objects.get(city__slug="seoul", cycle__year=2026)
    assert seoul.status == "in_progress"
    assert seoul.previous.cycle.year == 2024
    assert seoul.answers.filter(carried_from_year=2024).count() == seoul.answers.count() > 0
    assert sorted(seoul.assignments.values_list("section_id", flat=True)) == ["GM", "PI", "RC"]
