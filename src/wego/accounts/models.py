"""People, their roles, invitations, and what protects their accounts."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.utils.translation import gettext_lazy as _

from wego.members.models import City


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create(self, email: str, password: str | None, **fields):
        if not email:
            raise ValueError("an email address is required")
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **fields):
        fields.setdefault("is_staff", False)
        fields.setdefault("is_superuser", False)
        return self._create(email, password, **fields)

    def create_superuser(self, email: str, password: str | None = None, **fields):
        fields.update(is_staff=True, is_superuser=True)
        return self._create(email, password, **fields)


class User(AbstractUser):
    """A person; logs in with an email address."""

    username = None
    email = models.EmailField(_("email address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=150, blank=True)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []
    objects = UserManager()

    class Meta:
        ordering = ["email"]
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.full_name or self.email


class RoleKind(models.TextChoices):
    SECRETARIAT = "secretariat", _("Secretariat")
    REGIONAL_OFFICE = "regional_office", _("Regional office")
    COORDINATOR = "coordinator", _("City coordinator")
    RESPONDENT = "respondent", _("City respondent")
    CONSULTANT = "consultant", _("Consultant (read-only)")
    JUDGE = "judge", _("Judge")
    EXPERT = "expert", _("Expert")


CITY_ROLES = {RoleKind.COORDINATOR, RoleKind.RESPONDENT, RoleKind.CONSULTANT}
# They need two-factor authentication: they see unpublished data of many cities, or judging scores.
PRIVILEGED_ROLES = {RoleKind.SECRETARIAT, RoleKind.REGIONAL_OFFICE, RoleKind.JUDGE}


class Role(models.Model):
    """What a person may do: a kind, and for city roles the city; for a regional office its region."""

    user = models.ForeignKey(User, verbose_name=_("person"), on_delete=models.CASCADE, related_name="roles")
    kind = models.CharField(_("role"), max_length=20, choices=RoleKind.choices)
    city = models.ForeignKey(
        City, verbose_name=_("city"), null=True, blank=True, on_delete=models.CASCADE, related_name="roles"
    )
    region = models.CharField(_("region"), max_length=50, blank=True, help_text=_("For a regional office."))
    granted_by = models.ForeignKey(
        User, verbose_name=_("granted by"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("granted"), auto_now_add=True)

    class Meta:
        ordering = ["user", "kind"]
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind", "city"], name="one_role_per_kind_and_city"),
            models.CheckConstraint(
                condition=~models.Q(kind__in=["coordinator", "respondent", "consultant"])
                | models.Q(city__isnull=False),
                name="city_roles_have_a_city",
            ),
        ]

    def __str__(self) -> str:
        where = self.city or self.region
        return f"{self.get_kind_display()}{f' ({where})' if where else ''}"


class Invitation(models.Model):
    """An emailed link that creates (or extends) an account with a role."""

    email = models.EmailField(_("email address"))
    kind = models.CharField(_("role"), max_length=20, choices=RoleKind.choices)
    city = models.ForeignKey(City, verbose_name=_("city"), null=True, blank=True, on_delete=models.CASCADE)
    region = models.CharField(_("region"), max_length=50, blank=True)
    # For respondents: the assessment and the sections they will answer.
    assessment = models.ForeignKey(
        "assessments.Assessment", null=True, blank=True, on_delete=models.CASCADE, related_name="invitations"
    )
    sections = models.JSONField(_("sections"), default=list, blank=True)
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"))
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self) -> str:
        return f"{self.email} as {self.get_kind_display()}"


class LoginFailure(models.Model):
    """A failed login, kept for a short while to slow down password guessing."""

    email = models.CharField(max_length=254, db_index=True)
    ip = models.GenericIPAddressField(null=True)
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    def __str__(self) -> str:
        return f"{self.email} at {self.at:%Y-%m-%d %H:%M}"


class ApiToken(models.Model):
    """A personal API token: acts as its user, with the user's roles. Only a hash is stored."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100)
    token_hash = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=8)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"
