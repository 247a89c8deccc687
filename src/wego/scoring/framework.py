"""Framework files: a questionnaire and its scoring model, as a versioned YAML file.

A framework is validated in two passes. Pydantic checks the shape (types, required
keys, unknown keys); `_check_semantics` checks what a schema cannot express (unique
ids, references to shared scales, ordered stage cut-offs). Every problem becomes a
`FrameworkError` naming the file, the line, the path inside the file and what is wrong.
The format is documented in docs/frameworks.md.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    Tag,
    ValidationError,
    field_validator,
    model_validator,
)

FORMAT_VERSION = 1
SHIPPED_DIR = Path(__file__).resolve().parent.parent / "frameworks"
ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._-]*$"
LANGUAGE_PATTERN = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]+)?$")
# Root nodes and the columns `wego score` writes beside the node scores.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when available: much faster
RESERVED_IDS = {
    "overall",
    "inventory",
    "id",
    "stage",
    "rank",
    "coverage",
    "dont_know",
    "missing",
    "perspective",
}
# Typed answers that mean "don't know" or "not applicable" can never be option ids.
ANSWER_TOKENS = {
    "dk",
    "dont_know",
    "don't know",
    "dont know",
    "unknown",
    "?",
    "na",
    "n/a",
    "not_applicable",
    "not applicable",
}


_LINE_BREAKS = {ord(c): repr(c)[1:-1] for c in "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"}


def one_line(text: str) -> str:
    """A key or value quoted in a problem, with its line breaks written out: one problem, one line."""
    return text.translate(_LINE_BREAKS)


class FrameworkError(Exception):
    """A framework file that cannot be used; `problems` lists (line, path, message)."""

    def __init__(self, source: str, problems: list[tuple[int | None, str, str]]):
        self.source = source
        self.problems = problems
        super().__init__(self.describe())

    def describe(self, limit: int = 20) -> str:
        lines = []
        for line, path, message in self.problems[:limit]:
            where = f"{self.source}"
            if line is not None:
                where += f", line {line}"
            if path:
                where += f", at {one_line(path)}"
            lines.append(f"{where}: {one_line(message)}")
        if len(self.problems) > limit:
            lines.append(f"... and {len(self.problems) - limit} more problems")
        return "\n".join(lines)


class Strict(BaseModel):
    # YAML reads .inf, .nan and 1e400 as floats; an infinite weight or bound scores as NaN.
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


class Text(BaseModel):
    """A text in several languages; English is required, others fall back to it."""

    model_config = ConfigDict(frozen=True)
    values: dict[str, str]

    @model_validator(mode="before")
    @classmethod
    def _from_yaml(cls, data: Any) -> Any:
        if isinstance(data, str):
            return {"values": {"en": data}}
        if isinstance(data, dict) and "values" not in data:
            return {"values": data}
        return data

    @field_validator("values")
    @classmethod
    def _english_and_codes(cls, values: dict[str, str]) -> dict[str, str]:
        if "en" not in values:
            raise ValueError("an English text ('en') is required")
        for code, text in values.items():
            if not LANGUAGE_PATTERN.match(code):
                raise ValueError(f"'{code}' is not a language code such as 'en' or 'ko'")
            if not isinstance(text, str) or not text.strip():
                raise ValueError(f"the '{code}' text is empty")
        return values

    def get(self, language: str = "en") -> str:
        return self.values.get(language) or self.values.get(language.split("-")[0]) or self.values["en"]

    def __str__(self) -> str:
        return self.values["en"]


Aggregation = Literal["mean", "geometric", "min"]


class Option(Strict):
    id: Annotated[str, Field(pattern=ID_PATTERN)]
    text: Text
    points: Annotated[float, Field(ge=0)]


class Normalisation(Strict):
    """How a number becomes a value in [0, 1]: min-max with fixed or population bounds."""

    bounds: Literal["fixed", "population"] = "fixed"
    min: float | None = None
    max: float | None = None
    direction: Literal["higher", "lower"] = "higher"
    cap: bool = True

    @model_validator(mode="after")
    def _fixed_bounds(self) -> Normalisation:
        if self.bounds == "fixed":
            if self.min is None or self.max is None:
                raise ValueError("fixed bounds need both 'min' and 'max'")
            if not self.min < self.max:
                raise ValueError(f"'min' ({self.min}) must be below 'max' ({self.max})")
        elif self.min is not None or self.max is not None:
            raise ValueError("population bounds are taken from the data: remove 'min' and 'max'")
        return self


QuestionType = Literal["scale", "yesno", "choice", "number", "percent", "normalised"]


class Question(Strict):
    id: Annotated[str, Field(pattern=ID_PATTERN)]
    type: QuestionType
    text: Text
    help: Text | None = None
    evidence: Text | None = None
    source: str | None = None
    weight: Annotated[float, Field(ge=0)] = 1.0
    dont_know: bool = True
    not_applicable: bool = True
    # scale: the texts of the levels (lowest first) or the name of a shared scale
    levels: list[Text] | str | None = None
    # choice
    options: list[Option] | None = None
    multiple: bool = False
    max_points: Annotated[float, Field(gt=0)] | None = None
    # number
    unit: str | None = None
    normalise: Normalisation | None = None

    @model_validator(mode="after")
    def _fields_for_type(self) -> Question:
        needed = {"scale": "levels", "choice": "options", "number": "normalise"}
        own = {"levels", "options", "normalise", "multiple", "max_points", "unit"}
        allowed = {
            "scale": {"levels"},
            "choice": {"options", "multiple", "max_points"},
            "number": {"normalise", "unit"},
            "percent": set(),
            "yesno": set(),
            "normalised": set(),
        }[self.type]
        if self.type in needed and getattr(self, needed[self.type]) is None:
            raise ValueError(f"a '{self.type}' question needs '{needed[self.type]}'")
        for name in sorted(own - allowed):
            if name in self.model_fields_set:
                raise ValueError(f"'{name}' does not apply to a '{self.type}' question")
        if isinstance(self.levels, list) and len(self.levels) < 2:
            raise ValueError("a scale needs at least 2 levels")
        if self.options is not None:
            ids = [o.id.lower() for o in self.options]
            if len(set(ids)) != len(ids):
                raise ValueError("option ids must be unique (upper and lower case count as the same)")
            taken = [o.id for o in self.options if o.id.lower() in ANSWER_TOKENS]
            if taken:
                raise ValueError(f"option id '{taken[0]}' would read as don't know or not applicable")
            if not any(o.points > 0 for o in self.options):
                raise ValueError("at least one option must give points")
        return self

    @property
    def is_question(self) -> bool:
        return True


class Node(Strict):
    id: Annotated[str, Field(pattern=ID_PATTERN)]
    kind: str = "node"
    title: Text
    description: Text | None = None
    source: str | None = None
    weight: Annotated[float, Field(ge=0)] = 1.0
    aggregation: Aggregation | None = None
    children: Annotated[list[Child], Field(min_length=1)]

    @property
    def is_question(self) -> bool:
        return False


def _child_tag(data: Any) -> str:
    if isinstance(data, dict):
        return "question" if "type" in data else "node"
    return "question" if getattr(data, "is_question", False) else "node"


Child = Annotated[
    Annotated[Node, Tag("node")] | Annotated[Question, Tag("question")],
    Discriminator(_child_tag),
]
Node.model_rebuild()


class Stage(Strict):
    id: Annotated[str, Field(pattern=ID_PATTERN)]
    name: Text
    description: Text | None = None
    min: float
    inclusive: bool = True


class ScoreScale(Strict):
    min: float = 0.0
    max: float = 1.0

    @model_validator(mode="after")
    def _ordered(self) -> ScoreScale:
        if not self.min < self.max:
            raise ValueError(f"'min' ({self.min}) must be below 'max' ({self.max})")
        return self


class Perspective(Strict):
    id: Annotated[str, Field(pattern=ID_PATTERN)]
    name: Text


class Framework(Strict):
    format: Literal[1]
    id: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*$")]
    version: str
    title: Text
    description: Text | None = None
    source: str | None = None
    scale: ScoreScale = ScoreScale()
    precision: Annotated[int, Field(ge=0, le=12)] | None = None
    aggregation: Aggregation = "mean"
    missing: Literal["minimum", "exclude"] = "minimum"
    scales: dict[str, Annotated[list[Text], Field(min_length=2)]] = {}
    perspectives: list[Perspective] = []
    # The node kind that forms one questionnaire section, per part (e.g. tree: dimension);
    # a part without an entry has its top-level nodes as sections.
    sections: dict[Literal["tree", "inventory"], str] = {}
    stages: list[Stage] = []
    tree: Annotated[list[Child], Field(min_length=1)]
    inventory: list[Child] = []

    # Filled in by the loader, not part of the file.
    content_hash: str = ""
    source_name: str = ""

    def walk(self, part: str = "tree") -> Iterator[Node | Question]:
        """Every node and question of one part, depth first, parents before children."""
        stack = list(reversed(getattr(self, part)))
        while stack:
            item = stack.pop()
            yield item
            if not item.is_question:
                stack.extend(reversed(item.children))

    def questions(self) -> list[Question]:
        return [n for part in ("tree", "inventory") for n in self.walk(part) if n.is_question]

    def section_nodes(self) -> list[tuple[str, Node | Question]]:
        """(part, node) of every questionnaire section, in questionnaire order."""
        found = []
        for part in ("tree", "inventory"):
            kind = self.sections.get(part)
            if kind is None:
                found.extend((part, node) for node in getattr(self, part))
            else:
                found.extend((part, n) for n in self.walk(part) if not n.is_question and n.kind == kind)
        return found

    def question_levels(self, question: Question) -> list[Text]:
        if isinstance(question.levels, str):
            return self.scales[question.levels]
        return question.levels or []

    def node(self, node_id: str) -> Node | Question:
        for part in ("tree", "inventory"):
            for item in self.walk(part):
                if item.id == node_id:
                    return item
        raise KeyError(node_id)

    def stage_for(self, value: float) -> Stage | None:
        found = None
        for stage in self.stages:
            if value > stage.min or (stage.inclusive and value == stage.min):
                found = stage
        return found


def _check_semantics(fw: Framework) -> list[tuple[tuple[Any, ...], str]]:
    """What the schema cannot say: unique ids, known scale names, ordered stages."""
    problems: list[tuple[tuple[Any, ...], str]] = []
    seen: dict[str, tuple[Any, ...]] = {}

    def visit(items: list[Any], path: tuple[Any, ...]) -> None:
        for index, item in enumerate(items):
            here = (*path, index)
            if item.id in RESERVED_IDS:
                problems.append(((*here, "id"), f"'{item.id}' is reserved; choose another id"))
            if item.id in seen:
                problems.append(
                    (
                        (*here, "id"),
                        f"duplicate id '{item.id}' (first used at {_dotted(seen[item.id])})",
                    )
                )
            else:
                seen[item.id] = here
            if item.is_question:
                if isinstance(item.levels, str) and item.levels not in fw.scales:
                    known = ", ".join(sorted(fw.scales)) or "none defined"
                    problems.append(
                        (
                            (*here, "levels"),
                            f"unknown shared scale '{item.levels}' (known: {known})",
                        )
                    )
            else:
                if sum(child.weight for child in item.children) <= 0:
                    problems.append(((*here, "children"), "the weights of the children add up to 0"))
                visit(item.children, (*here, "children"))

    visit(fw.tree, ("tree",))
    visit(fw.inventory, ("inventory",))
    for part in ("tree", "inventory"):
        children = getattr(fw, part)
        if children and sum(child.weight for child in children) <= 0:
            problems.append(((part,), f"the weights of the top-level nodes of '{part}' add up to 0"))
    if fw.stages:
        if fw.stages[0].min != fw.scale.min or not fw.stages[0].inclusive:
            problems.append(
                (
                    ("stages", 0, "min"),
                    f"the lowest stage must start at the scale minimum ({fw.scale.min:g}), inclusive",
                )
            )
        for index in range(1, len(fw.stages)):
            if not fw.stages[index].min > fw.stages[index - 1].min:
                problems.append(
                    (("stages", index, "min"), "stage cut-offs must increase from the lowest stage")
                )
            if fw.stages[index].min > fw.scale.max:
                problems.append(
                    (
                        ("stages", index, "min"),
                        f"cut-off above the scale maximum ({fw.scale.max:g})",
                    )
                )
        ids = [s.id for s in fw.stages]
        if len(set(ids)) != len(ids):
            problems.append((("stages",), "stage ids must be unique"))
    ids = [p.id for p in fw.perspectives]
    if len(set(ids)) != len(ids):
        problems.append((("perspectives",), "perspective ids must be unique"))
    for part, kind in fw.sections.items():
        nodes = [n for n in fw.walk(part) if not n.is_question and n.kind == kind]
        if not nodes:
            problems.append((("sections", part), f"no node of kind '{kind}' in '{part}'"))
            continue
        covered = {q.id for n in nodes for q in _questions_under(n)}
        outside = [q.id for q in fw.walk(part) if q.is_question and q.id not in covered]
        if outside:
            problems.append((("sections", part), f"question '{outside[0]}' is in no '{kind}' section"))
    return problems


def _questions_under(node: Node) -> list[Question]:
    stack, found = [node], []
    while stack:
        item = stack.pop()
        if item.is_question:
            found.append(item)
        else:
            stack.extend(item.children)
    return found


def _dotted(path: tuple[Any, ...]) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _line_of(root: yaml.Node | None, path: tuple[Any, ...]) -> int | None:
    """The line of the deepest YAML node reachable along `path` (1-based)."""
    node = root
    line = node.start_mark.line + 1 if node is not None else None
    for part in path:
        if isinstance(node, yaml.MappingNode):
            match = next((v for k, v in node.value if getattr(k, "value", None) == part), None)
            if match is None:
                break
            node = match
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
            node = node.value[part]
        else:
            break
        line = node.start_mark.line + 1
    return line


def _duplicate_keys(
    node: yaml.Node | None, path: tuple[Any, ...] = (), visited: set[int] | None = None
) -> list[tuple[int, str, str]]:
    """YAML keeps the last of two equal keys without a word; a framework file may not."""
    found: list[tuple[int, str, str]] = []
    visited = set() if visited is None else visited
    if id(node) in visited:  # an alias (*name) points back to a node already checked
        return found
    visited.add(id(node))
    if isinstance(node, yaml.MappingNode):
        seen: set[Any] = set()
        for key, value in node.value:
            name = getattr(key, "value", None)
            if name in seen:
                found.append((key.start_mark.line + 1, _dotted(path), f"duplicate key '{name}'"))
            seen.add(name)
            found.extend(_duplicate_keys(value, (*path, name), visited))
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            found.extend(_duplicate_keys(item, (*path, index), visited))
    return found


def _clean_loc(loc: tuple[Any, ...]) -> tuple[Any, ...]:
    """Drop pydantic's union tags and internal names from an error location."""
    return tuple(p for p in loc if p not in ("node", "question", "values", "function-after[_fixed_bounds()]"))


def yaml_parse(text: str, source: str) -> tuple[Any, yaml.Node | None]:
    """Plain data and the YAML node tree (for line numbers) from one parse.

    Raises FrameworkError for invalid YAML and for a key written twice in a mapping.
    """
    try:
        loader = _LOADER(text)
        try:
            tree = loader.get_single_node()
            data = loader.construct_document(tree) if tree is not None else None
        finally:
            loader.dispose()
    except yaml.reader.ReaderError as exc:
        # A character YAML does not allow: its default message spans lines and has no line.
        line = text.count("\n", 0, exc.position) + 1
        code = ord(exc.character) if isinstance(exc.character, str) else exc.character
        character = f"#x{code:04x}" if isinstance(code, int) else repr(code)
        raise FrameworkError(source, [(line, "", f"not valid YAML: {exc.reason} ({character})")]) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        raise FrameworkError(
            source, [(line, "", f"not valid YAML: {getattr(exc, 'problem', exc)}")]
        ) from None
    duplicates = _duplicate_keys(tree)
    if duplicates:
        raise FrameworkError(source, duplicates)
    return data, tree


def validation_problems(exc: ValidationError, tree: yaml.Node | None) -> list[tuple[int | None, str, str]]:
    """Pydantic's errors as (line, path, message), worded for the author of the file."""
    problems = []
    for err in exc.errors():
        loc = _clean_loc(tuple(err["loc"]))
        line = _line_of(tree, loc)
        message = err["msg"].removeprefix("Value error, ")
        if err["type"] == "extra_forbidden":
            message = f"unknown key '{loc[-1]}'"
            loc = loc[:-1]
        elif err["type"] == "missing":
            message = f"'{loc[-1]}' is required"
            loc = loc[:-1]
        problems.append((line, _dotted(loc), message))
    return problems


def line_of(tree: yaml.Node | None, path: tuple[Any, ...]) -> int | None:
    return _line_of(tree, path)


def dotted(path: tuple[Any, ...]) -> str:
    return _dotted(path)


_PARSED: dict[tuple[str, str, str | None], Framework] = {}


def load_framework_text(
    text: str, source: str = "<framework>", *, content_hash: str | None = None
) -> Framework:
    """Parse and validate a framework; a text seen before is not parsed again (frameworks are immutable)."""
    key = (hashlib.sha256(text.encode("utf-8")).hexdigest(), source, content_hash)
    if key not in _PARSED:
        if len(_PARSED) > 64:
            _PARSED.clear()
        _PARSED[key] = _load_framework_text(text, source, content_hash=content_hash)
    return _PARSED[key]


def _load_framework_text(
    text: str, source: str = "<framework>", *, content_hash: str | None = None
) -> Framework:
    """Parse and validate a framework from YAML text; raise FrameworkError on any problem.

    `content_hash` is the SHA-256 of the file's bytes when read from a file; by default
    the hash of the text encoded as UTF-8.
    """
    data, tree = yaml_parse(text, source)
    if not isinstance(data, dict):
        raise FrameworkError(
            source, [(1, "", "a framework file must be a mapping with 'format', 'id', 'tree', ...")]
        )
    if data.get("format") != FORMAT_VERSION:
        raise FrameworkError(
            source, [(_line_of(tree, ("format",)), "format", f"'format' must be {FORMAT_VERSION}")]
        )
    for key in ("content_hash", "source_name"):
        if key in data:
            raise FrameworkError(
                source, [(_line_of(tree, (key,)), key, "is set by the loader, not the file")]
            )
    try:
        framework = Framework.model_validate(data)
    except ValidationError as exc:
        raise FrameworkError(source, validation_problems(exc, tree)) from None
    problems = _check_semantics(framework)
    if problems:
        raise FrameworkError(source, [(_line_of(tree, p), _dotted(p), m) for p, m in problems])
    digest = content_hash or hashlib.sha256(text.encode("utf-8")).hexdigest()
    return framework.model_copy(update={"content_hash": digest, "source_name": source})


def shipped_frameworks() -> dict[str, Path]:
    """The framework files that come with the product, by file stem."""
    return {path.stem: path for path in sorted(SHIPPED_DIR.glob("*.yaml"))}


def shipped_framework_path(name: str) -> Path | None:
    return shipped_frameworks().get(name)


def resolve_framework_path(path_or_name: str | Path) -> Path:
    """A file path as given, or the file of a shipped framework named like 'egdi'."""
    path = Path(path_or_name)
    if not path.exists() and isinstance(path_or_name, str):
        shipped = shipped_framework_path(path_or_name)
        if shipped is not None:
            return shipped
    return path


def load_framework(path_or_name: str | Path) -> Framework:
    """Load a framework file, or a shipped framework by name (e.g. 'ceds', 'egdi')."""
    path = resolve_framework_path(path_or_name)
    if not path.exists():
        names = ", ".join(shipped_frameworks()) or "none"
        raise FrameworkError(
            str(path_or_name), [(None, "", f"no such file, and not a shipped framework ({names})")]
        )
    try:
        raw = path.read_bytes()
        text = raw.decode("utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise FrameworkError(path.name, [(None, "", f"cannot be read as UTF-8 text: {exc}")]) from None
    return load_framework_text(text, source=path.name, content_hash=hashlib.sha256(raw).hexdigest())
