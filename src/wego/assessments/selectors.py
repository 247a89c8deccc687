"""Reads of frameworks and assessments."""

from __future__ import annotations

from functools import lru_cache

from wego.scoring import Framework, Plan, compile_plan, load_framework_text


@lru_cache(maxsize=32)
def _parse(content_hash: str, source_text: str, source_name: str) -> tuple[Framework, Plan]:
    framework = load_framework_text(source_text, source=source_name, content_hash=content_hash)
    return framework, compile_plan(framework)


def framework_parsed(version) -> Framework:
    """The parsed framework of a stored version; parsed once per process (keyed by hash)."""
    return _parse(version.content_hash, version.source_text, version.source_name)[0]


def framework_plan(version) -> Plan:
    return _parse(version.content_hash, version.source_text, version.source_name)[1]
