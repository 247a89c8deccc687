"""Feasibility studies: the yearly call, letters of intent, the selection committee and its scores,
the ranking, the selection, and the study that follows (consultants, milestones, site visits and
the final report).

Services (every write) come first, selectors (reads filtered by the acting user) after them.
The ranking is the judging engine's (`wego.judging.results`): weighted totals per member and
letter, calibrated (raw by default), ranked with the documented tie-break chain and, when a tie
crosses the last place, the chair's decision with its written reason. Conflicts of interest are
flagged with the awards' own geography and organisation check (`wego.awards.services.conflicts_for`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from wego.accounts.models import RoleKind, User
from wego.accounts.rules import city_ids, is_secretariat
from wego.assessments.services import evidence_check
from wego.awards.models import ConflictKind
from wego.awards.services import conflicts_for
from wego.common.notifications import notify
from wego.common.services import audit_record
from wego.judging import results as engine
from wego.learning.models import (
    FEASIBILITY_CRITERIA,
    CommitteeMember,
    FeasibilityCall,
    FeasibilityConflict,
    FeasibilityScore,
    FeasibilityStatus,
    LetterOfIntent,
    SiteVisit,
    StudyConsultant,
    StudyMilestone,
)
from wego.members.models import City, MemberCategory

CRITERIA_SLUGS = tuple(slug for slug, _label in FEASIBILITY_CRITERIA)
CALIBRATION_METHODS = ("raw", "zscore", "bias")


class FeasibilityRefused(Exception):
    """A refused action, with a message for the user and the field it concerns."""

    def __init__(self, message: str, field: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.field = field


def _require_secretariat(actor) -> None:
    if not is_secretariat(actor):
        raise FeasibilityRefused(_("Only the secretariat may do this."))


def _check_pdf(upload, what: str) -> None:
    """A PDF by name and by content, within the upload size limit (the evidence check)."""
    if upload is None:
        raise FeasibilityRefused(_("Attach the %(what)s as a PDF file.") % {"what": what}, "file")
    if not (upload.name or "").lower().endswith(".pdf"):
        raise FeasibilityRefused(
            _("The %(what)s '%(name)s' must be a PDF file.") % {"what": what, "name": upload.name}, "file"
        )
    if not upload.size:
        raise FeasibilityRefused(_("The %(what)s file is empty.") % {"what": what}, "file")
    try:
        evidence_check(upload)
    except ValidationError as exc:
        raise FeasibilityRefused(f"{what}: {' '.join(exc.messages)}", "file") from exc


# Calls -----------------------------------------------------------------------------------------------


def _clean_weights(weights: Mapping[str, object]) -> dict[str, int]:
    clean = {}
    for slug in CRITERIA_SLUGS:
        value = weights.get(slug)
        try:
            number = int(value)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            number = 0
        if not 1 <= number <= 10 or str(value).strip() != str(number):
            raise FeasibilityRefused(
                _("The weight of '%(criterion)s' must be a whole number from 1 to 10.") % {"criterion": slug},
                f"weight_{slug}",
            )
        clean[slug] = number
    return clean


@transaction.atomic
def feasibility_call_save(
    *,
    actor,
    year: int,
    theme: str,
    deadline: dt.datetime,
    places: int,
    weights: Mapping[str, object],
    description: str = "",
    call: FeasibilityCall | None = None,
    is_demo: bool = False,
) -> FeasibilityCall:
    """Create or change a call (the secretariat)."""
    _require_secretariat(actor)
    if places not in (1, 2):
        raise FeasibilityRefused(_("A call selects one or two cities."), "places")
    if not theme.strip():
        raise FeasibilityRefused(_("Give the call a theme."), "theme")
    if timezone.is_naive(deadline):
        raise FeasibilityRefused(_("Give the deadline with its time zone (UTC)."), "deadline")
    clean = _clean_weights(weights)
    if FeasibilityCall.objects.filter(year=year).exclude(pk=call.pk if call else None).exists():
        raise FeasibilityRefused(_("There is already a call for %(year)s.") % {"year": year}, "year")
    call = call or FeasibilityCall(is_demo=is_demo)
    call.year, call.theme, call.description = year, theme.strip(), description.strip()
    call.deadline, call.places, call.weights = deadline, places, clean
    call.save()
    audit_record(
        actor=actor,
        action="learning.feasibility.call_save",
        obj=call,
        data={"year": year, "places": places, "weights": clean, "deadline": deadline.isoformat()},
    )
    return call


_NEXT = {
    FeasibilityStatus.DRAFT: FeasibilityStatus.OPEN,
    FeasibilityStatus.OPEN: FeasibilityStatus.SCORING,
    FeasibilityStatus.SELECTED: FeasibilityStatus.CLOSED,
}


@transaction.atomic
def feasibility_call_advance(*, call: FeasibilityCall, actor) -> FeasibilityCall:
    """Draft -> open -> scoring; selected -> closed. Scoring -> selected is `feasibility_select`."""
    _require_secretariat(actor)
    call = FeasibilityCall.objects.select_for_update().get(pk=call.pk)
    following = _NEXT.get(call.status)
    if following is None:
        raise FeasibilityRefused(
            _("A call in scoring moves on when the secretariat confirms the selection.")
            if call.status == FeasibilityStatus.SCORING
            else _("The call is closed.")
        )
    before, call.status = call.status, following
    call.save(update_fields=["status"])
    audit_record(
        actor=actor, action="learning.feasibility.status", obj=call, data={"from": before, "to": following}
    )
    if following == FeasibilityStatus.SCORING:
        conflicts_detect(call=call, actor=actor)
    return call


# Letters of intent ------------------------------------------------------------------------------------


def coordinated_member_cities(user) -> list[City]:
    return list(
        City.objects.filter(pk__in=city_ids(user, RoleKind.COORDINATOR))
        .exclude(member_category=MemberCategory.NON_MEMBER)
        .order_by("name")
    )


@transaction.atomic
def letter_submit(
    *, call: FeasibilityCall, city: City, actor, summary: str, upload, now: dt.datetime | None = None
) -> LetterOfIntent:
    """A member city's coordinator sends its letter; one letter per city and call, by the deadline."""
    now = now or timezone.now()
    call = FeasibilityCall.objects.select_for_update().get(pk=call.pk)
    if city.pk not in city_ids(actor, RoleKind.COORDINATOR):
        raise FeasibilityRefused(_("Only the coordinator of %(city)s may send its letter.") % {"city": city})
    if city.member_category == MemberCategory.NON_MEMBER:
        raise FeasibilityRefused(
            _("%(city)s is not a member of WeGO: only member cities may apply.") % {"city": city}, "city"
        )
    if call.status != FeasibilityStatus.OPEN:
        raise FeasibilityRefused(_("The %(year)s call is not open for letters.") % {"year": call.year})
    if now > call.deadline:
        raise FeasibilityRefused(
            _("The deadline for letters was %(deadline)s UTC; nothing is accepted after it.")
            % {"deadline": f"{call.deadline.astimezone(dt.UTC):%Y-%m-%d %H:%M:%S}"},
            "deadline",
        )
    if not summary.strip():
        raise FeasibilityRefused(_("Summarise the project."), "summary")
    if LetterOfIntent.objects.filter(call=call, city=city).exists():
        raise FeasibilityRefused(
            _("%(city)s has already sent its letter for the %(year)s call.")
            % {"city": city, "year": call.year},
            "city",
        )
    _check_pdf(upload, _("letter of intent"))
    try:
        with transaction.atomic():
            letter = LetterOfIntent.objects.create(
                call=call,
                city=city,
                submitted_by=actor,
                summary=summary.strip(),
                letter=upload,
                submitted_at=now,
            )
    except IntegrityError as exc:
        raise FeasibilityRefused(
            _("%(city)s has already sent its letter for the %(year)s call.")
            % {"city": city, "year": call.year},
            "city",
        ) from exc
    audit_record(actor=actor, action="learning.feasibility.letter_submit", obj=letter, data={"city": city.pk})
    notify(
        recipients=[actor, *User.objects.filter(roles__kind=RoleKind.SECRETARIAT).distinct()],
        subject=_("Letter of intent received: %(city)s, feasibility study %(year)s")
        % {"city": city, "year": call.year},
        body=_("The letter of intent of %(city)s for the call '%(theme)s' was received on %(when)s UTC.")
        % {"city": city, "theme": call.theme, "when": f"{now.astimezone(dt.UTC):%Y-%m-%d %H:%M}"},
        url=f"/learning/feasibility/{call.year}/",
    )
    return letter


# Committee and conflicts --------------------------------------------------------------------------------


@transaction.atomic
def committee_member_add(
    *,
    call: FeasibilityCall,
    actor,
    user: User,
    organisation: str = "",
    city: City | None = None,
    country=None,
    vendors: str = "",
    is_chair: bool = False,
) -> CommitteeMember:
    """The secretariat appoints a member; conflicts with letters already in are flagged at once."""
    _require_secretariat(actor)
    if CommitteeMember.objects.filter(call=call, user=user).exists():
        raise FeasibilityRefused(_("%(email)s is already on the committee.") % {"email": user.email}, "email")
    if city is None:
        city = next((r.city for r in user.roles.select_related("city") if r.city_id), None)
    member = CommitteeMember.objects.create(
        call=call,
        user=user,
        name=(getattr(user, "full_name", "") or user.email),
        organisation=organisation.strip(),
        vendors=vendors,
        city=city,
        country=country or (city.country if city else None),
        is_chair=is_chair,
    )
    audit_record(
        actor=actor,
        action="learning.feasibility.member_add",
        obj=member,
        data={"user": user.pk, "chair": is_chair},
    )
    conflicts_detect(call=call, actor=actor)
    return member


@transaction.atomic
def conflict_declare(
    *,
    member: CommitteeMember,
    letter: LetterOfIntent,
    kind: str,
    actor,
    note: str = "",
    automatic: bool = False,
) -> FeasibilityConflict:
    if kind not in ConflictKind.values:
        raise FeasibilityRefused(_("Unknown type of conflict."), "kind")
    if kind == ConflictKind.OTHER and not note.strip() and not automatic:
        raise FeasibilityRefused(_("Describe the conflict."), "note")
    conflict, created = FeasibilityConflict.objects.get_or_create(
        member=member,
        letter=letter,
        kind=kind,
        defaults={
            "note": note.strip()[:300],
            "automatic": automatic,
            "declared_by": None if automatic else actor,
        },
    )
    if created:
        audit_record(
            actor=actor,
            action="learning.feasibility.conflict_flag"
            if automatic
            else "learning.feasibility.conflict_declare",
            obj=conflict,
            data={"member": member.pk, "letter": letter.pk, "kind": kind, "note": conflict.note},
        )
    return conflict


@transaction.atomic
def conflicts_detect(*, call: FeasibilityCall, actor) -> int:
    """Flag same-city, same-country, employer and vendor conflicts (the awards' check); returns new flags."""
    members = list(CommitteeMember.objects.filter(call=call))
    letters = list(LetterOfIntent.objects.filter(call=call).select_related("city__country"))
    existing = set(
        FeasibilityConflict.objects.filter(member__call=call).values_list("member_id", "letter_id", "kind")
    )
    new = 0
    for member in members:
        for letter in letters:
            for kind, note in conflicts_for(member, letter):
                if (member.pk, letter.pk, str(kind)) in existing:
                    continue
                conflict_declare(
                    member=member, letter=letter, kind=kind, actor=actor, note=note, automatic=True
                )
                new += 1
    return new


def is_conflicted(member: CommitteeMember, letter: LetterOfIntent) -> bool:
    return FeasibilityConflict.objects.filter(member=member, letter=letter).exists()


# Scores ----------------------------------------------------------------------------------------------------


@transaction.atomic
def scores_save(
    *, letter: LetterOfIntent, actor, scores: Mapping[str, object], comments: Mapping[str, str] | None = None
) -> list[FeasibilityScore]:
    """A committee member scores a letter 1-10 on every criterion, with comments."""
    comments = comments or {}
    call = FeasibilityCall.objects.select_for_update().get(pk=letter.call_id)
    member = CommitteeMember.objects.filter(call=call, user=actor).first()
    if member is None or is_conflicted(member, letter):
        raise FeasibilityRefused(_("You are not scoring this letter."))
    if call.status != FeasibilityStatus.SCORING:
        raise FeasibilityRefused(_("The committee scores only while the call is in scoring."))
    clean = {}
    for slug in CRITERIA_SLUGS:
        raw = scores.get(slug)
        try:
            value = int(str(raw).strip())
        except (TypeError, ValueError):
            value = 0
        if not 1 <= value <= 10:
            raise FeasibilityRefused(
                _("Score '%(criterion)s' with a whole number from 1 to 10.") % {"criterion": slug}, slug
            )
        clean[slug] = value
    saved = []
    for slug, value in clean.items():
        row, _created = FeasibilityScore.objects.update_or_create(
            member=member,
            letter=letter,
            criterion=slug,
            defaults={"value": value, "comment": str(comments.get(slug, "")).strip()},
        )
        saved.append(row)
    audit_record(
        actor=actor,
        action="learning.feasibility.score",
        obj=letter,
        data={"member": member.pk, "scores": clean},
    )
    return saved


# Ranking, chair decision and selection ---------------------------------------------------------------------


@dataclass
class RankedLetter:
    letter: LetterOfIntent
    score: float | None
    members: int
    position: int | None
    selected: bool


@dataclass
class FeasibilityRanking:
    call: FeasibilityCall
    method: str
    rows: list[RankedLetter]
    ranking: engine.Ranking | None
    totals: dict[tuple[str, str], float] = field(default_factory=dict)
    excluded: list[tuple[int, int]] = field(default_factory=list)  # (member, letter) conflicted

    @property
    def needs_chair_decision(self) -> bool:
        return bool(self.ranking and self.ranking.needs_chair_decision)

    @property
    def tied(self) -> list[int]:
        return sorted({int(e) for group in (self.ranking.unresolved if self.ranking else ()) for e in group})

    @property
    def winners(self) -> list[int]:
        return [int(e) for e in self.ranking.winners] if self.ranking else []


def feasibility_ranking(
    call: FeasibilityCall, *, method: str = "raw", with_chair: bool = True
) -> FeasibilityRanking:
    """Rank the letters on the committee's complete, non-conflicted scorecards."""
    if method not in CALIBRATION_METHODS:
        raise FeasibilityRefused(_("Unknown calibration method."), "method")
    weights = {slug: float(weight) for slug, _label, weight in call.criteria()}
    letters = list(LetterOfIntent.objects.filter(call=call).select_related("city").order_by("pk"))
    conflicted = set(
        FeasibilityConflict.objects.filter(member__call=call).values_list("member_id", "letter_id")
    )
    cards: dict[tuple[int, int], dict[str, float]] = {}
    for member_id, letter_id, criterion, value in FeasibilityScore.objects.filter(
        letter__call=call
    ).values_list("member_id", "letter_id", "criterion", "value"):
        cards.setdefault((member_id, letter_id), {})[criterion] = float(value)
    totals: dict[tuple[str, str], float] = {}
    cell_scores: dict[tuple[str, str], dict[str, float]] = {}
    for (member_id, letter_id), card in sorted(cards.items()):
        if (member_id, letter_id) in conflicted or set(card) != set(weights):
            continue
        key = (str(member_id), str(letter_id))
        totals[key] = engine.weighted_total(card, weights)
        cell_scores[key] = card
    ranking = None
    calibration = engine.calibrate(totals, method) if totals else None  # type: ignore[arg-type]
    if calibration and calibration.entry_scores:
        chain = []
        if method != "raw":
            chain.append(engine.TieBreak("raw mean", calibration.raw_scores))
        chain.extend(
            engine.standard_tie_breaks(totals, k=call.places, cell_scores=cell_scores, weights=weights)
        )
        chair = None
        if with_chair and call.chair_order and call.chair_reason.strip():
            chair = engine.ChairDecision(
                order=[str(e) for e in call.chair_order if str(e) in calibration.entry_scores],
                reason=call.chair_reason,
            )
        ranking = engine.rank(
            calibration.entry_scores,
            k=call.places,
            tie_breaks=chain,
            chair=chair,
            primary="raw mean" if method == "raw" else f"calibrated score ({method})",
            ordered_top=False,
        )
    rows = []
    for letter in letters:
        key = str(letter.pk)
        rows.append(
            RankedLetter(
                letter=letter,
                score=calibration.entry_scores.get(key) if calibration else None,
                members=calibration.judge_count.get(key, 0) if calibration else 0,
                position=ranking.positions.get(key) if ranking else None,
                selected=bool(ranking and key in ranking.winners),
            )
        )
    rows.sort(key=lambda r: (r.position is None, r.position or 0, r.letter.pk))
    return FeasibilityRanking(
        call=call, method=method, rows=rows, ranking=ranking, totals=totals, excluded=sorted(conflicted)
    )


@transaction.atomic
def chair_decide(*, call: FeasibilityCall, actor, order: Iterable[int], reason: str) -> FeasibilityCall:
    """The chair (or the secretariat for the chair) orders the letters tied across the last place."""
    call = FeasibilityCall.objects.select_for_update().get(pk=call.pk)
    is_chair = CommitteeMember.objects.filter(call=call, user=actor, is_chair=True).exists()
    if not (is_chair or is_secretariat(actor)):
        raise FeasibilityRefused(
            _("Only the committee's chair or the secretariat records the chair's decision.")
        )
    if call.status != FeasibilityStatus.SCORING:
        raise FeasibilityRefused(_("The chair decides while the call is in scoring."))
    if not reason.strip():
        raise FeasibilityRefused(_("Write the reason for the chair's decision."), "reason")
    order = [int(e) for e in order]
    tied = feasibility_ranking(call, with_chair=False).tied
    if not tied:
        raise FeasibilityRefused(_("No tie awaits a decision."))
    if sorted(order) != tied:
        raise FeasibilityRefused(_("Order exactly the tied letters: %(ids)s.") % {"ids": tied}, "order")
    call.chair_order, call.chair_reason = order, reason.strip()
    call.save(update_fields=["chair_order", "chair_reason"])
    audit_record(
        actor=actor,
        action="learning.feasibility.chair",
        obj=call,
        data={"order": order, "reason": reason.strip()},
    )
    return call


@transaction.atomic
def feasibility_select(*, call: FeasibilityCall, actor, method: str = "raw") -> list[LetterOfIntent]:
    """The secretariat confirms the ranking: the top `places` letters are selected."""
    _require_secretariat(actor)
    call = FeasibilityCall.objects.select_for_update().get(pk=call.pk)
    if call.status != FeasibilityStatus.SCORING:
        raise FeasibilityRefused(_("Only a call in scoring can have its selection confirmed."))
    result = feasibility_ranking(call, method=method)
    if result.ranking is None:
        raise FeasibilityRefused(_("No complete scorecard yet: nothing to rank."))
    if result.needs_chair_decision:
        raise FeasibilityRefused(
            _(
                "Letters are tied across the last place: the chair's decision, with its reason, is needed first."
            )
        )
    winners = result.winners[: call.places]
    LetterOfIntent.objects.filter(call=call).update(selected=False)
    LetterOfIntent.objects.filter(pk__in=winners).update(selected=True)
    call.status, call.selected_at, call.selected_by = FeasibilityStatus.SELECTED, timezone.now(), actor
    call.save(update_fields=["status", "selected_at", "selected_by"])
    audit_record(
        actor=actor,
        action="learning.feasibility.select",
        obj=call,
        data={
            "method": method,
            "selected": winners,
            "trace": list(result.ranking.trace),
            "totals": {f"{m}/{e}": t for (m, e), t in result.totals.items()},
            "excluded": [list(pair) for pair in result.excluded],
        },
    )
    selected = list(LetterOfIntent.objects.filter(pk__in=winners).select_related("city", "submitted_by"))
    for letter in selected:
        notify(
            recipients=[u for u in [letter.submitted_by] if u is not None],
            subject=_("%(city)s is selected for the %(year)s feasibility study")
            % {"city": letter.city, "year": call.year},
            body=_(
                "The selection committee chose %(city)s for the study on '%(theme)s'. The secretariat will be in touch about consultants and site visits."
            )
            % {"city": letter.city, "theme": call.theme},
            url=f"/learning/feasibility/{call.year}/",
        )
    return selected


# The study after selection ---------------------------------------------------------------------------------


def _selected_letter(letter: LetterOfIntent, actor) -> LetterOfIntent:
    _require_secretariat(actor)
    if not letter.selected:
        raise FeasibilityRefused(_("Only a selected city's study is tracked."))
    return letter


@transaction.atomic
def consultant_assign(
    *, letter: LetterOfIntent, actor, user: User | None = None, name: str = "", organisation: str = ""
) -> StudyConsultant:
    _selected_letter(letter, actor)
    if user is not None:
        if not user.roles.filter(kind=RoleKind.EXPERT).exists():
            raise FeasibilityRefused(
                _("%(email)s is not an expert on the platform.") % {"email": user.email}, "email"
            )
        name = name or getattr(user, "full_name", "") or user.email
    if not name.strip():
        raise FeasibilityRefused(_("Give the consultant's name, or an expert's email."), "name")
    consultant = StudyConsultant.objects.create(
        letter=letter, user=user, name=name.strip(), organisation=organisation.strip()
    )
    audit_record(
        actor=actor,
        action="learning.feasibility.consultant",
        obj=letter,
        data={"consultant": consultant.name, "user": user.pk if user else None},
    )
    return consultant


@transaction.atomic
def milestone_add(*, letter: LetterOfIntent, actor, title: str, due_on: dt.date) -> StudyMilestone:
    _selected_letter(letter, actor)
    if not title.strip():
        raise FeasibilityRefused(_("Give the milestone a title."), "title")
    milestone = StudyMilestone.objects.create(letter=letter, title=title.strip(), due_on=due_on)
    audit_record(
        actor=actor, action="learning.feasibility.milestone", obj=letter, data={"title": milestone.title}
    )
    return milestone


@transaction.atomic
def milestone_done(*, milestone: StudyMilestone, actor, done_on: dt.date) -> StudyMilestone:
    _selected_letter(milestone.letter, actor)
    milestone.done_on = done_on
    milestone.save(update_fields=["done_on"])
    audit_record(
        actor=actor,
        action="learning.feasibility.milestone_done",
        obj=milestone.letter,
        data={"milestone": milestone.pk, "done_on": done_on.isoformat()},
    )
    return milestone


@transaction.atomic
def site_visit_add(
    *,
    letter: LetterOfIntent,
    actor,
    starts_on: dt.date,
    ends_on: dt.date,
    place: str,
    participants: str = "",
    notes: str = "",
) -> SiteVisit:
    _selected_letter(letter, actor)
    if ends_on < starts_on:
        raise FeasibilityRefused(_("A site visit ends on or after the day it starts."), "ends_on")
    if not place.strip():
        raise FeasibilityRefused(_("Give the place of the visit."), "place")
    visit = SiteVisit.objects.create(
        letter=letter,
        starts_on=starts_on,
        ends_on=ends_on,
        place=place.strip(),
        participants=participants.strip(),
        notes=notes.strip(),
    )
    audit_record(
        actor=actor,
        action="learning.feasibility.visit",
        obj=letter,
        data={"from": starts_on.isoformat(), "to": ends_on.isoformat(), "place": visit.place},
    )
    return visit


@transaction.atomic
def report_upload(*, letter: LetterOfIntent, actor, upload) -> LetterOfIntent:
    _selected_letter(letter, actor)
    letter = LetterOfIntent.objects.select_for_update().get(pk=letter.pk)
    if letter.report_published_at is not None:
        raise FeasibilityRefused(_("The report is published; it is no longer replaced."), "file")
    _check_pdf(upload, _("final report"))
    letter.report = upload
    letter.report_uploaded_at = timezone.now()
    letter.save(update_fields=["report", "report_uploaded_at"])
    audit_record(
        actor=actor, action="learning.feasibility.report_upload", obj=letter, data={"size": upload.size}
    )
    return letter


@transaction.atomic
def report_publish(*, letter: LetterOfIntent, actor) -> LetterOfIntent:
    _selected_letter(letter, actor)
    letter = LetterOfIntent.objects.select_for_update().select_related("call", "city").get(pk=letter.pk)
    if not letter.report:
        raise FeasibilityRefused(_("Upload the final report before publishing it."), "file")
    if letter.report_published_at is not None:
        return letter
    letter.report_published_at = timezone.now()
    letter.save(update_fields=["report_published_at"])
    audit_record(actor=actor, action="learning.feasibility.report_publish", obj=letter, data={})
    members = CommitteeMember.objects.filter(call=letter.call).select_related("user")
    notify(
        recipients=[u for u in [letter.submitted_by, *(m.user for m in members)] if u is not None],
        subject=_("Feasibility study report published: %(city)s (%(year)s)")
        % {"city": letter.city, "year": letter.call.year},
        body=_("The final report of the feasibility study of %(city)s is public on the call's page.")
        % {"city": letter.city},
        url=f"/learning/feasibility/{letter.call.year}/",
    )
    return letter


# Selectors -------------------------------------------------------------------------------------------------


def calls_listing(user) -> QuerySet[FeasibilityCall]:
    """Every call but drafts; the secretariat sees drafts too."""
    calls = FeasibilityCall.objects.order_by("-year")
    return calls if is_secretariat(user) else calls.exclude(status=FeasibilityStatus.DRAFT)


def published_reports() -> QuerySet[LetterOfIntent]:
    return (
        LetterOfIntent.objects.filter(report_published_at__isnull=False)
        .select_related("call", "city")
        .order_by("-call__year", "city__name")
    )


def letters_visible_to(user) -> QuerySet[LetterOfIntent]:
    """The secretariat: every letter; a coordinator: their cities'; a committee member: the
    letters of their calls they have no conflict with."""
    letters = LetterOfIntent.objects.select_related("call", "city")
    if not getattr(user, "is_authenticated", False):
        return letters.none()
    if is_secretariat(user):
        return letters
    conflicted = FeasibilityConflict.objects.filter(member__user=user).values_list("letter_id", flat=True)
    committee_calls = CommitteeMember.objects.filter(user=user).values_list("call_id", flat=True)
    return letters.filter(
        Q(city_id__in=city_ids(user, RoleKind.COORDINATOR))
        | (Q(call_id__in=committee_calls) & ~Q(pk__in=conflicted))
    )


def letters_of_coordinator(user) -> QuerySet[LetterOfIntent]:
    return (
        LetterOfIntent.objects.filter(city_id__in=city_ids(user, RoleKind.COORDINATOR))
        .select_related("call", "city")
        .order_by("-call__year", "city__name")
    )


def letters_to_score(user, call: FeasibilityCall) -> list[LetterOfIntent]:
    member = CommitteeMember.objects.filter(call=call, user=user).first()
    if member is None:
        return []
    conflicted = FeasibilityConflict.objects.filter(member=member).values_list("letter_id", flat=True)
    return list(
        LetterOfIntent.objects.filter(call=call)
        .exclude(pk__in=conflicted)
        .select_related("city")
        .order_by("pk")
    )


def own_scores(user, letter: LetterOfIntent) -> dict[str, FeasibilityScore]:
    return {s.criterion: s for s in FeasibilityScore.objects.filter(letter=letter, member__user=user)}


def reports_visible_to(user) -> QuerySet[LetterOfIntent]:
    """Published reports for everyone; unpublished ones to the secretariat and the city's coordinator."""
    uploaded = LetterOfIntent.objects.exclude(report="").select_related("call", "city")
    if is_secretariat(user):
        return uploaded
    return uploaded.filter(
        Q(report_published_at__isnull=False) | Q(city_id__in=city_ids(user, RoleKind.COORDINATOR))
    )
