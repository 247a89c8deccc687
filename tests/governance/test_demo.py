"""The governance demo: bodies, the Assemblies of the brief, the current committee, an open vote."""

from __future__ import annotations

import pytest

from wego.demo.loader import CITIES_CSV
from wego.governance.demo import CURRENT_GA_DAY, governance_demo_load
from wego.governance.models import Body, Meeting, Term, Vote, VoteStatus
from wego.governance.selectors import committee_on
from wego.members.services import cities_load, countries_load

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded():
    countries_load()
    cities_load(path=CITIES_CSV)
    return governance_demo_load()


def test_demo_loads_the_bodies_and_the_assemblies_of_the_brief(loaded):
    assembly_titles = sorted(
        Meeting.objects.filter(body__kind="general_assembly", starts_on__year__lte=2017).values_list(
            "title", flat=True
        )
    )

    assert Body.objects.count() == 7
    assert assembly_titles == [
        "General Assembly 2010, Seoul",
        "General Assembly 2012, Barcelona",
        "General Assembly 2014, Chengdu",
        "General Assembly 2017, Ulyanovsk Region",
    ]
    assert Meeting.objects.get(title="General Assembly 2017, Ulyanovsk Region").minutes.startswith(
        "Demo minutes"
    )


def test_demo_committee_keeps_the_statute(loaded):
    committee = committee_on(CURRENT_GA_DAY)

    assert [(t.city.name, t.role) for t in committee[:2]] == [
        ("Seoul", "president"),
        ("Chengdu", "executive_vice_president"),
    ]
    assert sum(t.role == "vice_president" for t in committee) == 5
    assert len(committee) == 11
    assert Term.objects.filter(is_demo=False).count() == 0


def test_demo_vote_is_open_and_labelled(loaded):
    vote = Vote.objects.get()

    assert (vote.status, vote.is_demo, vote.title) == (VoteStatus.OPEN, True, "Adopt the work plan (demo)")


def test_demo_loaded_twice_creates_nothing_twice(loaded):
    again = governance_demo_load()

    assert again == {"governance bodies": 0, "demo meetings": 0, "demo terms": 0, "demo votes": 0}
    assert (Meeting.objects.count(), Term.objects.count(), Vote.objects.count()) == (8, 11, 1)
