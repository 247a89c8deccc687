"""The world the API tests act in: the shipped CeDS framework, a cycle open today, two
cities with an assessment each, and one person per persona, each with a real API token."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pytest
from django.utils import timezone

from tests.factories import AssessmentFactory, CityFactory, CycleFactory
from wego.accounts.models import Role, RoleKind, User
from wego.accounts.services import api_token_create
from wego.assessments.models import Assessment, Cycle, FrameworkVersion, SectionAssignment
from wego.assessments.services import frameworks_load_shipped
from wego.members.models import City

PERSONAS = [
    "coordinator_a",
    "respondent_a",
    "coordinator_b",
    "consultant_a",
    "judge",
    "secretariat",
    "anonymous",
]


@dataclass
class World:
    ceds: FrameworkVersion
    cycle: Cycle
    city_a: City
    city_b: City
    assessment_a: Assessment
    assessment_b: Assessment
    users: dict[str, User] = field(default_factory=dict)
    tokens: dict[str, str] = field(default_factory=dict)

    def headers(self, persona: str) -> dict[str, str]:
        """The Authorization header of a persona (none for anonymous)."""
        if persona == "anonymous":
            return {}
        return {"Authorization": f"Bearer {self.tokens[persona]}"}


def _person(email: str, *roles: tuple[str, City | None], superuser: bool = False) -> User:
    if superuser:
        user = User.objects.create_superuser(email=email, password="not-used-in-tests-1")
    else:
        user = User.objects.create_user(email=email, password="not-used-in-tests-1")
    for kind, city in roles:
        Role.objects.create(user=user, kind=kind, city=city)
    return user


@pytest.fixture
def today() -> dt.date:
    return timezone.now().date()


@pytest.fixture
def world(db, today) -> World:
    frameworks_load_shipped()
    ceds = FrameworkVersion.objects.get(slug="ceds", is_current=True)
    cycle = CycleFactory(
        framework=ceds,
        year=today.year,
        name=f"CeDS {today.year}",
        opens_on=today - dt.timedelta(days=10),
        closes_on=today + dt.timedelta(days=20),
    )
    city_a = CityFactory(name="Aville", slug="aville")
    city_b = CityFactory(name="Btown", slug="btown")
    found = World(
        ceds=ceds,
        cycle=cycle,
        city_a=city_a,
        city_b=city_b,
        assessment_a=AssessmentFactory(city=city_a, cycle=cycle),
        assessment_b=AssessmentFactory(city=city_b, cycle=cycle),
    )
    found.users = {
        "coordinator_a": _person("coordinator@aville.example", (RoleKind.COORDINATOR, city_a)),
        "respondent_a": _person("respondent@aville.example", (RoleKind.RESPONDENT, city_a)),
        "coordinator_b": _person("coordinator@btown.example", (RoleKind.COORDINATOR, city_b)),
        "consultant_a": _person("consultant@example.org", (RoleKind.CONSULTANT, city_a)),
        "judge": _person("judge@example.org", (RoleKind.JUDGE, None)),
        "secretariat": _person("secretariat@wego.example", superuser=True),
    }
    SectionAssignment.objects.create(
        assessment=found.assessment_a, user=found.users["respondent_a"], section_id="GM"
    )
    found.tokens = {
        persona: api_token_create(user=user, name="tests")[1] for persona, user in found.users.items()
    }
    return found
