"""The people permission tests act as: two cities, every role, and anonymous."""

import datetime as dt
from dataclasses import dataclass, field

from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import AssessmentFactory, CityFactory, CountryFactory, CycleFactory
from tests.learning.world import learning_world
from wego.accounts.models import Role, RoleKind, User
from wego.assessments.models import Answer, FrameworkVersion, SectionAssignment
from wego.assessments.services import frameworks_load_shipped

PASSWORD = "a long enough password 1"


@dataclass
class World:
    city_a: object
    city_b: object
    assessment_a: object
    assessment_b: object
    users: dict
    learning: dict = field(default_factory=dict)  # tests/learning/world.py


def make_user(email: str, kind: str | None = None, city=None, **flags) -> User:
    user = User.objects.create_user(email=email, password=PASSWORD, **flags)
    if kind:
        Role.objects.create(user=user, kind=kind, city=city)
    return user


def build_world() -> World:
    frameworks_load_shipped()
    version = FrameworkVersion.objects.get(slug="ceds", is_current=True)
    today = timezone.now().date()
    cycle = CycleFactory(
        framework=version,
        year=today.year,
        opens_on=today - dt.timedelta(days=30),
        closes_on=today + dt.timedelta(days=60),
    )
    city_a = CityFactory(name="Alpha City", country=CountryFactory(iso3="KOR", region="Asia"))
    city_b = CityFactory(name="Beta City", country=CountryFactory(iso3="FRA", name="France", region="Europe"))
    assessment_a = AssessmentFactory(city=city_a, cycle=cycle, status="in_progress")
    assessment_b = AssessmentFactory(city=city_b, cycle=cycle, status="in_progress")
    Answer.objects.create(assessment=assessment_a, question_id="GM.1.1", value="3")
    Answer.objects.create(assessment=assessment_b, question_id="GM.1.1", value="2")
    users = {
        "coordinator_a": make_user("coord-a@example.org", RoleKind.COORDINATOR, city_a),
        "respondent_a": make_user("resp-a@example.org", RoleKind.RESPONDENT, city_a),
        "coordinator_b": make_user("coord-b@example.org", RoleKind.COORDINATOR, city_b),
        "consultant_a": make_user("consultant-a@example.org", RoleKind.CONSULTANT, city_a),
        "judge": make_user("judge@example.org", RoleKind.JUDGE),
        "secretariat": make_user("secretariat@example.org", RoleKind.SECRETARIAT, is_staff=True),
    }
    SectionAssignment.objects.create(assessment=assessment_a, user=users["respondent_a"], section_id="GM")
    world = World(city_a, city_b, assessment_a, assessment_b, users)
    world.learning = learning_world(city_a, users)
    return world


def log_in(client, user) -> None:
    """Log in; privileged users and judges also pass the second factor, as they must."""
    client.force_login(user)
    if (
        user.roles.filter(kind__in=[RoleKind.SECRETARIAT, RoleKind.REGIONAL_OFFICE, RoleKind.JUDGE]).exists()
        or user.is_superuser
    ):
        device = TOTPDevice.objects.create(user=user, name="test", confirmed=True)
        session = client.session
        session["otp_device_id"] = device.persistent_id
        session.save()
