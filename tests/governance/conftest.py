"""The governance world: the bodies, a General Assembly, an Executive Committee meeting, cities."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from django.utils import timezone

from tests.factories import CityFactory
from wego.accounts.models import Role, RoleKind, User
from wego.governance.models import Body, BodyKind, Meeting

PASSWORD = "a long enough password 1"


@dataclass
class Gov:
    ga: Body
    ec: Body
    secretariat_body: Body
    assembly: Meeting
    committee_meeting: Meeting
    secretariat: User


def person(email: str, kind: str | None = None, city=None, **flags) -> User:
    user = User.objects.create_user(email=email, password=PASSWORD, **flags)
    if kind:
        Role.objects.create(user=user, kind=kind, city=city)
    return user


def cities(n: int, prefix: str = "Member") -> list:
    return [CityFactory(name=f"{prefix} {i:03d}", slug=f"{prefix.lower()}-{i:03d}") for i in range(n)]


@pytest.fixture
def gov(db) -> Gov:
    ga = Body.objects.create(kind=BodyKind.GENERAL_ASSEMBLY, name="General Assembly")
    ec = Body.objects.create(kind=BodyKind.EXECUTIVE_COMMITTEE, name="Executive Committee")
    sec = Body.objects.create(kind=BodyKind.SECRETARIAT, name="Secretariat")
    assembly = Meeting.objects.create(
        body=ga, title="General Assembly 2027", starts_on=dt.date(2027, 9, 6), ends_on=dt.date(2027, 9, 8)
    )
    committee_meeting = Meeting.objects.create(
        body=ec, title="Executive Committee 2027", starts_on=dt.date(2027, 9, 5), ends_on=dt.date(2027, 9, 5)
    )
    secretariat = person("secretariat@example.org", RoleKind.SECRETARIAT, is_staff=True)
    return Gov(ga, ec, sec, assembly, committee_meeting, secretariat)


@pytest.fixture
def now():
    return timezone.now()
