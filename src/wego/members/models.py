"""Countries and cities. Country facts come from the bundled UN-based country list."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Country(models.Model):
    iso3 = models.CharField(_("ISO 3166 alpha-3 code"), max_length=3, primary_key=True)
    name = models.CharField(_("name"), max_length=100)
    official_name = models.CharField(_("official name"), max_length=200, blank=True)
    region = models.CharField(_("region"), max_length=50)
    subregion = models.CharField(_("sub-region"), max_length=50, blank=True)
    income_group = models.CharField(_("income group"), max_length=20, blank=True)
    development_status = models.CharField(_("development status"), max_length=20, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("country")
        verbose_name_plural = _("countries")

    def __str__(self) -> str:
        return self.name


class MemberCategory(models.TextChoices):
    FULL = "full", _("Full member")
    ASSOCIATE = "associate", _("Associate member")
    FRIENDSHIP = "friendship", _("Friendship member")
    CORPORATE = "corporate", _("Corporate member")
    NON_MEMBER = "non_member", _("Not a member")


class City(models.Model):
    """A city or local government (or, for friendship members, an agency)."""

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("short name"), max_length=120, unique=True)
    country = models.ForeignKey(
        Country, verbose_name=_("country"), on_delete=models.PROTECT, related_name="cities"
    )
    population = models.PositiveBigIntegerField(_("population"), null=True, blank=True)
    population_year = models.PositiveSmallIntegerField(_("population year"), null=True, blank=True)
    latitude = models.FloatField(_("latitude"))
    longitude = models.FloatField(_("longitude"))
    member_category = models.CharField(
        _("member category"),
        max_length=20,
        choices=MemberCategory.choices,
        default=MemberCategory.FULL,
    )
    joined_year = models.PositiveSmallIntegerField(_("joined in"), null=True, blank=True)
    notes = models.CharField(_("notes"), max_length=200, blank=True)
    budget_band = models.CharField(
        _("budget for one project"),
        max_length=10,
        choices=[
            ("low", _("under USD 250,000")),
            ("medium", _("USD 250,000 to 1 million")),
            ("high", _("USD 1 million to 5 million")),
            ("very-high", _("over USD 5 million")),
        ],
        default="medium",
        help_text=_(
            "The largest project budget the city can commit; recommended modules are judged against it."
        ),
    )
    ict_staff_fte = models.DecimalField(
        _("ICT staff for one project"),
        max_digits=5,
        decimal_places=1,
        default=5,
        help_text=_("Full-time equivalents the city can put on one project."),
    )
    connectivity = models.CharField(
        _("residents online"),
        max_length=10,
        choices=[
            ("low", _("under half of residents use the internet")),
            ("medium", _("half to four in five residents use the internet")),
            ("high", _("more than four in five residents use the internet")),
        ],
        default="medium",
        help_text=_(
            "Modules that reach residents online are judged against it (ITU: individuals using the Internet)."
        ),
    )
    shares_results = models.BooleanField(
        _("shares its results"),
        default=False,
        help_text=_("Other cities may see this city's own scores in benchmarks, and its stage on the map."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("city")
        verbose_name_plural = _("cities")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(latitude__gte=-90, latitude__lte=90), name="city_latitude_range"
            ),
            models.CheckConstraint(
                condition=models.Q(longitude__gte=-180, longitude__lte=180),
                name="city_longitude_range",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_member(self) -> bool:
        return self.member_category != MemberCategory.NON_MEMBER


# --- Membership ---------------------------------------------------------------------------------


class ApprovingBody(models.TextChoices):
    GENERAL_ASSEMBLY = "general_assembly", _("General Assembly")
    EXECUTIVE_COMMITTEE = "executive_committee", _("Executive Committee")


class ApprovingBodyRule(models.Model):
    """From this date on, this body approves new Full members (until the next rule starts).

    The statute gave approval to the General Assembly, and from 2018 to the Executive
    Committee; with no rows the built-in default (`wego.members.selectors.DEFAULT_APPROVING_BODIES`)
    says exactly that. Rows here replace the default entirely.
    """

    valid_from = models.DateField(_("from"), unique=True)
    body = models.CharField(_("approving body"), max_length=30, choices=ApprovingBody.choices)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        ordering = ["valid_from"]
        verbose_name = _("approving body rule")
        verbose_name_plural = _("approving body rules")

    def __str__(self) -> str:
        return f"{self.get_body_display()} from {self.valid_from:%Y-%m-%d}"


class Membership(models.Model):
    """One period of a city's membership history: a category from a date to a date (open-ended when current)."""

    city = models.ForeignKey(
        City, verbose_name=_("city"), on_delete=models.CASCADE, related_name="memberships"
    )
    category = models.CharField(_("category"), max_length=20, choices=MemberCategory.choices)
    valid_from = models.DateField(_("from"))
    valid_to = models.DateField(
        _("until"), null=True, blank=True, help_text=_("The first day no longer in it.")
    )
    reason = models.CharField(_("reason"), max_length=300)
    application = models.ForeignKey(
        "members.MembershipApplication",
        verbose_name=_("application"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="memberships",
    )
    approving_body = models.CharField(
        _("approved by"), max_length=30, choices=ApprovingBody.choices, blank=True
    )
    approved_at_meeting = models.CharField(_("approved at meeting"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        "accounts.User",
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        ordering = ["city", "valid_from", "id"]
        verbose_name = _("membership period")
        verbose_name_plural = _("membership history")
        constraints = [
            models.UniqueConstraint(
                fields=["city"],
                condition=models.Q(valid_to__isnull=True),
                name="one_open_membership_per_city",
            ),
            models.CheckConstraint(
                condition=models.Q(valid_to__isnull=True) | models.Q(valid_to__gte=models.F("valid_from")),
                name="membership_ends_after_it_starts",
            ),
        ]

    def __str__(self) -> str:
        until = f"{self.valid_to:%Y-%m-%d}" if self.valid_to else "today"
        return f"{self.city}: {self.get_category_display()} {self.valid_from:%Y-%m-%d} to {until}"


def _private_storage():
    from wego.members.storage import PrivateStorage

    return PrivateStorage()


class ApplicationStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted: associate member, awaiting approval")
    APPROVED = "approved", _("Approved: full member")
    REJECTED = "rejected", _("Not approved")


class MembershipApplication(models.Model):
    """A city's application, with the mayor's signed letter (a PDF kept outside the web root)."""

    city = models.ForeignKey(
        City, verbose_name=_("city"), on_delete=models.CASCADE, related_name="membership_applications"
    )
    applicant = models.ForeignKey(
        "accounts.User",
        verbose_name=_("submitted by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ApplicationStatus.choices, default=ApplicationStatus.SUBMITTED
    )
    mayor_name = models.CharField(_("mayor's name"), max_length=150)
    motivation = models.TextField(_("why the city wants to join"), blank=True)
    letter = models.FileField(
        _("mayor's signed letter"), storage=_private_storage, upload_to="membership-letters/%Y/"
    )
    letter_size = models.PositiveIntegerField(_("letter size in bytes"))
    letter_sha256 = models.CharField(max_length=64)
    submitted_at = models.DateTimeField(_("submitted"))
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        "accounts.User",
        verbose_name=_("decision recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    approving_body = models.CharField(
        _("approving body"), max_length=30, choices=ApprovingBody.choices, blank=True
    )
    approved_at_meeting = models.CharField(_("meeting"), max_length=200, blank=True)
    decision_note = models.CharField(_("decision note"), max_length=300, blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        ordering = ["-submitted_at", "-id"]
        verbose_name = _("membership application")
        verbose_name_plural = _("membership applications")
        constraints = [
            models.UniqueConstraint(
                fields=["city"], condition=models.Q(status="submitted"), name="one_open_application_per_city"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.city} ({self.submitted_at:%Y-%m-%d})"


class ContactRole(models.TextChoices):
    MAYOR = "mayor", _("Mayor")
    FOCAL_POINT = "focal_point", _("Focal point for WeGO")
    CIO = "cio", _("Chief information officer")
    INTERNATIONAL = "international", _("International relations")
    FINANCE = "finance", _("Finance and invoices")
    OTHER = "other", _("Other")


class MemberContact(models.Model):
    """A person the secretariat writes to about a member, with their role. Never public."""

    city = models.ForeignKey(
        City, verbose_name=_("city"), on_delete=models.CASCADE, related_name="member_contacts"
    )
    role = models.CharField(_("role"), max_length=20, choices=ContactRole.choices)
    name = models.CharField(_("name"), max_length=150)
    position = models.CharField(_("position"), max_length=150, blank=True)
    email = models.EmailField(_("email address"))
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    application = models.ForeignKey(
        MembershipApplication, null=True, blank=True, on_delete=models.SET_NULL, related_name="contacts"
    )
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        ordering = ["city", "role", "name"]
        verbose_name = _("member contact")
        verbose_name_plural = _("member contacts")

    def __str__(self) -> str:
        return f"{self.name} ({self.get_role_display()}, {self.city})"


class RegionalOffice(models.Model):
    """A regional office hosted by a member city; serves the members of a region (Country.region)."""

    name = models.CharField(_("name"), max_length=150)
    host_city = models.ForeignKey(
        City, verbose_name=_("host city"), on_delete=models.PROTECT, related_name="+"
    )
    region = models.CharField(
        _("region"),
        max_length=50,
        help_text=_("Members of this region (as in the country list) default to it."),
    )
    opened_year = models.PositiveSmallIntegerField(_("opened in"), null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("regional office")
        verbose_name_plural = _("regional offices")

    def __str__(self) -> str:
        return self.name


class MemberOffice(models.Model):
    """An explicit assignment of a member to a regional office (overrides the default by region)."""

    city = models.OneToOneField(
        City, verbose_name=_("city"), on_delete=models.CASCADE, related_name="office_assignment"
    )
    office = models.ForeignKey(
        RegionalOffice,
        verbose_name=_("regional office"),
        on_delete=models.CASCADE,
        related_name="assignments",
    )
    assigned_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    assigned_at = models.DateTimeField(_("assigned"), auto_now=True)

    class Meta:
        verbose_name = _("regional office assignment")
        verbose_name_plural = _("regional office assignments")

    def __str__(self) -> str:
        return f"{self.city} → {self.office}"


# --- Fees ----------------------------------------------------------------------------------------


class Fee(models.Model):
    """The yearly membership fee of one category in one year."""

    year = models.PositiveSmallIntegerField(_("year"))
    category = models.CharField(_("category"), max_length=20, choices=MemberCategory.choices)
    amount = models.DecimalField(_("amount"), max_digits=10, decimal_places=2)
    currency = models.CharField(_("currency"), max_length=3, default="USD")
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        ordering = ["-year", "category"]
        verbose_name = _("fee")
        verbose_name_plural = _("fee schedule")
        constraints = [
            models.UniqueConstraint(fields=["year", "category"], name="one_fee_per_category_and_year"),
            models.CheckConstraint(condition=models.Q(amount__gte=0), name="fee_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.get_category_display()}: {self.amount} {self.currency}"


class InvoiceCounter(models.Model):
    """The last invoice number used in a year; locked while numbering so numbers have no gaps."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"


class Invoice(models.Model):
    """A member's fee for one year. Paid when its payments add up to the amount."""

    number = models.CharField(_("number"), max_length=20, unique=True)
    city = models.ForeignKey(
        City, verbose_name=_("member"), on_delete=models.PROTECT, related_name="invoices"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    category = models.CharField(_("category"), max_length=20, choices=MemberCategory.choices)
    amount = models.DecimalField(_("amount"), max_digits=10, decimal_places=2)
    currency = models.CharField(_("currency"), max_length=3)
    issued_on = models.DateField(_("issued"))
    due_on = models.DateField(_("due"))
    issued_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        ordering = ["-year", "number"]
        verbose_name = _("invoice")
        verbose_name_plural = _("invoices")
        constraints = [
            models.UniqueConstraint(fields=["city", "year"], name="one_invoice_per_member_and_year"),
        ]

    def __str__(self) -> str:
        return self.number


class Payment(models.Model):
    """Money received against an invoice; several partial payments may settle one invoice."""

    invoice = models.ForeignKey(
        Invoice, verbose_name=_("invoice"), on_delete=models.PROTECT, related_name="payments"
    )
    amount = models.DecimalField(_("amount"), max_digits=10, decimal_places=2)
    paid_on = models.DateField(_("paid on"))
    reference = models.CharField(_("reference"), max_length=100, blank=True)
    recorded_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        ordering = ["paid_on", "id"]
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        constraints = [models.CheckConstraint(condition=models.Q(amount__gt=0), name="payment_positive")]

    def __str__(self) -> str:
        return f"{self.invoice}: {self.amount} on {self.paid_on:%Y-%m-%d}"
