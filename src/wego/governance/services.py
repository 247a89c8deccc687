"""Governance workflows: meetings, terms of office under the statute, and secret ballots.

Every statute rule is enforced here and a refusal names the rule (`StatuteRefused.rule`),
so a page or the API can say exactly which rule refused what. Casting a ballot writes two
rows that share nothing but the vote: the city's line on the voted roll (unique per vote
and city, which is what stops a second ballot) and the anonymous ballot with its receipt.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import mimetypes
import random
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from wego.accounts.models import Role, RoleKind
from wego.common.notifications import notify
from wego.common.services import audit_record
from wego.governance.models import (
    AgendaItem,
    Attendance,
    Ballot,
    BallotRoll,
    BodyKind,
    Candidacy,
    Delegate,
    EligibleVoter,
    Majority,
    Meeting,
    MeetingDocument,
    Outcome,
    Term,
    TermRole,
    Vote,
    VoteKind,
    VoteOption,
    VoteStatus,
)
from wego.members.models import City

TERM_YEARS = 3
MIN_VICE_PRESIDENTS = 5
MAX_COMMITTEE_CITIES = 20
NOTICE_MONTHS = 1

# The statute's rules, as enforced. Each refusal carries one of these codes.
STATUTE_RULES: dict[str, object] = {
    "president_elected_by_ga": _("The President City is elected by the General Assembly."),
    "president_is_candidate": _(
        "Only a city whose candidacy was registered for this General Assembly can be elected President City."
    ),
    "evp_is_next_ga_host": _(
        "The Executive Vice President City is the host of the next General Assembly; it takes office "
        "automatically when the General Assembly confirms the host, and cannot be appointed otherwise."
    ),
    "vice_presidents_by_ec": _("Vice President Cities are nominated by the Executive Committee."),
    "five_vice_presidents": _("The Executive Committee has at least five Vice President Cities."),
    "committee_at_most_twenty": _(
        "The Executive Committee has twenty cities or fewer, including the President and Vice President Cities."
    ),
    "committee_elected_by_ga": _("The General Assembly elects the members of the Executive Committee."),
    "three_year_term": _("A term of office lasts three years (renewable)."),
    "one_office_at_a_time": _("A city holds one office on the Executive Committee at a time."),
    "candidate_full_member": _("A candidate for President City must be a Full member."),
    "candidate_fees_paid": _("A candidate for President City must have paid its membership fees in full."),
    "candidate_notice_one_month": _(
        "A candidate for President City must notify the Secretariat in writing at least one month before "
        "the General Assembly."
    ),
}


class StatuteRefused(Exception):
    """A statute rule refused the change; nothing was written."""

    def __init__(self, rule: str, detail: str = ""):
        self.rule = rule
        self.detail = detail
        super().__init__(f"{rule}: {detail}" if detail else rule)

    @property
    def rule_text(self) -> str:
        return str(STATUTE_RULES[self.rule])

    @property
    def message(self) -> str:
        text = gettext("Refused by the statute: %(rule)s") % {"rule": self.rule_text}
        return f"{text} {self.detail}".strip()


class BallotRefused(Exception):
    """A ballot was not accepted; nothing was written. `reason` is a short code."""

    def __init__(self, reason: str, message: str):
        self.reason = reason
        self.message = message
        super().__init__(message)


def add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def subtract_months(day: dt.date, months: int) -> dt.date:
    month = day.month - months
    year = day.year
    while month < 1:
        month += 12
        year -= 1
    for candidate in range(day.day, 27, -1):  # 31 March less a month is 28 or 29 February
        try:
            return day.replace(year=year, month=month, day=candidate)
        except ValueError:
            continue
    return day.replace(year=year, month=month)


# Meetings ------------------------------------------------------------------------------------


@transaction.atomic
def meeting_create(
    *,
    body,
    title: str,
    starts_on: dt.date,
    ends_on: dt.date,
    actor,
    host_city: City | None = None,
    venue: str = "",
    theme: str = "",
    is_demo: bool = False,
) -> Meeting:
    if ends_on < starts_on:
        raise ValidationError({"ends_on": gettext("The last day is before the first day.")})
    meeting = Meeting.objects.create(
        body=body,
        title=title,
        starts_on=starts_on,
        ends_on=ends_on,
        host_city=host_city,
        venue=venue,
        theme=theme,
        is_demo=is_demo,
    )
    audit_record(actor=actor, action="meeting.create", obj=meeting, data={"title": title, "body": body.kind})
    return meeting


@transaction.atomic
def agenda_item_add(*, meeting: Meeting, title: str, actor, description: str = "") -> AgendaItem:
    Meeting.objects.select_for_update().get(pk=meeting.pk)
    last = meeting.agenda_items.order_by("-position").values_list("position", flat=True).first() or 0
    item = AgendaItem.objects.create(meeting=meeting, position=last + 1, title=title, description=description)
    audit_record(
        actor=actor, action="meeting.agenda_add", obj=meeting, data={"item": item.position, "title": title}
    )
    return item


@transaction.atomic
def attendance_record(
    *, meeting: Meeting, city: City, kind: str, actor, represented_by: str = ""
) -> Attendance:
    row, _created = Attendance.objects.update_or_create(
        meeting=meeting, city=city, defaults={"kind": kind, "represented_by": represented_by}
    )
    audit_record(actor=actor, action="meeting.attendance", obj=meeting, data={"city": city.pk, "kind": kind})
    return row


@transaction.atomic
def minutes_save(*, meeting: Meeting, text: str, actor, approved_on: dt.date | None = None) -> Meeting:
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    meeting.minutes = text
    meeting.minutes_approved_on = approved_on
    meeting.save(update_fields=["minutes", "minutes_approved_on"])
    audit_record(
        actor=actor,
        action="meeting.minutes",
        obj=meeting,
        data={"sha256": hashlib.sha256(text.encode()).hexdigest(), "approved_on": str(approved_on or "")},
    )
    return meeting


DOCUMENT_SIGNATURES = {
    ".pdf": ("application/pdf", [b"%PDF-"]),
    ".docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        [b"PK\x03\x04"],
    ),
    ".odt": ("application/vnd.oasis.opendocument.text", [b"PK\x03\x04"]),
    ".xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", [b"PK\x03\x04"]),
    ".pptx": (
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        [b"PK\x03\x04"],
    ),
    ".png": ("image/png", [b"\x89PNG\r\n\x1a\n"]),
    ".jpg": ("image/jpeg", [b"\xff\xd8\xff"]),
    ".jpeg": ("image/jpeg", [b"\xff\xd8\xff"]),
}


def document_check(upload) -> str:
    """The upload's content type, once its size, name and first bytes agree; else ValidationError."""
    name = upload.name or ""
    extension = ("." + name.rsplit(".", 1)[-1].lower()) if "." in name else ""
    limit = settings.MAX_UPLOAD_MB * 1024 * 1024
    if upload.size is None or upload.size > limit:
        raise ValidationError(gettext("The file is larger than %(mb)s MB.") % {"mb": settings.MAX_UPLOAD_MB})
    if upload.size == 0:
        raise ValidationError(gettext("The file is empty."))
    if extension not in DOCUMENT_SIGNATURES:
        raise ValidationError(
            gettext(
                "Upload a PDF, an office document (Word, Excel, PowerPoint, OpenDocument) or an image (PNG, JPEG)."
            )
        )
    content_type, signatures = DOCUMENT_SIGNATURES[extension]
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if not any(head.startswith(signature) for signature in signatures):
        raise ValidationError(
            gettext("The content of %(name)s is not a %(kind)s file.")
            % {"name": name, "kind": extension[1:].upper()}
        )
    return content_type or mimetypes.guess_type(name)[0] or "application/octet-stream"


@transaction.atomic
def document_upload(*, meeting: Meeting, title: str, upload, actor) -> MeetingDocument:
    content_type = document_check(upload)
    original = (upload.name or "document").rsplit("/", 1)[-1][:200]
    document = MeetingDocument(
        meeting=meeting,
        title=title or original,
        original_name=original,
        content_type=content_type,
        size=upload.size,
        uploaded_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    extension = original.rsplit(".", 1)[-1].lower()
    document.file.save(f"{secrets.token_hex(16)}.{extension}", upload, save=False)
    document.save()
    audit_record(
        actor=actor,
        action="meeting.document_upload",
        obj=meeting,
        data={"document": document.pk, "title": document.title},
    )
    return document


@transaction.atomic
def delegate_designate(*, meeting: Meeting, city: City, user, actor) -> Delegate:
    """The city's delegate for this meeting: a person with a role at that city."""
    if not Role.objects.filter(user=user, city=city).exists():
        raise ValidationError(
            gettext("%(person)s has no role at %(city)s; invite them to the city first.")
            % {"person": user.email, "city": city.name}
        )
    delegate, _created = Delegate.objects.update_or_create(
        meeting=meeting, city=city, defaults={"user": user, "designated_by": actor}
    )
    audit_record(actor=actor, action="meeting.delegate", obj=meeting, data={"city": city.pk, "user": user.pk})
    return delegate


# Terms of office -----------------------------------------------------------------------------


def _require_body(meeting: Meeting | None, kind: str, rule: str) -> None:
    if meeting is None or meeting.body.kind != kind:
        where = meeting.body.name if meeting is not None else gettext("no meeting")
        raise StatuteRefused(rule, gettext("This was put to: %(body)s.") % {"body": where})


def _check_three_years(starts_on: dt.date, ends_on: dt.date | None) -> dt.date:
    expected = add_years(starts_on, TERM_YEARS)
    if ends_on is not None and ends_on != expected:
        raise StatuteRefused(
            "three_year_term",
            gettext("A term from %(start)s ends on %(end)s, not %(given)s.")
            % {"start": starts_on, "end": expected, "given": ends_on},
        )
    return expected


def terms_active_on(day: dt.date):
    return Term.objects.filter(starts_on__lte=day, ends_on__gt=day)


def _committee_size_check(
    *, starts_on: dt.date, ends_on: dt.date, new_cities: set[int], leaving: set[int]
) -> None:
    """At no date of [starts_on, ends_on) may the committee count more than twenty cities."""
    overlapping = list(
        Term.objects.filter(starts_on__lt=ends_on, ends_on__gt=starts_on).values_list(
            "city_id", "starts_on", "ends_on"
        )
    )
    moments = {starts_on} | {s for _c, s, _e in overlapping if starts_on <= s < ends_on}
    for moment in sorted(moments):
        cities = {c for c, s, e in overlapping if s <= moment < e and c not in leaving} | new_cities
        if len(cities) > MAX_COMMITTEE_CITIES:
            raise StatuteRefused(
                "committee_at_most_twenty",
                gettext("On %(day)s it would count %(n)s cities.") % {"day": moment, "n": len(cities)},
            )


def _end_terms(terms, on: dt.date) -> None:
    for term in terms:
        term.ends_on = on if on > term.starts_on else term.starts_on + dt.timedelta(days=1)
        term.save(update_fields=["ends_on"])


def _one_office_check(*, city: City, starts_on: dt.date, ends_on: dt.date, allowed_roles=()) -> list[Term]:
    """The city's overlapping terms; refused unless each may give way to the new office."""
    overlapping = list(Term.objects.filter(city=city, starts_on__lt=ends_on, ends_on__gt=starts_on))
    blocking = [t for t in overlapping if t.role not in allowed_roles]
    if blocking:
        term = blocking[0]
        raise StatuteRefused(
            "one_office_at_a_time",
            gettext("%(city)s is %(role)s until %(end)s.")
            % {"city": city.name, "role": term.get_role_display(), "end": term.ends_on},
        )
    return overlapping


@transaction.atomic
def candidacy_register(*, meeting: Meeting, city: City, notified_on: dt.date, actor) -> Candidacy:
    """Record a city's candidacy for President City at a General Assembly, if the statute allows it."""
    from wego.members.selectors import fees_fully_paid, member_category_on

    _require_body(meeting, BodyKind.GENERAL_ASSEMBLY, "president_elected_by_ga")
    latest = subtract_months(meeting.starts_on, NOTICE_MONTHS)
    if notified_on > latest:
        raise StatuteRefused(
            "candidate_notice_one_month",
            gettext("The notice of %(city)s is dated %(given)s; the latest acceptable date was %(latest)s.")
            % {"city": city.name, "given": notified_on, "latest": latest},
        )
    category = member_category_on(city, notified_on)
    if category != "full":
        raise StatuteRefused(
            "candidate_full_member",
            gettext("%(city)s was not a Full member on %(day)s.") % {"city": city.name, "day": notified_on},
        )
    if not fees_fully_paid(city, meeting.starts_on.year):
        raise StatuteRefused(
            "candidate_fees_paid",
            gettext("%(city)s has not paid its %(year)s fees in full.")
            % {"city": city.name, "year": meeting.starts_on.year},
        )
    candidacy, created = Candidacy.objects.get_or_create(
        meeting=meeting, city=city, defaults={"notified_on": notified_on, "recorded_by": actor}
    )
    if not created:
        raise ValidationError(
            gettext("%(city)s is already a candidate at this meeting.") % {"city": city.name}
        )
    audit_record(
        actor=actor,
        action="candidacy.register",
        obj=candidacy,
        data={"city": city.pk, "notified_on": str(notified_on)},
    )
    return candidacy


@transaction.atomic
def president_elect(*, meeting: Meeting, city: City, actor, is_demo: bool = False) -> Term:
    """The General Assembly elects the President City, for three years from its first day."""
    _require_body(meeting, BodyKind.GENERAL_ASSEMBLY, "president_elected_by_ga")
    if not Candidacy.objects.filter(meeting=meeting, city=city).exists():
        raise StatuteRefused(
            "president_is_candidate", gettext("%(city)s is not a candidate.") % {"city": city.name}
        )
    starts_on = meeting.starts_on
    ends_on = add_years(starts_on, TERM_YEARS)
    own = _one_office_check(
        city=city, starts_on=starts_on, ends_on=ends_on, allowed_roles=[r for r in TermRole.values]
    )  # a Vice President (or the President itself) elected President leaves its old office
    incumbent = list(
        Term.objects.filter(role=TermRole.PRESIDENT, starts_on__lt=ends_on, ends_on__gt=starts_on).exclude(
            city=city
        )
    )
    _committee_size_check(
        starts_on=starts_on, ends_on=ends_on, new_cities={city.pk}, leaving={t.city_id for t in incumbent}
    )
    _end_terms(own + incumbent, starts_on)
    term = Term.objects.create(
        city=city,
        role=TermRole.PRESIDENT,
        starts_on=starts_on,
        ends_on=ends_on,
        meeting=meeting,
        is_demo=is_demo,
    )
    audit_record(
        actor=actor, action="term.president_elected", obj=term, data={"city": city.pk, "meeting": meeting.pk}
    )
    return term


@transaction.atomic
def general_assembly_host_confirm(
    *, meeting: Meeting, next_meeting: Meeting, host_city: City, actor, is_demo: bool = False
) -> Term:
    """The General Assembly confirms the next host; the host becomes Executive Vice President City."""
    _require_body(meeting, BodyKind.GENERAL_ASSEMBLY, "evp_is_next_ga_host")
    _require_body(next_meeting, BodyKind.GENERAL_ASSEMBLY, "evp_is_next_ga_host")
    if next_meeting.starts_on <= meeting.starts_on:
        raise StatuteRefused(
            "evp_is_next_ga_host",
            gettext("The next General Assembly must come after the one that confirms it."),
        )
    starts_on = meeting.starts_on
    ends_on = add_years(starts_on, TERM_YEARS)
    own = _one_office_check(
        city=host_city,
        starts_on=starts_on,
        ends_on=ends_on,
        allowed_roles=[TermRole.VICE_PRESIDENT, TermRole.MEMBER, TermRole.EXECUTIVE_VICE_PRESIDENT],
    )
    previous = list(
        Term.objects.filter(
            role=TermRole.EXECUTIVE_VICE_PRESIDENT, starts_on__lt=ends_on, ends_on__gt=starts_on
        ).exclude(city=host_city)
    )
    _committee_size_check(
        starts_on=starts_on, ends_on=ends_on, new_cities={host_city.pk}, leaving={t.city_id for t in previous}
    )
    _end_terms(own + previous, starts_on)
    Meeting.objects.filter(pk=next_meeting.pk).update(host_city=host_city)
    next_meeting.host_city = host_city
    term = Term.objects.create(
        city=host_city,
        role=TermRole.EXECUTIVE_VICE_PRESIDENT,
        starts_on=starts_on,
        ends_on=ends_on,
        meeting=meeting,
        is_demo=is_demo,
    )
    audit_record(
        actor=actor,
        action="term.evp_by_hosting",
        obj=term,
        data={"city": host_city.pk, "meeting": meeting.pk, "next_meeting": next_meeting.pk},
    )
    return term


@transaction.atomic
def vice_presidents_nominate(
    *,
    meeting: Meeting,
    cities: list[City],
    starts_on: dt.date,
    actor,
    ends_on: dt.date | None = None,
    is_demo: bool = False,
) -> list[Term]:
    """The Executive Committee nominates Vice President Cities; at least five must hold office."""
    _require_body(meeting, BodyKind.EXECUTIVE_COMMITTEE, "vice_presidents_by_ec")
    ends_on = _check_three_years(starts_on, ends_on)
    new_ids = {c.pk for c in cities}
    for city in cities:
        _one_office_check(city=city, starts_on=starts_on, ends_on=ends_on)
    sitting = set(
        terms_active_on(starts_on).filter(role=TermRole.VICE_PRESIDENT).values_list("city_id", flat=True)
    )
    if len(sitting | new_ids) < MIN_VICE_PRESIDENTS:
        raise StatuteRefused(
            "five_vice_presidents",
            gettext("On %(day)s there would be %(n)s.") % {"day": starts_on, "n": len(sitting | new_ids)},
        )
    _committee_size_check(starts_on=starts_on, ends_on=ends_on, new_cities=new_ids, leaving=set())
    terms = [
        Term.objects.create(
            city=city,
            role=TermRole.VICE_PRESIDENT,
            starts_on=starts_on,
            ends_on=ends_on,
            meeting=meeting,
            is_demo=is_demo,
        )
        for city in cities
    ]
    for term in terms:
        audit_record(
            actor=actor,
            action="term.vice_president",
            obj=term,
            data={"city": term.city_id, "meeting": meeting.pk},
        )
    return terms


@transaction.atomic
def committee_member_elect(
    *,
    meeting: Meeting,
    city: City,
    starts_on: dt.date,
    actor,
    ends_on: dt.date | None = None,
    is_demo: bool = False,
) -> Term:
    """The General Assembly elects a member of the Executive Committee."""
    _require_body(meeting, BodyKind.GENERAL_ASSEMBLY, "committee_elected_by_ga")
    ends_on = _check_three_years(starts_on, ends_on)
    _one_office_check(city=city, starts_on=starts_on, ends_on=ends_on)
    _committee_size_check(starts_on=starts_on, ends_on=ends_on, new_cities={city.pk}, leaving=set())
    term = Term.objects.create(
        city=city,
        role=TermRole.MEMBER,
        starts_on=starts_on,
        ends_on=ends_on,
        meeting=meeting,
        is_demo=is_demo,
    )
    audit_record(actor=actor, action="term.member", obj=term, data={"city": city.pk, "meeting": meeting.pk})
    return term


def terms_assign(
    *,
    meeting: Meeting,
    role: str,
    cities: list[City],
    starts_on: dt.date,
    actor,
    ends_on: dt.date | None = None,
) -> list[Term]:
    """One entry point for the secretariat's form: sends each role to the rule that governs it."""
    if role == TermRole.PRESIDENT:
        if len(cities) != 1:
            raise ValidationError(gettext("Choose exactly one city."))
        _check_three_years(meeting.starts_on, ends_on)
        return [president_elect(meeting=meeting, city=cities[0], actor=actor)]
    if role == TermRole.EXECUTIVE_VICE_PRESIDENT:
        raise StatuteRefused(
            "evp_is_next_ga_host", gettext("Confirm the host of the next General Assembly instead.")
        )
    if role == TermRole.VICE_PRESIDENT:
        return vice_presidents_nominate(
            meeting=meeting, cities=cities, starts_on=starts_on, ends_on=ends_on, actor=actor
        )
    with transaction.atomic():
        return [
            committee_member_elect(
                meeting=meeting, city=city, starts_on=starts_on, ends_on=ends_on, actor=actor
            )
            for city in cities
        ]


@transaction.atomic
def term_renew(*, term: Term, meeting: Meeting, actor) -> Term:
    """Renew a term for another three years from its end (terms are renewable without limit)."""
    term = Term.objects.select_for_update().select_related("city").get(pk=term.pk)
    if term.role == TermRole.EXECUTIVE_VICE_PRESIDENT:
        raise StatuteRefused(
            "evp_is_next_ga_host", gettext("The next host takes this office, not a renewal.")
        )
    if term.role == TermRole.PRESIDENT:
        raise StatuteRefused(
            "president_elected_by_ga",
            gettext("A President City continues only if the General Assembly re-elects it."),
        )
    if term.role == TermRole.VICE_PRESIDENT:
        _require_body(meeting, BodyKind.EXECUTIVE_COMMITTEE, "vice_presidents_by_ec")
    else:
        _require_body(meeting, BodyKind.GENERAL_ASSEMBLY, "committee_elected_by_ga")
    starts_on = term.ends_on
    ends_on = add_years(starts_on, TERM_YEARS)
    _one_office_check(city=term.city, starts_on=starts_on, ends_on=ends_on)
    _committee_size_check(starts_on=starts_on, ends_on=ends_on, new_cities={term.city_id}, leaving=set())
    renewed = Term.objects.create(
        city=term.city,
        role=term.role,
        starts_on=starts_on,
        ends_on=ends_on,
        meeting=meeting,
        renews=term,
        is_demo=term.is_demo,
    )
    audit_record(
        actor=actor, action="term.renew", obj=renewed, data={"renews": term.pk, "meeting": meeting.pk}
    )
    return renewed


@transaction.atomic
def term_end(*, term: Term, on: dt.date, actor, reason: str = "") -> Term:
    """End a term early (resignation, loss of membership)."""
    term = Term.objects.select_for_update().get(pk=term.pk)
    if not term.starts_on < on < term.ends_on:
        raise ValidationError(
            gettext("Choose a date after %(start)s and before %(end)s.")
            % {"start": term.starts_on, "end": term.ends_on}
        )
    if term.role == TermRole.VICE_PRESIDENT:
        remaining = (
            terms_active_on(on)
            .filter(role=TermRole.VICE_PRESIDENT)
            .exclude(pk=term.pk)
            .values("city_id")
            .distinct()
            .count()
        )
        if remaining < MIN_VICE_PRESIDENTS:
            raise StatuteRefused(
                "five_vice_presidents",
                gettext("Nominate a new Vice President City first: %(n)s would remain.") % {"n": remaining},
            )
    old_end = term.ends_on
    term.ends_on = on
    term.save(update_fields=["ends_on"])
    audit_record(
        actor=actor, action="term.end", obj=term, data={"ends_on": [str(old_end), str(on)], "reason": reason}
    )
    return term


# Votes ---------------------------------------------------------------------------------------


@transaction.atomic
def vote_create(
    *,
    meeting: Meeting,
    kind: str,
    title: str,
    question: str,
    opens_at: dt.datetime,
    closes_at: dt.datetime,
    actor,
    majority: str = Majority.SIMPLE,
    quorum_percent: int = 50,
    candidates: list[City] | None = None,
    options: list[str] | None = None,
    is_demo: bool = False,
) -> Vote:
    """A vote in preparation: a motion (yes / no / abstain, or the options given) or an election."""
    if closes_at <= opens_at:
        raise ValidationError({"closes_at": gettext("The ballots must close after they open.")})
    if not 0 <= quorum_percent <= 100:
        raise ValidationError({"quorum_percent": gettext("The quorum is a percentage from 0 to 100.")})
    vote = Vote.objects.create(
        meeting=meeting,
        kind=kind,
        title=title,
        question=question,
        majority=majority,
        quorum_percent=quorum_percent,
        opens_at=opens_at,
        closes_at=closes_at,
        is_demo=is_demo,
    )
    if kind == VoteKind.ELECTION:
        if not candidates or len(candidates) < 1:
            raise ValidationError({"candidates": gettext("An election needs at least one candidate.")})
        rows = [VoteOption(vote=vote, position=i, label=c.name, city=c) for i, c in enumerate(candidates, 1)]
    else:
        labels = options or [gettext("Yes"), gettext("No")]
        rows = [VoteOption(vote=vote, position=i, label=label) for i, label in enumerate(labels, 1)]
    rows.append(VoteOption(vote=vote, position=len(rows) + 1, label=gettext("Abstain"), is_abstention=True))
    VoteOption.objects.bulk_create(rows)
    audit_record(
        actor=actor,
        action="vote.create",
        obj=vote,
        data={"title": title, "kind": kind, "majority": majority, "quorum_percent": quorum_percent},
    )
    return vote


def full_members_on(day: dt.date) -> list[City]:
    """The cities that were Full members on that day."""
    from wego.members.selectors import member_category_on

    return [
        city
        for city in City.objects.exclude(member_category="non_member").order_by("name")
        if member_category_on(city, day) == "full"
    ]


def voters_of(vote: Vote) -> list:
    """The people who may cast a city's ballot: coordinators of eligible cities and designated delegates."""
    from wego.accounts.models import User

    cities = EligibleVoter.objects.filter(vote=vote).values("city_id")
    return list(
        User.objects.filter(
            Q(roles__kind=RoleKind.COORDINATOR, roles__city_id__in=cities)
            | Q(
                pk__in=Delegate.objects.filter(meeting_id=vote.meeting_id, city_id__in=cities).values(
                    "user_id"
                )
            )
        ).distinct()
    )


@transaction.atomic
def vote_open(*, vote: Vote, actor, now: dt.datetime | None = None) -> Vote:
    """Open a vote: fix the roll of eligible Full members and tell their delegates."""
    vote = Vote.objects.select_for_update().select_related("meeting").get(pk=vote.pk)
    now = now or timezone.now()
    if vote.status != VoteStatus.DRAFT:
        raise ValidationError(gettext("This vote is already open or closed."))
    if vote.closes_at <= now:
        raise ValidationError(gettext("The voting window has already closed; change the dates first."))
    eligible = full_members_on(timezone.localdate(vote.opens_at))
    EligibleVoter.objects.bulk_create([EligibleVoter(vote=vote, city=city) for city in eligible])
    vote.status = VoteStatus.OPEN
    vote.eligible_count = len(eligible)
    vote.save(update_fields=["status", "eligible_count"])
    audit_record(actor=actor, action="vote.open", obj=vote, data={"eligible": len(eligible)})
    notify(
        recipients=voters_of(vote),
        subject=gettext("Vote open: %(title)s") % {"title": vote.title},
        body=gettext(
            "A secret ballot is open at %(meeting)s from %(opens)s to %(closes)s (UTC). Your city's delegate casts "
            "one ballot for the city."
        )
        % {
            "meeting": vote.meeting.title,
            "opens": f"{vote.opens_at:%Y-%m-%d %H:%M}",
            "closes": f"{vote.closes_at:%Y-%m-%d %H:%M}",
        },
        url=f"/governance/votes/{vote.pk}/",
    )
    return vote


def may_cast_for(user, *, vote: Vote, city: City) -> bool:
    """Whether this person is the city's delegate for the vote's meeting (a coordinator, or designated)."""
    if city.pk in {r.city_id for r in user.roles.filter(kind=RoleKind.COORDINATOR)}:
        return True
    return Delegate.objects.filter(meeting_id=vote.meeting_id, city=city, user=user).exists()


def receipt_new() -> str:
    """A random receipt code: 20 characters from an unambiguous alphabet, in groups of four."""
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    raw = "".join(secrets.choice(alphabet) for _ in range(20))
    return "-".join(raw[i : i + 4] for i in range(0, 20, 4))


def _vote_for_casting(pk: int) -> Vote:
    """The vote, locked against publication until this ballot commits (not against other ballots).

    PostgreSQL: FOR SHARE, which publication's FOR UPDATE waits for, while ballots share it.
    SQLite: write transactions already run one at a time (IMMEDIATE), so nothing more is needed.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM governance_vote WHERE id = %s FOR SHARE", [pk])
    elif connection.vendor != "sqlite":
        return Vote.objects.select_for_update().get(pk=pk)
    return Vote.objects.get(pk=pk)


@dataclass(frozen=True)
class CastResult:
    receipt: str
    vote: Vote


def ballot_cast(
    *, vote: Vote, city: City, option_id: int, actor, now: dt.datetime | None = None
) -> CastResult:
    """Cast the city's one ballot. The voted roll and the ballot are written in one transaction.

    Nothing here records the time, the person or the city with the ballot, and no audit row
    is written: the roll says the city voted, the ballot says what was chosen, and nothing
    joins them. A second ballot from the city fails on the roll's unique constraint and
    rolls the whole transaction back.
    """
    now = now or timezone.now()
    try:
        with transaction.atomic():
            vote = _vote_for_casting(vote.pk)
            if vote.status != VoteStatus.OPEN or not vote.opens_at <= now < vote.closes_at:
                raise BallotRefused(
                    "window",
                    gettext("Ballots are accepted from %(opens)s to %(closes)s (UTC) only.")
                    % {
                        "opens": f"{vote.opens_at:%Y-%m-%d %H:%M}",
                        "closes": f"{vote.closes_at:%Y-%m-%d %H:%M}",
                    },
                )
            if not EligibleVoter.objects.filter(vote=vote, city=city).exists():
                raise BallotRefused(
                    "not_eligible",
                    gettext("%(city)s is not a Full member entitled to vote on this.") % {"city": city.name},
                )
            if not may_cast_for(actor, vote=vote, city=city):
                raise PermissionDenied(
                    gettext("Only the delegate of %(city)s casts its ballot.") % {"city": city.name}
                )
            option = VoteOption.objects.filter(vote=vote, pk=option_id).first()
            if option is None:
                raise BallotRefused("option", gettext("Choose one of the options on the ballot."))
            BallotRoll.objects.create(vote=vote, city=city)
            receipt = receipt_new()
            Ballot.objects.create(vote=vote, option=option, receipt=receipt)
    except IntegrityError:
        if BallotRoll.objects.filter(vote=vote, city=city).exists():
            raise BallotRefused(
                "already_voted",
                gettext("%(city)s has already voted; a city casts one ballot.") % {"city": city.name},
            ) from None
        raise
    return CastResult(receipt=receipt, vote=vote)


@dataclass(frozen=True)
class Tally:
    counts: dict[int, int]
    cast: int
    quorum_needed: int
    quorum_met: bool
    outcome: str
    winner_id: int | None


def quorum_needed(vote: Vote) -> int:
    return -(-vote.eligible_count * vote.quorum_percent // 100)  # ceiling


def tally(vote: Vote) -> Tally:
    """Count the ballots and apply the quorum and the majority rule (abstentions count for the quorum only)."""
    options = list(vote.options.all())
    counts = {o.pk: 0 for o in options}
    for row in Ballot.objects.filter(vote=vote).values("option_id").annotate(n=Count("pk")):
        counts[row["option_id"]] = row["n"]
    cast = sum(counts.values())
    needed = quorum_needed(vote)
    quorum_met = cast >= needed and cast > 0
    expressed = sum(n for o in options if not o.is_abstention for n in [counts[o.pk]])
    winner_id = None
    if not quorum_met:
        outcome = Outcome.NO_QUORUM
    else:
        choices = sorted((o for o in options if not o.is_abstention), key=lambda o: -counts[o.pk])
        top = choices[0] if choices else None
        runner_up = counts[choices[1].pk] if len(choices) > 1 else -1
        if top is None or expressed == 0 or counts[top.pk] == runner_up:
            reached = False
        elif vote.majority == Majority.TWO_THIRDS:
            reached = 3 * counts[top.pk] >= 2 * expressed
        else:
            reached = 2 * counts[top.pk] > expressed
        if vote.kind == VoteKind.MOTION and len(choices) == 2 and top is not None:
            yes = choices[0] if choices[0].position < choices[1].position else choices[1]
            adopted = reached and top.pk == yes.pk
            outcome = Outcome.ADOPTED if adopted else Outcome.REJECTED
            winner_id = yes.pk if adopted else None
        elif reached:
            outcome = Outcome.ELECTED if vote.kind == VoteKind.ELECTION else Outcome.ADOPTED
            winner_id = top.pk
        else:
            outcome = Outcome.NO_MAJORITY
    return Tally(counts, cast, needed, quorum_met, outcome, winner_id)


def _shuffle_ballots(vote: Vote) -> None:
    """Rewrite the vote's ballots in random order, so the storage order no longer follows casting order."""
    rows = list(Ballot.objects.filter(vote=vote).values_list("option_id", "receipt"))
    random.SystemRandom().shuffle(rows)
    Ballot.objects.filter(vote=vote).delete()
    Ballot.objects.bulk_create([Ballot(vote=vote, option_id=o, receipt=r) for o, r in rows])


@transaction.atomic
def vote_publish(*, vote: Vote, actor, now: dt.datetime | None = None) -> Vote:
    """Close the vote and publish its results: only once its window has closed."""
    vote = Vote.objects.select_for_update().select_related("meeting").get(pk=vote.pk)
    now = now or timezone.now()
    if vote.status == VoteStatus.PUBLISHED:
        return vote
    if vote.status != VoteStatus.OPEN:
        raise ValidationError(gettext("This vote was never opened."))
    if now < vote.closes_at:
        raise ValidationError(
            gettext("Results are published when the window closes, at %(closes)s (UTC).")
            % {"closes": f"{vote.closes_at:%Y-%m-%d %H:%M}"}
        )
    result = tally(vote)
    rolled = BallotRoll.objects.filter(vote=vote).count()
    if rolled != result.cast:  # cannot happen: both rows are written in one transaction
        raise RuntimeError(f"vote {vote.pk}: {rolled} cities on the roll but {result.cast} ballots")
    _shuffle_ballots(vote)
    for option in vote.options.all():
        option.count = result.counts[option.pk]
        option.save(update_fields=["count"])
    vote.status = VoteStatus.PUBLISHED
    vote.ballots_cast = result.cast
    vote.outcome = result.outcome
    vote.winner_id = result.winner_id
    vote.published_at = now
    vote.save(update_fields=["status", "ballots_cast", "outcome", "winner", "published_at"])
    audit_record(
        actor=actor,
        action="vote.publish",
        obj=vote,
        data={
            "eligible": vote.eligible_count,
            "cast": result.cast,
            "quorum_needed": result.quorum_needed,
            "outcome": result.outcome,
            "counts": {str(k): v for k, v in result.counts.items()},
        },
    )
    notify(
        recipients=voters_of(vote),
        subject=gettext("Results published: %(title)s") % {"title": vote.title},
        body=gettext(
            "%(outcome)s. %(cast)s of %(eligible)s eligible members voted. Check your receipt on the results page."
        )
        % {"outcome": vote.get_outcome_display(), "cast": result.cast, "eligible": vote.eligible_count},
        url=f"/governance/votes/{vote.pk}/",
    )
    return vote


def votes_publish_due(*, now: dt.datetime | None = None) -> list[Vote]:
    """Publish every open vote whose window has closed (`wego governance_publish`, or the first viewing after the close)."""
    now = now or timezone.now()
    return [
        vote_publish(vote=vote, actor=None, now=now)
        for vote in Vote.objects.filter(status=VoteStatus.OPEN, closes_at__lte=now)
    ]


# Membership decisions at a meeting ------------------------------------------------------------


@transaction.atomic
def meeting_membership_approve(*, meeting: Meeting, application, actor):
    """Approve a pending membership application at this meeting of the General Assembly or Executive Committee."""
    from wego.members.services import membership_approve

    if meeting.body.kind not in (BodyKind.GENERAL_ASSEMBLY, BodyKind.EXECUTIVE_COMMITTEE):
        raise ValidationError(
            gettext(
                "Members are approved by the General Assembly or the Executive Committee, not by %(body)s."
            )
            % {"body": meeting.body.name}
        )
    today = timezone.localdate()
    if meeting.starts_on > today:
        raise ValidationError(
            gettext("%(meeting)s has not taken place yet; record approvals from its first day.")
            % {"meeting": meeting.title}
        )
    result = membership_approve(
        application=application,
        approved_by=actor,
        approved_at_meeting=meeting.reference,
        approving_body=meeting.body.kind,
        approved_on=min(today, meeting.ends_on),
    )
    audit_record(
        actor=actor, action="meeting.membership_approve", obj=meeting, data={"application": application.pk}
    )
    return result
