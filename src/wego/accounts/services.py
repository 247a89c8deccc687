"""Account workflows: login throttling, invitations, roles, two-factor devices, API tokens."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from wego.accounts.models import ApiToken, Invitation, LoginFailure, Role, RoleKind, User
from wego.common.services import audit_record


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


# Login throttling ---------------------------------------------------------------------


def login_locked_minutes(*, email: str, ip: str | None) -> int:
    """Minutes until the next attempt is allowed; 0 when not locked."""
    window = dt.timedelta(minutes=settings.LOGIN_FAILURE_WINDOW_MINUTES)
    since = timezone.now() - window
    limit = settings.LOGIN_FAILURE_LIMIT
    by_email = list(
        LoginFailure.objects.filter(email=email.lower(), at__gte=since).values_list("at", flat=True)
    )
    by_ip = list(LoginFailure.objects.filter(ip=ip, at__gte=since).values_list("at", flat=True)) if ip else []
    for failures, allowed in ((by_email, limit), (by_ip, limit * 4)):
        if len(failures) >= allowed:
            unlock = sorted(failures)[-allowed] + window
            return max(1, int((unlock - timezone.now()).total_seconds() // 60) + 1)
    return 0


def login_failure_record(*, email: str, ip: str | None) -> None:
    LoginFailure.objects.create(email=email.lower(), ip=ip)
    LoginFailure.objects.filter(at__lt=timezone.now() - dt.timedelta(days=1)).delete()


def login_success_record(*, email: str) -> None:
    LoginFailure.objects.filter(email=email.lower()).delete()


# Roles and invitations -------------------------------------------------------------------


@transaction.atomic
def role_grant(*, user: User, kind: str, city=None, region: str = "", actor=None) -> Role:
    role, _created = Role.objects.get_or_create(
        user=user, kind=kind, city=city, defaults={"region": region, "granted_by": actor}
    )
    audit_record(actor=actor, action="role.grant", obj=role, data={"user": user.email, "kind": kind})
    return role


@transaction.atomic
def invitation_create(
    *, email: str, kind: str, actor, city=None, region: str = "", assessment=None, sections=()
) -> tuple[Invitation, str]:
    """Create an invitation and email its link; returns (invitation, the link)."""
    email = email.strip().lower()
    token = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        email=email,
        kind=kind,
        city=city,
        region=region,
        assessment=assessment,
        sections=list(sections),
        token_hash=token_hash(token),
        invited_by=actor,
        expires_at=timezone.now() + dt.timedelta(days=settings.INVITATION_DAYS),
    )
    link = settings.SITE_URL.rstrip("/") + reverse("invitation_accept", args=[token])
    where = city or region or "WeGO"
    send_mail(
        subject=_("You are invited to the WeGO platform"),
        message=_(
            "%(who)s invites you to the WeGO platform as %(role)s for %(where)s.\n\n"
            "Open this link to accept and choose your password (valid %(days)s days):\n%(link)s\n"
        )
        % {
            "who": actor or "WeGO",
            "role": invitation.get_kind_display(),
            "where": where,
            "days": settings.INVITATION_DAYS,
            "link": link,
        },
        from_email=None,
        recipient_list=[email],
    )
    audit_record(actor=actor, action="invitation.create", obj=invitation, data={"email": email, "kind": kind})
    return invitation, link


def invitation_from_token(token: str) -> Invitation | None:
    invitation = Invitation.objects.filter(token_hash=token_hash(token)).select_related("city").first()
    if invitation is None or invitation.accepted_at is not None or invitation.expires_at < timezone.now():
        return None
    return invitation


@transaction.atomic
def invitation_accept(*, token: str, password: str, full_name: str = "") -> User:
    invitation = invitation_from_token(token)
    if invitation is None:
        raise ValidationError(_("This invitation link is not valid any more. Ask for a new one."))
    Invitation.objects.select_for_update().filter(pk=invitation.pk)
    user = User.objects.filter(email=invitation.email).first()
    if user is None:
        user = User.objects.create_user(email=invitation.email, password=password, full_name=full_name)
    role_grant(
        user=user,
        kind=invitation.kind,
        city=invitation.city,
        region=invitation.region,
        actor=invitation.invited_by,
    )
    if invitation.assessment_id and invitation.sections:
        from wego.assessments.models import SectionAssignment

        for section in invitation.sections:
            SectionAssignment.objects.get_or_create(
                assessment_id=invitation.assessment_id, user=user, section_id=section
            )
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    audit_record(actor=user, action="invitation.accept", obj=invitation)
    return user


# API tokens ---------------------------------------------------------------------------------


def api_token_create(*, user: User, name: str) -> tuple[ApiToken, str]:
    """A new personal token; the clear text is returned once and never stored."""
    token = "wego_" + secrets.token_urlsafe(30)
    record = ApiToken.objects.create(user=user, name=name, token_hash=token_hash(token), prefix=token[5:11])
    audit_record(actor=user, action="api_token.create", obj=record, data={"name": name})
    return record, token


def api_token_revoke(*, token: ApiToken, actor: User) -> None:
    if token.user_id != actor.pk:
        raise PermissionDenied
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    audit_record(actor=actor, action="api_token.revoke", obj=token)


def api_token_user(token: str) -> User | None:
    record = (
        ApiToken.objects.filter(token_hash=token_hash(token), revoked_at__isnull=True)
        .select_related("user")
        .first()
    )
    if record is None or not record.user.is_active:
        return None
    ApiToken.objects.filter(pk=record.pk).update(last_used_at=timezone.now())
    return record.user


def roles_for_city(city) -> list[Role]:
    return list(Role.objects.filter(city=city).select_related("user").order_by("kind", "user__email"))


KIND_LABELS = dict(RoleKind.choices)
