"""Frameworks, assessment cycles, assessments and answers."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from wego.common.models import TimestampedModel
from wego.members.models import City


class FrameworkVersion(models.Model):
    """A framework file as loaded: a changed file is a new version (by content hash)."""

    slug = models.SlugField(_("framework"), max_length=50)
    version = models.CharField(_("version label"), max_length=50)
    title = models.CharField(_("title"), max_length=200)
    content_hash = models.CharField(_("content hash (SHA-256)"), max_length=64, unique=True)
    source_text = models.TextField(_("framework file"))
    source_name = models.CharField(_("file name"), max_length=200)
    question_count = models.PositiveIntegerField(_("questions"))
    is_current = models.BooleanField(_("current version"), default=True)
    loaded_at = models.DateTimeField(_("loaded"), auto_now_add=True)

    class Meta:
        ordering = ["slug", "-loaded_at"]
        verbose_name = _("framework version")
        verbose_name_plural = _("framework versions")
        constraints = [
            models.UniqueConstraint(
                fields=["slug"],
                condition=models.Q(is_current=True),
                name="one_current_version_per_framework",
            )
        ]

    def __str__(self) -> str:
        return f"{self.slug} {self.version} ({self.content_hash[:8]})"

    def load(self):
        """The parsed framework (cached on the instance)."""
        from wego.assessments.selectors import framework_parsed

        return framework_parsed(self)

    @property
    def display_title(self) -> str:
        """The framework's title in the current language (the stored title is English)."""
        from django.utils.translation import get_language

        return self.load().title.get(get_language() or "en")


class Cycle(TimestampedModel):
    """An assessment round: a year, a framework version, opening and closing dates."""

    year = models.PositiveSmallIntegerField(_("year"))
    name = models.CharField(_("name"), max_length=120)
    framework = models.ForeignKey(
        FrameworkVersion,
        verbose_name=_("framework version"),
        on_delete=models.PROTECT,
        related_name="cycles",
    )
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"), help_text=_("Last day to submit (UTC)."))
    invited = models.ManyToManyField(
        City, verbose_name=_("invited members"), blank=True, related_name="cycles"
    )
    completeness_threshold = models.FloatField(
        _("completeness needed to submit"),
        default=1.0,
        validators=[MinValueValidator(0.0), MaxValueValidator(1.0)],
        help_text=_(
            "Share of questions that must be answered (don't know and not applicable count as answered)."
        ),
    )

    class Meta:
        ordering = ["-year", "name"]
        verbose_name = _("assessment cycle")
        verbose_name_plural = _("assessment cycles")
        constraints = [
            models.UniqueConstraint(fields=["year", "framework"], name="one_cycle_per_year_and_framework"),
            models.CheckConstraint(
                condition=models.Q(closes_on__gte=models.F("opens_on")), name="cycle_dates_ordered"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class AssessmentStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    SUBMITTED = "submitted", _("Submitted")


class Assessment(TimestampedModel):
    city = models.ForeignKey(
        City, verbose_name=_("city"), on_delete=models.PROTECT, related_name="assessments"
    )
    cycle = models.ForeignKey(
        Cycle, verbose_name=_("cycle"), on_delete=models.PROTECT, related_name="assessments"
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=AssessmentStatus.choices,
        default=AssessmentStatus.NOT_STARTED,
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    previous = models.ForeignKey(
        "self",
        verbose_name=_("started from"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The earlier assessment whose answers were carried over."),
    )
    is_demo = models.BooleanField(
        _("demo data"),
        default=False,
        help_text=_("Invented for the demonstration; not a city's real answers."),
    )
    # Results of the last scoring, kept for lists and maps; the engine recomputes them.
    overall_score = models.FloatField(_("overall score"), null=True, blank=True)
    stage = models.CharField(_("stage"), max_length=50, blank=True)
    coverage = models.FloatField(_("share answered"), default=0)
    scores = models.JSONField(_("scores by node"), default=dict, blank=True)
    scored_at = models.DateTimeField(_("scored"), null=True, blank=True)

    class Meta:
        ordering = ["-cycle__year", "city__name"]
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        constraints = [
            models.UniqueConstraint(fields=["city", "cycle"], name="one_assessment_per_city_and_cycle")
        ]

    def __str__(self) -> str:
        return f"{self.city} - {self.cycle}"

    @property
    def framework(self) -> FrameworkVersion:
        return self.cycle.framework


class AnswerStatus(models.TextChoices):
    ANSWERED = "answered", _("Answered")
    DONT_KNOW = "dont_know", _("Don't know")
    NOT_APPLICABLE = "not_applicable", _("Not applicable")


class Answer(models.Model):
    """The current answer to one question of one assessment."""

    assessment = models.ForeignKey(
        Assessment, verbose_name=_("assessment"), on_delete=models.CASCADE, related_name="answers"
    )
    question_id = models.CharField(_("question"), max_length=100)
    status = models.CharField(
        _("status"), max_length=20, choices=AnswerStatus.choices, default=AnswerStatus.ANSWERED
    )
    value = models.CharField(
        _("value"),
        max_length=500,
        blank=True,
        help_text=_("As typed: a level number, yes/no, option ids, a number."),
    )
    comment = models.TextField(_("comment"), blank=True)
    evidence_url = models.URLField(_("evidence link"), max_length=500, blank=True)
    evidence_file = models.FileField(_("evidence file"), upload_to="evidence/%Y/", blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
    )
    answered_at = models.DateTimeField(_("answered"), auto_now=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    carried_from_year = models.PositiveSmallIntegerField(
        _("unchanged since"),
        null=True,
        blank=True,
        help_text=_("Carried over from that year's assessment and not yet confirmed or changed."),
    )

    class Meta:
        ordering = ["assessment", "question_id"]
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(fields=["assessment", "question_id"], name="one_answer_per_question")
        ]

    def __str__(self) -> str:
        return f"{self.question_id} = {self.cell}"

    @property
    def cell(self) -> str:
        """The answer as the engine's parser reads it."""
        if self.status == AnswerStatus.DONT_KNOW:
            return "dk"
        if self.status == AnswerStatus.NOT_APPLICABLE:
            return "na"
        return self.value


class AnswerRevision(models.Model):
    """One change of an answer: who, when, the old and the new value. Never edited."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="revisions")
    question_id = models.CharField(_("question"), max_length=100)
    action = models.CharField(_("action"), max_length=20, default="answer")
    old_status = models.CharField(_("old status"), max_length=20, blank=True)
    old_value = models.CharField(_("old value"), max_length=500, blank=True)
    new_status = models.CharField(_("new status"), max_length=20, blank=True)
    new_value = models.CharField(_("new value"), max_length=500, blank=True)
    changes = models.JSONField(_("other changes"), default=dict, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("who"), null=True, blank=True, on_delete=models.SET_NULL
    )
    at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["assessment", "question_id"])]
        verbose_name = _("answer revision")
        verbose_name_plural = _("answer revisions")

    def __str__(self) -> str:
        return (
            f"{self.question_id}: {self.old_value or self.old_status} -> {self.new_value or self.new_status}"
        )


class SectionAssignment(models.Model):
    """A respondent answers the questions of the sections assigned to them."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="assignments")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="assignments")
    section_id = models.CharField(_("section"), max_length=100)

    class Meta:
        ordering = ["assessment", "section_id"]
        verbose_name = _("section assignment")
        verbose_name_plural = _("section assignments")
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "user", "section_id"], name="one_assignment_per_section"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} - {self.section_id}"
