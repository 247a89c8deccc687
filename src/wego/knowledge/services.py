"""Every write of the knowledge app: loading the practice library and the partners.

Loading is idempotent (a practice or partner is matched by its slug; loading the same
file twice changes nothing the second time) and atomic (a file with one problem writes
nothing). The search index is kept in step here, in the same transaction: no signals.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import transaction

from wego.common.services import audit_record
from wego.knowledge import search
from wego.knowledge.library import (
    PARTNERS_FILE,
    PRACTICES_FILE,
    PartnerEntry,
    PracticeEntry,
    indicator_dimensions,
    partners_read,
    practices_read,
    reference,
)
from wego.knowledge.models import PRACTICE_LANGUAGES, Partner, Practice, PracticeText
from wego.members.models import City


@dataclass(frozen=True)
class LoadResult:
    created: int
    updated: int
    unchanged: int

    def __str__(self) -> str:
        return f"{self.created} created, {self.updated} updated, {self.unchanged} unchanged"


def _tags(indicators: list[str], modules: list[str], dimensions: list[str]) -> str:
    parts = (
        [f"ind:{i}" for i in indicators] + [f"mod:{m}" for m in modules] + [f"dim:{d}" for d in dimensions]
    )
    return f" {' '.join(parts)} " if parts else ""


def _practice_values(entry: PracticeEntry, city: City | None) -> dict[str, Any]:
    framework, _catalogue = reference()
    dimension_of = indicator_dimensions(framework)
    dimensions = sorted({dimension_of[i] for i in entry.indicators})
    return {
        "city": city,
        "city_name": entry.city_name,
        "country": entry.country,
        "region": entry.region,
        "year": entry.year,
        "sources": [
            {
                "title": s.title,
                "publisher": s.publisher,
                "url": str(s.url) if s.url else "",
                "year": s.year,
            }
            for s in entry.sources
        ],
        "indicator_ids": list(entry.indicators),
        "module_ids": list(entry.modules),
        "dimension_ids": dimensions,
        "tags": _tags(list(entry.indicators), list(entry.modules), dimensions),
        "award_year": entry.award.edition if entry.award else None,
        "award_category": entry.award.category if entry.award else "",
        "award_prize": entry.award.prize if entry.award else "",
        "demo": entry.demo,
    }


def _text_values(language: str, texts) -> dict[str, Any]:
    return {
        "title": texts.title,
        "summary": texts.summary,
        "problem": texts.problem,
        "solution": texts.solution,
        "results": texts.results,
        "figures": list(texts.figures),
        "search_config": PRACTICE_LANGUAGES[language][0],
    }


def _differs(obj, values: dict[str, Any]) -> bool:
    return any(getattr(obj, name) != value for name, value in values.items())


def practice_save(*, entry: PracticeEntry, actor: Any = None) -> tuple[Practice, str]:
    """Create or update one practice and its texts from a validated entry; re-index it.

    Returns the practice and what happened: "created", "updated" or "unchanged".
    """
    city = City.objects.filter(slug=entry.city).first() if entry.city else None
    values = _practice_values(entry, city)
    practice = Practice.objects.select_for_update().filter(slug=entry.slug).first()
    outcome = "unchanged"
    if practice is None:
        practice = Practice.objects.create(slug=entry.slug, **values)
        outcome = "created"
    elif _differs(practice, values):
        for name, value in values.items():
            setattr(practice, name, value)
        practice.save()
        outcome = "updated"
    existing = {t.language: t for t in practice.texts.all()}
    texts = []
    for language, content in entry.texts.items():
        text_values = _text_values(language, content)
        text = existing.pop(language, None)
        if text is None:
            text = PracticeText.objects.create(practice=practice, language=language, **text_values)
            outcome = "updated" if outcome == "unchanged" else outcome
        elif _differs(text, text_values):
            for name, value in text_values.items():
                setattr(text, name, value)
            text.save()
            outcome = "updated" if outcome == "unchanged" else outcome
        texts.append(text)
    if existing:  # languages no longer in the file
        PracticeText.objects.filter(pk__in=[t.pk for t in existing.values()]).delete()
        outcome = "updated" if outcome == "unchanged" else outcome
    search.index_practice(practice, texts)
    if outcome != "unchanged":
        audit_record(
            actor=actor,
            action=f"knowledge.practice_{outcome}",
            obj=practice,
            data={"languages": sorted(entry.texts)},
        )
    return practice, outcome


@transaction.atomic
def practices_load(path: Path | str = PRACTICES_FILE, *, actor: Any = None) -> LoadResult:
    """Load a practices file (default: the shipped library): all of it, or nothing.

    Raises KnowledgeDataError (file, line, path, message) before writing anything when
    the file is not valid. Practices not in the file are left as they are.
    """
    parsed = practices_read(Path(path))
    outcomes = [practice_save(entry=entry, actor=actor)[1] for entry in parsed.practices]
    return LoadResult(outcomes.count("created"), outcomes.count("updated"), outcomes.count("unchanged"))


def _partner_values(entry: PartnerEntry) -> dict[str, Any]:
    return {
        "name": entry.name,
        "kind": entry.kind,
        "website": str(entry.website),
        "description": dict(entry.description),
        "regions": list(entry.regions),
        "module_ids": list(entry.modules),
        "indicator_ids": list(entry.indicators),
    }


@transaction.atomic
def partners_load(path: Path | str = PARTNERS_FILE, *, actor: Any = None) -> LoadResult:
    """Load a partners file (default: the shipped one): all of it, or nothing.

    A partner is matched by slug; its contact e-mail and `active` flag (set by the
    secretariat in the administration) are left alone.
    """
    parsed = partners_read(Path(path))
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    for entry in parsed.partners:
        values = _partner_values(entry)
        partner = Partner.objects.select_for_update().filter(slug=entry.slug).first()
        if partner is None:
            partner = Partner.objects.create(slug=entry.slug, **values)
            outcome = "created"
        elif _differs(partner, values):
            for name, value in values.items():
                setattr(partner, name, value)
            partner.save()
            outcome = "updated"
        else:
            outcome = "unchanged"
        counts[outcome] += 1
        if outcome != "unchanged":
            audit_record(actor=actor, action=f"knowledge.partner_{outcome}", obj=partner)
    return LoadResult(counts["created"], counts["updated"], counts["unchanged"])


@transaction.atomic
def practices_reindex() -> int:
    """Rebuild the search index of every practice; returns how many were indexed.

    The index (FTS5 table or tsvector column) is derived data: a backup, a restore or a
    move to another database copies the texts, and this brings the index back in step.
    """
    return search.reindex_all()


@transaction.atomic
def knowledge_load(*, actor: Any = None) -> dict[str, LoadResult]:
    """Load the shipped practice library and partners (what `wego demo` runs)."""
    loaded = {"practices": practices_load(actor=actor), "partners": partners_load(actor=actor)}
    practices_reindex()
    return loaded
