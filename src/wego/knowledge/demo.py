"""The knowledge part of the demo: the shipped practice library and partners (real, not demo data)."""

from __future__ import annotations

from wego.knowledge.services import knowledge_load


def knowledge_demo_load() -> dict[str, int]:
    """Load the shipped library and partners; safe to run again. Returns counts for the demo's summary."""
    loaded = knowledge_load()
    practices, partners = loaded["practices"], loaded["partners"]
    return {
        "practices": practices.created + practices.updated + practices.unchanged,
        "partners": partners.created + partners.updated + partners.unchanged,
    }
