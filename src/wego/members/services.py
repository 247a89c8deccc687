"""Loading reference data: countries and cities."""

from __future__ import annotations

import csv
from pathlib import Path

from django.db import transaction
from django.utils.text import slugify

from wego.members.models import City, Country, MemberCategory

DATA_DIR = Path(__file__).resolve().parent / "data"


@transaction.atomic
def countries_load() -> int:
    """Create or update every country of the bundled list; safe to run again."""
    count = 0
    for name in ("countries.csv", "countries-extra.csv"):
        with (DATA_DIR / name).open(encoding="utf-8-sig", newline="") as handle:
            for row in csv.DictReader(handle, delimiter=";"):
                Country.objects.update_or_create(
                    iso3=row["COUNTRY CODE"].strip(),
                    defaults={
                        "name": row["COMMON NAME"].strip(),
                        "official_name": row["OFFICIAL NAME"].strip(),
                        "region": row["REGION"].strip(),
                        "subregion": row["SUB-REGION"].strip(),
                        "income_group": row["INCOME"].strip(),
                        "development_status": row["STATUS"].strip(),
                    },
                )
                count += 1
    return count


def _int_or_none(text: str) -> int | None:
    return int(text) if text.strip() else None


@transaction.atomic
def cities_load(*, path: Path) -> int:
    """Create or update cities from a CSV (name, country_iso3, latitude, longitude, ...)."""
    categories = {label.split()[0].lower(): value for value, label in MemberCategory.choices}
    count = 0
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            City.objects.update_or_create(
                slug=slugify(row["name"]),
                defaults={
                    "name": row["name"],
                    "country_id": row["country_iso3"],
                    "latitude": float(row["latitude"]),
                    "longitude": float(row["longitude"]),
                    "population": _int_or_none(row["population"]),
                    "population_year": _int_or_none(row["population_year"]),
                    "member_category": categories[row["category"].strip().lower()],
                    "joined_year": _int_or_none(row["joined"]),
                    "notes": row["notes"],
                },
            )
            count += 1
    return count
