"""Demo data of the awards: an edition in judging with invented entries and judges, all labelled demo.

`awards_demo_load()` is called by the demo loader (wego.demo.loader.demo_users) once the
cities and the demo logins exist; it is safe to run again. It returns the demo logins it
adds, printed with the others.
"""

from __future__ import annotations

import datetime as dt
import zlib

import numpy as np
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from wego.accounts.models import Role, RoleKind
from wego.awards import services
from wego.awards.models import (
    Application,
    ApplicationStatus,
    Assignment,
    Edition,
    Judge,
    JudgeStatus,
    Recommendation,
)
from wego.members.models import City

DEMO_NUMBER = 5
APPLICANT_EMAIL = "applicant@demo.wego.invalid"
JUDGES = (
    # email, name, employer, home city slug (None: abroad, no city of the demo)
    ("judge1@demo.wego.invalid", "Demo judge 1", "Demo University of Public Administration", "seoul"),
    ("judge2@demo.wego.invalid", "Demo judge 2", "Demo Digital Government Institute", None),
    ("judge3@demo.wego.invalid", "Demo judge 3", "Demo Smart City Lab", None),
)
# (city slug, category slug, project title): invented projects, labelled demo on every page.
ENTRIES = (
    ("seoul", "mobility", "Night bus on demand (demo)"),
    ("barcelona", "mobility", "Shared bicycle parking map (demo)"),
    ("jakarta", "mobility", "Flood-aware route planner (demo)"),
    ("helsinki", "mobility", "One ticket for every mode (demo)"),
    ("chengdu", "safe-city", "Neighbourhood emergency alerts (demo)"),
    ("nairobi", "safe-city", "Street-light fault reporting (demo)"),
    ("mexico-city", "safe-city", "Safe walk home companion (demo)"),
    ("amsterdam", "efficient-government", "Permits in one visit (demo)"),
    ("tunis", "efficient-government", "Paperless council meetings (demo)"),
    ("bangkok", "efficient-government", "Open procurement tracker (demo)"),
)


def _rng(*parts: object) -> np.random.Generator:
    return np.random.default_rng(zlib.crc32("/".join(map(str, parts)).encode()))


def _user(email: str, name: str, password: str):
    user, created = get_user_model().objects.get_or_create(email=email, defaults={"full_name": name})
    if created:
        user.set_password(password)
        user.save()
    return user


@transaction.atomic
def awards_demo_load(*, password: str, totp_key: str, secretariat) -> list[tuple[str, str, str]]:
    """The demo edition in judging; returns the demo logins (email, password, what for)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    applicant = _user(APPLICANT_EMAIL, "Demo awards applicant", password)
    judges = []
    for email, name, _employer, _city in JUDGES:
        user = _user(email, name, password)
        Role.objects.get_or_create(user=user, kind=RoleKind.JUDGE, city=None)
        TOTPDevice.objects.get_or_create(
            user=user, name="Demo authenticator", defaults={"key": totp_key, "confirmed": True}
        )
        judges.append(user)
    logins = [
        (
            APPLICANT_EMAIL,
            password,
            f"awards applicant (demo); entries in the {DEMO_NUMBER}th WeGO Awards (demo)",
        ),
        *[
            (email, password, f"awards judge (demo), same two-factor key as the secretariat; {note}")
            for (email, _n, _e, _c), note in zip(
                JUDGES,
                (
                    "lives in Seoul: a conflict is flagged with the Seoul entry",
                    "scores submitted",
                    "scores submitted",
                ),
                strict=True,
            )
        ],
    ]
    if Edition.objects.filter(number=DEMO_NUMBER).exists():
        return logins
    cities = City.objects.select_related("country").in_bulk(field_name="slug")
    now = timezone.now()
    edition = services.edition_create(
        number=DEMO_NUMBER,
        year=now.year,
        title=f"{DEMO_NUMBER}th WeGO Awards (demo)",
        category_set="2020",
        actor=secretariat,
        general_assembly="Demo General Assembly",
        applications_open_at=now - dt.timedelta(days=60),
        applications_close_at=now - dt.timedelta(days=7),
        is_demo=True,
    )
    categories = {c.slug: c for c in edition.categories.all()}
    for i, (slug, category, title) in enumerate(ENTRIES):
        city = cities.get(slug)
        if city is None:
            continue
        application = Application.objects.create(
            edition=edition,
            applicant=applicant,
            city=city,
            category=categories[category],
            status=ApplicationStatus.SUBMITTED,
            applicant_kind="agency",
            organisation=f"{city.name} digital office (demo)",
            contact_name="Demo contact",
            contact_email=APPLICANT_EMAIL,
            project_title=title,
            project_key=services.project_key(title),
            summary=f"Invented entry for the demo: {title[:-7].lower()} in {city.name}.",
            problem="Invented for the demo: residents lacked a simple digital service for this need.",
            solution="Invented for the demo: the city built and launched a service with residents' input.",
            results="Invented for the demo: usage grew every month after launch.",
            forms_in_english=True,
            submitted_at=edition.applications_close_at - dt.timedelta(days=2, hours=i),
            idempotency_key=f"demo-{DEMO_NUMBER}-{i}",
            is_demo=True,
        )
        Recommendation.objects.create(
            application=application,
            recommender_name=f"Demo recommender for {city.name}",
            recommender_email=f"recommender{i}@demo.wego.invalid",
            recommender_organisation=f"Office of the Mayor of {city.name} (demo)",
            token_hash=services.token_hash(f"demo-recommendation-{i}"),
            due_at=edition.applications_close_at,
            received_at=edition.applications_close_at - dt.timedelta(days=1),
        )
    pool = []
    for user, (email, name, employer, city_slug) in zip(judges, JUDGES, strict=True):
        city = cities.get(city_slug) if city_slug else None
        judge = Judge.objects.create(
            edition=edition,
            user=user,
            email=email,
            name=name,
            organisation=employer,
            city=city,
            country=city.country if city else None,
            status=JudgeStatus.ACCEPTED,
            nominated_by=secretariat,
            is_demo=True,
        )
        pool.append(judge)
    for category in categories.values():
        if category.applications.exists():
            services.panel_set(category=category, judges=pool, actor=secretariat)
    services.conflicts_detect(edition=edition, actor=secretariat)
    report = services.round_open(edition=edition, number=1, actor=secretariat)
    criteria = list(edition.criteria.all())
    for assignment in Assignment.objects.filter(round=report.round, judge__in=pool[1:]).select_related(
        "judge"
    ):
        rng = _rng(assignment.judge.email, assignment.application_id)
        base = int(rng.integers(4, 9))
        values = {c.pk: (int(np.clip(base + rng.integers(-1, 2), 1, 10)), "") for c in criteria}
        services.scores_save(
            assignment=assignment,
            actor=assignment.judge.user,
            values=values,
            comment="Demo scores.",
            submit=True,
        )
    return logins
