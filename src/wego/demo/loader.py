"""The demo: real member cities, and three cycles of invented CeDS assessments.

Every assessment created here is flagged `is_demo` and shown as demo data. Answers are
drawn from a seeded generator, so the demo is the same on every machine, and loading
it twice creates nothing twice.
"""

from __future__ import annotations

import datetime as dt
import zlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from django.contrib.auth import get_user_model
from django.db import transaction

from wego.assessments.models import (
    Answer,
    AnswerStatus,
    Assessment,
    AssessmentStatus,
    Cycle,
    FrameworkVersion,
)
from wego.assessments.selectors import framework_plan
from wego.assessments.services import assessments_score, frameworks_load_shipped
from wego.members.models import City, MemberCategory
from wego.members.services import cities_load, countries_load

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


def demo_users() -> list[tuple[str, str, str]]:
    """Create the demo logins; returns (username, password, what it is for)."""
    user_model = get_user_model()
    user, created = user_model.objects.get_or_create(
        username="secretariat",
        defaults={"email": "secretariat@demo.wego.invalid", "first_name": "Demo secretariat"},
    )
    if created:
        user.is_staff = True
        user.is_superuser = True
        user.set_password(DEMO_PASSWORD)
        user.save()
    return [("secretariat", DEMO_PASSWORD, "WeGO secretariat (administrator), demo account")]


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
            if rng.random() > plan.participation:
                continue
            if Assessment.objects.filter(city=city, cycle=cycle).exists():
                continue
            submitted = rng.random() < plan.submitted
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
    if created:
        assessments_score(
            assessments=Assessment.objects.filter(pk__in=[a.pk for a in created]).select_related(
                "cycle__framework"
            )
        )
    counts["assessments created"] = len(created)
    counts["assessments"] = Assessment.objects.count()
    return counts
