"""The e-government module catalogue: a versioned YAML file, validated like a framework.

A module says what it improves (indicators and systems of a framework), when the diagnosis
recommends it (triggers), what must exist first (prerequisites, which form a graph without
cycles), and how to do it, step by step, in five phases. The loader refuses a file with an
unknown indicator or system, an unknown prerequisite or a cycle, naming file, line and path.
No Django imports: the catalogue is data the engine-side code can read anywhere.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from wego.scoring.framework import (
    ID_PATTERN,
    Framework,
    FrameworkError,
    Text,
    dotted,
    line_of,
    load_framework,
    validation_problems,
    yaml_parse,
)

CATALOGUE_DIR = Path(__file__).resolve().parent / "catalogue"
PHASES = ("plan", "procure", "build", "launch", "operate")
CostBand = Literal["low", "medium", "high", "very-high"]
# The share of residents online a module needs to reach its users (ITU: individuals using the
# Internet): low, under half; medium, half to four in five; high, more than four in five.
Connectivity = Literal["low", "medium", "high"]
MODULE_ID = r"^[a-z0-9][a-z0-9-]*$"


class CatalogueError(FrameworkError):
    """A catalogue file that cannot be used; the same (line, path, message) problems as frameworks."""


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Step(Strict):
    title: Text
    do: Text
    decisions: list[Text] = []
    pitfalls: list[Text] = []


class Phase(Strict):
    phase: Literal["plan", "procure", "build", "launch", "operate"]
    steps: Annotated[list[Step], Field(min_length=1)]


class Improves(Strict):
    indicators: Annotated[list[Annotated[str, Field(pattern=ID_PATTERN)]], Field(min_length=1)]
    systems: list[Annotated[str, Field(pattern=ID_PATTERN)]] = []


class Triggers(Strict):
    """Recommend the module when an indicator scores below, or a system's level is below, a threshold."""

    indicators: dict[str, Annotated[float, Field(ge=0, le=100)]] = {}
    systems: dict[str, Annotated[int, Field(ge=1, le=5)]] = {}

    @model_validator(mode="after")
    def _something(self) -> Triggers:
        if not self.indicators and not self.systems:
            raise ValueError("a module needs at least one trigger (an indicator or a system)")
        return self


class Module(Strict):
    id: Annotated[str, Field(pattern=MODULE_ID)]
    title: Text
    summary: Text
    improves: Improves
    triggers: Triggers
    prerequisites: list[str] = []
    duration_months: Annotated[int, Field(ge=1, le=60)]
    cost_band: CostBand
    staff_fte: Annotated[float, Field(ge=0, le=100)]
    connectivity: Connectivity = "low"
    staff: Text
    egovframe_components: list[str] = []
    risks: Annotated[list[Text], Field(min_length=1)]
    kpis: Annotated[list[Text], Field(min_length=1)]
    phases: list[Phase]
    sources: list[str] = []

    @model_validator(mode="after")
    def _five_phases_in_order(self) -> Module:
        if tuple(p.phase for p in self.phases) != PHASES:
            raise ValueError("phases must be exactly plan, procure, build, launch, operate, in that order")
        return self


class Catalogue(Strict):
    format: Literal[1]
    id: Annotated[str, Field(pattern=MODULE_ID)]
    version: str
    title: Text
    framework: str
    cost_bands: dict[CostBand, Text]
    modules: Annotated[list[Module], Field(min_length=1)]

    content_hash: str = ""
    source_name: str = ""

    def module(self, module_id: str) -> Module:
        for module in self.modules:
            if module.id == module_id:
                return module
        raise KeyError(module_id)


def _prerequisite_cycle(modules: list[Module]) -> list[str] | None:
    """The first cycle found in the prerequisite graph, as a path that returns to its start."""
    requires = {m.id: m.prerequisites for m in modules}
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for nxt in requires.get(node, []):
            if state.get(nxt) == 1:
                return [*path[path.index(nxt) :], nxt]
            if nxt in requires and state.get(nxt) is None:
                found = visit(nxt)
                if found:
                    return found
        path.pop()
        state[node] = 2
        return None

    for module in modules:
        if state.get(module.id) is None:
            found = visit(module.id)
            if found:
                return found
    return None


def _check(catalogue: Catalogue, framework: Framework) -> list[tuple[tuple, str]]:
    problems: list[tuple[tuple, str]] = []
    kinds = {
        node.id: getattr(node, "kind", "question")
        for part in ("tree", "inventory")
        for node in framework.walk(part)
    }
    ids = [m.id for m in catalogue.modules]
    seen: set[str] = set()
    for i, module in enumerate(catalogue.modules):
        here = ("modules", i)
        if module.id in seen:
            problems.append(((*here, "id"), f"duplicate module id '{module.id}'"))
        seen.add(module.id)
        for j, indicator in enumerate(module.improves.indicators):
            if kinds.get(indicator) != "indicator":
                problems.append(
                    (
                        (*here, "improves", "indicators", j),
                        f"'{indicator}' is not an indicator of framework '{framework.id}'",
                    )
                )
        for j, system in enumerate(module.improves.systems):
            if kinds.get(system) != "system":
                problems.append(
                    (
                        (*here, "improves", "systems", j),
                        f"'{system}' is not a system of framework '{framework.id}'",
                    )
                )
        for indicator in module.triggers.indicators:
            if kinds.get(indicator) != "indicator":
                problems.append(
                    (
                        (*here, "triggers", "indicators", indicator),
                        f"'{indicator}' is not an indicator of framework '{framework.id}'",
                    )
                )
        for system in module.triggers.systems:
            if kinds.get(system) != "system":
                problems.append(
                    (
                        (*here, "triggers", "systems", system),
                        f"'{system}' is not a system of framework '{framework.id}'",
                    )
                )
        for j, prerequisite in enumerate(module.prerequisites):
            if prerequisite not in ids:
                problems.append(((*here, "prerequisites", j), f"unknown module '{prerequisite}'"))
            elif prerequisite == module.id:
                problems.append(((*here, "prerequisites", j), "a module cannot require itself"))
    cycle = _prerequisite_cycle(catalogue.modules)
    if cycle and len(cycle) > 2:
        start = ids.index(cycle[0])
        problems.append(
            (("modules", start, "prerequisites"), "prerequisites form a cycle: " + " -> ".join(cycle))
        )
    return problems


def load_catalogue_text(
    text: str, source: str = "<catalogue>", *, framework: Framework | None = None
) -> Catalogue:
    """Parse and validate a catalogue against its framework; raise CatalogueError on any problem."""
    try:
        data, tree = yaml_parse(text, source)
    except FrameworkError as exc:
        raise CatalogueError(source, exc.problems) from None
    if not isinstance(data, dict):
        raise CatalogueError(
            source, [(1, "", "a catalogue file must be a mapping with 'format', 'id', 'modules', ...")]
        )
    try:
        catalogue = Catalogue.model_validate(data)
    except ValidationError as exc:
        raise CatalogueError(source, validation_problems(exc, tree)) from None
    if framework is None:
        try:
            framework = load_framework(catalogue.framework)
        except FrameworkError:
            raise CatalogueError(
                source,
                [(line_of(tree, ("framework",)), "framework", f"unknown framework '{catalogue.framework}'")],
            ) from None
    problems = _check(catalogue, framework)
    if problems:
        raise CatalogueError(
            source, [(line_of(tree, path), dotted(path), message) for path, message in problems]
        )
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return catalogue.model_copy(update={"content_hash": digest, "source_name": source})


def shipped_catalogues() -> dict[str, Path]:
    return {path.stem: path for path in sorted(CATALOGUE_DIR.glob("*.yaml"))}


_LOADED: dict[tuple[str, str], Catalogue] = {}


def load_catalogue(path_or_name: str | Path, *, framework: Framework | None = None) -> Catalogue:
    """Load and validate a catalogue; a file seen before with the same framework is not parsed again."""
    path = Path(path_or_name)
    if not path.exists() and isinstance(path_or_name, str) and path_or_name in shipped_catalogues():
        path = shipped_catalogues()[path_or_name]
    if not path.exists():
        raise CatalogueError(str(path_or_name), [(None, "", "no such file, and not a shipped catalogue")])
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise CatalogueError(path.name, [(None, "", f"cannot be read as UTF-8 text: {exc}")]) from None
    key = (hashlib.sha256(text.encode("utf-8")).hexdigest(), framework.content_hash if framework else "")
    if key not in _LOADED:
        _LOADED[key] = load_catalogue_text(text, source=path.name, framework=framework)
    return _LOADED[key]
