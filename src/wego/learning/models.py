"""Capacity building: training programmes (the Seoul Program), webinars, and the eGovFrame courses.

Times are stored in UTC (USE_TZ); pages show them in each viewer's time zone
(`LearningProfile.time_zone`, or a cookie for visitors who are not logged in).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wego.members.models import City

# PRODUCT.md section 3: "at most two applicants per city". Enforced by the service under a
# lock of the city row, and by the database: an application takes slot 1 or 2 of its city.
APPLICANTS_PER_CITY = 2


class OfficialLevel(models.IntegerChoices):
    """An official's position, lowest first; a programme states the lowest it accepts."""

    STAFF = 1, _("Officer or staff")
    MIDDLE = 2, _("Middle manager (head of unit or team)")
    UPPER = 3, _("Upper manager (director or head of department)")
    EXECUTIVE = 4, _("Executive (CIO, deputy mayor or above)")


class TrainingProgramme(models.Model):
    """One edition of a training programme, e.g. the Seoul Program of a year."""

    slug = models.SlugField(_("short name"), max_length=80, unique=True)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    organiser = models.CharField(_("organised with"), max_length=200, blank=True)
    location = models.CharField(_("place"), max_length=200, blank=True)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    places = models.PositiveSmallIntegerField(_("places"))
    minimum_level = models.PositiveSmallIntegerField(
        _("lowest position accepted"), choices=OfficialLevel.choices, default=OfficialLevel.UPPER
    )
    application_deadline = models.DateTimeField(
        _("application deadline (UTC)"), help_text=_("The last moment an application is accepted, in UTC.")
    )
    is_demo = models.BooleanField(_("demo data"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts_on", "title"]
        verbose_name = _("training programme")
        verbose_name_plural = _("training programmes")
        constraints = [
            models.CheckConstraint(condition=models.Q(places__gte=1), name="programme_has_places"),
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")), name="programme_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def is_open(self, now=None) -> bool:
        return (now or timezone.now()) <= self.application_deadline


class ApplicationStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    SELECTED = "selected", _("Selected")
    WAITLISTED = "waitlisted", _("Waitlisted")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class ProgrammeApplication(models.Model):
    """An official a member city puts forward for a programme."""

    programme = models.ForeignKey(
        TrainingProgramme, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="applications"
    )
    city = models.ForeignKey(City, verbose_name=_("city"), on_delete=models.PROTECT, related_name="+")
    city_slot = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)
    official_name = models.CharField(_("official's full name"), max_length=150)
    official_email = models.EmailField(_("official's email address"))
    official_position = models.CharField(_("official's position"), max_length=200)
    official_level = models.PositiveSmallIntegerField(
        _("level of the position"), choices=OfficialLevel.choices
    )
    motivation = models.TextField(_("why this official should take part"), blank=True)
    official = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("official's account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("submitted"), auto_now_add=True)
    status = models.CharField(
        _("status"), max_length=12, choices=ApplicationStatus.choices, default=ApplicationStatus.SUBMITTED
    )
    waitlisted_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)
    certificate_number = models.CharField(_("certificate number"), max_length=40, blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        ordering = ["submitted_at", "id"]
        verbose_name = _("programme application")
        verbose_name_plural = _("programme applications")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "city", "city_slot"], name="at_most_one_application_per_city_slot"
            ),
            models.CheckConstraint(
                condition=models.Q(city_slot__isnull=True) | models.Q(city_slot__gte=1, city_slot__lte=2),
                name="two_applicants_per_city",
            ),
            models.UniqueConstraint(
                fields=["programme", "official_email"], name="one_application_per_official"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.official_name} ({self.city}) - {self.programme}"


class Webinar(models.Model):
    """An online session; `starts_at` is stored in UTC."""

    slug = models.SlugField(_("short name"), max_length=80, unique=True)
    title = models.CharField(_("title"), max_length=200)
    series = models.CharField(_("series"), max_length=120, blank=True)
    description = models.TextField(_("description"), blank=True)
    speakers = models.CharField(_("speakers and panellists"), max_length=300, blank=True)
    starts_at = models.DateTimeField(_("starts at (UTC)"))
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"), default=90)
    capacity = models.PositiveIntegerField(_("places"))
    language = models.CharField(_("language"), max_length=8, default="en")
    interpretation = models.JSONField(
        _("interpretation into"), default=list, blank=True, help_text=_("Language codes, e.g. ko.")
    )
    join_url = models.URLField(_("join link"), blank=True, help_text=_("Shown to registered people only."))
    recording_url = models.URLField(_("recording"), blank=True)
    is_public = models.BooleanField(_("listed publicly and in the calendar feed"), default=True)
    sequence = models.PositiveIntegerField(default=0, editable=False)
    is_demo = models.BooleanField(_("demo data"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["starts_at", "id"]
        verbose_name = _("webinar")
        verbose_name_plural = _("webinars")
        constraints = [
            models.CheckConstraint(condition=models.Q(capacity__gte=1), name="webinar_has_places"),
            models.CheckConstraint(
                condition=models.Q(duration_minutes__gte=1), name="webinar_has_a_duration"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def ends_at(self):
        import datetime as dt

        return self.starts_at + dt.timedelta(minutes=self.duration_minutes)

    def is_past(self, now=None) -> bool:
        return self.ends_at <= (now or timezone.now())


class RegistrationStatus(models.TextChoices):
    REGISTERED = "registered", _("Registered")
    WAITLISTED = "waitlisted", _("Waitlisted")
    CANCELLED = "cancelled", _("Cancelled")


class WebinarRegistration(models.Model):
    webinar = models.ForeignKey(
        Webinar, verbose_name=_("webinar"), on_delete=models.CASCADE, related_name="registrations"
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("person"), on_delete=models.CASCADE, related_name="+"
    )
    city = models.ForeignKey(
        City, verbose_name=_("city"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(_("status"), max_length=12, choices=RegistrationStatus.choices)
    queued_at = models.DateTimeField(_("registered"), default=timezone.now)
    attended = models.BooleanField(_("attended"), default=False)
    certificate_number = models.CharField(_("certificate number"), max_length=40, blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        ordering = ["queued_at", "id"]
        verbose_name = _("webinar registration")
        verbose_name_plural = _("webinar registrations")
        constraints = [
            models.UniqueConstraint(fields=["webinar", "person"], name="one_registration_per_person"),
        ]

    def __str__(self) -> str:
        return f"{self.person} - {self.webinar}"


class LearningProfile(models.Model):
    """What the learning pages remember about a person: the time zone times are shown in."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="learning_profile"
    )
    time_zone = models.CharField(_("time zone"), max_length=64, default="UTC")

    class Meta:
        verbose_name = _("learning profile")
        verbose_name_plural = _("learning profiles")

    def __str__(self) -> str:
        return f"{self.user}: {self.time_zone}"


class CourseSession(models.Model):
    """A scheduled run of an eGovFrame course of the catalogue (learning/data/egovframe-courses.yaml)."""

    course_id = models.SlugField(_("course"), max_length=80)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    location = models.CharField(_("place"), max_length=200, help_text=_("A city, or 'online'."))
    places = models.PositiveSmallIntegerField(_("places"))
    enrolment_closes_at = models.DateTimeField(_("enrolment closes (UTC)"))
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        ordering = ["starts_on", "id"]
        verbose_name = _("eGovFrame course session")
        verbose_name_plural = _("eGovFrame course sessions")
        constraints = [
            models.CheckConstraint(condition=models.Q(places__gte=1), name="course_session_has_places"),
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")), name="course_session_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.course_id} {self.starts_on}"


class EnrolmentStatus(models.TextChoices):
    ENROLLED = "enrolled", _("Enrolled")
    CANCELLED = "cancelled", _("Cancelled")


class CourseEnrolment(models.Model):
    session = models.ForeignKey(
        CourseSession, verbose_name=_("session"), on_delete=models.CASCADE, related_name="enrolments"
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("person"), on_delete=models.CASCADE, related_name="+"
    )
    city = models.ForeignKey(City, verbose_name=_("city"), on_delete=models.PROTECT, related_name="+")
    status = models.CharField(
        _("status"), max_length=12, choices=EnrolmentStatus.choices, default=EnrolmentStatus.ENROLLED
    )
    enrolled_at = models.DateTimeField(_("enrolled"), auto_now_add=True)
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        ordering = ["enrolled_at", "id"]
        verbose_name = _("course enrolment")
        verbose_name_plural = _("course enrolments")
        constraints = [
            models.UniqueConstraint(fields=["session", "person"], name="one_enrolment_per_person"),
        ]

    def __str__(self) -> str:
        return f"{self.person} - {self.session}"


# Feasibility studies ------------------------------------------------------------------------------
# PRODUCT.md section 3: a yearly call for letters of intent on a theme; one or two member cities
# selected on five criteria; consultants hired; a final report. The five criteria are the
# published ones; their weights are the platform's default (equal) and editable per call.

FEASIBILITY_DEFAULT_WEIGHT = 5
FEASIBILITY_CRITERIA = (
    ("commitment", _("Commitment to the city's own inclusive and sustainable e-government")),
    ("alignment", _("Alignment with the national ICT strategy")),
    ("local_support", _("Local support to the consultants")),
    ("sustainability", _("Sustainability beyond the project")),
    ("implementation", _("Commitment to post-project implementation")),
)


def feasibility_default_weights() -> dict[str, int]:
    return {slug: FEASIBILITY_DEFAULT_WEIGHT for slug, _label in FEASIBILITY_CRITERIA}


def _feasibility_storage():
    from wego.members.storage import PrivateStorage

    return PrivateStorage()


class FeasibilityStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open for letters of intent")
    SCORING = "scoring", _("Committee scoring")
    SELECTED = "selected", _("Cities selected")
    CLOSED = "closed", _("Closed")


class FeasibilityCall(models.Model):
    """The yearly call for letters of intent on a theme."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    theme = models.CharField(_("theme"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    deadline = models.DateTimeField(
        _("deadline for letters (UTC)"), help_text=_("The last moment a letter is accepted, in UTC.")
    )
    places = models.PositiveSmallIntegerField(_("cities selected"), default=1)
    weights = models.JSONField(
        _("criteria weights (1-10)"),
        default=feasibility_default_weights,
        help_text=_("One weight from 1 to 10 per published criterion; equal weights by default."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=FeasibilityStatus.choices, default=FeasibilityStatus.DRAFT
    )
    chair_order = models.JSONField(_("chair's order of tied letters"), default=list, blank=True)
    chair_reason = models.TextField(_("chair's reason"), blank=True)
    selected_at = models.DateTimeField(_("selection confirmed"), null=True, blank=True)
    selected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    is_demo = models.BooleanField(_("demo data"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-year"]
        verbose_name = _("feasibility study call")
        verbose_name_plural = _("feasibility study calls")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(places__gte=1, places__lte=2), name="feasibility_one_or_two_places"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year}: {self.theme}"

    def is_open(self, now=None) -> bool:
        return self.status == FeasibilityStatus.OPEN and (now or timezone.now()) <= self.deadline

    def criteria(self) -> list[tuple[str, str, int]]:
        """(slug, label, weight) of the five criteria, in their published order."""
        weights = self.weights or {}
        return [
            (slug, label, int(weights.get(slug, FEASIBILITY_DEFAULT_WEIGHT)))
            for slug, label in FEASIBILITY_CRITERIA
        ]


class LetterOfIntent(models.Model):
    """A member city's letter of intent (a PDF kept outside the web root) and, once selected, its study."""

    call = models.ForeignKey(FeasibilityCall, on_delete=models.CASCADE, related_name="letters")
    city = models.ForeignKey(City, verbose_name=_("city"), on_delete=models.PROTECT, related_name="+")
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    summary = models.TextField(_("summary of the project"))
    letter = models.FileField(
        _("letter of intent (PDF)"), storage=_feasibility_storage, upload_to="feasibility-letters/%Y/"
    )
    submitted_at = models.DateTimeField(_("submitted"))
    selected = models.BooleanField(_("selected"), default=False)
    report = models.FileField(
        _("final report (PDF)"), storage=_feasibility_storage, upload_to="feasibility-reports/%Y/", blank=True
    )
    report_uploaded_at = models.DateTimeField(_("report uploaded"), null=True, blank=True)
    report_published_at = models.DateTimeField(_("report published"), null=True, blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        ordering = ["call", "city__name"]
        verbose_name = _("letter of intent")
        verbose_name_plural = _("letters of intent")
        constraints = [models.UniqueConstraint(fields=["call", "city"], name="feasibility_letter_once")]

    def __str__(self) -> str:
        return f"{self.city} ({self.call.year})"

    @property
    def organisation(self) -> str:
        """The applicant organisation, for the shared conflict check (the city government)."""
        return self.city.name


class CommitteeMember(models.Model):
    """A member of a call's selection committee, appointed by the secretariat."""

    call = models.ForeignKey(FeasibilityCall, on_delete=models.CASCADE, related_name="committee")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(_("name"), max_length=150)
    organisation = models.CharField(_("employer"), max_length=200, blank=True)
    vendors = models.TextField(_("vendor relationships"), blank=True)
    city = models.ForeignKey(City, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    country = models.ForeignKey(
        "members.Country", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    is_chair = models.BooleanField(_("chair"), default=False)

    class Meta:
        ordering = ["call", "name"]
        verbose_name = _("committee member")
        verbose_name_plural = _("committee members")
        constraints = [models.UniqueConstraint(fields=["call", "user"], name="feasibility_member_once")]

    def __str__(self) -> str:
        return self.name


class FeasibilityConflict(models.Model):
    """A conflict of interest: the member never sees the letter, and the cell is excluded."""

    member = models.ForeignKey(CommitteeMember, on_delete=models.CASCADE, related_name="conflicts")
    letter = models.ForeignKey(LetterOfIntent, on_delete=models.CASCADE, related_name="conflicts")
    kind = models.CharField(_("type"), max_length=20)
    automatic = models.BooleanField(_("flagged automatically"), default=False)
    note = models.CharField(_("note"), max_length=300, blank=True)
    declared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["member", "letter", "kind"]
        verbose_name = _("conflict of interest")
        verbose_name_plural = _("conflicts of interest")
        constraints = [
            models.UniqueConstraint(fields=["member", "letter", "kind"], name="feasibility_conflict_once")
        ]

    def __str__(self) -> str:
        return f"{self.member} / {self.letter}: {self.kind}"


class FeasibilityScore(models.Model):
    member = models.ForeignKey(CommitteeMember, on_delete=models.CASCADE, related_name="scores")
    letter = models.ForeignKey(LetterOfIntent, on_delete=models.CASCADE, related_name="scores")
    criterion = models.CharField(_("criterion"), max_length=40)
    value = models.PositiveSmallIntegerField(_("score"))
    comment = models.TextField(_("comment"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["letter", "member", "criterion"]
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(fields=["member", "letter", "criterion"], name="feasibility_score_once"),
            models.CheckConstraint(
                condition=models.Q(value__gte=1, value__lte=10), name="feasibility_score_1_to_10"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.criterion}={self.value}"


class StudyConsultant(models.Model):
    """A consultant on a selected city's study: an expert's account, or a name and organisation."""

    letter = models.ForeignKey(LetterOfIntent, on_delete=models.CASCADE, related_name="consultants")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    name = models.CharField(_("name"), max_length=150)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)

    class Meta:
        ordering = ["letter", "name"]
        verbose_name = _("consultant")
        verbose_name_plural = _("consultants")

    def __str__(self) -> str:
        return self.name


class StudyMilestone(models.Model):
    letter = models.ForeignKey(LetterOfIntent, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(_("title"), max_length=200)
    due_on = models.DateField(_("due"))
    done_on = models.DateField(_("done"), null=True, blank=True)

    class Meta:
        ordering = ["letter", "due_on", "pk"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")

    def __str__(self) -> str:
        return self.title


class SiteVisit(models.Model):
    letter = models.ForeignKey(LetterOfIntent, on_delete=models.CASCADE, related_name="visits")
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("to"))
    place = models.CharField(_("place"), max_length=200)
    participants = models.TextField(_("participants"), blank=True)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["letter", "starts_on", "pk"]
        verbose_name = _("site visit")
        verbose_name_plural = _("site visits")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="feasibility_visit_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.place} {self.starts_on:%Y-%m-%d}"
