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
