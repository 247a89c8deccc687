"""Reads across the network for the secretariat and the regional offices.

The secretariat sees every city; a regional office sees the cities of its regions only.
Statistics of a region are given only for MIN_GROUP submitted assessments or more.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from wego.accounts.rules import is_secretariat, regions
from wego.analysis.selectors import MIN_GROUP
from wego.assessments.models import Assessment, AssessmentStatus, Cycle
from wego.assessments.selectors import answer_counts, framework_sections
from wego.members.models import City, MemberCategory
from wego.members.selectors import CityRow, member_map


def _text(value) -> str:
    getter = getattr(value, "get", None)
    return getter(get_language() or "en") if callable(getter) else str(value)


def cycles_for_overview() -> list[Cycle]:
    return list(Cycle.objects.select_related("framework").order_by("-year", "-pk"))


def default_cycle(cycles: list[Cycle]) -> Cycle | None:
    """The latest CeDS cycle; the latest of any framework when there is no CeDS cycle."""
    ceds = [c for c in cycles if c.framework.slug == "ceds"]
    return (ceds or cycles or [None])[0]


def assessments_in_scope(user, cycle: Cycle) -> QuerySet[Assessment]:
    """The cycle's assessments the user may see across the network (all, or their regions')."""
    qs = Assessment.objects.filter(cycle=cycle).select_related("city__country")
    if is_secretariat(user):
        return qs
    return qs.filter(city__country__region__in=regions(user))


def cities_in_scope(user, cycle: Cycle) -> list[City]:
    """The cities invited to the cycle (all members when none are invited), by the user's reach."""
    invited = list(cycle.invited.select_related("country"))
    cities = invited or list(
        City.objects.select_related("country").exclude(member_category=MemberCategory.NON_MEMBER)
    )
    if not is_secretariat(user):
        reach = regions(user)
        cities = [c for c in cities if c.country.region in reach]
    return sorted(cities, key=lambda c: c.name)


def dimensions_of(cycle: Cycle) -> list[tuple[str, str]]:
    """(id, title) of the framework's dimensions, in framework order."""
    return [(s.id, _text(s.title)) for s in framework_sections(cycle.framework) if s.part == "tree"]


@dataclass(frozen=True)
class RegionRow:
    region: str
    n: int
    enough: bool
    medians: tuple[float | None, ...]  # one per dimension; all None when not enough


def _median(values: list[float]) -> float | None:
    return round(float(statistics.median(values)), 1) if values else None


def region_medians(submitted: list[Assessment], dimension_ids: list[str]) -> list[RegionRow]:
    """Per region: n and the median of each dimension; no statistic under MIN_GROUP assessments."""
    by_region: dict[str, list[Assessment]] = {}
    for assessment in submitted:
        by_region.setdefault(assessment.city.country.region, []).append(assessment)
    rows = []
    for region in sorted(by_region):
        members = by_region[region]
        enough = len(members) >= MIN_GROUP
        medians = tuple(
            _median([v for a in members if (v := (a.scores or {}).get(d)) is not None]) if enough else None
            for d in dimension_ids
        )
        rows.append(RegionRow(region, len(members), enough, medians))
    return rows


def stage_counts(cycle: Cycle, submitted: list[Assessment]) -> list[tuple[str, str, int]]:
    """(stage id, name, submitted assessments at that stage) for every stage of the framework."""
    stages = cycle.framework.load().stages
    return [(s.id, _text(s.name), sum(a.stage == s.id for a in submitted)) for s in stages]


def overview(user, cycle: Cycle) -> dict:
    """Participation, the map, stages and dimension medians by region for one cycle.

    A constant number of queries, whatever the number of cities.
    """
    from wego.common.charts import bar_chart

    cities = cities_in_scope(user, cycle)
    assessments = list(assessments_in_scope(user, cycle))
    by_city = {a.city_id: a for a in assessments}
    submitted = [a for a in assessments if a.status == AssessmentStatus.SUBMITTED]
    dimensions = dimensions_of(cycle)
    stages = stage_counts(cycle, submitted)
    # The secretariat's map shows participation only: completed, filling out, not taking part.
    world = member_map([CityRow(c, by_city.get(c.pk)) for c in cities], {})
    return {
        "invited": len(cities),
        "started": sum(a.status != AssessmentStatus.NOT_STARTED for a in assessments),
        "submitted": len(submitted),
        "map": world,
        "stages": stages,
        "stage_chart": bar_chart(
            [(name, count) for _id, name, count in stages],
            title=_("Submitted assessments by stage"),
            with_table=True,
        ),
        "dimensions": dimensions,
        "regions": region_medians(submitted, [d for d, _title in dimensions]),
        "min_group": MIN_GROUP,
    }


# Exports ----------------------------------------------------------------------------------------


def export_rows(user, cycle: Cycle) -> tuple[list[str], list[list]]:
    """The header and one row per assessment of the cycle the user may see (three queries)."""
    dimensions = dimensions_of(cycle)
    stage_names = {s.id: _text(s.name) for s in cycle.framework.load().stages}
    assessments = list(assessments_in_scope(user, cycle).order_by("city__name", "pk"))
    counts = answer_counts(a.pk for a in assessments)
    total = cycle.framework.question_count
    header = [
        _("City"),
        _("Country"),
        _("Region"),
        _("Income group"),
        _("Population"),
        _("Status"),
        _("Share answered"),
        _("Overall"),
        _("Stage"),
        *(title for _id, title in dimensions),
        _("Submitted at"),
    ]
    rows = []
    for a in assessments:
        scores = a.scores or {}
        rows.append(
            [
                a.city.name,
                a.city.country.name,
                a.city.country.region,
                a.city.country.income_group,
                a.city.population,
                a.status,
                round(counts.get(a.pk, 0) / total, 3) if total else 0.0,
                a.overall_score,
                stage_names.get(a.stage, a.stage),
                *(None if scores.get(d) is None else round(float(scores[d]), 1) for d, _title in dimensions),
                a.submitted_at.isoformat() if a.submitted_at else None,
            ]
        )
    return header, rows


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def is_formula_like(value) -> bool:
    """A text a spreadsheet could read as a formula (CSV injection)."""
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)
