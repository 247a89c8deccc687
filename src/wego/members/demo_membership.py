"""Demo membership data: the regional offices, an invented fee schedule, invoices with some
paid, and one pending application. Safe to load twice.

The regional offices and their host cities are WeGO's (PRODUCT.md); the fee amounts, the
invoices, the payments and the applicant city are invented, and flagged `is_demo` so every
page and PDF that shows them labels them as demo data.
"""

from __future__ import annotations

import datetime as dt
import zlib
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from wego.members.models import (
    City,
    Country,
    Fee,
    Invoice,
    MemberCategory,
    MemberOffice,
    MembershipApplication,
    RegionalOffice,
)
from wego.members.selectors import member_category_on
from wego.members.services import (
    ContactInput,
    NewCityInput,
    fee_set,
    invoice_issue,
    membership_apply,
    payment_record,
)

# (office name, host city slug, region of the country list it serves by default)
OFFICES = (
    ("Regional Office for Asia (Chengdu)", "chengdu", "Asia"),
    ("Regional Office for Europe and Eurasia (Ulyanovsk Region)", "ulyanovsk-region", "Europe"),
    ("Regional Office for Latin America (Mexico City)", "mexico-city", "Americas"),
    ("Regional Office for the Mediterranean (Beyoglu)", "beyoglu", "Mediterranean"),
)
# Invented amounts in USD (the real fees are not public).
DEMO_FEES = {
    MemberCategory.FULL: Decimal("2000"),
    MemberCategory.ASSOCIATE: Decimal("1000"),
    MemberCategory.FRIENDSHIP: Decimal("1000"),
    MemberCategory.CORPORATE: Decimal("3000"),
}
FEE_YEARS = (2025, 2026)
DEMO_APPLICANT_CITY = "Demo Harbour City"


def _letter_pdf() -> bytes:
    """A one-page letter made with WeasyPrint, marked as demo data."""
    from weasyprint import HTML

    html = (
        "<html><body style='font-family: sans-serif'>"
        "<p><strong>DEMO DATA: an invented letter for demonstration only.</strong></p>"
        f"<p>To the WeGO Secretariat, Seoul.</p><p>{DEMO_APPLICANT_CITY} applies for membership of the "
        "World e-Governments Organization of Cities and Local Governments.</p>"
        "<p>Signed: the Mayor (demo)</p></body></html>"
    )
    return HTML(string=html).write_pdf()


def _share(*parts: object) -> float:
    return zlib.crc32("/".join(map(str, parts)).encode()) % 1000 / 1000


@transaction.atomic
def membership_demo_load() -> dict[str, int]:
    counts = {"regional offices": 0, "demo invoices": 0, "demo payments": 0, "demo applications": 0}
    for name, slug, region in OFFICES:
        host = City.objects.filter(slug=slug).first()
        if host is None:
            continue
        office, created = RegionalOffice.objects.get_or_create(
            name=name, defaults={"host_city": host, "region": region}
        )
        counts["regional offices"] += int(created)
        if region == "Mediterranean":  # no such region in the country list: assigned explicitly
            MemberOffice.objects.get_or_create(city=host, defaults={"office": office})

    for year in FEE_YEARS:
        for category, amount in DEMO_FEES.items():
            if not Fee.objects.filter(year=year, category=category).exists():
                fee_set(year=year, category=category, amount=amount, actor=None, is_demo=True)

    if not MembershipApplication.objects.filter(city__name=DEMO_APPLICANT_CITY).exists() and (
        Country.objects.filter(pk="PHL").exists()
    ):
        membership_apply(
            applicant=None,
            new_city=NewCityInput(
                name=DEMO_APPLICANT_CITY, country_iso3="PHL", latitude=13.41, longitude=122.56
            ),
            mayor_name="Mayor of Demo Harbour City (demo)",
            motivation="Demo data: an invented application to show the secretariat's review.",
            letter=SimpleUploadedFile("letter.pdf", _letter_pdf(), "application/pdf"),
            contacts=[
                ContactInput(role="mayor", name="Demo Mayor", email="mayor@harbour.demo.wego.invalid"),
                ContactInput(
                    role="focal_point",
                    name="Demo Focal Point",
                    email="focal@harbour.demo.wego.invalid",
                    position="Head of e-government (demo)",
                ),
            ],
            is_demo=True,
        )
        counts["demo applications"] += 1

    members = City.objects.exclude(member_category=MemberCategory.NON_MEMBER).order_by("slug")
    for city in members:
        for year in FEE_YEARS:
            if Invoice.objects.filter(city=city, year=year).exists():
                continue
            if member_category_on(city, dt.date(year, 12, 31)) == MemberCategory.NON_MEMBER:
                continue
            issued = dt.date(year, 1, 15)
            invoice = invoice_issue(city=city, year=year, actor=None, issued_on=issued, is_demo=True)
            counts["demo invoices"] += 1
            share = 1.0 if city.slug == "seoul" else _share(city.slug, year)
            # Most pay the earlier year in full; about half have paid this year, some in part.
            paid_in_full = share < (0.85 if year == FEE_YEARS[0] else 0.45) or share == 1.0
            if paid_in_full:
                amount = invoice.amount
            elif share < 0.6:
                amount = (invoice.amount / 2).quantize(Decimal("0.01"))
            else:
                continue
            payment_record(
                invoice=invoice,
                amount=amount,
                paid_on=min(issued + dt.timedelta(days=20 + int(share * 40)), timezone.localdate()),
                reference=f"DEMO-{invoice.number}",
                actor=None,
                is_demo=True,
            )
            counts["demo payments"] += 1

    return counts
