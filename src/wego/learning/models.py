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
