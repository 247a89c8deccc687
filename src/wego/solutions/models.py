"""The Master Plan: a city's chosen modules, laid out by quarter (see wego.solutions.planning)."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class Plan(models.Model):
    """One Master Plan per city, built from a diagnosis and kept across cycles.

    The schedule itself is not stored: it follows from the items, their order and the
    limits below, so it is recomputed (the same every time) whenever it is shown.
    """

    city = models.OneToOneField(
        "members.City", verbose_name=_("city"), on_delete=models.CASCADE, related_name="plan"
    )
    assessment = models.ForeignKey(
        "assessments.Assessment",
        verbose_name=_("built from the diagnosis"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    start_year = models.PositiveSmallIntegerField(_("first year"))
    start_quarter = models.PositiveSmallIntegerField(
        _("first quarter"), default=1, validators=[MinValueValidator(1), MaxValueValidator(4)]
    )
    horizon_quarters = models.PositiveSmallIntegerField(
        _("quarters covered"), default=12, validators=[MinValueValidator(4), MaxValueValidator(24)]
    )
    parallel_projects = models.PositiveSmallIntegerField(
        _("projects at once"), default=2, validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    annual_budget_usd = models.PositiveBigIntegerField(
        _("ICT project budget per year (USD)"), null=True, blank=True, help_text=_("Empty: no limit.")
    )
    is_demo = models.BooleanField(_("demo data"), default=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("Master Plan")
        verbose_name_plural = _("Master Plans")

    def __str__(self) -> str:
        return f"{self.city}: Master Plan"


class ItemStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    ACCEPTED = "accepted", _("Accepted")
    DROPPED = "dropped", _("Dropped")


class ItemProgress(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")


class PlanItem(models.Model):
    """A module in the plan: proposed by the diagnosis, accepted or dropped by the coordinator."""

    plan = models.ForeignKey(Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="items")
    module_id = models.CharField(_("module"), max_length=80)
    position = models.PositiveIntegerField(_("priority"), help_text=_("1 is the most urgent."))
    status = models.CharField(
        _("decision"), max_length=10, choices=ItemStatus.choices, default=ItemStatus.PROPOSED
    )
    progress = models.CharField(
        _("progress"), max_length=12, choices=ItemProgress.choices, default=ItemProgress.NOT_STARTED
    )
    pinned_quarter = models.PositiveSmallIntegerField(
        _("set to start in quarter"), null=True, blank=True, help_text=_("0 is the plan's first quarter.")
    )
    reason = models.CharField(_("why it is recommended"), max_length=500, blank=True)
    indicators = models.JSONField(_("indicators it targets"), default=list, blank=True)
    baseline = models.JSONField(
        _("indicator scores when accepted"),
        default=dict,
        blank=True,
        help_text=_(
            "The scores of the diagnosis the plan was built from, to show what moved in later cycles."
        ),
    )
    baseline_year = models.PositiveSmallIntegerField(_("cycle of the baseline"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)

    class Meta:
        ordering = ["plan", "position"]
        constraints = [models.UniqueConstraint(fields=["plan", "module_id"], name="plan_item_module_once")]
        verbose_name = _("plan item")
        verbose_name_plural = _("plan items")

    def __str__(self) -> str:
        return self.module_id
