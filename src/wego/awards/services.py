"""Every write of the awards: editions, applications, recommendations, judges, conflicts,
assignment, scores, finalists, decisions and publication. Each one is atomic and audited.

The mathematics (weighted totals, calibration, uncertainty, ranking, assignment) is the
judging engine's (`wego.judging`); these services feed it the rows and store what it decides.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from wego.accounts.models import RoleKind, User
from wego.awards import archive
from wego.awards.models import (
    ApplicantKind,
    Application,
    ApplicationStatus,
    Assignment,
    Attachment,
    AttachmentKind,
    Category,
    ChairDecision,
    Conflict,
    ConflictKind,
    Criterion,
    Edition,
    EditionStatus,
    Finalist,
    Judge,
    JudgeStatus,
    Panel,
    Recommendation,
    RecommendationStatus,
    Round,
    Score,
    Winner,
)
from wego.common.notifications import notify
from wego.common.services import audit_record
from wego.members.models import City


class AwardsRefused(Exception):
    """A rule of the awards refuses the action; `message` says which, `field` where."""

    def __init__(self, message: str, field: str = ""):
        super().__init__(message)
        self.message = message
        self.field = field


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def project_key(title: str) -> str:
    """Titles that differ only in case, spacing or punctuation name the same project."""
    return re.sub(r"[^a-z0-9]+", " ", (title or "").lower()).strip()


# Editions ---------------------------------------------------------------------------------------


@transaction.atomic
def edition_create(
    *,
    number: int,
    year: int,
    title: str,
    category_set: str,
    actor,
    general_assembly: str = "",
    applications_open_at: dt.datetime | None = None,
    applications_close_at: dt.datetime | None = None,
    is_demo: bool = False,
    **settings_: object,
) -> Edition:
    """A new edition with the categories of a shipped set, the default criteria and one panel per category."""
    edition = Edition.objects.create(
        number=number,
        year=year,
        title=title,
        general_assembly=general_assembly,
        status=EditionStatus.APPLICATIONS if applications_close_at else EditionStatus.DRAFT,
        applications_open_at=applications_open_at,
        applications_close_at=applications_close_at,
        recommendation_due_at=applications_close_at,
        prize_tiers=settings_.pop("prize_tiers", ["Best", "Outstanding"]),
        is_demo=is_demo,
        **settings_,
    )
    for order, item in enumerate(archive.category_set(category_set), start=1):
        category = Category.objects.create(edition=edition, order=order, **item)
        Panel.objects.create(edition=edition, category=category)
    for order, item in enumerate(archive.default_criteria(), start=1):
        Criterion.objects.create(edition=edition, order=order, **item)
    audit_record(actor=actor, action="awards.edition.create", obj=edition, data={"number": number})
    return edition


def edition_accepts(edition: Edition, now: dt.datetime | None = None) -> bool:
    """Applications are accepted until the deadline plus the grace period, in UTC, inclusive."""
    now = now or timezone.now()
    if edition.status != EditionStatus.APPLICATIONS or edition.applications_close_at is None:
        return False
    if edition.applications_open_at and now < edition.applications_open_at:
        return False
    return now <= edition.deadline_with_grace


def _refuse_closed(edition: Edition, now: dt.datetime | None = None) -> None:
    if not edition_accepts(edition, now):
        raise AwardsRefused(
            _("Applications to the %(edition)s are closed: the deadline was %(deadline)s UTC.")
            % {
                "edition": edition.title,
                "deadline": f"{edition.applications_close_at:%Y-%m-%d %H:%M:%S}"
                if edition.applications_close_at
                else "-",
            }
        )


# Applications -------------------------------------------------------------------------------------

STEPS = {
    1: (
        "applicant_kind",
        "city",
        "organisation",
        "city_approval_by",
        "city_approval_on",
        "contact_name",
        "contact_email",
    ),
    2: ("category", "project_title", "summary", "website"),
    3: ("problem", "solution", "results", "forms_in_english"),
}
REQUIRED_ENGLISH = ("project_title", "summary", "problem", "solution", "results")


@transaction.atomic
def application_start(*, edition: Edition, applicant, now: dt.datetime | None = None) -> Application:
    _refuse_closed(edition, now)
    application = Application.objects.create(
        edition=edition, applicant=applicant, contact_email=applicant.email, contact_name=applicant.full_name
    )
    audit_record(actor=applicant, action="awards.application.start", obj=application)
    return application


def _locked(application: Application) -> Application:
    return Application.objects.select_for_update().select_related("edition").get(pk=application.pk)


@transaction.atomic
def application_save_step(
    *, application: Application, actor, step: int, data: dict, now: dt.datetime | None = None
) -> Application:
    """Save one step of the draft (the form validated the values)."""
    application = _locked(application)
    if application.applicant_id != actor.pk:
        raise PermissionDenied("awards.edit_application")
    if not application.is_draft:
        raise AwardsRefused(_("This application is submitted and can no longer be changed."))
    _refuse_closed(application.edition, now)
    if step not in STEPS:
        raise AwardsRefused(_("There is no step %(step)s.") % {"step": step})
    changed = {}
    for name in STEPS[step]:
        if name not in data:
            continue
        value = data[name]
        old = getattr(application, name)
        if old != value:
            changed[name] = [str(old), str(value)]
        setattr(application, name, value)
    if "project_title" in data:
        application.project_key = project_key(application.project_title)
    application.step = max(application.step, step)
    application.save()
    if changed:
        audit_record(
            actor=actor,
            action="awards.application.save",
            obj=application,
            data={"step": step, "changes": changed},
        )
    return application


# Content types by their first bytes; only these are accepted, whatever the file is called.
SIGNATURES = [
    (b"%PDF-", "application/pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
]
ZIP_OFFICE = b"PK\x03\x04"
IMAGE_TYPES = {"image/png", "image/jpeg", "image/gif", "image/webp"}
MAX_ATTACHMENTS = 10


def sniff(upload) -> str:
    """The content type the bytes say the file is; refuses anything else."""
    upload.seek(0)
    head = upload.read(2048)
    upload.seek(0)
    for signature, content_type in SIGNATURES:
        if head.startswith(signature):
            return content_type
    if head.startswith(b"RIFF") and head[8:12] == b"WEBP":
        return "image/webp"
    if head.startswith(ZIP_OFFICE):
        if b"word/" in head:
            return "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        if b"ppt/" in head:
            return "application/vnd.openxmlformats-officedocument.presentationml.presentation"
        if b"mimetypeapplication/vnd.oasis.opendocument.text" in head:
            return "application/vnd.oasis.opendocument.text"
    raise ValidationError(
        _(
            "%(name)s: the file's content is not a PDF, an image (PNG, JPEG, GIF, WebP) or a Word, "
            "PowerPoint or OpenDocument text."
        )
        % {"name": upload.name}
    )


def upload_check(upload) -> str:
    limit = settings.MAX_UPLOAD_MB * 1024 * 1024
    if upload.size > limit:
        raise ValidationError(
            _("%(name)s is larger than %(mb)s MB.") % {"name": upload.name, "mb": settings.MAX_UPLOAD_MB}
        )
    if upload.size == 0:
        raise ValidationError(_("%(name)s is empty.") % {"name": upload.name})
    return sniff(upload)


@transaction.atomic
def attachment_add(
    *, application: Application, actor, upload, kind: str, now: dt.datetime | None = None
) -> Attachment:
    application = _locked(application)
    if application.applicant_id != actor.pk:
        raise PermissionDenied("awards.edit_application")
    if not application.is_draft:
        raise AwardsRefused(_("This application is submitted and can no longer be changed."))
    _refuse_closed(application.edition, now)
    if kind not in AttachmentKind.values:
        raise AwardsRefused(_("Unknown kind of attachment."), "kind")
    content_type = upload_check(upload)
    if kind == AttachmentKind.IMAGE and content_type not in IMAGE_TYPES:
        raise ValidationError(_("%(name)s is not an image.") % {"name": upload.name})
    if application.attachments.count() >= MAX_ATTACHMENTS:
        raise AwardsRefused(_("An application has at most %(n)s attachments.") % {"n": MAX_ATTACHMENTS})
    original = upload.name.rsplit("/", 1)[-1][:200]
    attachment = Attachment(
        application=application,
        kind=kind,
        original_name=original,
        content_type=content_type,
        size=upload.size,
        uploaded_by=actor,
    )
    attachment.file.save(
        f"{secrets.token_hex(8)}-{re.sub(r'[^A-Za-z0-9._-]', '_', original)}", upload, save=False
    )
    attachment.save()
    audit_record(
        actor=actor,
        action="awards.attachment.add",
        obj=attachment,
        data={"application": application.pk, "name": original, "type": content_type, "size": upload.size},
    )
    return attachment


@transaction.atomic
def attachment_remove(*, attachment: Attachment, actor, now: dt.datetime | None = None) -> None:
    application = _locked(attachment.application)
    if application.applicant_id != actor.pk or not application.is_draft:
        raise PermissionDenied("awards.edit_application")
    _refuse_closed(application.edition, now)
    audit_record(
        actor=actor,
        action="awards.attachment.remove",
        obj=attachment,
        data={"name": attachment.original_name},
    )
    attachment.file.delete(save=False)
    attachment.delete()


def eligibility_problems(application: Application) -> list[tuple[str, str]]:
    """(field, what is wrong) for every rule the application breaks; empty when it may be submitted."""
    problems: list[tuple[str, str]] = []
    edition = application.edition
    if application.city_id is None:
        problems.append(("city", _("Choose the city the project belongs to.")))
    if application.category_id is None:
        problems.append(("category", _("Choose one category.")))
    elif application.category.edition_id != edition.pk:
        problems.append(("category", _("The category is not one of this edition's.")))
    for name in REQUIRED_ENGLISH:
        if not (getattr(application, name) or "").strip():
            label = Application._meta.get_field(name).verbose_name
            problems.append((name, _("%(field)s is required.") % {"field": label}))
    if not application.forms_in_english:
        problems.append(
            ("forms_in_english", _("Applications are accepted in English only; confirm the texts are."))
        )
    if not application.contact_email:
        problems.append(("contact_email", _("A contact email is required.")))
    if application.city_id and edition.members_only and not application.city.is_member:
        problems.append(("city", _("This edition is open to WeGO members only.")))
    if application.applicant_kind == ApplicantKind.PROVIDER:
        if not edition.providers_allowed:
            problems.append(
                ("applicant_kind", _("Providers may not apply on a city's behalf in this edition."))
            )
        if not application.organisation.strip():
            problems.append(("organisation", _("Name the provider applying on the city's behalf.")))
        if not application.city_approval_by.strip() or application.city_approval_on is None:
            problems.append(
                ("city_approval_by", _("A provider needs the city's approval: who approved it, and when."))
            )
        if not application.attachments.filter(kind=AttachmentKind.APPROVAL).exists():
            problems.append(("attachments", _("Attach the city's approval letter.")))
    if not hasattr(application, "recommendation"):
        problems.append(("recommendation", _("Name a recommender; they receive a personal upload link.")))
    if application.city_id and application.project_key:
        same = Application.objects.filter(
            edition=edition,
            city_id=application.city_id,
            project_key=application.project_key,
            status=ApplicationStatus.SUBMITTED,
        ).exclude(pk=application.pk)
        if same.exists():
            problems.append(
                (
                    "project_title",
                    _("This project is already submitted in this edition: one category per project."),
                )
            )
    return problems


@transaction.atomic
def application_submit(
    *, application: Application, actor, idempotency_key: str, now: dt.datetime | None = None
) -> tuple[Application, bool]:
    """Submit the draft; returns (application, created). Submitting again (a double click, a
    retry after a timeout) returns the same submission with created False: one submission."""
    now = now or timezone.now()
    if not idempotency_key or len(idempotency_key) > 64:
        raise AwardsRefused(_("The form is missing its submission key; reload the page and submit again."))
    application = _locked(application)
    if application.applicant_id != actor.pk:
        raise PermissionDenied("awards.edit_application")
    if application.status == ApplicationStatus.SUBMITTED:
        return application, False
    if application.status != ApplicationStatus.DRAFT:
        raise AwardsRefused(_("This application was withdrawn or disqualified."))
    _refuse_closed(application.edition, now)
    if application.city_id:
        # One submitter per city at a time: the limit per city cannot be overrun by a race.
        City.objects.select_for_update().filter(pk=application.city_id).first()
        taken = Application.objects.filter(
            edition=application.edition, city_id=application.city_id, status=ApplicationStatus.SUBMITTED
        ).count()
        if taken >= application.edition.max_per_city:
            raise AwardsRefused(
                _("%(city)s has already submitted %(n)s applications to this edition, the most allowed.")
                % {"city": application.city, "n": taken},
                "city",
            )
    problems = eligibility_problems(application)
    if problems:
        raise AwardsRefused(problems[0][1], problems[0][0])
    application.status = ApplicationStatus.SUBMITTED
    application.submitted_at = now
    application.idempotency_key = idempotency_key
    try:
        with transaction.atomic():
            application.save()
    except IntegrityError as exc:
        raise AwardsRefused(_("This submission key was already used; reload the page.")) from exc
    audit_record(
        actor=actor,
        action="awards.application.submit",
        obj=application,
        data={"at": now.isoformat(), "key": idempotency_key, "category": application.category_id},
    )
    notify(
        recipients=[actor],
        subject=_("Application %(ref)s received") % {"ref": application.reference},
        body=_('Your application "%(title)s" to the %(edition)s was submitted at %(at)s UTC.')
        % {
            "title": application.project_title,
            "edition": application.edition.title,
            "at": f"{now:%Y-%m-%d %H:%M:%S}",
        },
        url=reverse("awards:application", args=[application.pk]),
    )
    return application, True


@transaction.atomic
def application_waive_recommendation(*, application: Application, actor, reason: str) -> Application:
    application = _locked(application)
    if not reason.strip():
        raise AwardsRefused(_("Write the reason for the waiver."), "reason")
    application.recommendation_waived = True
    application.waiver_reason = reason.strip()
    application.waived_by = actor
    application.save(update_fields=["recommendation_waived", "waiver_reason", "waived_by", "updated_at"])
    audit_record(
        actor=actor, action="awards.recommendation.waive", obj=application, data={"reason": reason.strip()}
    )
    return application


def may_enter_judging(application: Application) -> bool:
    """Submitted, and its recommendation received or waived by the secretariat."""
    if application.status != ApplicationStatus.SUBMITTED:
        return False
    if application.recommendation_waived:
        return True
    recommendation = getattr(application, "recommendation", None)
    return recommendation is not None and recommendation.received_at is not None


# Recommendations ------------------------------------------------------------------------------------


def _recommendation_link(token: str) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("awards:recommend", args=[token])


@transaction.atomic
def recommendation_request(
    *,
    application: Application,
    actor,
    name: str,
    email: str,
    organisation: str,
    now: dt.datetime | None = None,
) -> tuple[Recommendation, str]:
    """Name (or rename) the recommender; a fresh personal link is emailed to them. Returns the link."""
    application = _locked(application)
    if application.applicant_id != actor.pk:
        raise PermissionDenied("awards.edit_application")
    if not application.is_draft:
        raise AwardsRefused(_("This application is submitted and can no longer be changed."))
    _refuse_closed(application.edition, now)
    existing = getattr(application, "recommendation", None)
    if existing is not None and existing.received_at is not None:
        raise AwardsRefused(_("The recommendation is already received."))
    token = secrets.token_urlsafe(32)
    edition = application.edition
    due = edition.recommendation_due_at or edition.applications_close_at
    recommendation, _created = Recommendation.objects.update_or_create(
        application=application,
        defaults={
            "recommender_name": name.strip(),
            "recommender_email": email.strip().lower(),
            "recommender_organisation": organisation.strip(),
            "token_hash": token_hash(token),
            "due_at": due,
        },
    )
    link = _recommendation_link(token)
    audit_record(
        actor=actor,
        action="awards.recommendation.request",
        obj=recommendation,
        data={"email": recommendation.recommender_email},
    )
    message = _(
        '%(applicant)s names you as the recommender of "%(title)s", an application to the %(edition)s.\n\n'
        "Upload your recommendation letter (PDF) by %(due)s UTC through this personal link:\n%(link)s\n"
    ) % {
        "applicant": actor.full_name or actor.email,
        "title": application.project_title or _("an application"),
        "edition": edition.title,
        "due": f"{due:%Y-%m-%d %H:%M}" if due else "-",
        "link": link,
    }
    to = recommendation.recommender_email
    transaction.on_commit(
        lambda: send_mail(
            _("A recommendation for the WeGO Awards"), message, settings.DEFAULT_FROM_EMAIL, [to]
        )
    )
    return recommendation, link


def recommendation_from_token(token: str) -> Recommendation | None:
    return (
        Recommendation.objects.select_related("application__edition", "application__city")
        .filter(token_hash=token_hash(token))
        .first()
    )


@transaction.atomic
def recommendation_upload(
    *, recommendation: Recommendation, letter, statement: str = "", now: dt.datetime | None = None
) -> Recommendation:
    """The recommender's letter. Accepted once, until judging starts; after the due date it counts as late."""
    now = now or timezone.now()
    recommendation = (
        Recommendation.objects.select_for_update()
        .select_related("application__edition")
        .get(pk=recommendation.pk)
    )
    if recommendation.received_at is not None:
        raise AwardsRefused(_("This recommendation is already received. Thank you."))
    edition = recommendation.application.edition
    if edition.status not in (EditionStatus.APPLICATIONS, EditionStatus.DRAFT) or (edition.rounds.exists()):
        raise AwardsRefused(_("Judging has started: recommendations are no longer accepted."))
    content_type = upload_check(letter)
    if content_type != "application/pdf":
        raise ValidationError(_("%(name)s: upload the letter as a PDF.") % {"name": letter.name})
    recommendation.letter.save(f"{secrets.token_hex(8)}.pdf", letter, save=False)
    recommendation.letter_name = letter.name.rsplit("/", 1)[-1][:200]
    recommendation.letter_content_type = content_type
    recommendation.statement = statement.strip()
    recommendation.received_at = now
    recommendation.save()
    late = now > recommendation.due_at
    audit_record(
        actor=None,
        action="awards.recommendation.receive",
        obj=recommendation,
        data={"late": late, "name": recommendation.letter_name, "by": recommendation.recommender_email},
    )
    application = recommendation.application
    notify(
        recipients=[application.applicant],
        subject=_("Recommendation received for %(ref)s") % {"ref": application.reference},
        body=_('%(who)s uploaded the recommendation for "%(title)s".')
        % {"who": recommendation.recommender_name, "title": application.project_title},
        url=reverse("awards:application", args=[application.pk]),
    )
    return recommendation


REMINDER_INTERVAL = dt.timedelta(days=2)
REMINDER_WINDOW = dt.timedelta(days=7)


@transaction.atomic
def recommendations_remind(*, now: dt.datetime | None = None) -> int:
    """Remind recommenders whose letter is due within a week or late (at most every two days),
    and tell the applicant; returns how many were reminded. Run daily (`wego awards_remind`)."""
    now = now or timezone.now()
    due = (
        Recommendation.objects.select_for_update()
        .select_related("application__edition", "application__applicant")
        .filter(
            received_at__isnull=True,
            due_at__lte=now + REMINDER_WINDOW,
            application__edition__status=EditionStatus.APPLICATIONS,
            application__recommendation_waived=False,
        )
        .exclude(application__status__in=[ApplicationStatus.WITHDRAWN, ApplicationStatus.DISQUALIFIED])
        .filter(Q(last_reminded_at__isnull=True) | Q(last_reminded_at__lte=now - REMINDER_INTERVAL))
    )
    count = 0
    for recommendation in due:
        application = recommendation.application
        token = secrets.token_urlsafe(32)  # the old link is replaced: only a hash is kept
        recommendation.token_hash = token_hash(token)
        recommendation.reminders_sent += 1
        recommendation.last_reminded_at = now
        recommendation.save(update_fields=["token_hash", "reminders_sent", "last_reminded_at"])
        state = recommendation.status(now)
        message = _(
            'A reminder: the recommendation for "%(title)s" (%(edition)s) is %(state)s; it was due %(due)s UTC.\n\n'
            "Upload the letter (PDF) through this personal link:\n%(link)s\n"
        ) % {
            "title": application.project_title,
            "edition": application.edition.title,
            "state": RecommendationStatus(state).label.lower(),
            "due": f"{recommendation.due_at:%Y-%m-%d %H:%M}",
            "link": _recommendation_link(token),
        }
        to = recommendation.recommender_email
        transaction.on_commit(
            lambda message=message, to=to: send_mail(
                _("Reminder: a recommendation for the WeGO Awards"),
                message,
                settings.DEFAULT_FROM_EMAIL,
                [to],
            )
        )
        notify(
            recipients=[application.applicant],
            subject=_("The recommendation for %(ref)s is not in yet") % {"ref": application.reference},
            body=_("%(who)s was reminded to upload the recommendation.")
            % {"who": recommendation.recommender_name},
            url=reverse("awards:application", args=[application.pk]),
        )
        audit_record(
            actor=None, action="awards.recommendation.remind", obj=recommendation, data={"state": state}
        )
        count += 1
    return count


# Judges and conflicts --------------------------------------------------------------------------------


@transaction.atomic
def judge_add(
    *,
    edition: Edition,
    actor,
    email: str,
    name: str,
    organisation: str = "",
    city: City | None = None,
    country=None,
    vendors: str = "",
    categories: Iterable[Category] = (),
    invite: bool = True,
    is_demo: bool = False,
) -> Judge:
    """Add a person to the pool (nominated by a member or the secretariat); invite them if asked."""
    email = email.strip().lower()
    if Judge.objects.filter(edition=edition, email=email).exists():
        raise AwardsRefused(_("%(email)s is already in this edition's pool.") % {"email": email}, "email")
    judge = Judge.objects.create(
        edition=edition,
        email=email,
        name=name.strip(),
        organisation=organisation.strip(),
        city=city,
        country=country or (city.country if city else None),
        vendors=vendors,
        nominated_by=actor if getattr(actor, "is_authenticated", False) else None,
        is_demo=is_demo,
    )
    judge.expertise.set(list(categories))
    audit_record(actor=actor, action="awards.judge.nominate", obj=judge, data={"email": email})
    if invite:
        judge_invite(judge=judge, actor=actor)
    return judge


@transaction.atomic
def judge_nominate(
    *, edition: Edition, actor, email: str, name: str, organisation: str, expertise: str, country=None
) -> Judge:
    """A member (or the secretariat) nominates an external expert; the secretariat invites later."""
    judge = judge_add(
        edition=edition,
        actor=actor,
        email=email,
        name=name,
        organisation=organisation,
        country=country,
        invite=False,
    )
    audit_record(
        actor=actor, action="awards.judge.nominate_reason", obj=judge, data={"expertise": expertise.strip()}
    )
    return judge


@transaction.atomic
def judge_invite(*, judge: Judge, actor) -> Judge:
    """Existing accounts get the judge role at once; new people get an account invitation."""
    from wego.accounts.services import invitation_create, role_grant

    user = User.objects.filter(email=judge.email).first()
    if user is not None:
        role_grant(user=user, kind=RoleKind.JUDGE, actor=actor)
        judge.user = user
        notify(
            recipients=[user],
            subject=_("You are invited to judge the %(edition)s") % {"edition": judge.edition.title},
            body=_("Your judging page lists the entries assigned to you once judging starts."),
            url=reverse("awards:judging"),
        )
    else:
        invitation_create(email=judge.email, kind=RoleKind.JUDGE, actor=actor)
    judge.status = JudgeStatus.INVITED
    judge.invited_at = timezone.now()
    judge.save(update_fields=["user", "status", "invited_at"])
    audit_record(actor=actor, action="awards.judge.invite", obj=judge, data={"email": judge.email})
    return judge


def judges_link_user(user) -> int:
    """Link the pool entries with the person's email to their account (after an invitation is accepted)."""
    if not getattr(user, "is_authenticated", False):
        return 0
    return Judge.objects.filter(email=user.email.lower(), user__isnull=True).update(
        user=user, status=JudgeStatus.ACCEPTED
    )


@transaction.atomic
def panel_set(*, category: Category, judges: Iterable[Judge], actor) -> Panel:
    panel, _created = Panel.objects.get_or_create(edition=category.edition, category=category)
    chosen = [j for j in judges if j.edition_id == category.edition_id]
    panel.members.set(chosen)
    audit_record(
        actor=actor, action="awards.panel.set", obj=panel, data={"judges": sorted(j.pk for j in chosen)}
    )
    return panel


@transaction.atomic
def conflict_declare(
    *, judge: Judge, application: Application, kind: str, actor, note: str = "", automatic: bool = False
) -> Conflict:
    if kind not in ConflictKind.values:
        raise AwardsRefused(_("Unknown type of conflict."), "kind")
    if kind == ConflictKind.OTHER and not note.strip() and not automatic:
        raise AwardsRefused(_("Describe the conflict."), "note")
    conflict, created = Conflict.objects.get_or_create(
        judge=judge,
        application=application,
        kind=kind,
        defaults={
            "note": note.strip()[:300],
            "automatic": automatic,
            "declared_by": actor if not automatic else None,
        },
    )
    if created:
        # Scores already given for the entry are excluded from then on; the rows stay for the record.
        audit_record(
            actor=actor,
            action="awards.conflict.flag" if automatic else "awards.conflict.declare",
            obj=conflict,
            data={"judge": judge.pk, "application": application.pk, "kind": kind, "note": conflict.note},
        )
    return conflict


def _norm(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", (text or "").lower()).strip()


def conflicts_for(judge: Judge, application: Application) -> list[tuple[str, str]]:
    """(kind, note) of the conflicts geography and organisation show between a judge and an entry."""
    found = []
    city = application.city
    if city is not None and judge.city_id and judge.city_id == city.pk:
        found.append((ConflictKind.SAME_CITY, str(city)))
    if city is not None and judge.country_id and judge.country_id == city.country_id:
        found.append((ConflictKind.SAME_COUNTRY, str(city.country)))
    employer = _norm(judge.organisation)
    if employer and employer in {_norm(application.organisation), _norm(city.name if city else "")}:
        found.append((ConflictKind.EMPLOYER, judge.organisation))
    vendors = {_norm(v) for v in judge.vendors.splitlines() if _norm(v)}
    if _norm(application.organisation) in vendors:
        found.append((ConflictKind.VENDOR, application.organisation))
    return found


@transaction.atomic
def conflicts_detect(*, edition: Edition, actor) -> int:
    """Flag conflicts from geography and organisation for every judge and submitted entry; returns new flags."""
    judges = list(Judge.objects.filter(edition=edition))
    applications = list(
        Application.objects.filter(edition=edition, status=ApplicationStatus.SUBMITTED).select_related(
            "city__country"
        )
    )
    existing = set(
        Conflict.objects.filter(judge__edition=edition).values_list("judge_id", "application_id", "kind")
    )
    new = 0
    for judge in judges:
        for application in applications:
            for kind, note in conflicts_for(judge, application):
                if (judge.pk, application.pk, kind) in existing:
                    continue
                conflict_declare(
                    judge=judge, application=application, kind=kind, actor=actor, note=note, automatic=True
                )
                new += 1
    return new


# Rounds and assignment --------------------------------------------------------------------------------


@dataclass
class RoundReport:
    round: Round
    assignments: int
    excluded: list[Application]  # submitted but may not enter judging (no recommendation, no waiver)


def _round_entries(edition: Edition, number: int) -> tuple[list[Application], list[Application]]:
    submitted = list(
        Application.objects.filter(edition=edition, status=ApplicationStatus.SUBMITTED)
        .select_related("recommendation", "category", "city")
        .order_by("category__order", "pk")
    )
    if number == 2:
        finalist_ids = set(Finalist.objects.filter(edition=edition).values_list("application_id", flat=True))
        return [a for a in submitted if a.pk in finalist_ids], []
    entries = [a for a in submitted if may_enter_judging(a)]
    return entries, [a for a in submitted if not may_enter_judging(a)]


@transaction.atomic
def round_open(*, edition: Edition, number: int, actor, closes_at: dt.datetime | None = None) -> RoundReport:
    """Assign the round's entries to their panels' judges. Every non-conflicted panel judge
    (full panel) or `judges_per_entry` judges per entry by an optimal assignment. An
    infeasible request raises AwardsRefused with the reason and writes nothing."""
    from wego.judging.assignment import Entry as EngineEntry
    from wego.judging.assignment import Infeasible, assign, full_panel
    from wego.judging.assignment import Judge as EngineJudge

    edition = Edition.objects.select_for_update().get(pk=edition.pk)
    if Round.objects.filter(edition=edition, number=number).exists():
        raise AwardsRefused(_("Round %(n)s is already open.") % {"n": number})
    if number == 2 and not Finalist.objects.filter(edition=edition).exists():
        raise AwardsRefused(_("Choose the finalists before opening the second round."))
    entries, excluded = _round_entries(edition, number)
    if not entries:
        raise AwardsRefused(_("No entry may enter judging yet."))
    conflicts = {
        (str(j), str(a))
        for j, a in Conflict.objects.filter(judge__edition=edition).values_list("judge_id", "application_id")
    }
    pairs: dict[int, tuple[int, ...]] = {}
    by_category: dict[int, list[Application]] = {}
    for entry in entries:
        by_category.setdefault(entry.category_id, []).append(entry)
    panels = {
        p.category_id: p for p in Panel.objects.filter(edition=edition).prefetch_related("members__expertise")
    }
    for category_id, items in by_category.items():
        panel = panels.get(category_id)
        category = items[0].category
        members = [j for j in (panel.members.all() if panel else []) if j.status != JudgeStatus.DECLINED]
        if not members:
            raise AwardsRefused(_("The %(category)s panel has no judges.") % {"category": category.name})
        engine_entries = [
            EngineEntry(id=str(a.pk), category=category.slug, topics={category.slug}) for a in items
        ]
        engine_judges = [
            EngineJudge(
                id=str(j.pk),
                min_load=0,
                max_load=edition.max_load,
                topics=frozenset(c.slug for c in j.expertise.all() if c.edition_id == edition.pk),
            )
            for j in members
        ]
        try:
            if edition.judges_per_entry:
                found = assign(engine_entries, engine_judges, edition.judges_per_entry, conflicts).pairs
            else:
                found = full_panel(engine_entries, engine_judges, conflicts)
        except Infeasible as exc:
            raise AwardsRefused(
                _("No assignment is possible for %(category)s: %(reason)s")
                % {"category": category.name, "reason": exc.reason}
            ) from exc
        pairs.update({int(e): tuple(int(j) for j in js) for e, js in found.items()})
    for entry in entries:
        if not pairs.get(entry.pk):
            raise AwardsRefused(
                _("Every judge of the %(category)s panel has a conflict with %(ref)s.")
                % {"category": entry.category.name, "ref": entry.reference}
            )
    round_ = Round.objects.create(edition=edition, number=number, closes_at=closes_at)
    rows = [
        Assignment(round=round_, judge_id=judge_id, application_id=entry_id)
        for entry_id, judge_ids in pairs.items()
        for judge_id in judge_ids
    ]
    Assignment.objects.bulk_create(rows)
    edition.status = EditionStatus.JUDGING
    edition.save(update_fields=["status", "updated_at"])
    audit_record(
        actor=actor,
        action="awards.round.open",
        obj=round_,
        data={
            "assignments": len(rows),
            "mode": f"{edition.judges_per_entry} per entry" if edition.judges_per_entry else "full panel",
            "excluded": [a.pk for a in excluded],
        },
    )
    judges = Judge.objects.filter(pk__in={r.judge_id for r in rows}, user__isnull=False).select_related(
        "user"
    )
    notify(
        recipients=[j.user for j in judges],
        subject=_("Judging round %(n)s of the %(edition)s is open") % {"n": number, "edition": edition.title},
        body=_("The entries assigned to you are on your judging page."),
        url=reverse("awards:judging"),
    )
    return RoundReport(round=round_, assignments=len(rows), excluded=excluded)


def round_missing(round_: Round) -> list[Assignment]:
    """Non-conflicted cells not yet submitted: the completion gate of the round."""
    conflicted = set(
        Conflict.objects.filter(judge__edition=round_.edition).values_list("judge_id", "application_id")
    )
    return [
        a
        for a in round_.assignments.filter(submitted_at__isnull=True).select_related("judge", "application")
        if (a.judge_id, a.application_id) not in conflicted
    ]


@transaction.atomic
def round_close(*, round_: Round, actor, exemption_reason: str = "") -> Round:
    """Close a round once every non-conflicted cell is scored, or with a recorded exemption."""
    round_ = Round.objects.select_for_update().get(pk=round_.pk)
    if round_.closed_at:
        return round_
    missing = round_missing(round_)
    if missing and not exemption_reason.strip():
        raise AwardsRefused(
            ngettext(
                "%(n)s scorecard is not submitted yet; close anyway only with a written exemption.",
                "%(n)s scorecards are not submitted yet; close anyway only with a written exemption.",
                len(missing),
            )
            % {"n": len(missing)},
            "reason",
        )
    round_.closed_at = timezone.now()
    round_.save(update_fields=["closed_at"])
    audit_record(
        actor=actor,
        action="awards.round.close",
        obj=round_,
        data={"missing": [a.pk for a in missing], "exemption": exemption_reason.strip()},
    )
    return round_


@transaction.atomic
def judges_remind(*, edition: Edition, actor) -> int:
    """Tell every judge with unsubmitted scorecards in an open round how many are left."""
    count = 0
    for round_ in edition.rounds.filter(closed_at__isnull=True):
        left: dict[int, int] = {}
        for assignment in round_missing(round_):
            left[assignment.judge_id] = left.get(assignment.judge_id, 0) + 1
        for judge in Judge.objects.filter(pk__in=left, user__isnull=False).select_related("user"):
            notify(
                recipients=[judge.user],
                subject=ngettext(
                    "%(n)s entry is waiting for your scores",
                    "%(n)s entries are waiting for your scores",
                    left[judge.pk],
                )
                % {"n": left[judge.pk]},
                body=_("Round %(round)s of the %(edition)s.")
                % {"round": round_.number, "edition": edition.title},
                url=reverse("awards:judging"),
            )
            count += 1
    audit_record(actor=actor, action="awards.judges.remind", obj=edition, data={"judges": count})
    return count


# Scores ------------------------------------------------------------------------------------------


def is_conflicted(judge_id: int, application_id: int) -> bool:
    return Conflict.objects.filter(judge_id=judge_id, application_id=application_id).exists()


@transaction.atomic
def scores_save(
    *,
    assignment: Assignment,
    actor,
    values: dict[int, tuple[int, str]],
    comment: str = "",
    submit: bool = False,
) -> Assignment:
    """Save a judge's scores (criterion id -> (1..10, comment)); `submit` completes the scorecard.
    Every change is audited with the old and new value."""
    assignment = (
        Assignment.objects.select_for_update()
        .select_related("round", "judge", "application")
        .get(pk=assignment.pk)
    )
    if assignment.judge.user_id != actor.pk or is_conflicted(assignment.judge_id, assignment.application_id):
        raise PermissionDenied("awards.score_assignment")
    if not assignment.round.is_open:
        raise AwardsRefused(_("This judging round is closed."))
    criteria = {c.pk: c for c in criteria_for(assignment.application)}
    existing = {s.criterion_id: s for s in assignment.scores.all()}
    changes = {}
    for criterion_id, (value, note) in values.items():
        if criterion_id not in criteria:
            raise AwardsRefused(_("Unknown criterion."))
        if not isinstance(value, int) or not 1 <= value <= 10:
            raise AwardsRefused(
                _("%(criterion)s: a score is a whole number from 1 to 10.")
                % {"criterion": criteria[criterion_id].name},
                f"score-{criterion_id}",
            )
        old = existing.get(criterion_id)
        if old is None:
            Score.objects.create(assignment=assignment, criterion_id=criterion_id, value=value, comment=note)
            changes[criteria[criterion_id].slug] = [None, value]
        elif old.value != value or old.comment != note:
            changes[criteria[criterion_id].slug] = [old.value, value]
            old.value, old.comment = value, note
            old.save()
    if submit:
        scored = set(existing) | set(values)
        missing = [c.name for pk, c in criteria.items() if pk not in scored]
        if missing:
            raise AwardsRefused(
                _("Score every criterion before submitting: %(missing)s.") % {"missing": ", ".join(missing)}
            )
    assignment.comment = comment
    was_submitted = assignment.submitted_at is not None
    if submit and not was_submitted:
        assignment.submitted_at = timezone.now()
    assignment.save(update_fields=["comment", "submitted_at"])
    if changes or (submit and not was_submitted):
        audit_record(
            actor=actor,
            action="awards.score.change"
            if was_submitted
            else ("awards.score.submit" if submit else "awards.score.save"),
            obj=assignment,
            data={"application": assignment.application_id, "changes": changes},
        )
    return assignment


def criteria_for(application: Application) -> list[Criterion]:
    """The category's own criteria when it has some, else the edition's."""
    own = list(
        Criterion.objects.filter(edition_id=application.edition_id, category_id=application.category_id)
    )
    if own:
        return own
    return list(Criterion.objects.filter(edition_id=application.edition_id, category__isnull=True))


# Finalists, decisions, publication ------------------------------------------------------------------------------


@transaction.atomic
def finalists_select(*, edition: Edition, actor, applications: Iterable[Application]) -> int:
    chosen = [
        a for a in applications if a.edition_id == edition.pk and a.status == ApplicationStatus.SUBMITTED
    ]
    if edition.rounds.filter(number=2).exists():
        raise AwardsRefused(_("The second round is already open; the finalists are fixed."))
    Finalist.objects.filter(edition=edition).delete()
    Finalist.objects.bulk_create(
        [Finalist(edition=edition, application=a, selected_by=actor) for a in chosen]
    )
    audit_record(
        actor=actor,
        action="awards.finalists.select",
        obj=edition,
        data={"applications": [a.pk for a in chosen]},
    )
    if chosen:
        notify(
            recipients={a.applicant for a in chosen},
            subject=_("Your entry is a finalist of the %(edition)s") % {"edition": edition.title},
            body=_("The second judging round follows."),
            url=reverse("awards:mine"),
        )
    return len(chosen)


@transaction.atomic
def decision_record(
    *,
    edition: Edition,
    category: Category,
    actor,
    winners: list[int],
    reason: str,
    computation: dict | None = None,
) -> ChairDecision:
    """The chair's decision for a category: the winners in order and the written reason."""
    if not reason.strip():
        raise AwardsRefused(_("Write the reason for the decision."), "reason")
    if edition.status == EditionStatus.PUBLISHED:
        raise AwardsRefused(_("The results are published; decisions can no longer change."))
    entries = set(
        Application.objects.filter(
            edition=edition, category=category, status=ApplicationStatus.SUBMITTED
        ).values_list("pk", flat=True)
    )
    if not winners or any(w not in entries for w in winners) or len(set(winners)) != len(winners):
        raise AwardsRefused(_("Choose the winners among the category's entries, each once."), "winners")
    if len(winners) > edition.winners_per_category:
        raise AwardsRefused(
            _("At most %(k)s winners per category.") % {"k": edition.winners_per_category}, "winners"
        )
    decision = ChairDecision.objects.create(
        edition=edition,
        category=category,
        winners=list(winners),
        reason=reason.strip(),
        method=edition.calibration,
        computation=computation or {},
        decided_by=actor,
    )
    audit_record(
        actor=actor,
        action="awards.decision.record",
        obj=decision,
        data={"category": category.slug, "winners": list(winners), "reason": decision.reason},
    )
    return decision


def latest_decisions(edition: Edition) -> dict[int, ChairDecision]:
    found: dict[int, ChairDecision] = {}
    for decision in ChairDecision.objects.filter(edition=edition).order_by(
        "category_id", "-decided_at", "-pk"
    ):
        found.setdefault(decision.category_id, decision)
    return found


@transaction.atomic
def results_publish(*, edition: Edition, actor) -> list[Winner]:
    """Publish the winners of every category that has entries; each needs a chair decision."""
    edition = Edition.objects.select_for_update().get(pk=edition.pk)
    if edition.status == EditionStatus.PUBLISHED:
        raise AwardsRefused(_("The results are already published."))
    decisions = latest_decisions(edition)
    with_entries = (
        Category.objects.filter(edition=edition)
        .annotate(n=Count("applications", filter=Q(applications__status=ApplicationStatus.SUBMITTED)))
        .filter(n__gt=0)
    )
    undecided = [c.name for c in with_entries if c.pk not in decisions]
    if undecided:
        raise AwardsRefused(_("No decision yet for: %(names)s.") % {"names": ", ".join(undecided)})
    winners = []
    applications = Application.objects.select_related("city").in_bulk(
        [pk for d in decisions.values() for pk in d.winners]
    )
    for decision in decisions.values():
        for rank, pk in enumerate(decision.winners, start=1):
            application = applications[pk]
            winners.append(
                Winner(
                    edition=edition,
                    category_id=decision.category_id,
                    application=application,
                    rank=rank,
                    tier=edition.tier(rank),
                    city_name=str(application.city),
                    project_title=application.project_title,
                )
            )
    Winner.objects.filter(edition=edition).delete()
    Winner.objects.bulk_create(winners)
    edition.status = EditionStatus.PUBLISHED
    edition.published_at = timezone.now()
    edition.save(update_fields=["status", "published_at", "updated_at"])
    audit_record(
        actor=actor,
        action="awards.results.publish",
        obj=edition,
        data={"winners": [w.application_id for w in winners]},
    )
    notify(
        recipients={w.application.applicant for w in winners},
        subject=_("Your entry is a winner of the %(edition)s") % {"edition": edition.title},
        body=_("Congratulations. Your certificate can be downloaded from the winners page."),
        url=reverse("awards:winners"),
    )
    return winners
