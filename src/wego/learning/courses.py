"""The eGovFrame course catalogue: a YAML file shipped with the app, validated on load.

Every course belongs to one of the framework's four environments (development, runtime,
management, operation) or to its common components. Texts carry their languages ('en'
required). A file that does not fit is refused with its path and the reason.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from wego.scoring.framework import FrameworkError, Text, yaml_parse

DATA_DIR = Path(__file__).resolve().parent / "data"
CATALOGUE_FILE = DATA_DIR / "egovframe-courses.yaml"
ENVIRONMENTS = ("development", "runtime", "management", "operation", "common-components")
COURSE_ID = r"^[a-z0-9][a-z0-9-]*$"


class CatalogueError(ValueError):
    """A course catalogue that cannot be used."""


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Environment(Strict):
    id: Literal["development", "runtime", "management", "operation", "common-components"]
    name: Text
    summary: Text


class Course(Strict):
    id: Annotated[str, Field(pattern=COURSE_ID)]
    environment: Literal["development", "runtime", "management", "operation", "common-components"]
    title: Text
    summary: Text
    audience: Text
    days: Annotated[int, Field(ge=1, le=20)]
    topics: Annotated[list[Text], Field(min_length=1)]
    components: list[str] = []


class Catalogue(Strict):
    format: Literal[1]
    id: str
    version: str
    title: Text
    sources: Annotated[list[str], Field(min_length=1)]
    environments: list[Environment]
    courses: Annotated[list[Course], Field(min_length=1)]

    @model_validator(mode="after")
    def _complete_and_unique(self) -> Catalogue:
        if tuple(e.id for e in self.environments) != ENVIRONMENTS:
            raise ValueError("environments must be exactly: " + ", ".join(ENVIRONMENTS) + ", in that order")
        ids = [c.id for c in self.courses]
        repeated = sorted({i for i in ids if ids.count(i) > 1})
        if repeated:
            raise ValueError("course ids must be unique; repeated: " + ", ".join(repeated))
        return self

    def course(self, course_id: str) -> Course:
        for course in self.courses:
            if course.id == course_id:
                return course
        raise KeyError(course_id)

    def environment(self, environment_id: str) -> Environment:
        return next(e for e in self.environments if e.id == environment_id)

    def by_environment(self) -> list[tuple[Environment, list[Course]]]:
        return [(e, [c for c in self.courses if c.environment == e.id]) for e in self.environments]


def catalogue_parse(text: str, name: str = "catalogue") -> Catalogue:
    try:
        # The framework reader: it also refuses a key written twice, which plain YAML drops.
        data, _tree = yaml_parse(text, name)
    except FrameworkError as exc:
        raise CatalogueError(exc.describe()) from None
    try:
        return Catalogue.model_validate(data)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in error['loc']) or '(top)'}: {error['msg']}" for error in exc.errors()
        )
        raise CatalogueError(f"{name}: {problems}") from None


@cache
def load_courses() -> Catalogue:
    return catalogue_parse(CATALOGUE_FILE.read_text(encoding="utf-8"), CATALOGUE_FILE.name)
