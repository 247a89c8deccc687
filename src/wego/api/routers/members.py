"""Members: the public directory (public facts only: no fees, no contacts, no invoices) and the
caller's own membership applications."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.errors import HttpError

from wego.api.permissions import api_requires
from wego.api.schemas import DetailOut
from wego.common.permissions import public
from wego.members import selectors
from wego.members.models import City, MembershipApplication

router = Router(tags=["members"])


class MemberOut(Schema):
    slug: str
    name: str
    country: str
    country_iso3: str
    region: str
    category: str
    joined_year: int | None
    latitude: float
    longitude: float
    regional_office: str | None


class MembershipPeriodOut(Schema):
    category: str
    valid_from: dt.date
    valid_to: dt.date | None


class MemberDetailOut(MemberOut):
    history: list[MembershipPeriodOut]


class ApplicationOut(Schema):
    id: int
    city: str
    city_slug: str
    status: str
    submitted_at: dt.datetime
    decided_at: dt.datetime | None
    approving_body: str
    approved_at_meeting: str
    is_demo: bool


def _member(city: City, office) -> dict:
    return {
        "slug": city.slug,
        "name": city.name,
        "country": city.country.name,
        "country_iso3": city.country_id,
        "region": city.country.region,
        "category": city.member_category,
        "joined_year": city.joined_year,
        "latitude": city.latitude,
        "longitude": city.longitude,
        "regional_office": office.name if office else None,
    }


@router.get(
    "/members",
    response={200: list[MemberOut], 422: DetailOut},
    auth=None,
    operation_id="members_list",
    summary="List the WeGO members (public directory)",
)
@public
def members_list(request: HttpRequest, region: str = "", category: str = ""):
    """Every member, by name, optionally filtered by `region` (as in the country list, e.g. Asia)
    and `category` (full, associate, friendship, corporate)."""
    if category and category not in selectors.PUBLIC_CATEGORIES:
        raise HttpError(422, f"Unknown category '{category}': use full, associate, friendship or corporate.")
    return [
        _member(row.city, row.office) for row in selectors.member_directory(region=region, category=category)
    ]


@router.get(
    "/members/{slug}",
    response={200: MemberDetailOut, 404: DetailOut},
    auth=None,
    operation_id="member_get",
    summary="Get one member and its membership history",
)
@public
def member_get(request: HttpRequest, slug: str):
    city = (
        City.objects.select_related("country")
        .filter(member_category__in=selectors.PUBLIC_CATEGORIES, slug=slug)
        .first()
    )
    if city is None:
        raise HttpError(404, "Not found.")
    history = [
        {"category": p.category, "valid_from": p.valid_from, "valid_to": p.valid_to}
        for p in selectors.membership_history(city)
    ]
    return {**_member(city, selectors.office_of(city)), "history": history}


@router.get(
    "/membership/applications",
    response={200: list[ApplicationOut], 401: DetailOut},
    operation_id="membership_applications_mine",
    summary="List my membership applications",
)
@api_requires("members.view_own_membership")
def membership_applications_mine(request: HttpRequest):
    """The applications the caller submitted, the latest first."""
    rows = (
        MembershipApplication.objects.filter(applicant=request.auth)
        .select_related("city")
        .order_by("-submitted_at", "-id")
    )
    return [
        {
            "id": a.pk,
            "city": a.city.name,
            "city_slug": a.city.slug,
            "status": a.status,
            "submitted_at": a.submitted_at,
            "decided_at": a.decided_at,
            "approving_body": a.approving_body,
            "approved_at_meeting": a.approved_at_meeting,
            "is_demo": a.is_demo,
        }
        for a in rows
    ]
