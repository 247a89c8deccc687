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
