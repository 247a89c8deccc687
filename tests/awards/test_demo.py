"""The awards demo: an edition in judging with demo judges and entries, all labelled demo."""

import pytest

from wego.awards.models import Application, Assignment, Conflict, Edition, Judge
from wego.awards.results import edition_results
from wego.demo.loader import demo_load, demo_users

pytestmark = pytest.mark.django_db


def test_the_demo_has_an_edition_in_judging_labelled_demo():
    demo_load()

    first, second = demo_users(), demo_users()

    edition = Edition.objects.get(number=5)
    emails = [email for email, _, _ in first]
    assert first == second
    assert (edition.status, edition.is_demo, edition.title) == ("judging", True, "5th WeGO Awards (demo)")
    assert Application.objects.filter(edition=edition).count() == 10
    assert Application.objects.filter(edition=edition, is_demo=False).count() == 0
    assert Judge.objects.filter(edition=edition, is_demo=False).count() == 0
    assert all(
        title.endswith("(demo)") for title in edition.applications.values_list("project_title", flat=True)
    )
    assert [e for e in emails if e.startswith(("applicant@", "judge"))] == [
        "applicant@demo.wego.invalid",
        "judge1@demo.wego.invalid",
        "judge2@demo.wego.invalid",
        "judge3@demo.wego.invalid",
    ]
    seoul = Application.objects.get(edition=edition, city__slug="seoul")
    assert list(Conflict.objects.filter(application=seoul).values_list("judge__name", "kind")) == [
        ("Demo judge 1", "same_city"),
        ("Demo judge 1", "same_country"),
    ]
    assert (
        Assignment.objects.filter(
            round__edition=edition, submitted_at__isnull=True, judge__name="Demo judge 1"
        ).count()
        == 9
    )
    assert [len(b.rows) for b in edition_results(edition, method="zscore", resamples=10).categories] == [
        3,
        4,
        3,
    ]
