"""Knowledge: the practice library and the development partners (public), and the help
offered for one key gap of an assessment (its viewers only; 404 for another city's).

The same selectors as the pages: the same search, filters, language fallback and ranking.
"""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja.errors import HttpError

from wego.api.permissions import api_requires, assessment_visible
from wego.api.schemas import DetailOut, ValidationErrorOut
from wego.assessments.models import Assessment
from wego.common.permissions import public
from wego.knowledge import selectors
from wego.knowledge.library import REGIONS

router = Router(tags=["knowledge"])


class SourceOut(Schema):
    title: str
    publisher: str
    url: str = ""
    year: int | None = None


class AwardOut(Schema):
    edition: int
    category: str
    prize: str


class PracticeSummaryOut(Schema):
    slug: str
    title: str
    summary: str
    language: str = Field(description="The language of the texts returned.")
    languages: list[str] = Field(description="Every language the practice is written in.")
    city: str
    country: str
    region: str
    year: int | None
    indicator_ids: list[str]
    module_ids: list[str]
    dimension_ids: list[str]
    award: AwardOut | None
    demo: bool


class PracticeListOut(Schema):
    count: int = Field(description="Every match, though at most 200 are listed.")
    results: list[PracticeSummaryOut]


class PracticeOut(PracticeSummaryOut):
    requested_language: str
    problem: str
    solution: str
    results: str
    figures: list[str]
    sources: list[SourceOut]


class PartnerOut(Schema):
    slug: str
    name: str
    kind: str
    website: str
    description: str
    regions: list[str] = Field(description="Empty: worldwide.")
    indicator_ids: list[str]
    module_ids: list[str]


class MentorOut(Schema):
    city: str
    country: str
    region: str
    score: float
    lead: float = Field(description="Points above the assessed city on the indicator.")
    year: int = Field(description="The cycle of the mentor's latest submitted assessment.")
    reason: str


class PartnerMatchOut(Schema):
    slug: str
    name: str
    website: str
    direct: bool = Field(description="Works on the indicator itself (else on modules that improve it).")
    module_ids: list[str]
    reason: str


class GapHelpOut(Schema):
    assessment_id: int
    indicator_id: str
    dimension_id: str
    score: float | None
    module_ids: list[str] = Field(description="Modules of the catalogue that improve the indicator.")
    mentors: list[MentorOut]
    partners: list[PartnerMatchOut]
    practices: list[PracticeSummaryOut]


def _summary(view: selectors.PracticeView) -> dict:
    p = view.practice
    return {
        "slug": p.slug,
        "title": view.text.title,
        "summary": view.text.summary,
        "language": view.language,
        "languages": list(view.languages),
        "city": p.city_name,
        "country": p.country,
        "region": p.region,
        "year": p.year,
        "indicator_ids": p.indicator_ids,
        "module_ids": p.module_ids,
        "dimension_ids": p.dimension_ids,
        "award": (
            {"edition": p.award_year, "category": p.award_category, "prize": p.award_prize}
            if p.award_year
            else None
        ),
        "demo": p.demo,
    }


def _choice(value: str, allowed, what: str) -> str:
    if value and value not in allowed:
        raise HttpError(422, f"Unknown {what} '{value}'.")
    return value


@router.get(
    "/practices",
    response={200: PracticeListOut, 422: DetailOut},
    auth=None,
    operation_id="practices_list",
    summary="Search and list the practice library",
)
@public
def practices_list(
    request: HttpRequest,
    q: str = "",
    dimension: str = "",
    module: str = "",
    indicator: str = "",
    region: str = "",
    language: str = "",
    lang: str = "en",
):
    """Practices matching every word of `q` (best first; search syntax is ignored, never an
    error) and every filter: `dimension` (e.g. PS), `module`, `indicator` (e.g. PS.4),
    `region`, `language` (practices written in it). Texts in `lang`, else English."""
    choices = selectors.filter_choices()
    _choice(dimension, {i for i, _t in choices["dimensions"]}, "dimension")
    _choice(module, {i for i, _t in choices["modules"]}, "module")
    _choice(indicator, {i for i, _t in choices["indicators"]}, "indicator")
    _choice(region, REGIONS, "region")
    _choice(language, selectors.PRACTICE_LANGUAGES, "language")
    result = selectors.practices_search(
        query=q[:200],
        dimension=dimension,
        module=module,
        indicator=indicator,
        region=region,
        language=language,
        display_language=lang,
    )
    return {"count": result.count, "results": [_summary(v) for v in result.views]}


@router.get(
    "/practices/{slug}",
    response={200: PracticeOut, 404: DetailOut},
    auth=None,
    operation_id="practice_get",
    summary="Get one practice",
)
@public
def practice_get(request: HttpRequest, slug: str, lang: str = "en"):
    """One practice in `lang` (en, ko, es, fr, ru, ar), or in English when it has no such text;
    `language` says which was returned."""
    view = selectors.practice_detail(slug, lang)
    if view is None:
        raise HttpError(404, "Not found.")
    return {
        **_summary(view),
        "requested_language": view.requested,
        "problem": view.text.problem,
        "solution": view.text.solution,
        "results": view.text.results,
        "figures": view.text.figures,
        "sources": view.practice.sources,
    }


@router.get(
    "/partners",
    response={200: list[PartnerOut], 422: DetailOut},
    auth=None,
    operation_id="partners_list",
    summary="List the development partners",
)
@public
def partners_list(request: HttpRequest, region: str = "", lang: str = "en"):
    """Active partners; with `region`, those serving it (worldwide partners included)."""
    _choice(region, REGIONS, "region")
    lang = selectors.normal_language(lang)
    return [
        {
            "slug": p.slug,
            "name": p.name,
            "kind": p.kind,
            "website": p.website,
            "description": p.description.get(lang) or p.description.get("en", ""),
            "regions": p.regions,
            "indicator_ids": p.indicator_ids,
            "module_ids": p.module_ids,
        }
        for p in selectors.partners_list(region=region)
    ]


@router.get(
    "/assessments/{assessment_id}/gaps/{indicator_id}/help",
    response={200: GapHelpOut, 401: DetailOut, 403: DetailOut, 404: DetailOut, 422: ValidationErrorOut},
    operation_id="gap_help_get",
    summary="Get mentor cities, partners and practices for one indicator of an assessment",
)
@api_requires("assessments.view_assessment", load=assessment_visible)
def gap_help(request: HttpRequest, assessment: Assessment, assessment_id: int, indicator_id: str):
    """Mentor cities (sharing their results, at least 20 points ahead on the indicator, most
    similar first, at most 5), partners working on the indicator or on modules that improve it
    (in the city's region or worldwide), and practices related to the indicator."""
    found = selectors.help_for_gap(assessment=assessment, indicator_id=indicator_id, user=request.auth)
    if found is None:
        raise HttpError(404, "Not an indicator of this assessment's framework.")
    return {
        "assessment_id": assessment.pk,
        "indicator_id": found.indicator_id,
        "dimension_id": found.dimension_id,
        "score": found.score,
        "module_ids": [m.id for m in found.modules],
        "mentors": [
            {
                "city": m.city_name,
                "country": m.country,
                "region": m.region,
                "score": m.score,
                "lead": m.lead,
                "year": m.year,
                "reason": m.reason,
            }
            for m in found.mentors
        ],
        "partners": [
            {
                "slug": m.partner.slug,
                "name": m.partner.name,
                "website": m.partner.website,
                "direct": m.direct,
                "module_ids": list(m.modules),
                "reason": m.reason,
            }
            for m in found.partners
        ],
        "practices": [_summary(v) for v in found.practices],
    }
