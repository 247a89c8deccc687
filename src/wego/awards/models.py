"""The WeGO Awards: editions, categories, criteria, applications, recommendations, judging, results.

An edition runs in phases: applications (Phase 1), a first judging round, optional
finalists and a second round (Phase 2), then the top k entries of each category win
(Phase 3). Past editions are kept as a public archive of their reported facts and winners.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wego.common.models import TimestampedModel
from wego.members.models import City, Country


def private_storage():
    """Award files live with the platform's other private uploads (wego.members.storage)."""
    from wego.members.storage import PrivateStorage

    return PrivateStorage()


class EditionStatus(models.TextChoices):
    ARCHIVE = "archive", _("Archive (past edition)")
    DRAFT = "draft", _("In preparation")
    APPLICATIONS = "applications", _("Call for applications")
    JUDGING = "judging", _("Judging")
    DECIDED = "decided", _("Winners decided")
    PUBLISHED = "published", _("Results published")


class CalibrationMethod(models.TextChoices):
    RAW = "raw", _("Raw means")
    ZSCORE = "zscore", _("Per-judge z-scores")
    BIAS = "bias", _("Additive judge-bias model")


class Edition(TimestampedModel):
    """One WeGO Awards, held at a General Assembly."""

    number = models.PositiveSmallIntegerField(_("number"), unique=True)
    year = models.PositiveSmallIntegerField(_("year"))
    title = models.CharField(_("title"), max_length=200)
    general_assembly = models.CharField(_("General Assembly"), max_length=200, blank=True)
    general_assembly_meeting = models.ForeignKey(
        "governance.Meeting",
        verbose_name=_("General Assembly meeting"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="award_editions",
        help_text=_("The meeting where the winners are awarded, when it is recorded on the platform."),
    )
    status = models.CharField(_("status"), max_length=20, choices=EditionStatus.choices, default="draft")
    # Phase 1
    applications_open_at = models.DateTimeField(_("applications open"), null=True, blank=True)
    applications_close_at = models.DateTimeField(
        _("application deadline (UTC)"), null=True, blank=True, help_text=_("Enforced by the server in UTC.")
    )
    grace_minutes = models.PositiveSmallIntegerField(
        _("grace period (minutes)"), default=0, validators=[MaxValueValidator(24 * 60)]
    )
    recommendation_due_at = models.DateTimeField(_("recommendations due"), null=True, blank=True)
    # Eligibility
    max_per_city = models.PositiveSmallIntegerField(
        _("applications per city"), default=2, validators=[MinValueValidator(1)]
    )
    members_only = models.BooleanField(_("members only"), default=False)
    providers_allowed = models.BooleanField(
        _("providers may apply on a city's behalf"), default=True, help_text=_("With the city's approval.")
    )
    # Phase 2 and 3
    winners_per_category = models.PositiveSmallIntegerField(
        _("winners per category (k)"), default=2, validators=[MinValueValidator(1)]
    )
    prize_tiers = models.JSONField(
        _("prize tiers"), default=list, blank=True, help_text=_('By rank, e.g. ["Best", "Outstanding"].')
    )
    blind_judging = models.BooleanField(
        _("blind judging"), default=False, help_text=_("Judges do not see who applied.")
    )
    judges_per_entry = models.PositiveSmallIntegerField(
        _("judges per entry"), null=True, blank=True, help_text=_("Empty: every non-conflicted panel judge.")
    )
    max_load = models.PositiveSmallIntegerField(_("entries per judge at most"), default=60)
    calibration = models.CharField(
        _("calibration"), max_length=10, choices=CalibrationMethod.choices, default=CalibrationMethod.RAW
    )
    finalists_per_category = models.PositiveSmallIntegerField(
        _("finalists per category"), null=True, blank=True, help_text=_("Empty: no second round.")
    )
    published_at = models.DateTimeField(_("results published"), null=True, blank=True)
    # Facts of past editions, as reported
    reported_applications = models.PositiveIntegerField(_("applications (reported)"), null=True, blank=True)
    reported_winners = models.PositiveIntegerField(_("winners (reported)"), null=True, blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        ordering = ["-number"]
        verbose_name = _("awards edition")
        verbose_name_plural = _("awards editions")

    def __str__(self) -> str:
        return self.title

    @property
    def deadline_with_grace(self):
        if self.applications_close_at is None:
            return None
        return self.applications_close_at + timezone.timedelta(minutes=self.grace_minutes)

    @property
    def is_published(self) -> bool:
        return self.status in (EditionStatus.PUBLISHED, EditionStatus.ARCHIVE)

    def tier(self, rank: int) -> str:
        tiers = self.prize_tiers or []
        return tiers[rank - 1] if 0 < rank <= len(tiers) else ""


class Category(models.Model):
    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="categories")
    slug = models.SlugField(_("short name"), max_length=60)
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["edition", "order", "name"]
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        constraints = [models.UniqueConstraint(fields=["edition", "slug"], name="awards_category_slug")]

    def __str__(self) -> str:
        return self.name


class Criterion(models.Model):
    """A judging criterion, scored 1 (lowest) to 10 (highest); for the edition or one category."""

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="criteria")
    category = models.ForeignKey(
        Category, null=True, blank=True, on_delete=models.CASCADE, related_name="criteria"
    )
    slug = models.SlugField(_("short name"), max_length=60)
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("what judges look for"), blank=True)
    weight = models.DecimalField(
        _("weight"), max_digits=5, decimal_places=2, default=1, validators=[MinValueValidator(0)]
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["edition", "order", "slug"]
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        constraints = [
            models.UniqueConstraint(fields=["edition", "category", "slug"], name="awards_criterion_slug"),
            models.UniqueConstraint(
                fields=["edition", "slug"],
                condition=models.Q(category__isnull=True),
                name="awards_criterion_edition_slug",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} (x{self.weight})"


class PhaseKind(models.TextChoices):
    APPLICATION = "application", _("Applications")
    FIRST_ROUND = "first_round", _("First judging round")
    FINALISTS = "finalists", _("Finalists announced")
    SECOND_ROUND = "second_round", _("Second judging round")
    WINNERS = "winners", _("Winners announced")
    CEREMONY = "ceremony", _("Award ceremony")


class Phase(models.Model):
    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="phases")
    kind = models.CharField(_("phase"), max_length=20, choices=PhaseKind.choices)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"), null=True, blank=True)

    class Meta:
        ordering = ["edition", "starts_at"]
        verbose_name = _("phase")
        verbose_name_plural = _("phases")
        constraints = [models.UniqueConstraint(fields=["edition", "kind"], name="awards_one_phase_per_kind")]

    def __str__(self) -> str:
        return self.get_kind_display()


class ApplicationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    DISQUALIFIED = "disqualified", _("Disqualified")


class ApplicantKind(models.TextChoices):
    CITY = "city", _("The city or local government itself")
    AGENCY = "agency", _("A public agency of the city")
    PROVIDER = "provider", _("A solution provider on the city's behalf")


class Application(TimestampedModel):
    edition = models.ForeignKey(Edition, on_delete=models.PROTECT, related_name="applications")
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="award_applications"
    )
    city = models.ForeignKey(
        City, null=True, blank=True, on_delete=models.PROTECT, related_name="award_applications"
    )
    category = models.ForeignKey(
        Category, null=True, blank=True, on_delete=models.PROTECT, related_name="applications"
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ApplicationStatus.choices, default=ApplicationStatus.DRAFT
    )
    step = models.PositiveSmallIntegerField(_("last step saved"), default=0)
    applicant_kind = models.CharField(
        _("who applies"), max_length=20, choices=ApplicantKind.choices, default=ApplicantKind.CITY
    )
    organisation = models.CharField(_("applying organisation"), max_length=200, blank=True)
    city_approval_by = models.CharField(
        _("approved by (name and title at the city)"), max_length=200, blank=True
    )
    city_approval_on = models.DateField(_("city approval date"), null=True, blank=True)
    contact_name = models.CharField(_("contact person"), max_length=150, blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)
    project_title = models.CharField(_("project title (English)"), max_length=200, blank=True)
    project_key = models.CharField(max_length=200, blank=True, db_index=True)
    summary = models.TextField(_("summary (English)"), blank=True)
    problem = models.TextField(_("the problem it addresses (English)"), blank=True)
    solution = models.TextField(_("what was done (English)"), blank=True)
    results = models.TextField(_("results and evidence (English)"), blank=True)
    website = models.URLField(_("project website"), blank=True)
    forms_in_english = models.BooleanField(_("the texts are in English"), default=False)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    idempotency_key = models.CharField(max_length=64, null=True, blank=True, unique=True)
    recommendation_waived = models.BooleanField(_("recommendation waived"), default=False)
    waiver_reason = models.TextField(_("reason for the waiver"), blank=True)
    waived_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        ordering = ["edition", "category", "pk"]
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        constraints = [
            # One category per project: a project is submitted once per edition.
            models.UniqueConstraint(
                fields=["edition", "city", "project_key"],
                condition=models.Q(status="submitted"),
                name="awards_one_submission_per_project",
            )
        ]

    def __str__(self) -> str:
        return self.project_title or str(_("Untitled application"))

    @property
    def reference(self) -> str:
        return f"W{self.edition.number}-{self.pk:04d}"

    @property
    def is_draft(self) -> bool:
        return self.status == ApplicationStatus.DRAFT


class AttachmentKind(models.TextChoices):
    DOCUMENT = "document", _("Supporting document")
    IMAGE = "image", _("Image")
    APPROVAL = "approval", _("City's approval letter")


def attachment_path(instance, filename: str) -> str:
    return f"awards/applications/{instance.application_id}/{filename}"


class Attachment(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="attachments")
    kind = models.CharField(_("kind"), max_length=20, choices=AttachmentKind.choices)
    file = models.FileField(_("file"), upload_to=attachment_path, storage=private_storage, max_length=300)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveIntegerField(_("size (bytes)"))
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["application", "pk"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.original_name


class RecommendationStatus(models.TextChoices):
    PENDING = "pending", _("Recommendation pending")
    RECEIVED = "received", _("Recommendation received")
    LATE = "late", _("Recommendation late")


def letter_path(instance, filename: str) -> str:
    return f"awards/recommendations/{instance.application_id}/{filename}"


class Recommendation(models.Model):
    """The recommender named by the applicant uploads a letter through a personal link."""

    application = models.OneToOneField(Application, on_delete=models.CASCADE, related_name="recommendation")
    recommender_name = models.CharField(_("recommender's name"), max_length=150)
    recommender_email = models.EmailField(_("recommender's email"))
    recommender_organisation = models.CharField(_("recommender's organisation"), max_length=200)
    token_hash = models.CharField(max_length=64, unique=True)
    requested_at = models.DateTimeField(auto_now_add=True)
    due_at = models.DateTimeField(_("due"))
    received_at = models.DateTimeField(_("received"), null=True, blank=True)
    letter = models.FileField(
        _("letter"), upload_to=letter_path, storage=private_storage, max_length=300, blank=True
    )
    letter_name = models.CharField(max_length=200, blank=True)
    letter_content_type = models.CharField(max_length=100, blank=True)
    statement = models.TextField(_("statement"), blank=True)
    reminders_sent = models.PositiveSmallIntegerField(default=0)
    last_reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")

    def __str__(self) -> str:
        return f"{self.recommender_name} for {self.application}"

    def status(self, now=None) -> str:
        if self.received_at is not None:
            return RecommendationStatus.RECEIVED
        if (now or timezone.now()) > self.due_at:
            return RecommendationStatus.LATE
        return RecommendationStatus.PENDING

    def get_status_display(self) -> str:
        return RecommendationStatus(self.status()).label


class JudgeStatus(models.TextChoices):
    NOMINATED = "nominated", _("Nominated")
    INVITED = "invited", _("Invited")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")


class Judge(models.Model):
    """A person in an edition's judging pool."""

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="judges")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="judgeships"
    )
    email = models.EmailField(_("email"))
    name = models.CharField(_("name"), max_length=150)
    organisation = models.CharField(_("employer"), max_length=200, blank=True)
    vendors = models.TextField(
        _("vendor relationships"), blank=True, help_text=_("Companies the judge works with, one per line.")
    )
    city = models.ForeignKey(City, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    country = models.ForeignKey(Country, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    expertise = models.ManyToManyField(Category, blank=True, related_name="experts")
    status = models.CharField(_("status"), max_length=20, choices=JudgeStatus.choices, default="nominated")
    nominated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    invited_at = models.DateTimeField(null=True, blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        ordering = ["edition", "name"]
        verbose_name = _("judge")
        verbose_name_plural = _("judges")
        constraints = [models.UniqueConstraint(fields=["edition", "email"], name="awards_judge_once")]

    def __str__(self) -> str:
        return self.name


class Panel(models.Model):
    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="panels")
    category = models.OneToOneField(Category, on_delete=models.CASCADE, related_name="panel")
    members = models.ManyToManyField(Judge, blank=True, related_name="panels")

    class Meta:
        verbose_name = _("panel")
        verbose_name_plural = _("panels")

    def __str__(self) -> str:
        return f"{self.category} panel"


class ConflictKind(models.TextChoices):
    SAME_CITY = "same_city", _("Same city")
    SAME_COUNTRY = "same_country", _("Same country")
    EMPLOYER = "employer", _("Employer")
    VENDOR = "vendor", _("Vendor relationship")
    OTHER = "other", _("Other")


class Conflict(models.Model):
    """A conflict of interest: the judge never sees the entry, and the cell is excluded."""

    judge = models.ForeignKey(Judge, on_delete=models.CASCADE, related_name="conflicts")
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="conflicts")
    kind = models.CharField(_("type"), max_length=20, choices=ConflictKind.choices)
    automatic = models.BooleanField(_("flagged automatically"), default=False)
    note = models.CharField(_("note"), max_length=300, blank=True)
    declared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["judge", "application", "kind"]
        verbose_name = _("conflict of interest")
        verbose_name_plural = _("conflicts of interest")
        constraints = [
            models.UniqueConstraint(fields=["judge", "application", "kind"], name="awards_conflict_once")
        ]

    def __str__(self) -> str:
        return f"{self.judge} / {self.application}: {self.get_kind_display()}"


class Round(models.Model):
    """A judging round: 1 (all eligible entries) or 2 (the finalists)."""

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="rounds")
    number = models.PositiveSmallIntegerField(
        _("round"), validators=[MinValueValidator(1), MaxValueValidator(2)]
    )
    opened_at = models.DateTimeField(auto_now_add=True)
    closes_at = models.DateTimeField(_("scores due"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    class Meta:
        ordering = ["edition", "number"]
        verbose_name = _("judging round")
        verbose_name_plural = _("judging rounds")
        constraints = [models.UniqueConstraint(fields=["edition", "number"], name="awards_round_once")]

    def __str__(self) -> str:
        return f"{self.edition} round {self.number}"

    @property
    def is_open(self) -> bool:
        return self.closed_at is None


class Assignment(models.Model):
    """One judge rates one entry in one round."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="assignments")
    judge = models.ForeignKey(Judge, on_delete=models.CASCADE, related_name="assignments")
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="assignments")
    submitted_at = models.DateTimeField(_("scores submitted"), null=True, blank=True)
    comment = models.TextField(_("overall comment"), blank=True)

    class Meta:
        ordering = ["round", "application", "judge"]
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        constraints = [
            models.UniqueConstraint(fields=["round", "judge", "application"], name="awards_assignment_once")
        ]

    def __str__(self) -> str:
        return f"{self.judge} -> {self.application}"


class Score(models.Model):
    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="scores")
    value = models.PositiveSmallIntegerField(
        _("score"), validators=[MinValueValidator(1), MaxValueValidator(10)]
    )
    comment = models.TextField(_("comment"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["assignment", "criterion"]
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(fields=["assignment", "criterion"], name="awards_score_once"),
            models.CheckConstraint(
                condition=models.Q(value__gte=1, value__lte=10), name="awards_score_1_to_10"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.criterion.slug}={self.value}"


class Finalist(models.Model):
    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="finalists")
    application = models.OneToOneField(Application, on_delete=models.CASCADE, related_name="finalist")
    selected_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    selected_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["edition", "application"]
        verbose_name = _("finalist")
        verbose_name_plural = _("finalists")

    def __str__(self) -> str:
        return str(self.application)


class ChairDecision(models.Model):
    """The chair's decision for a category: the winners in order, with a written reason."""

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="decisions")
    category = models.ForeignKey(Category, on_delete=models.CASCADE, related_name="decisions")
    winners = models.JSONField(_("winners in order (application ids)"), default=list)
    reason = models.TextField(_("reason"))
    method = models.CharField(max_length=10, choices=CalibrationMethod.choices)
    computation = models.JSONField(_("computation"), default=dict, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    decided_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["edition", "category", "-decided_at"]
        verbose_name = _("chair decision")
        verbose_name_plural = _("chair decisions")

    def __str__(self) -> str:
        return f"{self.category}: {self.winners}"


class Winner(models.Model):
    """A published winner; for past editions, the reported facts (no application on file)."""

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="winners")
    category = models.ForeignKey(
        Category, null=True, blank=True, on_delete=models.CASCADE, related_name="winners"
    )
    application = models.OneToOneField(
        Application, null=True, blank=True, on_delete=models.CASCADE, related_name="winner"
    )
    rank = models.PositiveSmallIntegerField(_("rank"), null=True, blank=True)
    tier = models.CharField(_("prize"), max_length=60, blank=True)
    city_name = models.CharField(_("city"), max_length=120)
    project_title = models.CharField(_("project"), max_length=200, blank=True)

    class Meta:
        ordering = ["edition", "category__order", "rank", "city_name"]
        verbose_name = _("winner")
        verbose_name_plural = _("winners")

    def __str__(self) -> str:
        return f"{self.city_name}: {self.project_title}".rstrip(": ")
