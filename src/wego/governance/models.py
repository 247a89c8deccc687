"""The statutory bodies, their meetings, terms of office, and secret ballots.

Ballot secrecy is a property of the schema: `Ballot` (what was chosen) and `BallotRoll`
(which city has voted) share no key, no timestamp and no ordering. Both have random UUID
primary keys; neither has a column that grows with time. See docs/governance.md.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wego.members.models import City


class BodyKind(models.TextChoices):
    GENERAL_ASSEMBLY = "general_assembly", _("General Assembly")
    EXECUTIVE_COMMITTEE = "executive_committee", _("Executive Committee")
    SECRETARIAT = "secretariat", _("Secretariat")
    REGIONAL_OFFICE = "regional_office", _("Regional office")


class Body(models.Model):
    """A body of the organisation: the General Assembly, the Executive Committee, the
    Secretariat, or one regional office."""

    kind = models.CharField(_("kind"), max_length=30, choices=BodyKind.choices)
    name = models.CharField(_("name"), max_length=150, unique=True)
    host_city = models.ForeignKey(
        City, verbose_name=_("host city"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    region = models.CharField(_("region"), max_length=50, blank=True, help_text=_("For a regional office."))
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["kind", "name"]
        verbose_name = _("body")
        verbose_name_plural = _("bodies")

    def __str__(self) -> str:
        return self.name


class Meeting(models.Model):
    """A meeting of a body: a General Assembly session, a yearly Executive Committee meeting."""

    body = models.ForeignKey(Body, verbose_name=_("body"), on_delete=models.PROTECT, related_name="meetings")
    title = models.CharField(_("title"), max_length=200)
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))
    host_city = models.ForeignKey(
        City, verbose_name=_("host city"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    theme = models.CharField(_("theme"), max_length=200, blank=True)
    minutes = models.TextField(_("minutes"), blank=True)
    minutes_approved_on = models.DateField(_("minutes approved on"), null=True, blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        ordering = ["-starts_on", "-id"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")), name="meeting_ends_after_it_starts"
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def reference(self) -> str:
        """How decisions cite this meeting, e.g. "General Assembly, 2017-09-05 (#4)"."""
        return f"{self.body.name}, {self.starts_on:%Y-%m-%d} (#{self.pk})"


class AgendaItem(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    position = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["meeting", "position"]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "position"], name="one_agenda_item_per_number")
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.title}"


def _private_storage():
    from wego.members.storage import PrivateStorage

    return PrivateStorage()


class MeetingDocument(models.Model):
    """A document of a meeting (papers, minutes, the written notice of a candidacy).

    Kept outside the web root; read only through a permission-checked view."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), storage=_private_storage, upload_to="governance/%Y/")
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField(_("size in bytes"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        ordering = ["meeting", "title", "id"]
        verbose_name = _("meeting document")
        verbose_name_plural = _("meeting documents")

    def __str__(self) -> str:
        return self.title


class AttendanceKind(models.TextChoices):
    DELEGATE = "delegate", _("Voting delegation")
    OBSERVER = "observer", _("Observer")
    APOLOGIES = "apologies", _("Sent apologies")


class Attendance(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    city = models.ForeignKey(City, verbose_name=_("city"), on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("attendance"), max_length=20, choices=AttendanceKind.choices)
    represented_by = models.CharField(_("represented by"), max_length=200, blank=True)

    class Meta:
        ordering = ["meeting", "city__name"]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [models.UniqueConstraint(fields=["meeting", "city"], name="one_attendance_per_city")]

    def __str__(self) -> str:
        return f"{self.city} at {self.meeting}"


class Delegate(models.Model):
    """A person the city designates to cast its ballots at one meeting (besides its coordinators)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="delegates")
    city = models.ForeignKey(City, verbose_name=_("city"), on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("delegate"), on_delete=models.CASCADE, related_name="+"
    )
    designated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["meeting", "city__name"]
        verbose_name = _("delegate")
        verbose_name_plural = _("delegates")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "city"], name="one_delegate_per_city_and_meeting")
        ]

    def __str__(self) -> str:
        return f"{self.user} for {self.city}"


# Terms of office -----------------------------------------------------------------------------


class TermRole(models.TextChoices):
    PRESIDENT = "president", _("President City")
    EXECUTIVE_VICE_PRESIDENT = "executive_vice_president", _("Executive Vice President City")
    VICE_PRESIDENT = "vice_president", _("Vice President City")
    MEMBER = "member", _("Executive Committee member")


class Term(models.Model):
    """A city's term of office on the Executive Committee: [starts_on, ends_on)."""

    city = models.ForeignKey(City, verbose_name=_("city"), on_delete=models.PROTECT, related_name="+")
    role = models.CharField(_("role"), max_length=30, choices=TermRole.choices)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"), help_text=_("The first day no longer in office."))
    meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("decided at"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="terms",
    )
    renews = models.ForeignKey(
        "self", verbose_name=_("renews"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        ordering = ["-starts_on", "role", "city__name"]
        verbose_name = _("term of office")
        verbose_name_plural = _("terms of office")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gt=models.F("starts_on")), name="term_ends_after_it_starts"
            )
        ]

    def __str__(self) -> str:
        return f"{self.city}: {self.get_role_display()} {self.starts_on:%Y}-{self.ends_on:%Y}"


class Candidacy(models.Model):
    """A city's candidacy for President City at a General Assembly, with its written notice."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("General Assembly"), on_delete=models.PROTECT, related_name="candidacies"
    )
    city = models.ForeignKey(City, verbose_name=_("city"), on_delete=models.PROTECT, related_name="+")
    notified_on = models.DateField(_("written notice received by the Secretariat on"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["meeting", "city__name"]
        verbose_name = _("candidacy for President City")
        verbose_name_plural = _("candidacies for President City")
        constraints = [models.UniqueConstraint(fields=["meeting", "city"], name="one_candidacy_per_city")]

    def __str__(self) -> str:
        return f"{self.city} ({self.meeting})"


# Votes ---------------------------------------------------------------------------------------


class VoteKind(models.TextChoices):
    MOTION = "motion", _("Motion")
    ELECTION = "election", _("Election")


class Majority(models.TextChoices):
    SIMPLE = "simple", _("Simple majority (more than half)")
    TWO_THIRDS = "two_thirds", _("Two-thirds majority")


class VoteStatus(models.TextChoices):
    DRAFT = "draft", _("In preparation")
    OPEN = "open", _("Open for ballots")
    PUBLISHED = "published", _("Closed, results published")


class Outcome(models.TextChoices):
    ADOPTED = "adopted", _("Adopted")
    REJECTED = "rejected", _("Rejected")
    ELECTED = "elected", _("Elected")
    NO_MAJORITY = "no_majority", _("No option reached the majority")
    NO_QUORUM = "no_quorum", _("Quorum not reached: no decision")


class Vote(models.Model):
    """A secret ballot on a motion or an election at a meeting."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.PROTECT, related_name="votes"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=VoteKind.choices, default=VoteKind.MOTION)
    title = models.CharField(_("title"), max_length=200)
    question = models.TextField(_("question put to the vote"))
    majority = models.CharField(
        _("majority"), max_length=20, choices=Majority.choices, default=Majority.SIMPLE
    )
    quorum_percent = models.PositiveSmallIntegerField(
        _("quorum (percentage of eligible members)"),
        default=50,
        help_text=_("Share of eligible Full members who must cast a ballot."),
    )
    opens_at = models.DateTimeField(_("ballots open"))
    closes_at = models.DateTimeField(_("ballots close"))
    status = models.CharField(
        _("status"), max_length=20, choices=VoteStatus.choices, default=VoteStatus.DRAFT
    )
    eligible_count = models.PositiveIntegerField(_("eligible members"), default=0)
    ballots_cast = models.PositiveIntegerField(_("ballots cast"), default=0)
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices, blank=True)
    winner = models.ForeignKey(
        "VoteOption",
        verbose_name=_("winning option"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    published_at = models.DateTimeField(_("results published"), null=True, blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        ordering = ["-opens_at", "-id"]
        verbose_name = _("vote")
        verbose_name_plural = _("votes")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_at__gt=models.F("opens_at")), name="vote_closes_after_it_opens"
            ),
            models.CheckConstraint(
                condition=models.Q(quorum_percent__gte=0, quorum_percent__lte=100),
                name="vote_quorum_is_a_percentage",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class VoteOption(models.Model):
    """A choice on the ballot: yes / no / abstain for a motion, a candidate for an election."""

    vote = models.ForeignKey(Vote, on_delete=models.CASCADE, related_name="options")
    position = models.PositiveSmallIntegerField(_("order"))
    label = models.CharField(_("label"), max_length=200)
    city = models.ForeignKey(
        City,
        verbose_name=_("candidate city"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    is_abstention = models.BooleanField(_("abstention"), default=False)
    count = models.PositiveIntegerField(
        _("ballots"), null=True, blank=True, help_text=_("Set when results are published.")
    )

    class Meta:
        ordering = ["vote", "position"]
        verbose_name = _("option")
        verbose_name_plural = _("options")
        constraints = [models.UniqueConstraint(fields=["vote", "position"], name="one_option_per_position")]

    def __str__(self) -> str:
        return self.label


class EligibleVoter(models.Model):
    """The Full members entitled to vote, fixed when the vote opens."""

    vote = models.ForeignKey(Vote, on_delete=models.CASCADE, related_name="eligible")
    city = models.ForeignKey(City, on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name = _("eligible member")
        verbose_name_plural = _("eligible members")
        constraints = [models.UniqueConstraint(fields=["vote", "city"], name="one_eligibility_per_city")]

    def __str__(self) -> str:
        return f"{self.city} may vote on {self.vote}"


class BallotRoll(models.Model):
    """Who has voted: one row per city per vote, and nothing about the choice.

    A random primary key and no timestamp: the roll does not tell in which order cities
    voted, so it cannot be lined up with the ballots."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    vote = models.ForeignKey(Vote, on_delete=models.CASCADE, related_name="roll")
    city = models.ForeignKey(City, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["vote", "city__name"]
        verbose_name = _("voted-roll entry")
        verbose_name_plural = _("voted roll")
        constraints = [models.UniqueConstraint(fields=["vote", "city"], name="one_ballot_per_city")]

    def __str__(self) -> str:
        return f"{self.city} has voted on {self.vote}"


class Ballot(models.Model):
    """One anonymous ballot: the vote, the choice and the receipt code. Nothing else.

    No city, no user, no time, no sequence: a random primary key and a random receipt."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    vote = models.ForeignKey(Vote, on_delete=models.CASCADE, related_name="ballots")
    option = models.ForeignKey(VoteOption, on_delete=models.PROTECT, related_name="ballots")
    receipt = models.CharField(_("receipt"), max_length=32, unique=True)

    class Meta:
        ordering = ["vote", "receipt"]
        verbose_name = _("ballot")
        verbose_name_plural = _("ballots")

    def __str__(self) -> str:
        return self.receipt
