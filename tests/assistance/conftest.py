"""The world assistance tests act in: the personas of tests/personas.py, plus an expert,
a second expert, a regional office for Asia (Alpha City's region), and a development partner."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from tests.personas import build_world, make_user
from wego.accounts.models import Role, RoleKind
from wego.assistance.models import AssistanceRequest
from wego.knowledge.models import Partner

MODULE = "integrated-call-centre"  # improves PS.4 and CR.3


@pytest.fixture
def world(db):
    found = build_world()
    found.users["expert"] = make_user("expert@example.org", RoleKind.EXPERT)
    found.users["other_expert"] = make_user("other-expert@example.org", RoleKind.EXPERT)
    office = make_user("office-asia@example.org")
    Role.objects.create(user=office, kind=RoleKind.REGIONAL_OFFICE, region="Asia")
    found.users["office_asia"] = office
    europe = make_user("office-europe@example.org")
    Role.objects.create(user=europe, kind=RoleKind.REGIONAL_OFFICE, region="Europe")
    found.users["office_europe"] = europe
    found.partner = Partner.objects.create(slug="nia", name="NIA (Korea)", kind="government_agency")
    return found


@pytest.fixture
def today() -> dt.date:
    return timezone.now().date()


def make_request(world, *, city=None, module: str = MODULE, **fields) -> AssistanceRequest:
    """A request as the ORM stores it (no service): for reads, pages and permissions."""
    city = city or world.city_a
    assessment = world.assessment_a if city == world.city_a else world.assessment_b
    defaults = {
        "city": city,
        "assessment": assessment,
        "module_id": module,
        "indicator_ids": ["PS.4", "CR.3"],
        "title": f"Help with {module}",
        "description": "We need help.",
        "created_by": world.users["coordinator_a"] if city == world.city_a else world.users["coordinator_b"],
    }
    defaults.update(fields)
    return AssistanceRequest.objects.create(**defaults)
