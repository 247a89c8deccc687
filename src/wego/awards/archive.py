"""The shipped awards data: the category sets of past editions, default criteria, the public archive.

`data/editions.json` holds the reported facts of the first four WeGO Awards (applications,
winners, categories, known winners) and the default judging criteria of new editions. The
texts carry their languages; English is required and is what is stored.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data" / "editions.json"


@cache
def shipped() -> dict:
    return json.loads(DATA.read_text(encoding="utf-8"))


def en(text) -> str:
    """The English text of a {language: text} value (plain strings pass through)."""
    if isinstance(text, dict):
        return text["en"]
    return text or ""


def category_set(key: str) -> list[dict]:
    return [
        {"slug": c["slug"], "name": en(c["name"]), "description": en(c["description"])}
        for c in shipped()["category_sets"][key]
    ]


def default_criteria() -> list[dict]:
    return [
        {"slug": c["slug"], "name": en(c["name"]), "description": en(c["description"]), "weight": c["weight"]}
        for c in shipped()["default_criteria"]
    ]


def archive_load(Edition, Category, Winner, using: str = "default") -> int:
    """Create the past editions, their categories and known winners (model classes passed in,
    so that a data migration can use its historical models); returns the editions created."""
    created = 0
    for item in shipped()["editions"]:
        edition, new = Edition.objects.using(using).get_or_create(
            number=item["number"],
            defaults={
                "year": item["year"],
                "title": en(item["title"]),
                "general_assembly": en(item["general_assembly"]),
                "status": "archive",
                "reported_applications": item["reported_applications"],
                "reported_winners": item["reported_winners"],
                "prize_tiers": [en(t) for t in item["prize_tiers"]],
            },
        )
        if not new:
            continue
        created += 1
        categories = {}
        for order, category in enumerate(category_set(item["category_set"]), start=1):
            categories[category["slug"]] = Category.objects.using(using).create(
                edition=edition, order=order, **category
            )
        for winner in item["winners"]:
            Winner.objects.using(using).create(
                edition=edition,
                category=categories[winner["category"]],
                rank=winner.get("rank"),
                tier=en(winner.get("tier", "")),
                city_name=winner["city"],
                project_title=winner.get("project", ""),
            )
    return created
