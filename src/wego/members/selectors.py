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
    cycle = Cycle.objects.filter(framework__slug="ceds").order_by("-year", "-pk").first()
    by_city: dict[int, Assessment] = {}
    if cycle is not None:
        for assessment in Assessment.objects.filter(cycle=cycle).only("city_id", "status", "is_demo"):
            by_city[assessment.city_id] = assessment
    rows = [CityRow(city, by_city.get(city.pk)) for city in cities]
    started = [a for a in by_city.values() if a.status != AssessmentStatus.NOT_STARTED]
    return {
        "rows": rows,
        "cycle": cycle,
        "member_count": len(cities),
        "country_count": len({c.country_id for c in cities}),
        "submitted_count": sum(a.status == AssessmentStatus.SUBMITTED for a in started),
        "in_progress_count": sum(a.status == AssessmentStatus.IN_PROGRESS for a in started),
        "has_demo": any(a.is_demo for a in started),
    }
