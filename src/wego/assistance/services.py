"""Every write of technical assistance: create, assign, decline, withdraw, start, complete, messages;
for eGovFrame technical support: create, assign, answer, close, reopen, and the close of
requests answered long ago without reply.

Each service locks the request, checks who the actor is to it (the rules in
wego.assistance.rules: PermissionDenied otherwise) and what its state allows
(AssistanceRefused with the reason otherwise), records an event and an audit row, and
notifies the people involved once the change commits.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext

from wego.accounts.models import Role, RoleKind, User
from wego.assessments.models import Assessment
from wego.assessments.services import evidence_check
from wego.assistance.models import (
    OPEN_STATES,
    AssistanceEvent,
    AssistanceMessage,
    AssistanceRequest,
    EgovArea,
    Kind,
    State,
)
from wego.assistance.selectors import module_for
from wego.common.notifications import notify
from wego.common.services import audit_record
from wego.knowledge.models import Partner
from wego.members.models import City

TITLE_MAX = 200
BODY_MAX = 10_000
VERSION_MAX = 20
# An eGovFrame request answered this many days ago without a reply from the city is closed.
ANSWERED_CLOSE_DAYS = 30


class AssistanceRefused(Exception):
    """The request's state or the input does not allow the change; `message` says why.

    `existing` is the open request that a duplicate would have repeated.
    """

    def __init__(self, message: str, *, field: str = "", existing: AssistanceRequest | None = None):
        super().__init__(message)
        self.message = message
        self.field = field
        self.existing = existing


def _check(actor, permission: str, obj, reason: str) -> None:
    if not actor.has_perm(permission, obj):
        raise PermissionDenied(reason)


def _locked(assistance: AssistanceRequest) -> AssistanceRequest:
    return (
        AssistanceRequest.objects.select_for_update(of=("self",))
        .select_related("city__country", "assessment__cycle__framework", "expert", "partner", "created_by")
        .get(pk=assistance.pk)
    )


def _url(assistance: AssistanceRequest) -> str:
    return f"/assistance/{assistance.pk}/"


def people_involved(assistance: AssistanceRequest) -> list[User]:
    """The city's coordinators, whoever asked, the office the request is routed to, the expert."""
    office = (
        Q(roles__kind=RoleKind.REGIONAL_OFFICE, roles__region=assistance.routed_region)
        if assistance.routed_region
        else Q(roles__kind=RoleKind.SECRETARIAT)
    )
    direct = [pk for pk in (assistance.created_by_id, assistance.expert_id) if pk]
    return list(
        User.objects.filter(
            Q(roles__kind=RoleKind.COORDINATOR, roles__city_id=assistance.city_id)
            | office
            | Q(pk__in=direct),
            is_active=True,
        )
        .distinct()
        .order_by("pk")
    )


def _tell(assistance: AssistanceRequest, actor, subject: str, body: str, extra: list | None = None) -> None:
    recipients = [
        u for u in [*people_involved(assistance), *(extra or [])] if u.pk != getattr(actor, "pk", None)
    ]
    notify(recipients=recipients, subject=subject, body=body, url=_url(assistance))


def _event(assistance: AssistanceRequest, *, actor, action: str, from_state: str, note: str = "") -> None:
    AssistanceEvent.objects.create(
        request=assistance,
        action=action,
        from_state=from_state,
        to_state=assistance.state,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        note=note,
    )


def routing_region(city: City) -> str:
    """The city's region when a regional office of it has an active person here; else '' (secretariat)."""
    region = city.country.region
    if (
        region
        and Role.objects.filter(kind=RoleKind.REGIONAL_OFFICE, region=region, user__is_active=True).exists()
    ):
        return region
    return ""


def _text(value: str | None, *, field: str, label: str, limit: int, required: bool = True) -> str:
    value = (value or "").strip()
    if required and not value:
        raise AssistanceRefused(gettext("%(field)s: this is required.") % {"field": label}, field=field)
    if len(value) > limit:
        raise AssistanceRefused(
            gettext("%(field)s: at most %(n)s characters.") % {"field": label, "n": limit}, field=field
        )
    return value


@transaction.atomic
def assistance_create(
    *, actor, assessment: Assessment, module_id: str, description: str, title: str = ""
) -> AssistanceRequest:
    """The city coordinator asks for help on an action item (a module) of a diagnosis.

    A second request for the same city and module while one is open is refused, naming
    the open one (a double submit creates one request).
    """
    assessment = Assessment.objects.select_related("city__country", "cycle__framework").get(pk=assessment.pk)
    _check(
        actor,
        "assistance.create_request",
        assessment,
        gettext("Only the city's coordinator can ask for assistance."),
    )
    module = module_for(assessment, module_id)
    if module is None:
        raise AssistanceRefused(
            gettext(
                "There is no module '%(module)s' in the module catalogue for this assessment's framework."
            )
            % {"module": module_id},
            field="module",
        )
    description = _text(
        description, field="description", label=gettext("What help is needed"), limit=BODY_MAX
    )
    title = (
        _text(title, field="title", label=gettext("Title"), limit=TITLE_MAX, required=False)
        or str(module.title.get("en"))[:TITLE_MAX]
    )
    # One creation at a time per city: the second of two simultaneous submits sees the first.
    City.objects.select_for_update().filter(pk=assessment.city_id).first()
    existing = (
        AssistanceRequest.objects.filter(city=assessment.city, module_id=module.id, state__in=OPEN_STATES)
        .order_by("-id")
        .first()
    )
    if existing is not None:
        raise AssistanceRefused(
            gettext("An open request for this module already exists for %(city)s.")
            % {"city": assessment.city},
            existing=existing,
        )
    try:
        with transaction.atomic():
            assistance = AssistanceRequest.objects.create(
                city=assessment.city,
                assessment=assessment,
                module_id=module.id,
                indicator_ids=list(module.improves.indicators),
                title=title,
                description=description,
                routed_region=routing_region(assessment.city),
                created_by=actor,
                is_demo=assessment.is_demo,
            )
    except IntegrityError:
        existing = AssistanceRequest.objects.filter(
            city=assessment.city, module_id=module.id, state__in=OPEN_STATES
        ).first()
        raise AssistanceRefused(
            gettext("An open request for this module already exists for %(city)s.")
            % {"city": assessment.city},
            existing=existing,
        ) from None
    _event(assistance, actor=actor, action="create", from_state="")
    audit_record(
        actor=actor,
        action="assistance.create",
        obj=assistance,
        data={"city": assistance.city_id, "module": module.id, "routed_region": assistance.routed_region},
    )
    _tell(
        assistance,
        actor,
        gettext("Assistance requested: %(title)s (%(city)s)") % {"title": title, "city": assessment.city},
        gettext("%(city)s asks for help with the module %(module)s. The request is routed to: %(office)s.")
        % {"city": assessment.city, "module": module.title.get("en"), "office": assistance.routed_to_label},
    )
    return assistance


def _require_kind(assistance: AssistanceRequest, kind: str) -> None:
    if assistance.kind != kind:
        raise AssistanceRefused(
            gettext("This action does not apply to an eGovFrame support request.")
            if assistance.kind == Kind.EGOVFRAME
            else gettext("This action applies only to an eGovFrame support request."),
            field="state",
        )


def _require_state(assistance: AssistanceRequest, allowed: tuple, doing: str) -> None:
    if assistance.state not in allowed:
        raise AssistanceRefused(
            gettext("A request that is %(state)s cannot be %(doing)s.")
            % {"state": assistance.get_state_display().lower(), "doing": doing},
            field="state",
        )


@transaction.atomic
def assistance_assign(
    *,
    actor,
    assistance: AssistanceRequest,
    due_on: dt.date | None,
    expert: User | None = None,
    partner: Partner | None = None,
) -> AssistanceRequest:
    """The secretariat or the routed regional office assigns an expert or a partner, with a due date."""
    assistance = _locked(assistance)
    _check(
        actor,
        "assistance.assign_request",
        assistance,
        gettext("Only the secretariat or the regional office the request is routed to can assign it."),
    )
    _require_state(assistance, (State.NEW, State.ASSIGNED), gettext("assigned"))
    if (expert is None) == (partner is None):
        raise AssistanceRefused(gettext("Choose either an expert or a development partner."), field="expert")
    if expert is not None and (
        not expert.is_active or not Role.objects.filter(user=expert, kind=RoleKind.EXPERT).exists()
    ):
        raise AssistanceRefused(
            gettext("%(person)s does not have the expert role.") % {"person": expert}, field="expert"
        )
    if partner is not None and not partner.active:
        raise AssistanceRefused(
            gettext("%(partner)s is not an active development partner.") % {"partner": partner},
            field="partner",
        )
    if due_on is None:
        raise AssistanceRefused(gettext("Due date: this is required."), field="due_on")
    if due_on < timezone.now().date():
        raise AssistanceRefused(gettext("Due date: choose today or a later day."), field="due_on")
    before = assistance.state
    previous_expert = assistance.expert
    assistance.expert, assistance.partner, assistance.due_on = expert, partner, due_on
    assistance.state = State.ASSIGNED
    assistance.save(update_fields=["expert", "partner", "due_on", "state", "updated_at"])
    who = str(expert or partner)
    _event(assistance, actor=actor, action="assign", from_state=before, note=f"{who}, {due_on.isoformat()}")
    audit_record(
        actor=actor,
        action="assistance.assign",
        obj=assistance,
        data={
            "expert": expert.pk if expert else None,
            "partner": partner.pk if partner else None,
            "due_on": due_on.isoformat(),
        },
    )
    _tell(
        assistance,
        actor,
        gettext("Assistance assigned: %(title)s") % {"title": assistance.title},
        gettext("The request of %(city)s is assigned to %(who)s, due %(due)s.")
        % {"city": assistance.city, "who": who, "due": due_on.isoformat()},
        # An expert replaced by someone else hears of it too.
        extra=[previous_expert] if previous_expert and previous_expert != expert else None,
    )
    return assistance


@transaction.atomic
def assistance_decline(*, actor, assistance: AssistanceRequest, reason: str) -> AssistanceRequest:
    assistance = _locked(assistance)
    _check(
        actor,
        "assistance.decline_request",
        assistance,
        gettext("Only the secretariat or the regional office the request is routed to can decline it."),
    )
    _require_kind(assistance, Kind.ACTION_ITEM)
    _require_state(assistance, (State.NEW, State.ASSIGNED), gettext("declined"))
    reason = _text(reason, field="reason", label=gettext("Reason"), limit=BODY_MAX)
    before = assistance.state
    assistance.state, assistance.decline_reason, assistance.closed_at = State.DECLINED, reason, timezone.now()
    assistance.save(update_fields=["state", "decline_reason", "closed_at", "updated_at"])
    _event(assistance, actor=actor, action="decline", from_state=before, note=reason)
    audit_record(actor=actor, action="assistance.decline", obj=assistance, data={"reason": reason})
    _tell(
        assistance,
        actor,
        gettext("Assistance declined: %(title)s") % {"title": assistance.title},
        gettext("The request of %(city)s was declined. Reason: %(reason)s")
        % {"city": assistance.city, "reason": reason},
    )
    return assistance


def _step(
    *,
    actor,
    assistance: AssistanceRequest,
    permission: str,
    refused: str,
    kind: str,
    from_state: str,
    doing: str,
    to_state: str,
    action: str,
    subject: str,
    body: str,
    note: str | None = None,
    closes: bool = False,
) -> AssistanceRequest:
    """One plain move of the workflow: lock, check who and from which state, move, record, tell.

    `note` None: the move takes no note. `subject` and `body` are formatted with the
    request's title and city.
    """
    assistance = _locked(assistance)
    _check(actor, permission, assistance, refused)
    _require_kind(assistance, kind)
    _require_state(assistance, (from_state,), doing)
    if note is not None:
        note = _text(note, field="note", label=gettext("Note"), limit=BODY_MAX, required=False)
    assistance.state = to_state
    fields = ["state", "updated_at"]
    if closes:
        assistance.closed_at = timezone.now()
        fields.insert(1, "closed_at")
    assistance.save(update_fields=fields)
    _event(assistance, actor=actor, action=action, from_state=from_state, note=note or "")
    audit_record(
        actor=actor,
        action=f"assistance.{action}",
        obj=assistance,
        data=None if note is None else {"note": note},
    )
    values = {"title": assistance.title, "city": assistance.city}
    _tell(assistance, actor, subject % values, body % values)
    return assistance


@transaction.atomic
def assistance_withdraw(*, actor, assistance: AssistanceRequest) -> AssistanceRequest:
    return _step(
        actor=actor,
        assistance=assistance,
        permission="assistance.withdraw_request",
        refused=gettext("Only the city's coordinator can withdraw the request."),
        kind=Kind.ACTION_ITEM,
        from_state=State.NEW,
        doing=gettext("withdrawn (only a new request can be)"),
        to_state=State.WITHDRAWN,
        action="withdraw",
        closes=True,
        subject=gettext("Assistance request withdrawn: %(title)s"),
        body=gettext("%(city)s withdrew its request."),
    )


@transaction.atomic
def assistance_start(*, actor, assistance: AssistanceRequest) -> AssistanceRequest:
    return _step(
        actor=actor,
        assistance=assistance,
        permission="assistance.start_request",
        refused=gettext("Only the assigned expert or the secretariat can start the work."),
        kind=Kind.ACTION_ITEM,
        from_state=State.ASSIGNED,
        doing=gettext("started"),
        to_state=State.IN_PROGRESS,
        action="start",
        subject=gettext("Assistance in progress: %(title)s"),
        body=gettext("Work on the request of %(city)s has started."),
    )


@transaction.atomic
def assistance_complete(*, actor, assistance: AssistanceRequest, note: str = "") -> AssistanceRequest:
    return _step(
        actor=actor,
        assistance=assistance,
        permission="assistance.complete_request",
        refused=gettext("Only the assigned expert or the secretariat can mark the work done."),
        kind=Kind.ACTION_ITEM,
        from_state=State.IN_PROGRESS,
        doing=gettext("marked done"),
        to_state=State.DONE,
        action="complete",
        note=note,
        closes=True,
        subject=gettext("Assistance done: %(title)s"),
        body=gettext(
            "The help requested by %(city)s is done. The city's next submitted assessment will show "
            "how the targeted indicators changed."
        ),
    )


# eGovFrame technical support --------------------------------------------------------------------


@transaction.atomic
def egovframe_request_create(
    *, actor, city: City, area: str, description: str, title: str = "", version: str = ""
) -> AssistanceRequest:
    """A member city's coordinator asks for technical support on one area of eGovFrame.

    No diagnosis or module: the area (one of the four environments or the common
    components) and, optionally, the framework version say what it is about. A city may
    have several questions open at once, so there is no uniqueness rule.
    """
    city = City.objects.select_related("country").get(pk=city.pk)
    _check(
        actor,
        "assistance.create_egovframe",
        city,
        gettext("Only the city's coordinator can ask for eGovFrame technical support."),
    )
    if not city.is_member:
        raise AssistanceRefused(
            gettext("eGovFrame technical support is for member cities; %(city)s is not a member.")
            % {"city": city},
            field="city",
        )
    if area not in EgovArea.values:
        raise AssistanceRefused(
            gettext("eGovFrame area: choose one of %(areas)s.") % {"areas": ", ".join(EgovArea.values)},
            field="area",
        )
    description = _text(
        description, field="description", label=gettext("What help is needed"), limit=BODY_MAX
    )
    version = _text(
        version, field="version", label=gettext("eGovFrame version"), limit=VERSION_MAX, required=False
    )
    title = (
        _text(title, field="title", label=gettext("Title"), limit=TITLE_MAX, required=False)
        or (gettext("eGovFrame support: %(area)s") % {"area": EgovArea(area).label})[:TITLE_MAX]
    )
    assistance = AssistanceRequest.objects.create(
        kind=Kind.EGOVFRAME,
        city=city,
        egov_area=area,
        egov_version=version,
        title=title,
        description=description,
        routed_region=routing_region(city),
        created_by=actor,
    )
    _event(assistance, actor=actor, action="create", from_state="")
    audit_record(
        actor=actor,
        action="assistance.create",
        obj=assistance,
        data={
            "kind": Kind.EGOVFRAME,
            "city": city.pk,
            "area": area,
            "version": version,
            "routed_region": assistance.routed_region,
        },
    )
    _tell(
        assistance,
        actor,
        gettext("eGovFrame support requested: %(title)s (%(city)s)") % {"title": title, "city": city},
        gettext(
            "%(city)s asks for eGovFrame technical support (%(area)s). The request is routed to: %(office)s."
        )
        % {"city": city, "area": EgovArea(area).label, "office": assistance.routed_to_label},
    )
    return assistance


def _post(assistance: AssistanceRequest, actor, body: str) -> AssistanceMessage:
    return AssistanceMessage.objects.create(
        request=assistance, author=actor if getattr(actor, "is_authenticated", False) else None, body=body
    )


@transaction.atomic
def assistance_answer(*, actor, assistance: AssistanceRequest, answer: str) -> AssistanceRequest:
    """The assigned expert (or the secretariat) answers; the answer joins the messages."""
    assistance = _locked(assistance)
    _check(
        actor,
        "assistance.answer_request",
        assistance,
        gettext("Only the assigned expert or the secretariat can answer the request."),
    )
    _require_kind(assistance, Kind.EGOVFRAME)
    _require_state(assistance, (State.ASSIGNED,), gettext("answered"))
    answer = _text(answer, field="note", label=gettext("Answer"), limit=BODY_MAX)
    assistance.state, assistance.answered_at = State.ANSWERED, timezone.now()
    assistance.save(update_fields=["state", "answered_at", "updated_at"])
    message = _post(assistance, actor, answer)
    _event(assistance, actor=actor, action="answer", from_state=State.ASSIGNED)
    audit_record(actor=actor, action="assistance.answer", obj=assistance, data={"message": message.pk})
    _tell(
        assistance,
        actor,
        gettext("eGovFrame support answered: %(title)s") % {"title": assistance.title},
        gettext(
            "The request of %(city)s has an answer. Close it if it solved the problem, or reply that "
            "it did not. Without a reply it is closed after %(days)s days."
        )
        % {"city": assistance.city, "days": ANSWERED_CLOSE_DAYS},
    )
    return assistance


@transaction.atomic
def assistance_close(*, actor, assistance: AssistanceRequest, note: str = "") -> AssistanceRequest:
    """The city's coordinator closes an answered request: the answer solved it."""
    return _step(
        actor=actor,
        assistance=assistance,
        permission="assistance.close_request",
        refused=gettext("Only the city's coordinator can close the request."),
        kind=Kind.EGOVFRAME,
        from_state=State.ANSWERED,
        doing=gettext("closed"),
        to_state=State.CLOSED,
        action="close",
        note=note,
        closes=True,
        subject=gettext("eGovFrame support closed: %(title)s"),
        body=gettext("%(city)s closed its request: the answer solved it."),
    )


@transaction.atomic
def assistance_reopen(*, actor, assistance: AssistanceRequest, reason: str) -> AssistanceRequest:
    """The city's coordinator replies that the answer did not solve it: back to the assignee."""
    assistance = _locked(assistance)
    _check(
        actor,
        "assistance.reopen_request",
        assistance,
        gettext("Only the city's coordinator can reply that the answer did not solve the problem."),
    )
    _require_kind(assistance, Kind.EGOVFRAME)
    _require_state(assistance, (State.ANSWERED,), gettext("reopened"))
    reason = _text(reason, field="reason", label=gettext("What is still not solved"), limit=BODY_MAX)
    assistance.state, assistance.answered_at = State.ASSIGNED, None
    assistance.save(update_fields=["state", "answered_at", "updated_at"])
    message = _post(assistance, actor, reason)
    _event(assistance, actor=actor, action="reopen", from_state=State.ANSWERED)
    audit_record(actor=actor, action="assistance.reopen", obj=assistance, data={"message": message.pk})
    _tell(
        assistance,
        actor,
        gettext("eGovFrame support not solved yet: %(title)s") % {"title": assistance.title},
        gettext("%(city)s replied that the answer did not solve the problem:\n\n%(reason)s")
        % {"city": assistance.city, "reason": reason},
    )
    return assistance


def stale_answered(now: dt.datetime | None = None):
    """eGovFrame requests answered at least ANSWERED_CLOSE_DAYS ago with no message from the
    city since (a message by anyone with a role in the request's city)."""
    now = now or timezone.now()
    from django.db.models import Exists, OuterRef

    city_reply = AssistanceMessage.objects.filter(
        request=OuterRef("pk"),
        created_at__gt=OuterRef("answered_at"),
        author__roles__city_id=OuterRef("city_id"),
    )
    return (
        AssistanceRequest.objects.filter(
            kind=Kind.EGOVFRAME,
            state=State.ANSWERED,
            answered_at__lte=now - dt.timedelta(days=ANSWERED_CLOSE_DAYS),
        )
        .exclude(Exists(city_reply))
        .order_by("pk")
    )


def assistance_close_unanswered(*, now: dt.datetime | None = None) -> list[AssistanceRequest]:
    """The secretariat's housekeeping (manage.py assistance_close_answered): close each request
    answered ANSWERED_CLOSE_DAYS days ago or more without a reply. One transaction per request;
    a request the city moved meanwhile is left as it is."""
    closed = []
    for pk in stale_answered(now).values_list("pk", flat=True):
        with transaction.atomic():
            assistance = _locked(AssistanceRequest(pk=pk))
            if not stale_answered(now).filter(pk=pk).exists():
                continue
            assistance.state, assistance.closed_at = State.CLOSED, timezone.now()
            assistance.save(update_fields=["state", "closed_at", "updated_at"])
            note = gettext("Closed by the secretariat: no reply within %(days)s days of the answer.") % {
                "days": ANSWERED_CLOSE_DAYS
            }
            _event(assistance, actor=None, action="close", from_state=State.ANSWERED, note=note)
            audit_record(actor=None, action="assistance.close", obj=assistance, data={"note": note})
            _tell(
                assistance,
                None,
                gettext("eGovFrame support closed: %(title)s") % {"title": assistance.title},
                note,
            )
            closed.append(assistance)
    return closed


ACTIONS = ("assign", "decline", "withdraw", "start", "complete")
EGOVFRAME_ACTIONS = ("assign", "answer", "close", "reopen")


def assistance_transition(
    *,
    actor,
    assistance: AssistanceRequest,
    action: str,
    expert_id: int | None = None,
    partner_id: int | None = None,
    due_on: dt.date | None = None,
    reason: str = "",
    note: str = "",
) -> AssistanceRequest:
    """One entry point for the page and the API: `action` names the change."""
    if action == "assign":
        expert = partner = None
        if expert_id is not None:
            expert = User.objects.filter(pk=expert_id).first()
            if expert is None:
                raise AssistanceRefused(gettext("No such expert."), field="expert")
        if partner_id is not None:
            partner = Partner.objects.filter(pk=partner_id).first()
            if partner is None:
                raise AssistanceRefused(gettext("No such development partner."), field="partner")
        return assistance_assign(
            actor=actor, assistance=assistance, due_on=due_on, expert=expert, partner=partner
        )
    if action == "decline":
        return assistance_decline(actor=actor, assistance=assistance, reason=reason)
    if action == "withdraw":
        return assistance_withdraw(actor=actor, assistance=assistance)
    if action == "start":
        return assistance_start(actor=actor, assistance=assistance)
    if action == "complete":
        return assistance_complete(actor=actor, assistance=assistance, note=note)
    if action == "answer":
        return assistance_answer(actor=actor, assistance=assistance, answer=note)
    if action == "close":
        return assistance_close(actor=actor, assistance=assistance, note=note)
    if action == "reopen":
        return assistance_reopen(actor=actor, assistance=assistance, reason=reason)
    raise AssistanceRefused(
        gettext("Unknown action '%(action)s'; use one of: %(actions)s.")
        % {
            "action": action,
            "actions": ", ".join(EGOVFRAME_ACTIONS if assistance.kind == Kind.EGOVFRAME else ACTIONS),
        },
        field="action",
    )


@transaction.atomic
def assistance_message_post(
    *, actor, assistance: AssistanceRequest, body: str, attachment=None
) -> AssistanceMessage:
    """Anyone involved writes to the others; an attachment is checked by its content and size."""
    assistance = _locked(assistance)
    _check(
        actor,
        "assistance.post_message",
        assistance,
        gettext("Only the people working on this request can write to it."),
    )
    body = _text(body, field="body", label=gettext("Message"), limit=BODY_MAX)
    if attachment is not None:
        try:
            evidence_check(attachment)
        except ValidationError as exc:
            raise AssistanceRefused(" ".join(exc.messages), field="attachment") from None
    message = AssistanceMessage(request=assistance, author=actor, body=body)
    if attachment is not None:
        message.attachment.save(attachment.name, attachment, save=False)
    message.save()
    audit_record(
        actor=actor,
        action="assistance.message",
        obj=assistance,
        data={"message": message.pk, "attachment": message.attachment.name or ""},
    )
    _tell(
        assistance,
        actor,
        gettext("New message on: %(title)s") % {"title": assistance.title},
        gettext("%(author)s wrote:\n\n%(body)s") % {"author": actor, "body": body},
    )
    return message
