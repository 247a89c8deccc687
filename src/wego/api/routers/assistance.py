"""Technical assistance: list, read, ask for help, write a message, move a request on.

The same services and permissions as the pages. A request the caller may not see is 404,
indistinguishable from a missing one.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from wego.api.permissions import api_requires, assessment_visible
from wego.api.schemas import DetailOut, ValidationErrorOut
from wego.assistance import selectors
from wego.assistance.models import AssistanceRequest, EgovArea, Kind, State
from wego.assistance.services import (
    AssistanceRefused,
    assistance_create,
    assistance_message_post,
    assistance_transition,
    egovframe_request_create,
)

router = Router(tags=["assistance"])

ERRORS = {401: DetailOut, 403: DetailOut, 404: DetailOut}


class RefusedOut(Schema):
    """409: the request's state does not allow it; 422: the input is not acceptable."""

    detail: str
    field: str = ""
    existing_id: int | None = Field(None, description="The open request a duplicate would repeat.")


class AssigneeOut(Schema):
    kind: Literal["expert", "partner"]
    id: int
    name: str


class RequestOut(Schema):
    id: int
    kind: Literal["action_item", "egovframe"]
    city_id: int
    city: str
    assessment_id: int | None = Field(description="The diagnosis (action items only).")
    module_id: str = Field(description="The module (action items only; '' for eGovFrame support).")
    egov_area: str = Field(description="eGovFrame support: the environment or 'common-components'.")
    egov_version: str
    indicator_ids: list[str]
    title: str
    description: str
    state: str
    routed_to: str = Field(description="'secretariat', or the region of the regional office.")
    assignee: AssigneeOut | None
    due_on: dt.date | None
    overdue: bool
    decline_reason: str
    created_by: str | None
    created_at: dt.datetime
    updated_at: dt.datetime
    answered_at: dt.datetime | None
    closed_at: dt.datetime | None
    is_demo: bool


class MessageOut(Schema):
    id: int
    author: str | None
    body: str
    attachment: str | None = Field(None, description="Path of the download, when a file is attached.")
    created_at: dt.datetime


class EventOut(Schema):
    action: str
    from_state: str
    to_state: str
    actor: str | None
    note: str
    at: dt.datetime


class ChangeOut(Schema):
    indicator_id: str
    before: float | None
    after: float | None
    change: float | None


class OutcomeOut(Schema):
    baseline_assessment_id: int
    later_assessment_id: int | None
    same_version: bool
    indicators: list[ChangeOut]


class RequestDetailOut(RequestOut):
    messages: list[MessageOut]
    events: list[EventOut]
    allowed_actions: list[str]
    outcome: OutcomeOut | None


class RequestIn(Schema):
    module_id: str = Field(max_length=100)
    title: str = Field("", max_length=200)
    description: str = Field(max_length=10_000)


class EgovframeRequestIn(Schema):
    kind: Literal["egovframe"] = "egovframe"
    area: Literal[tuple(EgovArea.values)] = Field(  # type: ignore[valid-type]
        description="development, runtime, management, operation or common-components."
    )
    version: str = Field("", max_length=20)
    title: str = Field("", max_length=200)
    description: str = Field(max_length=10_000)


class MessageIn(Schema):
    body: str = Field(max_length=10_000)


class TransitionIn(Schema):
    action: Literal["assign", "decline", "withdraw", "start", "complete", "answer", "close", "reopen"]
    expert_id: int | None = None
    partner_id: int | None = None
    due_on: dt.date | None = None
    reason: str = Field("", max_length=10_000)
    note: str = Field("", max_length=10_000)


def request_visible(request: HttpRequest, request_id: int, **_kwargs) -> AssistanceRequest | None:
    return selectors.requests_visible_to(request.auth).filter(pk=request_id).first()


def _request_out(r: AssistanceRequest) -> dict:
    assignee = None
    if r.expert_id:
        assignee = {"kind": "expert", "id": r.expert_id, "name": str(r.expert)}
    elif r.partner_id:
        assignee = {"kind": "partner", "id": r.partner_id, "name": r.partner.name}
    return {
        "id": r.pk,
        "kind": r.kind,
        "city_id": r.city_id,
        "city": r.city.name,
        "assessment_id": r.assessment_id,
        "module_id": r.module_id,
        "egov_area": r.egov_area,
        "egov_version": r.egov_version,
        "indicator_ids": list(r.indicator_ids),
        "title": r.title,
        "description": r.description,
        "state": r.state,
        "routed_to": r.routed_region or "secretariat",
        "assignee": assignee,
        "due_on": r.due_on,
        "overdue": r.is_overdue,
        "decline_reason": r.decline_reason,
        "created_by": str(r.created_by) if r.created_by else None,
        "created_at": r.created_at,
        "updated_at": r.updated_at,
        "answered_at": r.answered_at,
        "closed_at": r.closed_at,
        "is_demo": r.is_demo,
    }


def _detail_out(request: HttpRequest, r: AssistanceRequest) -> dict:
    outcome = None
    if r.state == State.DONE and r.kind == Kind.ACTION_ITEM:
        found = selectors.outcome_of(r)
        outcome = {
            "baseline_assessment_id": found.baseline.pk,
            "later_assessment_id": found.later.pk if found.later else None,
            "same_version": found.same_version,
            "indicators": [
                {"indicator_id": c.indicator_id, "before": c.before, "after": c.after, "change": c.change}
                for c in found.rows
            ],
        }
    return {
        **_request_out(r),
        "messages": [
            {
                "id": m.pk,
                "author": str(m.author) if m.author else None,
                "body": m.body,
                "attachment": f"/assistance/{r.pk}/messages/{m.pk}/attachment/" if m.attachment else None,
                "created_at": m.created_at,
            }
            for m in r.messages.select_related("author")
        ],
        "events": [
            {
                "action": e.action,
                "from_state": e.from_state,
                "to_state": e.to_state,
                "actor": str(e.actor) if e.actor else None,
                "note": e.note,
                "at": e.at,
            }
            for e in r.events.select_related("actor")
        ],
        "allowed_actions": selectors.allowed_actions(request.auth, r),
        "outcome": outcome,
    }


def _refused(exc: AssistanceRefused):
    status = 409 if exc.existing is not None or exc.field == "state" else 422
    return Status(
        status,
        {"detail": exc.message, "field": exc.field, "existing_id": exc.existing.pk if exc.existing else None},
    )


@router.get(
    "/assistance",
    response={200: list[RequestOut], **ERRORS},
    operation_id="assistance_list",
    summary="List the assistance requests you may see",
)
@api_requires("assistance.view_list")
def assistance_list(request: HttpRequest, state: str = "", overdue: bool = False, kind: str = ""):
    """Your city's requests, your region's (regional office), those assigned to you (expert),
    or all of them (secretariat); newest first. Filter by `kind` (action_item, egovframe),
    `state`, or `overdue=true`."""
    return [
        _request_out(r)
        for r in selectors.requests_list(request.auth, state=state, overdue=overdue, kind=kind)
    ]


@router.get(
    "/assistance/{request_id}",
    response={200: RequestDetailOut, **ERRORS},
    operation_id="assistance_get",
    summary="Get an assistance request with its messages and history",
)
@api_requires("assistance.view_request", load=request_visible)
def assistance_get(request: HttpRequest, assistance: AssistanceRequest, request_id: int):
    """The request, its messages, its state history, what you may do now, and (once done)
    the change of the targeted indicators' scores."""
    return _detail_out(request, assistance)


@router.post(
    "/assessments/{assessment_id}/assistance",
    response={201: RequestOut, 409: RefusedOut, 422: RefusedOut | ValidationErrorOut, **ERRORS},
    operation_id="assistance_create",
    summary="Ask for help on an action item of an assessment",
)
@api_requires("assistance.create_request", load=assessment_visible)
def assistance_create_op(request: HttpRequest, assessment, assessment_id: int, payload: RequestIn):
    """The city coordinator asks for help with a module of the catalogue. An open request for
    the same city and module already exists: 409 with its id."""
    try:
        created = assistance_create(
            actor=request.auth,
            assessment=assessment,
            module_id=payload.module_id,
            title=payload.title,
            description=payload.description,
        )
    except AssistanceRefused as exc:
        return _refused(exc)
    return Status(201, _request_out(selectors.requests_visible_to(request.auth).get(pk=created.pk)))


def city_found(request: HttpRequest, city_id: int, **_kwargs):
    from wego.members.models import City

    return City.objects.select_related("country").filter(pk=city_id).first()


@router.post(
    "/cities/{city_id}/assistance",
    response={201: RequestOut, 409: RefusedOut, 422: RefusedOut | ValidationErrorOut, **ERRORS},
    operation_id="assistance_create_egovframe",
    summary="Ask for eGovFrame technical support for a member city",
)
@api_requires("assistance.create_egovframe", load=city_found)
def assistance_create_egovframe_op(request: HttpRequest, city, city_id: int, payload: EgovframeRequestIn):
    """The city's coordinator asks for help on one `area` of eGovFrame (`kind` "egovframe");
    `version` is optional. A city that is not a member: 422."""
    try:
        created = egovframe_request_create(
            actor=request.auth,
            city=city,
            area=payload.area,
            version=payload.version,
            title=payload.title,
            description=payload.description,
        )
    except AssistanceRefused as exc:
        return _refused(exc)
    return Status(201, _request_out(selectors.requests_visible_to(request.auth).get(pk=created.pk)))


@router.post(
    "/assistance/{request_id}/messages",
    response={201: MessageOut, 409: RefusedOut, 422: RefusedOut | ValidationErrorOut, **ERRORS},
    operation_id="assistance_message",
    summary="Write a message on an assistance request",
)
@api_requires("assistance.view_request", load=request_visible)
def assistance_message(
    request: HttpRequest, assistance: AssistanceRequest, request_id: int, payload: MessageIn
):
    """For the people involved (the city's coordinator, the office, the expert); others who
    may read the request get 403. Attachments are added on the request's page."""
    try:
        message = assistance_message_post(actor=request.auth, assistance=assistance, body=payload.body)
    except AssistanceRefused as exc:
        return _refused(exc)
    return Status(
        201,
        {
            "id": message.pk,
            "author": str(message.author),
            "body": message.body,
            "attachment": None,
            "created_at": message.created_at,
        },
    )


@router.post(
    "/assistance/{request_id}/transition",
    response={200: RequestOut, 409: RefusedOut, 422: RefusedOut | ValidationErrorOut, **ERRORS},
    operation_id="assistance_transition",
    summary="Assign, decline, withdraw, start or complete an assistance request",
)
@api_requires("assistance.view_request", load=request_visible)
def assistance_transition_op(
    request: HttpRequest, assistance: AssistanceRequest, request_id: int, payload: TransitionIn
):
    """`assign` (secretariat or routed office: `expert_id` or `partner_id`, and `due_on`),
    `decline` (same people; `reason`), `withdraw` (the city's coordinator, while new),
    `start` and `complete` (the assigned expert or the secretariat); for eGovFrame support,
    `answer` (the assigned expert or the secretariat; the answer in `note`), `close` and
    `reopen` (the city's coordinator; `reason` says what is still not solved). Someone else: 403; a
    state that does not allow it: 409; missing or wrong input: 422."""
    try:
        assistance_transition(
            actor=request.auth,
            assistance=assistance,
            action=payload.action,
            expert_id=payload.expert_id,
            partner_id=payload.partner_id,
            due_on=payload.due_on,
            reason=payload.reason,
            note=payload.note,
        )
    except AssistanceRefused as exc:
        return _refused(exc)
    return Status(200, _request_out(selectors.requests_visible_to(request.auth).get(pk=assistance.pk)))
