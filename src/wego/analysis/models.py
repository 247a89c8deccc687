"""What a city sets for its analysis: targets, and the peer groups it compares with."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wego.assessments.models import Assessment
from wego.members.models import City


class Target(models.Model):
    """The score a city aims at for one node (a dimension, or the overall score)."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="targets")
    node_id = models.CharField(_("dimension or node"), max_length=100)
    value = models.FloatField(_("target score"))
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    set_at = models.DateTimeField(_("set"), auto_now=True)

    class Meta:
        ordering = ["assessment", "node_id"]
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        constraints = [models.UniqueConstraint(fields=["assessment", "node_id"], name="one_target_per_node")]

    def __str__(self) -> str:
        return f"{self.node_id}: {self.value:g}"


class PeerGroup(models.Model):
    """A custom group a city compares itself with (e.g. its twinned cities)."""

    owner = models.ForeignKey(City, on_delete=models.CASCADE, related_name="peer_groups")
    name = models.CharField(_("name"), max_length=100)
    members = models.ManyToManyField(City, verbose_name=_("cities"), related_name="+")

    class Meta:
        ordering = ["owner", "name"]
        verbose_name = _("peer group")
        verbose_name_plural = _("peer groups")
        constraints = [
            models.UniqueConstraint(fields=["owner", "name"], name="peer_group_names_unique_per_city")
        ]

    def __str__(self) -> str:
        return self.name


class ReportStatus(models.TextChoices):
    QUEUED = "queued", _("queued")
    RUNNING = "running", _("being made")
    DONE = "done", _("ready")
    FAILED = "failed", _("failed")


class Report(models.Model):
    """The diagnostic report (PDF) of one assessment in one language, made in the background."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="reports")
    language = models.CharField(_("language"), max_length=10)
    inputs_hash = models.CharField(_("inputs hash (SHA-256)"), max_length=64, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=ReportStatus.choices, default="queued")
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    message = models.CharField(_("message"), max_length=500, blank=True)
    file = models.FileField(_("file"), upload_to="reports/", blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["assessment", "language"]
        verbose_name = _("diagnostic report")
        verbose_name_plural = _("diagnostic reports")
        constraints = [
            models.UniqueConstraint(fields=["assessment", "language"], name="one_report_per_language")
        ]

    def __str__(self) -> str:
        return f"{self.assessment} ({self.language}): {self.status}"

    @property
    def is_pending(self) -> bool:
        return self.status in (ReportStatus.QUEUED, ReportStatus.RUNNING)
