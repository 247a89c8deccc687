"""Technical assistance: a city asks for help on an action item of its diagnosis, or a
member city asks for eGovFrame technical support.

A request is routed to the secretariat, or to the regional office of the city's region
when that office has staff on the platform; it is assigned to an expert (a person with
the expert role) or to a development partner, and moves through its states by the
services in wego.assistance.services only.

Two kinds share this one mechanism (routing, assignment, messages, attachments, audit):
- an action item: new -> assigned -> in progress -> done (or declined, withdrawn);
- eGovFrame technical support of a member city, on one area of the framework:
  new -> assigned -> answered -> closed, and answered -> assigned when the answer did
  not solve it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wego.common.models import TimestampedModel


class State(models.TextChoices):
    NEW = "new", _("New")
    ASSIGNED = "assigned", _("Assigned")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    ANSWERED = "answered", _("Answered")
    CLOSED = "closed", _("Closed")


class Kind(models.TextChoices):
    ACTION_ITEM = "action_item", _("Action item of a diagnosis")
    EGOVFRAME = "egovframe", _("eGovFrame technical support")


# The eGovFrame areas: the course catalogue's four environments and the common components
# (wego/learning/data/egovframe-courses.yaml; wego.learning.courses.ENVIRONMENTS).
class EgovArea(models.TextChoices):
    DEVELOPMENT = "development", _("Development environment")
    RUNTIME = "runtime", _("Runtime (execution) environment")
    MANAGEMENT = "management", _("Management environment")
    OPERATION = "operation", _("Operation environment")
    COMMON_COMPONENTS = "common-components", _("Common components")


OPEN_STATES = (State.NEW, State.ASSIGNED, State.IN_PROGRESS, State.ANSWERED)
# Once assigned, the work has a due date; past it, the request is overdue.
RUNNING_STATES = (State.ASSIGNED, State.IN_PROGRESS)


class AssistanceRequest(TimestampedModel):
    city = models.ForeignKey(
        "members.City", verbose_name=_("city"), on_delete=models.PROTECT, related_name="assistance_requests"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.ACTION_ITEM)
    assessment = models.ForeignKey(
        "assessments.Assessment",
        verbose_name=_("raised from"),
        on_delete=models.PROTECT,
        related_name="assistance_requests",
        null=True,
        blank=True,
        help_text=_("The diagnosis whose action item the request is about (the baseline)."),
    )
    module_id = models.CharField(_("module"), max_length=100, blank=True)
    egov_area = models.CharField(_("eGovFrame area"), max_length=30, choices=EgovArea.choices, blank=True)
    egov_version = models.CharField(
        _("eGovFrame version"), max_length=20, blank=True, help_text=_("For example 4.2 (optional).")
    )
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    indicator_ids = models.JSONField(
        _("indicators"), default=list, blank=True, help_text=_("The indicators the module improves.")
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("what help is needed"))
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.NEW)
    routed_region = models.CharField(
        _("routed to the regional office of"),
        max_length=50,
        blank=True,
        help_text=_("Empty: the secretariat handles the request."),
    )
    expert = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("expert"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assistance_assigned",
    )
    partner = models.ForeignKey(
        "knowledge.Partner",
        verbose_name=_("development partner"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assistance_requests",
    )
    due_on = models.DateField(_("due"), null=True, blank=True)
    decline_reason = models.TextField(_("reason for declining"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="assistance_requested",
    )
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    is_demo = models.BooleanField(
        _("demo data"), default=False, help_text=_("Invented for the demonstration; not a real request.")
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("assistance request")
        verbose_name_plural = _("assistance requests")
        indexes = [models.Index(fields=["state", "due_on"])]
        constraints = [
            models.UniqueConstraint(
                fields=["city", "module_id"],
                condition=models.Q(kind="action_item", state__in=["new", "assigned", "in_progress"]),
                name="one_open_assistance_request_per_city_and_module",
            ),
            # An action item names its diagnosis and module; eGovFrame support names its area.
            models.CheckConstraint(
                condition=(models.Q(kind="action_item", assessment__isnull=False) & ~models.Q(module_id=""))
                | (models.Q(kind="egovframe") & ~models.Q(egov_area="")),
                name="assistance_kind_fields",
            ),
            models.CheckConstraint(
                condition=models.Q(expert__isnull=True) | models.Q(partner__isnull=True),
                name="assistance_one_assignee",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.city} - {self.title}"

    @property
    def is_egovframe(self) -> bool:
        return self.kind == Kind.EGOVFRAME

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES

    @property
    def is_overdue(self) -> bool:
        return (
            self.state in RUNNING_STATES and self.due_on is not None and self.due_on < timezone.now().date()
        )

    @property
    def assignee(self):
        return self.expert or self.partner

    @property
    def routed_to_label(self) -> str:
        if self.routed_region:
            return str(_("Regional office (%(region)s)") % {"region": self.routed_region})
        return str(_("Secretariat"))


def attachment_path(message: AssistanceMessage, filename: str) -> str:
    return f"assistance/{message.request_id}/{filename}"


class AssistanceMessage(models.Model):
    request = models.ForeignKey(
        AssistanceRequest, verbose_name=_("request"), on_delete=models.CASCADE, related_name="messages"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), null=True, on_delete=models.SET_NULL
    )
    body = models.TextField(_("message"))
    attachment = models.FileField(_("attachment"), upload_to=attachment_path, blank=True)
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("assistance message")
        verbose_name_plural = _("assistance messages")

    def __str__(self) -> str:
        return f"{self.author}: {self.body[:40]}"

    @property
    def attachment_name(self) -> str:
        return self.attachment.name.rsplit("/", 1)[-1] if self.attachment else ""


class AssistanceEvent(models.Model):
    """One step of a request's history: the state it left, the state it reached, who, and why."""

    request = models.ForeignKey(
        AssistanceRequest, verbose_name=_("request"), on_delete=models.CASCADE, related_name="events"
    )
    action = models.CharField(_("action"), max_length=20)
    from_state = models.CharField(_("from"), max_length=20, choices=State.choices, blank=True)
    to_state = models.CharField(_("to"), max_length=20, choices=State.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.TextField(_("note"), blank=True)
    at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("assistance request event")
        verbose_name_plural = _("assistance request events")

    def __str__(self) -> str:
        return f"{self.action}: {self.from_state} -> {self.to_state}"
