"""Writes and workflows for frameworks and assessments."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import numpy as np
from django.db import transaction
from django.utils import timezone

from wego.assessments.models import Answer, Assessment, FrameworkVersion
from wego.assessments.selectors import framework_plan
from wego.scoring import AnswerTable, load_framework, parse_answer, score, shipped_frameworks
from wego.scoring.answers import MISSING


@transaction.atomic
def framework_load(*, path: Path) -> tuple[FrameworkVersion, bool]:
    """Store a framework file as a version; a changed file becomes the new current version.

    Returns (version, created). Loading an unchanged file again changes nothing.
    """
    framework = load_framework(path)
    text = path.read_bytes().decode("utf-8-sig")
    existing = FrameworkVersion.objects.filter(content_hash=framework.content_hash).first()
    if existing is not None:
        if not existing.is_current:
            FrameworkVersion.objects.filter(slug=framework.id, is_current=True).update(is_current=False)
            existing.is_current = True
            existing.save(update_fields=["is_current"])
        return existing, False
    FrameworkVersion.objects.filter(slug=framework.id, is_current=True).update(is_current=False)
    version = FrameworkVersion.objects.create(
        slug=framework.id,
        version=framework.version,
        title=str(framework.title),
        content_hash=framework.content_hash,
        source_text=text,
        source_name=path.name,
        question_count=len(framework.questions()),
        is_current=True,
    )
    return version, True


def frameworks_load_shipped() -> list[tuple[FrameworkVersion, bool]]:
    return [framework_load(path=path) for path in shipped_frameworks().values()]


def answer_table_build(*, version: FrameworkVersion, assessments: list[Assessment]) -> AnswerTable:
    """The engine's answer table for assessments of one framework version, from stored answers."""
    plan = framework_plan(version)
    framework = plan.framework
    column = {qid: j for j, qid in enumerate(plan.question_ids)}
    row = {a.pk: i for i, a in enumerate(assessments)}
    values = np.full((len(assessments), len(column)), np.nan)
    status = np.full((len(assessments), len(column)), MISSING, dtype=np.int8)
    answers = Answer.objects.filter(assessment__in=[a.pk for a in assessments]).values_list(
        "assessment_id", "question_id", "status", "value"
    )
    questions = {q.id: q for q in plan.questions}
    for assessment_id, question_id, answer_status, value in answers:
        j = column.get(question_id)
        if j is None:  # an answer to a question that this version no longer has
            continue
        cell = {"dont_know": "dk", "not_applicable": "na"}.get(answer_status, value)
        values[row[assessment_id], j], status[row[assessment_id], j] = parse_answer(
            framework, questions[question_id], cell
        )
    return AnswerTable(
        entity_ids=[str(a.pk) for a in assessments],
        question_ids=plan.question_ids,
        values=values,
        status=status,
    )


@transaction.atomic
def assessments_score(*, assessments: Iterable[Assessment]) -> int:
    """Score assessments with the engine (vectorised per framework version) and store the results."""
    by_version: dict[int, list[Assessment]] = {}
    for assessment in assessments:
        by_version.setdefault(assessment.cycle.framework_id, []).append(assessment)
    now = timezone.now()
    count = 0
    for version_id, group in by_version.items():
        version = group[0].cycle.framework
        assert version.pk == version_id
        result = score(framework_plan(version), answer_table_build(version=version, assessments=group))
        for i, assessment in enumerate(group):
            overall = result.rounded[i]
            assessment.overall_score = None if np.isnan(overall) else float(overall)
            assessment.stage = result.stage_id(i) or ""
            assessment.coverage = float(result.coverage[i, result.plan.overall_index])
            assessment.scored_at = now
        Assessment.objects.bulk_update(group, ["overall_score", "stage", "coverage", "scored_at"])
        count += len(group)
    return count
