import datetime as dt

import pytest
from django.utils import timezone

from tests.factories import AssessmentFactory, CycleFactory
from tests.scoring.conftest import SMALL
from wego.assessments.models import Answer, AnswerStatus, FrameworkVersion
from wego.assessments.services import (
    AnswerInput,
    AnswerRefusedBatch,
    answers_save_batch,
    assessments_score,
    framework_load,
    frameworks_load_shipped,
)

pytestmark = pytest.mark.django_db


def test_framework_load_same_file_twice_creates_one_version(tmp_path):
    path = tmp_path / "small.yaml"
    path.write_text(SMALL, encoding="utf-8")

    first, created_first = framework_load(path=path)
    second, created_second = framework_load(path=path)

    assert (created_first, created_second) == (True, False)
    assert first.pk == second.pk
    assert FrameworkVersion.objects.count() == 1


def test_framework_load_changed_file_becomes_the_current_version(tmp_path):
    path = tmp_path / "small.yaml"
    path.write_text(SMALL, encoding="utf-8")
    old, _ = framework_load(path=path)
    path.write_text(SMALL.replace("Small test framework", "Small test framework, revised"), encoding="utf-8")

    new, created = framework_load(path=path)

    old.refresh_from_db()
    assert created is True
    assert (old.is_current, new.is_current) == (False, True)
    assert list(FrameworkVersion.objects.filter(slug="small").values_list("title", flat=True)) == [
        "Small test framework, revised",
        "Small test framework",
    ]


def test_frameworks_load_shipped_loads_ceds_egdi_and_smart_city():
    loaded = frameworks_load_shipped()

    assert sorted((v.slug, v.question_count) for v, _ in loaded) == [
        ("ceds", 200),
        ("egdi", 3),
        ("smart-city", 55),
    ]


def test_assessments_score_stores_overall_stage_and_coverage(tmp_path):
    path = tmp_path / "small.yaml"
    path.write_text(SMALL, encoding="utf-8")
    version, _ = framework_load(path=path)
    assessment = AssessmentFactory(cycle=CycleFactory(framework=version))
    Answer.objects.bulk_create(
        [
            Answer(assessment=assessment, question_id="A1", value="5"),
            Answer(assessment=assessment, question_id="A2", value="yes"),
            Answer(assessment=assessment, question_id="B1", status=AnswerStatus.DONT_KNOW),
        ]
    )

    count = assessments_score(assessments=[assessment])

    assessment.refresh_from_db()
    assert count == 1
    assert (assessment.overall_score, assessment.stage, assessment.coverage) == (66.7, "mid", 0.75)


def _small_assessment_with_coordinator(tmp_path):
    from wego.accounts.models import Role, RoleKind, User

    path = tmp_path / "small.yaml"
    path.write_text(SMALL, encoding="utf-8")
    version, _ = framework_load(path=path)
    assessment = AssessmentFactory(
        cycle=CycleFactory(framework=version, closes_on=timezone.now().date() + dt.timedelta(days=30))
    )
    coordinator = User.objects.create_user(email="coordinator@example.org")
    Role.objects.create(user=coordinator, kind=RoleKind.COORDINATOR, city=assessment.city)
    return assessment, coordinator


def test_answers_save_batch_marks_version_conflicts_as_conflicts(tmp_path):
    assessment, coordinator = _small_assessment_with_coordinator(tmp_path)
    Answer.objects.create(assessment=assessment, question_id="A1", value="2", version=3)

    with pytest.raises(AnswerRefusedBatch) as refused:
        answers_save_batch(
            assessment=assessment,
            actor=coordinator,
            items=[
                AnswerInput(question_id="A2", value="yes", expected_version=0),
                AnswerInput(question_id="A1", value="4", expected_version=2),
            ],
        )

    assert [(p.question_id, p.conflict) for p in refused.value.problems] == [("A1", True)]
    assert list(Answer.objects.values_list("question_id", "value", "version")) == [("A1", "2", 3)]


def test_answers_save_batch_invalid_answers_are_not_conflicts(tmp_path):
    assessment, coordinator = _small_assessment_with_coordinator(tmp_path)

    with pytest.raises(AnswerRefusedBatch) as refused:
        answers_save_batch(
            assessment=assessment, actor=coordinator, items=[AnswerInput(question_id="A2", value="perhaps")]
        )

    assert [(p.question_id, p.message, p.conflict) for p in refused.value.problems] == [
        ("A2", "'perhaps' is not yes or no", False)
    ]
