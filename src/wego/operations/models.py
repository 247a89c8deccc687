"""The trash: deleted cities and assessments, kept for WEGO_RETENTION_DAYS, then purged."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class TrashKind(models.TextChoices):
    CITY = "city", _("city")
    ASSESSMENT = "assessment", _("assessment")


class TrashEntry(models.Model):
    """One deletion: every row it removed (the object and what went with it), as they were.

    The rows leave their tables, so no page, selector, export or API can show them; they
    can be put back until `purge_after`, when `wego purge` deletes the entry and its files.
    """

    kind = models.CharField(_("kind"), max_length=20, choices=TrashKind.choices)
    object_id = models.CharField(_("object id"), max_length=64)
    label = models.CharField(_("what"), max_length=300)
    reason = models.TextField(_("reason"), blank=True)
    deleted_at = models.DateTimeField(_("deleted"), db_index=True)
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("deleted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    purge_after = models.DateTimeField(_("purged after"), db_index=True)
    # {"tables": [{"model", "columns", "rows"}], "updates": [{"model", "column", "rows": [[pk, value]]}]}
    content = models.JSONField(_("deleted rows"))
    row_count = models.PositiveIntegerField(_("rows"))

    class Meta:
        ordering = ["-deleted_at", "-id"]
        verbose_name = _("deleted item")
        verbose_name_plural = _("deleted items (trash)")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.label} ({self.deleted_at:%Y-%m-%d})"
