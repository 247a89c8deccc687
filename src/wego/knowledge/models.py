"""Knowledge sharing: development partners (and, next to them, the practice library)."""

from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils.translation import gettext_lazy as _


class PartnerKind(models.TextChoices):
    MULTILATERAL = "multilateral", _("International organisation")
    DEVELOPMENT_BANK = "development_bank", _("Development bank")
    GOVERNMENT_AGENCY = "government_agency", _("Government agency")
    NON_PROFIT = "non_profit", _("Non-profit organisation")
    ACADEMIC = "academic", _("University or research institute")
    COMPANY = "company", _("Company")


class Partner(models.Model):
    """An organisation that helps cities with e-government: the modules and indicators it works on."""

    slug = models.SlugField(_("short name"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=PartnerKind.choices)
    website = models.URLField(_("website"), blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)
    description = models.JSONField(
        _("description"), default=dict, blank=True, help_text=_("Texts by language code; English required.")
    )
    regions = models.JSONField(_("regions"), default=list, blank=True, help_text=_("Empty: worldwide."))
    module_ids = models.JSONField(_("modules"), default=list, blank=True)
    indicator_ids = models.JSONField(_("indicators"), default=list, blank=True)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("development partner")
        verbose_name_plural = _("development partners")

    def __str__(self) -> str:
        return self.name


# The practice library ---------------------------------------------------------------------------

# Languages a practice's texts may be written in, and the PostgreSQL text-search
# configuration that stems each one ("simple": split into words, no stemming).
PRACTICE_LANGUAGES = {
    "en": ("english", _("English")),
    "ko": ("simple", _("Korean")),
    "es": ("spanish", _("Spanish")),
    "fr": ("french", _("French")),
    "ru": ("russian", _("Russian")),
    "ar": ("arabic", _("Arabic")),
}
REGIONS = ("Africa", "Americas", "Asia", "Europe", "Oceania")


class Practice(models.Model):
    """A case of e-government practice a city can learn from: what, where, when, with what result."""

    slug = models.SlugField(_("short name"), max_length=120, unique=True)
    city = models.ForeignKey(
        "members.City",
        verbose_name=_("city"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="practices",
        help_text=_("Linked when the city is in the database; the name below is always kept."),
    )
    city_name = models.CharField(_("city name"), max_length=120)
    country = models.CharField(_("country (ISO 3166 alpha-3)"), max_length=3)
    region = models.CharField(_("region"), max_length=50)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    sources = models.JSONField(
        _("sources"), default=list, blank=True, help_text=_("A list of {title, publisher, url, year}.")
    )
    indicator_ids = models.JSONField(_("indicators"), default=list, blank=True)
    module_ids = models.JSONField(_("modules"), default=list, blank=True)
    dimension_ids = models.JSONField(_("dimensions"), default=list, blank=True)
    # " ind:PS.4 mod:integrated-call-centre dim:PS ": filters as a plain substring test,
    # the same on every database (SQLite has no JSON containment lookup).
    tags = models.TextField(_("filter tags"), blank=True, editable=False)
    award_year = models.PositiveSmallIntegerField(_("award edition (year)"), null=True, blank=True)
    award_category = models.CharField(_("award category"), max_length=100, blank=True)
    award_prize = models.CharField(_("award prize"), max_length=100, blank=True)
    demo = models.BooleanField(
        _("demo data"), default=False, help_text=_("Invented for the demonstration; not a real case.")
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["city_name", "slug"]
        verbose_name = _("practice")
        verbose_name_plural = _("practices")

    def __str__(self) -> str:
        return self.slug


class PracticeText(models.Model):
    """The texts of one practice in one language (English is always present)."""

    practice = models.ForeignKey(
        Practice, verbose_name=_("practice"), on_delete=models.CASCADE, related_name="texts"
    )
    language = models.CharField(
        _("language"),
        max_length=8,
        choices=[(code, name) for code, (_config, name) in PRACTICE_LANGUAGES.items()],
    )
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"))
    problem = models.TextField(_("problem"))
    solution = models.TextField(_("solution"))
    results = models.TextField(_("results"))
    figures = models.JSONField(_("figures"), default=list, blank=True)
    # PostgreSQL only (filled by the service that writes practices; NULL on SQLite, which
    # searches through its FTS5 table instead). See docs/knowledge.md.
    search_config = models.CharField(_("text-search configuration"), max_length=20, default="simple")
    search_vector = SearchVectorField(null=True, editable=False)

    class Meta:
        ordering = ["practice", "language"]
        verbose_name = _("practice text")
        verbose_name_plural = _("practice texts")
        constraints = [
            models.UniqueConstraint(fields=["practice", "language"], name="one_practice_text_per_language")
        ]

    def __str__(self) -> str:
        return f"{self.practice.slug} ({self.language})"
