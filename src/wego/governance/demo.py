"""Demo governance: the bodies, the General Assemblies named in the product brief, a past
Assembly with minutes, the current Executive Committee and an open motion vote.

Facts (PRODUCT.md): the Assemblies of Seoul 2010, Barcelona 2012, Chengdu 2014 and Ulyanovsk
Region 2017 with their themes; Seoul as President City and host of the Secretariat; the
regional offices. Everything else (days of the meetings, minutes, agendas, the Vice
Presidents and members of the committee, the vote) is invented and flagged `is_demo`, and
its text says "demo". Loading twice creates nothing twice.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from wego.governance.models import Body, BodyKind, Meeting, Term, Vote
from wego.governance.services import (
    agenda_item_add,
    attendance_record,
    candidacy_register,
    committee_member_elect,
    general_assembly_host_confirm,
    minutes_save,
    president_elect,
    vice_presidents_nominate,
    vote_create,
    vote_open,
)
from wego.members.models import City

BODIES = (
    (
        BodyKind.GENERAL_ASSEMBLY,
        "General Assembly",
        "seoul",
        "",
        "All Full members; regular session every three years.",
    ),
    (
        BodyKind.EXECUTIVE_COMMITTEE,
        "Executive Committee",
        "seoul",
        "",
        "Twenty cities or fewer, including the President and Vice President Cities; meets yearly; approves members.",
    ),
    (BodyKind.SECRETARIAT, "Secretariat", "seoul", "", "Hosted by the President City."),
    (BodyKind.REGIONAL_OFFICE, "Regional Office for Asia", "chengdu", "Asia", ""),
    (BodyKind.REGIONAL_OFFICE, "Regional Office for Europe and Eurasia", "ulyanovsk-region", "Europe", ""),
    (BodyKind.REGIONAL_OFFICE, "Regional Office for the Mediterranean", "beyoglu", "", ""),
    (BodyKind.REGIONAL_OFFICE, "Regional Office for Latin America", "mexico-city", "Americas", ""),
)

# The General Assemblies of the brief: (year, host, theme). The days are invented (demo).
ASSEMBLIES = (
    (2010, "seoul", "e-Sharing for All"),
    (2012, "barcelona", ""),
    (2014, "chengdu", "Engaging Citizens: Open, Sharing, and Collaborative Cities"),
    (2017, "ulyanovsk-region", "Smart Sustainable Cities for All"),
)

MINUTES_2017 = """Demo minutes (invented for the demo; not the record of the real session).

1. Opening. The President City, Seoul, opened the General Assembly in Ulyanovsk Region.
2. Report of the Secretariat on the activities since 2014 (demo).
3. Accounts and membership fees (demo).
4. Election of the President City and of the Executive Committee (demo).
5. Confirmation of the host of the next General Assembly (demo).
6. Closing."""

VICE_PRESIDENTS = ("ulyanovsk-region", "mexico-city", "beyoglu", "makati", "addis-ababa")
MEMBERS = ("jakarta", "tashkent", "dakar", "hanoi")
CURRENT_GA_DAY = dt.date(2026, 6, 15)  # demo
NEXT_GA_DAY = dt.date(2029, 6, 11)  # demo
NEXT_GA_HOST = "chengdu"  # demo


def _city(slug: str) -> City | None:
    return City.objects.filter(slug=slug).first()


def _meeting(body: Body, title: str, starts_on: dt.date, host: City | None, theme: str = "", days: int = 2):
    meeting, created = Meeting.objects.get_or_create(
        body=body,
        title=title,
        defaults={
            "starts_on": starts_on,
            "ends_on": starts_on + dt.timedelta(days=days),
            "host_city": host,
            "theme": theme,
            "is_demo": True,
        },
    )
    return meeting, created


@transaction.atomic
def governance_demo_load() -> dict[str, int]:
    counts = {"governance bodies": 0, "demo meetings": 0, "demo terms": 0, "demo votes": 0}
    bodies = {}
    for kind, name, host, region, description in BODIES:
        body, created = Body.objects.get_or_create(
            name=name,
            defaults={"kind": kind, "host_city": _city(host), "region": region, "description": description},
        )
        bodies[name] = body
        counts["governance bodies"] += created
    assembly, committee = bodies["General Assembly"], bodies["Executive Committee"]

    for year, host, theme in ASSEMBLIES:
        city = _city(host)
        title = f"General Assembly {year}, {city.name if city else host}"
        meeting, created = _meeting(assembly, title, dt.date(year, 9, 4), city, theme)
        counts["demo meetings"] += created
        if created and year == 2017:
            for item in (
                "Opening",
                "Report of the Secretariat (demo)",
                "Accounts and membership fees (demo)",
                "Elections (demo)",
                "Host of the next General Assembly (demo)",
            ):
                agenda_item_add(meeting=meeting, title=item, actor=None)
            minutes_save(meeting=meeting, text=MINUTES_2017, approved_on=dt.date(2018, 5, 1), actor=None)
            for slug in ("seoul", "chengdu", "ulyanovsk-region", "makati", "mexico-city"):
                if city := _city(slug):
                    attendance_record(
                        meeting=meeting,
                        city=city,
                        kind="delegate",
                        represented_by="Demo delegation",
                        actor=None,
                    )

    seoul = _city("seoul")
    if seoul is None or Term.objects.filter(is_demo=True).exists():
        return counts

    # The current committee, elected at an invented 2026 Assembly (demo).
    current, _ = _meeting(assembly, "General Assembly 2026 (demo)", CURRENT_GA_DAY, _city("seoul"))
    next_ga, _ = _meeting(assembly, "General Assembly 2029 (demo)", NEXT_GA_DAY, None)
    ec_meeting, _ = _meeting(
        committee, "Executive Committee 2026 (demo)", CURRENT_GA_DAY, _city("seoul"), days=0
    )
    counts["demo meetings"] += 3
    candidacy_register(
        meeting=current, city=seoul, notified_on=CURRENT_GA_DAY - dt.timedelta(days=60), actor=None
    )
    terms = [president_elect(meeting=current, city=seoul, actor=None, is_demo=True)]
    if host := _city(NEXT_GA_HOST):
        terms.append(
            general_assembly_host_confirm(
                meeting=current, next_meeting=next_ga, host_city=host, actor=None, is_demo=True
            )
        )
    vice_presidents = [c for slug in VICE_PRESIDENTS if (c := _city(slug))]
    if len(vice_presidents) >= 5:
        terms += vice_presidents_nominate(
            meeting=ec_meeting, cities=vice_presidents, starts_on=CURRENT_GA_DAY, actor=None, is_demo=True
        )
    for slug in MEMBERS:
        if city := _city(slug):
            terms.append(
                committee_member_elect(
                    meeting=current, city=city, starts_on=CURRENT_GA_DAY, actor=None, is_demo=True
                )
            )
    counts["demo terms"] = len(terms)

    # An open motion at this year's (invented) Executive Committee meeting.
    today = timezone.localdate()
    meeting, _ = _meeting(committee, "Executive Committee, current session (demo)", today, seoul, days=1)
    if not Vote.objects.filter(meeting=meeting).exists():
        now = timezone.now()
        vote = vote_create(
            meeting=meeting,
            kind="motion",
            title="Adopt the work plan (demo)",
            question="Demo motion: shall the Executive Committee adopt the Secretariat's work plan for next year?",
            opens_at=now - dt.timedelta(hours=1),
            closes_at=now + dt.timedelta(days=7),
            actor=None,
            is_demo=True,
        )
        vote_open(vote=vote, actor=None)
        counts["demo votes"] += 1
    return counts
