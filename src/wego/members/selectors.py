"""Public reads about members: only what anyone may see (no scores of other cities)."""

from __future__ import annotations

from dataclasses import dataclass

from wego.assessments.models import Assessment, AssessmentStatus, Cycle
from wego.members.models import City, MemberCategory


@dataclass(frozen=True)
class CityRow:
    city: City
    assessment: Assessment | None


def home_overview() -> dict:
    """The home page: member cities and their participation in the latest cycle.

    Participation (filling out / completed) is public, as it was on the original CeDS
    page; scores are not. Three queries whatever the number of cities.
    """
    cities = list(City.objects.select_related("country").exclude(member_category=MemberCategory.NON_MEMBER))
    cycle = (
        Cycle.objects.filter(framework__slug="ceds")
        .select_related("framework")
        .order_by("-year", "-pk")
        .first()
    )
    by_city: dict[int, Assessment] = {}
    if cycle is not None:
        for assessment in Assessment.objects.filter(cycle=cycle).only(
            "city_id", "status", "is_demo", "stage"
        ):
            by_city[assessment.city_id] = assessment
    rows = [CityRow(city, by_city.get(city.pk)) for city in cities]
    stage_names = {}
    if cycle is not None:
        stage_names = {stage.id: str(stage.name) for stage in cycle.framework.load().stages}
    started = [a for a in by_city.values() if a.status != AssessmentStatus.NOT_STARTED]
    return {
        "rows": rows,
        "cycle": cycle,
        "member_count": len(cities),
        "country_count": len({c.country_id for c in cities}),
        "submitted_count": sum(a.status == AssessmentStatus.SUBMITTED for a in started),
        "in_progress_count": sum(a.status == AssessmentStatus.IN_PROGRESS for a in started),
        "has_demo": any(a.is_demo for a in started),
        "map": member_map(rows, stage_names),
    }


def member_map(rows: list[CityRow], stage_names: dict[str, str]):
    """Members by participation; a city that shares its results shows its stage instead."""
    from django.utils.translation import gettext as _

    from wego.common.charts import MapPoint, world_map

    legend = {"completed": _("Completed"), "filling": _("Filling out"), "none": _("Not taking part")}
    legend.update({f"stage-{k}": _("Stage: %(name)s") % {"name": v} for k, v in stage_names.items()})
    points = []
    for row in rows:
        assessment = row.assessment
        if assessment is None or assessment.status == AssessmentStatus.NOT_STARTED:
            category = "none"
        elif assessment.status == AssessmentStatus.SUBMITTED:
            shared = row.city.shares_results and assessment.stage in stage_names
            category = f"stage-{assessment.stage}" if shared else "completed"
        else:
            category = "filling"
        points.append(MapPoint(row.city.name, row.city.latitude, row.city.longitude, category))
    used = {p.category for p in points}
    return world_map(
        points,
        {k: v for k, v in legend.items() if k in used},
        title=_("WeGO members and the current CeDS cycle"),
    )
