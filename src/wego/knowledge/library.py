"""The knowledge data files: practices and development partners, validated like a framework.

`practices.yaml` and `partners.yaml` (in `data/`) are read and checked in two passes:
pydantic checks the shape (types, required keys, unknown keys), then `_check_*` checks
the references (indicators of the CeDS framework, modules of the module catalogue,
regions, unique slugs). Every problem names the file, the line and the path inside it.
No Django imports; the services write what this returns. The format is in docs/knowledge.md.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Annotated, Literal

from pydantic import AnyHttpUrl, BaseModel, ConfigDict, Field, ValidationError, field_validator

from wego.scoring.framework import (
    Framework,
    FrameworkError,
    dotted,
    line_of,
    load_framework,
    validation_problems,
    yaml_parse,
)
from wego.solutions.catalogue import Catalogue, load_catalogue

DATA_DIR = Path(__file__).resolve().parent / "data"
PRACTICES_FILE = DATA_DIR / "practices.yaml"
PARTNERS_FILE = DATA_DIR / "partners.yaml"
FRAMEWORK = "ceds"
CATALOGUE = "ceds-modules"
LANGUAGES = ("en", "ko", "es", "fr", "ru", "ar")
REGIONS = ("Africa", "Americas", "Asia", "Europe", "Oceania")
SLUG = r"^[a-z0-9][a-z0-9-]*$"
WEBSITE_MAX = 200  # the database column (a URLField)

Language = Literal["en", "ko", "es", "fr", "ru", "ar"]
Region = Literal["Africa", "Americas", "Asia", "Europe", "Oceania"]
NonEmpty = Annotated[str, Field(min_length=1)]


class KnowledgeDataError(FrameworkError):
    """A practices or partners file that cannot be used; problems are (line, path, message)."""


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    @field_validator("*", mode="before")
    @classmethod
    def _strip(cls, value):
        return value.strip() if isinstance(value, str) else value


class Source(Strict):
    title: NonEmpty
    publisher: NonEmpty
    url: AnyHttpUrl | None = None
    year: Annotated[int, Field(ge=1990, le=2100)] | None = None


class PracticeTexts(Strict):
    title: Annotated[str, Field(min_length=1, max_length=200)]
    summary: NonEmpty
    problem: NonEmpty
    solution: NonEmpty
    results: NonEmpty
    figures: list[NonEmpty] = []


class Award(Strict):
    edition: Annotated[int, Field(ge=2010, le=2100)]
    # Lengths as in the database columns: PostgreSQL refuses a longer text mid-load.
    category: Annotated[str, Field(min_length=1, max_length=100)]
    prize: Annotated[str, Field(min_length=1, max_length=100)]


class PracticeEntry(Strict):
    slug: Annotated[str, Field(pattern=SLUG, max_length=120)]
    city: Annotated[str, Field(pattern=SLUG)] | None = None  # slug of a City, linked when present
    city_name: Annotated[str, Field(min_length=1, max_length=120)]
    country: Annotated[str, Field(pattern=r"^[A-Z]{3}$")]
    region: Region
    year: Annotated[int, Field(ge=1990, le=2100)] | None = None
    indicators: list[str] = []
    modules: list[str] = []
    award: Award | None = None
    demo: bool = False
    sources: Annotated[list[Source], Field(min_length=1)]
    texts: dict[Language, PracticeTexts]

    @field_validator("texts")
    @classmethod
    def _english(cls, texts: dict) -> dict:
        if "en" not in texts:
            raise ValueError("an English text ('en') is required")
        return texts


class PracticesFile(Strict):
    format: Literal[1]
    practices: list[PracticeEntry]


class PartnerEntry(Strict):
    slug: Annotated[str, Field(pattern=SLUG, max_length=80)]
    name: Annotated[str, Field(min_length=1, max_length=200)]
    kind: Literal[
        "multilateral", "development_bank", "government_agency", "non_profit", "academic", "company"
    ]
    website: AnyHttpUrl
    description: dict[Language, NonEmpty]
    regions: list[Region] = []  # empty: worldwide
    indicators: list[str] = []
    modules: list[str] = []

    @field_validator("description")
    @classmethod
    def _english(cls, texts: dict) -> dict:
        if "en" not in texts:
            raise ValueError("an English text ('en') is required")
        return texts

    @field_validator("website")
    @classmethod
    def _fits_the_column(cls, website: AnyHttpUrl) -> AnyHttpUrl:
        if len(str(website)) > WEBSITE_MAX:
            raise ValueError(f"the web address is longer than {WEBSITE_MAX} characters")
        return website


class PartnersFile(Strict):
    format: Literal[1]
    partners: list[PartnerEntry]


@lru_cache(maxsize=1)
def reference() -> tuple[Framework, Catalogue]:
    """The shipped CeDS framework and module catalogue the data files refer to."""
    framework = load_framework(FRAMEWORK)
    return framework, load_catalogue(CATALOGUE, framework=framework)


def indicator_dimensions(framework: Framework) -> dict[str, str]:
    """Indicator id -> the id of the dimension above it."""
    found: dict[str, str] = {}
    for node in framework.walk("tree"):
        if not node.is_question and node.kind == "dimension":
            for child in node.children:
                if not child.is_question and child.kind == "indicator":
                    found[child.id] = node.id
    return found


def _references(
    entries: list, kind: str, framework: Framework, catalogue: Catalogue
) -> list[tuple[tuple, str]]:
    problems: list[tuple[tuple, str]] = []
    indicators = indicator_dimensions(framework)
    modules = {m.id for m in catalogue.modules}
    seen: set[str] = set()
    for i, entry in enumerate(entries):
        here = (kind, i)
        if entry.slug in seen:
            problems.append(((*here, "slug"), f"duplicate slug '{entry.slug}'"))
        seen.add(entry.slug)
        for j, indicator in enumerate(entry.indicators):
            if indicator not in indicators:
                problems.append(
                    (
                        (*here, "indicators", j),
                        f"'{indicator}' is not an indicator of framework '{framework.id}'",
                    )
                )
        for j, module in enumerate(entry.modules):
            if module not in modules:
                problems.append(
                    ((*here, "modules", j), f"'{module}' is not a module of catalogue '{catalogue.id}'")
                )
        if len(set(entry.indicators)) != len(entry.indicators):
            problems.append(((*here, "indicators"), "an indicator is listed twice"))
        if len(set(entry.modules)) != len(entry.modules):
            problems.append(((*here, "modules"), "a module is listed twice"))
    return problems


def _parse(text: str, source: str, model: type[BaseModel], kind: str):
    try:
        data, tree = yaml_parse(text, source)
    except FrameworkError as exc:
        raise KnowledgeDataError(source, exc.problems) from None
    if not isinstance(data, dict):
        raise KnowledgeDataError(source, [(1, "", f"the file must be a mapping with 'format' and '{kind}'")])
    try:
        parsed = model.model_validate(data)
    except ValidationError as exc:
        raise KnowledgeDataError(source, validation_problems(exc, tree)) from None
    framework, catalogue = reference()
    problems = _references(getattr(parsed, kind), kind, framework, catalogue)
    if problems:
        raise KnowledgeDataError(source, [(line_of(tree, path), dotted(path), msg) for path, msg in problems])
    return parsed


def _read(path: Path) -> str:
    try:
        return path.read_bytes().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise KnowledgeDataError(path.name, [(None, "", f"cannot be read as UTF-8 text: {exc}")]) from None


def practices_parse(text: str, source: str = "<practices>") -> PracticesFile:
    """Parse and validate a practices file; raise KnowledgeDataError on any problem."""
    return _parse(text, source, PracticesFile, "practices")


def partners_parse(text: str, source: str = "<partners>") -> PartnersFile:
    """Parse and validate a partners file; raise KnowledgeDataError on any problem."""
    return _parse(text, source, PartnersFile, "partners")


def practices_read(path: Path = PRACTICES_FILE) -> PracticesFile:
    return practices_parse(_read(Path(path)), Path(path).name)


def partners_read(path: Path = PARTNERS_FILE) -> PartnersFile:
    return partners_parse(_read(Path(path)), Path(path).name)
