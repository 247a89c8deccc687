"""Reads of the knowledge app: the practice library, partners, and help for a key gap.

Practices and partners are public. `help_for_gap` reads other cities' scores, so it
names a city only if that city shares its results (members.City.shares_results).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import lru_cache

from django.db.models import Prefetch, QuerySet
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from wego.assessments.models import Assessment, AssessmentStatus
from wego.knowledge import search
from wego.knowledge.library import indicator_dimensions, reference
from wego.knowledge.models import PRACTICE_LANGUAGES, Partner, Practice, PracticeText

MENTOR_MARGIN = 20.0  # points above the city on the indicator
MENTOR_LIMIT = 5
PROFILE_CLOSE = 10.0  # points per dimension, root mean square
PRACTICE_LIMIT = 10
SEARCH_LIMIT = 200


# The practice library -------------------------------------------------------------------------


@dataclass(frozen=True)
class PracticeView:
    """A practice with the text to show: in the requested language, else English."""

    practice: Practice
    text: PracticeText
    requested: str
    languages: tuple[str, ...]

    @property
    def language(self) -> str:
        return self.text.language

    @property
    def fell_back(self) -> bool:
        return self.text.language != self.requested


def _view(practice: Practice, language: str) -> PracticeView:
    texts = {t.language: t for t in practice.texts.all()}
    text = texts.get(language) or texts.get("en") or next(iter(texts.values()))
    return PracticeView(practice, text, language, tuple(sorted(texts, key=_language_order)))


def _language_order(code: str) -> int:
    return list(PRACTICE_LANGUAGES).index(code) if code in PRACTICE_LANGUAGES else 99


def normal_language(code: str | None) -> str:
    code = (code or "").split("-")[0].lower()
    return code if code in PRACTICE_LANGUAGES else "en"


@dataclass(frozen=True)
class SearchResult:
    views: list[PracticeView]
    count: int  # all matches, though at most SEARCH_LIMIT are listed


def _practices() -> QuerySet[Practice]:
    return Practice.objects.select_related("city").prefetch_related(
        Prefetch("texts", queryset=PracticeText.objects.defer("search_vector"))
    )


def practices_search(
    *,
    query: str = "",
    dimension: str = "",
    module: str = "",
    indicator: str = "",
    region: str = "",
    language: str = "",
    display_language: str = "en",
) -> SearchResult:
    """Practices matching the words of `query` (ranked) and every filter given.

    Without query words the practices are listed newest first. `language` restricts the
    search (and the list) to practices with a text in that language; `display_language`
    picks the text shown (English when the practice has none in it).
    """
    practices = _practices()
    if dimension:
        practices = practices.filter(tags__contains=f" dim:{dimension} ")
    if module:
        practices = practices.filter(tags__contains=f" mod:{module} ")
    if indicator:
        practices = practices.filter(tags__contains=f" ind:{indicator} ")
    if region:
        practices = practices.filter(region=region)
    if language:
        practices = practices.filter(texts__language=language)
    display = normal_language(display_language)
    if search.query_words(query):
        ranked = search.ranked_practice_ids(query, language=language)
        order = {pk: i for i, pk in enumerate(ranked)}
        found = sorted(practices.filter(pk__in=ranked), key=lambda p: order[p.pk])
        return SearchResult([_view(p, display) for p in found[:SEARCH_LIMIT]], len(found))
    found = list(practices.order_by("-year", "city_name", "slug")[: SEARCH_LIMIT + 1])
    count = len(found) if len(found) <= SEARCH_LIMIT else practices.count()
    return SearchResult([_view(p, display) for p in found[:SEARCH_LIMIT]], count)


def practice_detail(slug: str, language: str) -> PracticeView | None:
    practice = _practices().filter(slug=slug).first()
    return None if practice is None else _view(practice, normal_language(language))


def partners_list(*, region: str = "") -> list[Partner]:
    """Active partners; with a region, those serving it (worldwide partners included)."""
    partners = list(Partner.objects.filter(active=True).order_by("name"))
    if region:
        partners = [p for p in partners if not p.regions or region in p.regions]
    return partners


@lru_cache(maxsize=1)
def filter_choices() -> dict[str, list[tuple[str, object]]]:
    """Dimensions, modules and indicators of the shipped framework and catalogue, for the filters."""
    framework, catalogue = reference()
    dimensions = [
        (n.id, n.title) for n in framework.walk("tree") if not n.is_question and n.kind == "dimension"
    ]
    indicators = [
        (n.id, n.title) for n in framework.walk("tree") if not n.is_question and n.kind == "indicator"
    ]
    modules = [(m.id, m.title) for m in catalogue.modules]
    return {"dimensions": dimensions, "indicators": indicators, "modules": modules}


# Help for a key gap ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Mentor:
    city_id: int
    city_name: str
    country: str
    region: str
    population: int | None
    score: float
    lead: float  # points above the assessed city on the indicator
    year: int
    reason: str
    same_region: bool
    size_distance: float
    profile_distance: float


@dataclass(frozen=True)
class PartnerMatch:
    partner: Partner
    direct: bool  # works on the indicator itself (else on a module that improves it)
    modules: tuple[str, ...]
    reason: str


@dataclass
class GapHelp:
    indicator_id: str
    indicator_title: object
    dimension_id: str
    score: float | None
    mentors: list[Mentor] = field(default_factory=list)
    partners: list[PartnerMatch] = field(default_factory=list)
    practices: list[PracticeView] = field(default_factory=list)
    modules: list = field(default_factory=list)  # catalogue modules that improve the indicator


def _number(value: float | None) -> float | None:
    try:
        return None if value is None else float(value)
    except (TypeError, ValueError):
        return None


def _log_population(population: int | None) -> float | None:
    return math.log10(population) if population and population > 0 else None


def _profile_distance(mine: dict, theirs: dict, dimension_ids: list[str]) -> float:
    """Euclidean distance of the dimension scores (a missing score counts as 0)."""
    return math.sqrt(
        sum(((_number(mine.get(d)) or 0.0) - (_number(theirs.get(d)) or 0.0)) ** 2 for d in dimension_ids)
    )


def _millions(population: int | None) -> str:
    if not population:
        return _("unknown population")
    return _("%(n)s million people") % {"n": f"{population / 1_000_000:.1f}"}


def _mentor_reason(
    *,
    name: str,
    score: float,
    lead: float,
    same_region: bool,
    region: str,
    population: int | None,
    own_population: int | None,
    close_profile: bool,
) -> str:
    parts = [
        _("%(city)s scores %(score)s, %(lead)s points above you")
        % {"city": name, "score": f"{score:.0f}", "lead": f"{lead:.0f}"}
    ]
    if same_region:
        parts.append(_("is in your region (%(region)s)") % {"region": region})
    if population and own_population:
        ratio = max(population, own_population) / min(population, own_population)
        if ratio <= 2:
            parts.append(_("is of a similar size (%(size)s)") % {"size": _millions(population)})
    if close_profile:
        parts.append(_("has a maturity profile close to yours"))
    if len(parts) == 1:
        return parts[0] + "."
    return ", ".join(parts[:-1]) + _(" and ") + parts[-1] + "."


def _mentors(assessment: Assessment, indicator_id: str, dimension_ids: list[str]) -> list[Mentor]:
    own = assessment.scores or {}
    base = _number(own.get(indicator_id)) or 0.0
    city = assessment.city
    region = city.country.region
    own_log = _log_population(city.population)
    rows = (
        Assessment.objects.filter(
            status=AssessmentStatus.SUBMITTED,
            cycle__framework__slug=assessment.cycle.framework.slug,
            city__shares_results=True,
        )
        .exclude(city_id=assessment.city_id)
        .order_by("city_id", "-cycle__year", "-submitted_at", "-pk")
        .values_list(
            "city_id",
            "city__name",
            "city__country__name",
            "city__country__region",
            "city__population",
            "cycle__year",
            "scores",
        )
    )
    latest: dict[int, tuple] = {}
    for row in rows:
        latest.setdefault(row[0], row)  # the first row of a city is its latest assessment
    candidates = []
    for city_id, name, country, their_region, population, year, scores in latest.values():
        score = _number((scores or {}).get(indicator_id))
        if score is None or score < base + MENTOR_MARGIN:
            continue
        their_log = _log_population(population)
        size = abs(own_log - their_log) if own_log is not None and their_log is not None else 99.0
        candidates.append(
            (
                city_id,
                name,
                country,
                their_region,
                population,
                year,
                score,
                size,
                _profile_distance(own, scores or {}, dimension_ids),
            )
        )
    candidates.sort(key=lambda c: (c[3] != region, round(c[7], 6), round(c[8], 6), c[1], c[0]))
    # "Close" profile: the dimension scores differ by 10 points or less on average (RMS).
    close_limit = PROFILE_CLOSE * math.sqrt(len(dimension_ids))
    mentors = []
    for city_id, name, country, their_region, population, year, score, size, profile in candidates[
        :MENTOR_LIMIT
    ]:
        close_profile = profile <= close_limit
        mentors.append(
            Mentor(
                city_id=city_id,
                city_name=name,
                country=country,
                region=their_region,
                population=population,
                score=round(score, 1),
                lead=round(score - base, 1),
                year=year,
                reason=_mentor_reason(
                    name=name,
                    score=score,
                    lead=score - base,
                    same_region=their_region == region,
                    region=region,
                    population=population,
                    own_population=city.population,
                    close_profile=close_profile,
                ),
                same_region=their_region == region,
                size_distance=round(size, 4),
                profile_distance=round(profile, 2),
            )
        )
    return mentors


def _partners(indicator_id: str, improving: dict[str, str], region: str) -> list[PartnerMatch]:
    """Partners serving the region that work on the indicator or on modules improving it.

    `improving` maps the ids of the modules that improve the indicator to their titles.
    """
    matches = []
    for partner in partners_list(region=region):
        modules = tuple(m for m in partner.module_ids if m in improving)
        direct = indicator_id in partner.indicator_ids
        if not direct and not modules:
            continue
        names = ", ".join(improving[m] for m in modules)
        if direct and modules:
            reason = ngettext(
                "Works on this indicator and on %(modules)s, which improves it.",
                "Works on this indicator and on %(modules)s, which improve it.",
                len(modules),
            ) % {"modules": names}
        elif direct:
            reason = _("Works on this indicator.")
        else:
            reason = ngettext(
                "Works on %(modules)s, which improves this indicator.",
                "Works on %(modules)s, which improve this indicator.",
                len(modules),
            ) % {"modules": names}
        if partner.regions:
            reason += " " + _("Serves your region (%(region)s).") % {"region": region}
        matches.append(PartnerMatch(partner, direct, modules, reason))
    # Direct work first, then regional partners before worldwide ones, then by name.
    matches.sort(key=lambda m: (not m.direct, not m.partner.regions, -len(m.modules), m.partner.name))
    return matches


def help_for_gap(*, assessment: Assessment, indicator_id: str, user) -> GapHelp | None:
    """Mentor cities, partners and practices for one indicator of an assessment.

    None when `indicator_id` is not an indicator of the assessment's framework. The caller
    has checked that `user` may view the assessment (assessments.view_assessment); the
    mentor cities shown are only those that share their results.
    """
    framework = assessment.cycle.framework.load()
    dimension_of = indicator_dimensions(framework)
    if indicator_id not in dimension_of:
        return None
    dimension_ids = list(dict.fromkeys(dimension_of.values()))
    _ceds, catalogue = reference()
    modules = [m for m in catalogue.modules if indicator_id in m.improves.indicators]
    region = assessment.city.country.region
    practices = _practices().filter(tags__contains=f" ind:{indicator_id} ")
    language = normal_language(get_language())
    return GapHelp(
        indicator_id=indicator_id,
        indicator_title=framework.node(indicator_id).title,
        dimension_id=dimension_of[indicator_id],
        score=_number((assessment.scores or {}).get(indicator_id)),
        mentors=_mentors(assessment, indicator_id, dimension_ids),
        partners=_partners(indicator_id, {m.id: m.title.get(language) for m in modules}, region),
        practices=[
            _view(p, language) for p in practices.order_by("-award_year", "-year", "slug")[:PRACTICE_LIMIT]
        ],
        modules=modules,
    )
