"""Public reads about members: only what anyone may see (no scores of other cities)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import DecimalField, F, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import get_language

from wego.assessments.models import Assessment, AssessmentStatus, Cycle
from wego.members.models import (
    ApprovingBody,
    ApprovingBodyRule,
    City,
    Fee,
    Invoice,
    MemberCategory,
    MemberOffice,
    Membership,
    MembershipApplication,
    Payment,
    RegionalOffice,
)


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
        language = get_language() or "en"
        stage_names = {stage.id: stage.name.get(language) for stage in cycle.framework.load().stages}
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
        with_table=True,
    )


# --- Membership: history, approving body, fees --------------------------------------------------

# The statute's rule when no ApprovingBodyRule rows exist: the General Assembly approved new
# Full members until the end of 2017, the Executive Committee from 2018 (PRODUCT.md section 4).
DEFAULT_APPROVING_BODIES: tuple[tuple[dt.date, str], ...] = (
    (dt.date(2010, 1, 1), ApprovingBody.GENERAL_ASSEMBLY),
    (dt.date(2018, 1, 1), ApprovingBody.EXECUTIVE_COMMITTEE),
)


def _as_date(value: dt.date | dt.datetime) -> dt.date:
    if isinstance(value, dt.datetime):
        return timezone.localdate(value) if timezone.is_aware(value) else value.date()
    return value


def approving_body_on(date: dt.date | dt.datetime) -> str:
    """Which body approves new Full members on that date (ApprovingBodyRule rows, else the default)."""
    day = _as_date(date)
    rules = list(ApprovingBodyRule.objects.values_list("valid_from", "body")) or list(
        DEFAULT_APPROVING_BODIES
    )
    body = rules[0][1]  # before the first rule: the earliest body
    for valid_from, rule_body in sorted(rules):
        if valid_from <= day:
            body = rule_body
    return str(body)


def member_category_on(city, date: dt.date | dt.datetime) -> str:
    """The city's member category on that date, from its membership history.

    A city with no recorded history (loaded from the member list) counts as its current
    category from 1 January of its `joined_year` (or always, when that is unknown), and
    as a non-member before.
    """
    day = _as_date(date)
    city_id = getattr(city, "pk", city)
    periods = list(
        Membership.objects.filter(city_id=city_id)
        .order_by("valid_from", "id")
        .values_list("category", "valid_from", "valid_to")
    )
    if periods:
        for category, valid_from, valid_to in reversed(periods):
            if valid_from <= day and (valid_to is None or day < valid_to):
                return str(category)
        return str(MemberCategory.NON_MEMBER)
    if not isinstance(city, City):
        city = City.objects.only("member_category", "joined_year").get(pk=city_id)
    if city.joined_year is not None and day.year < city.joined_year:
        return str(MemberCategory.NON_MEMBER)
    return str(city.member_category)


def membership_history(city) -> list[Membership]:
    return list(
        Membership.objects.filter(city=city).select_related("application").order_by("valid_from", "id")
    )


def invoices_with_balance(queryset=None):
    """Invoices annotated with `paid` (sum of payments, 0 when none) and `balance` (amount - paid)."""
    queryset = Invoice.objects.all() if queryset is None else queryset
    zero = Value(Decimal("0.00"), output_field=DecimalField(max_digits=10, decimal_places=2))
    paid = Coalesce(
        Subquery(
            Payment.objects.filter(invoice=OuterRef("pk"))
            .values("invoice")
            .annotate(total=Sum("amount"))
            .values("total")[:1],
            output_field=DecimalField(max_digits=10, decimal_places=2),
        ),
        zero,
    )
    return queryset.annotate(paid=paid).annotate(balance=F("amount") - F("paid"))


def fees_fully_paid(city, year: int) -> bool:
    """True when every invoice of the city for `year` or an earlier year is paid in full.

    A city with no invoice due by then owes nothing and counts as fully paid.
    """
    city_id = getattr(city, "pk", city)
    unpaid = invoices_with_balance(Invoice.objects.filter(city_id=city_id, year__lte=year)).filter(
        balance__gt=0
    )
    return not unpaid.exists()


# --- The public directory and statistics ---------------------------------------------------------

PUBLIC_CATEGORIES = (
    MemberCategory.FULL,
    MemberCategory.ASSOCIATE,
    MemberCategory.FRIENDSHIP,
    MemberCategory.CORPORATE,
)


def offices_by_region() -> dict[str, RegionalOffice]:
    """The active regional office of each region (the first by name when a region has several)."""
    found: dict[str, RegionalOffice] = {}
    for office in RegionalOffice.objects.filter(is_active=True).select_related("host_city").order_by("name"):
        found.setdefault(office.region, office)
    return found


def office_of(city: City, *, defaults: dict[str, RegionalOffice] | None = None) -> RegionalOffice | None:
    """The member's regional office: the one assigned to it, else the office of its region."""
    if _has_assignment(city):
        return city.office_assignment.office
    defaults = offices_by_region() if defaults is None else defaults
    return defaults.get(city.country.region)


@dataclass(frozen=True)
class DirectoryRow:
    city: City
    office: RegionalOffice | None


def member_directory(*, region: str = "", category: str = "") -> list[DirectoryRow]:
    """Members for the public directory: public facts only (no fees, no contacts). Three queries."""
    cities = City.objects.filter(member_category__in=PUBLIC_CATEGORIES).select_related(
        "country", "office_assignment__office__host_city"
    )
    if region:
        cities = cities.filter(country__region=region)
    if category:
        cities = cities.filter(member_category=category)
    defaults = offices_by_region()
    rows = []
    for city in cities.order_by("name"):
        assignment = getattr(city, "office_assignment", None) if _has_assignment(city) else None
        rows.append(
            DirectoryRow(city, assignment.office if assignment else defaults.get(city.country.region))
        )
    return rows


def _has_assignment(city: City) -> bool:
    try:
        return city.office_assignment is not None
    except MemberOffice.DoesNotExist:
        return False


def member_regions() -> list[str]:
    return sorted(
        set(
            City.objects.filter(member_category__in=PUBLIC_CATEGORIES).values_list(
                "country__region", flat=True
            )
        )
    )


def directory_map(rows: list[DirectoryRow]):
    """The world map of the directory: a point per member, coloured by category."""
    from django.utils.translation import gettext as _

    from wego.common.charts import MapPoint, world_map

    legend = {str(c): str(MemberCategory(c).label) for c in PUBLIC_CATEGORIES}
    points = [MapPoint(r.city.name, r.city.latitude, r.city.longitude, r.city.member_category) for r in rows]
    used = {p.category for p in points}
    return world_map(
        points,
        {k: v for k, v in legend.items() if k in used},
        title=_("WeGO members by category"),
        with_table=True,
    )


@dataclass(frozen=True)
class MembershipStatistics:
    years: list[int]
    regions: list[str]
    counts: dict[str, list[int]]  # region -> members at the end of each year
    totals: list[int]


def membership_statistics(*, until: int | None = None) -> MembershipStatistics:
    """Members (any category but non-member) at the end of each year, by region. Two queries.

    Uses the membership history where a city has one, else its joined year.
    """
    last_year = until or timezone.localdate().year
    cities = list(
        City.objects.select_related("country").only("pk", "member_category", "joined_year", "country__region")
    )
    periods: dict[int, list[tuple]] = {}
    for city_id, category, valid_from, valid_to in Membership.objects.order_by(
        "valid_from", "id"
    ).values_list("city_id", "category", "valid_from", "valid_to"):
        periods.setdefault(city_id, []).append((category, valid_from, valid_to))
    first_year = min(
        [p[1].year for rows in periods.values() for p in rows]
        + [c.joined_year for c in cities if c.joined_year and c.member_category != MemberCategory.NON_MEMBER],
        default=last_year,
    )
    years = list(range(min(first_year, last_year), last_year + 1))
    regions = sorted({c.country.region for c in cities})
    counts = {region: [0] * len(years) for region in regions}
    for city in cities:
        for i, year in enumerate(years):
            day = dt.date(year, 12, 31)
            if city.pk in periods:
                category = str(MemberCategory.NON_MEMBER)
                for cat, valid_from, valid_to in periods[city.pk]:
                    if valid_from <= day and (valid_to is None or day < valid_to):
                        category = cat
            elif city.joined_year is None or city.joined_year <= year:
                category = city.member_category
            else:
                category = MemberCategory.NON_MEMBER
            if category != MemberCategory.NON_MEMBER:
                counts[city.country.region][i] += 1
    regions = [r for r in regions if any(counts[r])]
    counts = {r: counts[r] for r in regions}
    totals = [sum(counts[r][i] for r in regions) for i in range(len(years))]
    return MembershipStatistics(years, regions, counts, totals)


def statistics_chart(stats: MembershipStatistics):
    from django.utils.translation import gettext as _

    from wego.common.charts import Series, trend_chart

    if not stats.regions:
        return ""
    top = max(max(values) for values in stats.counts.values())
    step = 5 if top <= 20 else 10 if top <= 40 else 25
    scale_top = max(step, -(-top // step) * step)
    series = [
        Series(region, [float(v) for v in stats.counts[region]], f"palette-{n % 7 + 1}")
        for n, region in enumerate(stats.regions)
    ]
    return trend_chart(
        # More than ten years do not fit as full labels: 2010 becomes an apostrophe and 10 (the table has them in full).
        [str(y) if len(stats.years) <= 10 else f"\u2019{y % 100:02d}" for y in stats.years],
        series,
        scale=(0, scale_top),
        title=_("WeGO members by region, at the end of each year"),
    )


# --- The secretariat and the member's own pages ---------------------------------------------------


def applications_for(user, *, status: str = ""):
    """Applications the person may see: all for the secretariat, their region's for a regional office,
    else those they submitted or of the cities they coordinate."""
    from django.db.models import Q

    from wego.accounts.models import RoleKind
    from wego.accounts.rules import city_ids, is_secretariat, regions

    queryset = MembershipApplication.objects.select_related("city__country", "applicant")
    if not is_secretariat(user):
        queryset = queryset.filter(
            Q(applicant=user)
            | Q(city_id__in=city_ids(user, RoleKind.COORDINATOR))
            | Q(city__country__region__in=regions(user))
        )
    if status:
        queryset = queryset.filter(status=status)
    return queryset.order_by("-submitted_at", "-id")


def invoices_for(user, *, year: int | None = None, city=None):
    """Invoices (with `paid` and `balance`) the person may see: all for the secretariat, else the
    cities they coordinate and their region's."""
    from django.db.models import Q

    from wego.accounts.models import RoleKind
    from wego.accounts.rules import city_ids, is_secretariat, regions

    queryset = Invoice.objects.select_related("city__country")
    if not is_secretariat(user):
        queryset = queryset.filter(
            Q(city_id__in=city_ids(user, RoleKind.COORDINATOR)) | Q(city__country__region__in=regions(user))
        )
    if year is not None:
        queryset = queryset.filter(year=year)
    if city is not None:
        queryset = queryset.filter(city=city)
    return invoices_with_balance(queryset).order_by("-year", "number")


def fee_schedule() -> dict:
    """Fees by year (latest first) and category, for the secretariat's page."""
    fees = list(Fee.objects.order_by("-year", "category"))
    years = sorted({f.year for f in fees}, reverse=True)
    table = {year: {f.category: f for f in fees if f.year == year} for year in years}
    categories = [c for c in PUBLIC_CATEGORIES]
    return {
        "rows": [(year, [table[year].get(str(c)) for c in categories]) for year in years],
        "categories": [MemberCategory(c).label for c in categories],
    }
