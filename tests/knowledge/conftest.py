"""Small practice and partner files written by the tests, loaded through the real services."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
import yaml

SOURCE = {"title": "A report", "publisher": "A publisher", "url": "https://example.org/report", "year": 2017}


def practice(slug: str, title: str, *, body: str = "Residents asked for it.", **fields) -> dict:
    """One practice entry with English texts; extra keys (texts, region, ...) override."""
    entry = {
        "slug": slug,
        "city_name": fields.pop("city_name", "Sample City"),
        "country": fields.pop("country", "KOR"),
        "region": fields.pop("region", "Asia"),
        "sources": [SOURCE],
        "texts": {
            "en": {
                "title": title,
                "summary": f"Summary of {slug}.",
                "problem": "A problem the city had.",
                "solution": body,
                "results": "Results were measured.",
            }
        },
    }
    entry.update(fields)
    return entry


def write(path: Path, key: str, entries: list[dict]) -> Path:
    path.write_text(yaml.safe_dump({"format": 1, key: copy.deepcopy(entries)}, allow_unicode=True), "utf-8")
    return path


@pytest.fixture
def practices_file(tmp_path):
    def make(entries: list[dict], name: str = "practices.yaml") -> Path:
        return write(tmp_path / name, "practices", entries)

    return make


@pytest.fixture
def partners_file(tmp_path):
    def make(entries: list[dict], name: str = "partners.yaml") -> Path:
        return write(tmp_path / name, "partners", entries)

    return make


def partner(slug: str, **fields) -> dict:
    entry = {
        "slug": slug,
        "name": fields.pop("name", slug.upper()),
        "kind": "multilateral",
        "website": f"https://{slug}.example.org/",
        "description": {"en": f"What {slug} does."},
    }
    entry.update(fields)
    return entry
