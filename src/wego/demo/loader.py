"""The demo: real member cities, and three cycles of invented CeDS assessments.

Every assessment created here is flagged `is_demo` and shown as demo data. Answers are
drawn from a seeded generator, so the demo is the same on every machine, and loading
it twice creates nothing twice.
"""

from __future__ import annotations

import base64
import datetime as dt
import zlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from django.contrib.auth import get_user_model
from django.db import transaction

from wego.accounts.models import Role, RoleKind
from wego.assessments.models import (
    Answer,
    AnswerStatus,
    Assessment,
    AssessmentStatus,
    Cycle,
    FrameworkVersion,
    SectionAssignment,
)
from wego.assessments.selectors import framework_plan
from wego.assessments.services import assessment_prefill, assessments_score, frameworks_load_shipped
from wego.governance.demo import governance_demo_load
from wego.knowledge.demo import knowledge_demo_load
from wego.members.demo_membership import membership_demo_load
from wego.members.models import City, MemberCategory
from wego.members.services import cities_load, countries_load
from wego.solutions.demo import plan_demo_load

CITIES_CSV = Path(__file__).resolve().parent / "cities.csv"
DEMO_PASSWORD = "wego-demo-2026"  # a published demo login, not a secret
INCOME_BASE = {"High": 0.62, "Upper-Middle": 0.48, "Lower-Middle": 0.36, "Low": 0.26}


@dataclass(frozen=True)
class CyclePlan:
    year: int
    opens_on: dt.date
    closes_on: dt.date
    participation: float  # share of member cities that take part
    submitted: float  # share of participants who submitted


CYCLES = (
    CyclePlan(2022, dt.date(2022, 3, 1), dt.date(2022, 9, 30), 0.55, 1.0),
    CyclePlan(2024, dt.date(2024, 3, 1), dt.date(2024, 9, 30), 0.70, 1.0),
    CyclePlan(2026, dt.date(2026, 9, 1), dt.date(2027, 1, 31), 0.80, 0.55),
)


def _rng(*parts: object) -> np.random.Generator:
    return np.random.default_rng(zlib.crc32("/".join(map(str, parts)).encode()))


DEMO_TOTP_KEY = "3132333435363738393031323334353637383930"  # hex; published with the demo logins
SECRETARIAT_EMAIL = "secretariat@demo.wego.invalid"
COORDINATOR_EMAIL = "coordinator@seoul.demo.wego.invalid"
RESPONDENT_EMAIL = "respondent@seoul.demo.wego.invalid"
DEMO_CITY = "seoul"


def _demo_user(email: str, full_name: str, **flags):
    user_model = get_user_model()
    user, created = user_model.objects.get_or_create(email=email, defaults={"full_name": full_name, **flags})
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save()
    return user


def demo_users() -> list[tuple[str, str, str]]:
    """Create the demo logins; returns (email, password, what it is for)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from wego.assistance.demo import load_demo as assistance_demo

    secretariat = _demo_user(SECRETARIAT_EMAIL, "Demo secretariat officer", is_staff=True, is_superuser=True)
    Role.objects.get_or_create(user=secretariat, kind=RoleKind.SECRETARIAT, city=None)
    TOTPDevice.objects.get_or_create(
        user=secretariat, name="Demo authenticator", defaults={"key": DEMO_TOTP_KEY, "confirmed": True}
    )
    city = City.objects.get(slug=DEMO_CITY)
    coordinator = _demo_user(COORDINATOR_EMAIL, "Demo coordinator (Seoul)")
    Role.objects.get_or_create(user=coordinator, kind=RoleKind.COORDINATOR, city=city)
    respondent = _demo_user(RESPONDENT_EMAIL, "Demo respondent (Seoul)")
    Role.objects.get_or_create(user=respondent, kind=RoleKind.RESPONDENT, city=city)
    current = Assessment.objects.filter(city=city, cycle__year=CYCLES[-1].year).first()
    if current is not None:
        for section in ("GM", "PI", "RC"):
            SectionAssignment.objects.get_or_create(assessment=current, user=respondent, section_id=section)
    from wego.learning.demo import learning_demo_load

    learning_demo_load(coordinator=coordinator, respondent=respondent)
    from wego.awards.demo import awards_demo_load

    secret = base64.b32encode(bytes.fromhex(DEMO_TOTP_KEY)).decode()
    return [
        (
            SECRETARIAT_EMAIL,
            DEMO_PASSWORD,
            f"WeGO secretariat and administrator; two-factor key {secret} (add it to an authenticator app)",
        ),
        (
            COORDINATOR_EMAIL,
            DEMO_PASSWORD,
            f"coordinator of Seoul; its CeDS {CYCLES[-1].year} assessment is in progress",
        ),
        (
            RESPONDENT_EMAIL,
            DEMO_PASSWORD,
            "respondent of Seoul; answers Governance Mechanism, Policy & Institution, Resource Capacity",
        ),
        *assistance_demo(),
        *awards_demo_load(password=DEMO_PASSWORD, totp_key=DEMO_TOTP_KEY, secretariat=secretariat),
    ]


def _city_maturity(city: City) -> float:
    base = INCOME_BASE.get(city.country.income_group, 0.4)
    return float(np.clip(base + _rng(city.slug, "base").normal(0, 0.08), 0.08, 0.9))


def _draw_answers(
    version: FrameworkVersion, city: City, plan_year: int, share_answered: float
) -> list[Answer]:
    plan = framework_plan(version)
    framework = plan.framework
    rng = _rng(city.slug, plan_year, version.slug)
    step = (plan_year - CYCLES[0].year) / 2 * _rng(city.slug, "pace").uniform(0.02, 0.06)
    maturity = _city_maturity(city) + step
    offsets: dict[str, float] = {}
    answers = []
    for question in plan.questions:
        group = question.id.split(".")[0]
        if group not in offsets:
            offsets[group] = _rng(city.slug, "offset", group).normal(0, 0.1)
        if rng.random() > share_answered:
            continue
        roll = rng.random()
        if roll < 0.03:
            answers.append(Answer(question_id=question.id, status=AnswerStatus.DONT_KNOW))
            continue
        if roll < 0.05 and question.not_applicable:
            answers.append(Answer(question_id=question.id, status=AnswerStatus.NOT_APPLICABLE))
            continue
        top = len(framework.question_levels(question))
        latent = maturity + offsets[group] + rng.normal(0, 0.12)
        level = int(np.clip(round(1 + (top - 1) * latent), 1, top))
        answers.append(Answer(question_id=question.id, status=AnswerStatus.ANSWERED, value=str(level)))
    return answers


@transaction.atomic
def demo_load() -> dict[str, int]:
    """Load countries, cities, frameworks and the demo assessments; safe to run again."""
    counts = {"countries": countries_load(), "cities": cities_load(path=CITIES_CSV)}
    counts["frameworks"] = len(frameworks_load_shipped())
    counts.update(membership_demo_load())  # before the assessments: its applicant city takes part too
    version = FrameworkVersion.objects.get(slug="ceds", is_current=True)
    cities = list(
        City.objects.select_related("country")
        .exclude(member_category=MemberCategory.FRIENDSHIP)
        .order_by("slug")
    )
    created: list[Assessment] = []
    for plan in CYCLES:
        cycle, _ = Cycle.objects.get_or_create(
            year=plan.year,
            framework=version,
            defaults={
                "name": f"CeDS {plan.year}",
                "opens_on": plan.opens_on,
                "closes_on": plan.closes_on,
            },
        )
        for city in cities:
            rng = _rng(city.slug, plan.year, "participation")
            demo_city = city.slug == DEMO_CITY  # always takes part: the demo logins belong to it
            if rng.random() > plan.participation and not demo_city:
                continue
            if Assessment.objects.filter(city=city, cycle=cycle).exists():
                continue
            if demo_city and plan is CYCLES[-1]:
                # In progress, started from its previous assessment: shows "unchanged since".
                assessment = Assessment.objects.create(city=city, cycle=cycle, is_demo=True)
                previous = Assessment.objects.get(
                    city=city, cycle__year=CYCLES[-2].year, cycle__framework=version
                )
                assessment_prefill(assessment=assessment, previous=previous)
                created.append(assessment)
                continue
            submitted = rng.random() < plan.submitted or (demo_city and plan is not CYCLES[-1])
            share = 1.0 if submitted else float(rng.uniform(0.25, 0.9))
            assessment = Assessment.objects.create(
                city=city,
                cycle=cycle,
                is_demo=True,
                status=AssessmentStatus.SUBMITTED if submitted else AssessmentStatus.IN_PROGRESS,
                submitted_at=(
                    dt.datetime.combine(plan.opens_on + dt.timedelta(days=45), dt.time(12), tzinfo=dt.UTC)
                    if submitted
                    else None
                ),
            )
            answers = _draw_answers(version, city, plan.year, share)
            for answer in answers:
                answer.assessment = assessment
            Answer.objects.bulk_create(answers)
            created.append(assessment)
    # Score what is new, and what an earlier version of the platform stored no node scores for.
    unscored = [a for a in Assessment.objects.select_related("cycle__framework") if not a.scores]
    if unscored:
        assessments_score(assessments=unscored)
    counts["assessments created"] = len(created)
    counts["assessments"] = Assessment.objects.count()
    counts.update(knowledge_demo_load())
    counts.update(plan_demo_load())
    counts.update(governance_demo_load())
    return counts
