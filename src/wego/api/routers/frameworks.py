"""Frameworks and cycles: not city data; every logged-in person may read them.

They check `accounts.manage_own_account` (anyone logged in), the permission of the
"My assessments" page, which shows the same cycles.
"""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router

from wego.api.permissions import api_requires
from wego.api.schemas import CycleOut, DetailOut, FrameworkOut
from wego.assessments.models import Cycle, FrameworkVersion

router = Router(tags=["frameworks and cycles"])


@router.get(
    "/frameworks",
    response={200: list[FrameworkOut], 401: DetailOut},
    operation_id="frameworks_list",
    summary="List the current framework versions",
)
@api_requires("accounts.manage_own_account")
def frameworks_list(request: HttpRequest):
    """The current version of every framework."""
    return [
        {
            "slug": v.slug,
            "version": v.version,
            "title": v.title,
            "content_hash": v.content_hash,
            "question_count": v.question_count,
        }
        for v in FrameworkVersion.objects.filter(is_current=True).order_by("slug")
    ]


@router.get(
    "/cycles",
    response={200: list[CycleOut], 401: DetailOut},
    operation_id="cycles_list",
    summary="List the assessment cycles",
)
@api_requires("accounts.manage_own_account")
def cycles_list(request: HttpRequest):
    """Every assessment cycle, the latest year first."""
    return [
        {
            "id": c.pk,
            "year": c.year,
            "name": c.name,
            "framework": {"slug": c.framework.slug, "content_hash": c.framework.content_hash},
            "opens_on": c.opens_on,
            "closes_on": c.closes_on,
            "completeness_threshold": c.completeness_threshold,
        }
        for c in Cycle.objects.select_related("framework").order_by("-year", "name")
    ]
