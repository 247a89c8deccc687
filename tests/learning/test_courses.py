"""The eGovFrame course catalogue shipped with the app, and what a broken file is told."""

import pytest

from wego.learning.courses import ENVIRONMENTS, CatalogueError, catalogue_parse, load_courses


def test_shipped_catalogue_covers_the_four_environments_and_common_components():
    catalogue = load_courses()

    assert [e.id for e in catalogue.environments] == [
        "development",
        "runtime",
        "management",
        "operation",
        "common-components",
    ]
    assert all(courses for _environment, courses in catalogue.by_environment())
    assert catalogue.environment("runtime").name.get("ko") == "실행환경"
    assert len(catalogue.sources) == 2


def test_every_course_has_english_texts_and_topics():
    for course in load_courses().courses:
        assert course.title.get("en")
        assert course.topics
        assert course.environment in ENVIRONMENTS


GOOD_ENVIRONMENTS = "\n".join(f"- id: {e}\n  name: {e}\n  summary: about {e}" for e in ENVIRONMENTS)


def _file(courses: str, environments: str = GOOD_ENVIRONMENTS) -> str:
    return (
        "format: 1\nid: x\nversion: '1'\ntitle: X\nsources: [somewhere]\n"
        f"environments:\n{environments}\ncourses:\n{courses}\n"
    )


COURSE = "- id: {id}\n  environment: runtime\n  title: T\n  summary: S\n  audience: A\n  days: 2\n  topics: [one]\n"


def test_a_repeated_course_id_is_refused_with_its_place():
    with pytest.raises(CatalogueError) as refused:
        catalogue_parse(_file(COURSE.format(id="a") + COURSE.format(id="a")), "courses.yaml")

    assert str(refused.value) == "courses.yaml: (top): Value error, course ids must be unique; repeated: a"


def test_a_missing_environment_is_refused():
    environments = "\n".join(f"- id: {e}\n  name: {e}\n  summary: s" for e in ENVIRONMENTS[:4])

    with pytest.raises(CatalogueError) as refused:
        catalogue_parse(_file(COURSE.format(id="a"), environments), "courses.yaml")

    assert str(refused.value) == (
        "courses.yaml: (top): Value error, environments must be exactly: development, runtime, "
        "management, operation, common-components, in that order"
    )


def test_a_course_without_english_is_refused():
    course = COURSE.format(id="a").replace("title: T", "title: {ko: 제목}")

    with pytest.raises(CatalogueError) as refused:
        catalogue_parse(_file(course), "courses.yaml")

    assert (
        str(refused.value)
        == "courses.yaml: courses.0.title.values: Value error, an English text ('en') is required"
    )
