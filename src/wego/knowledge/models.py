"""Knowledge sharing: development partners (and, next to them, the practice library)."""

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
