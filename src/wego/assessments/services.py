"""Writes and workflows for frameworks and assessments."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext

from wego.assessments.models import (
    Answer,
    AnswerRevision,
    AnswerStatus,
    Assessment,
    AssessmentStatus,
    Cycle,
    FrameworkVersion,
    SectionAssignment,
)
from wego.assessments.selectors import framework_plan
from wego.common.services import audit_record
from wego.scoring import AnswerError, AnswerTable, load_framework, parse_answer, score, shipped_frameworks
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
            assessment.scores = {
                node: (None if np.isnan(value) else round(float(value), 4))
                for node, value in zip(result.plan.node_ids, result.scores[i], strict=True)
            }
            assessment.scored_at = now
        Assessment.objects.bulk_update(group, ["overall_score", "stage", "coverage", "scores", "scored_at"])
        count += len(group)
    return count


# The investigation: answering, teamwork, submitting --------------------------------------


class AnswerRefused(Exception):
    """An answer that cannot be saved; `message` says why, in words for the person.

    `conflict` is true when the answer was refused only because someone else changed it
    since the person loaded it (the version check), not because it is invalid.
    """

    def __init__(self, question_id: str, message: str, *, conflict: bool = False):
        self.question_id = question_id
        self.message = message
        self.conflict = conflict
        super().__init__(f"{question_id}: {message}")


@dataclass
class AnswerInput:
    question_id: str
    status: str = AnswerStatus.ANSWERED
    value: str = ""
    comment: str | None = None
    evidence_url: str | None = None
    expected_version: int | None = None  # the version the person saw; 0 = no answer yet


@dataclass
class SaveOutcome:
    answer: Answer | None
    conflict: Answer | None = None  # the other person's newer answer, when versions differ
    changed: bool = False


def _check_can_answer(*, actor, assessment: Assessment, question_id: str) -> None:
    from wego.assessments.selectors import assigned_sections, section_of_question

    if not actor.has_perm("assessments.answer_assessment", assessment):
        if assessment.status == AssessmentStatus.SUBMITTED:
            raise AnswerRefused(
                question_id, gettext("The assessment is submitted; it must be reopened to change answers.")
            )
        raise PermissionDenied("assessments.answer_assessment")
    section = section_of_question(assessment.cycle.framework, question_id)
    if section is None:
        raise AnswerRefused(question_id, gettext("There is no such question in this framework."))
    allowed = assigned_sections(actor, assessment)
    if allowed is not None and section.id not in allowed:
        raise PermissionDenied(f"section {section.id} is not assigned to this person")


def _validate(assessment: Assessment, item: AnswerInput) -> None:
    framework = framework_plan(assessment.cycle.framework).framework
    if item.status not in AnswerStatus.values:
        raise AnswerRefused(item.question_id, gettext("Unknown answer status."))
    if item.status == AnswerStatus.ANSWERED:
        question = framework.node(item.question_id)
        try:
            _value, state = parse_answer(framework, question, item.value)
        except AnswerError as exc:
            raise AnswerRefused(item.question_id, str(exc)) from None
        if state == MISSING:
            raise AnswerRefused(item.question_id, gettext("Choose an answer."))
    elif item.status in (AnswerStatus.DONT_KNOW, AnswerStatus.NOT_APPLICABLE):
        question = framework.node(item.question_id)
        allowed = question.dont_know if item.status == AnswerStatus.DONT_KNOW else question.not_applicable
        if not allowed:
            raise AnswerRefused(item.question_id, gettext("This answer is not allowed for this question."))
    if any("\x00" in (text or "") for text in (item.value, item.comment, item.evidence_url)):
        # PostgreSQL cannot store it, and no person types it: refuse it on every engine alike.
        raise AnswerRefused(item.question_id, gettext("The answer contains a NUL character (0x00)."))
    if item.evidence_url:
        try:
            URLValidator(schemes=["http", "https"])(item.evidence_url)
        except ValidationError:
            raise AnswerRefused(
                item.question_id,
                gettext("The evidence link must be a web address starting with http:// or https://."),
            ) from None


def _apply(*, assessment: Assessment, item: AnswerInput, actor, action: str = "answer") -> SaveOutcome:
    """Write one answer inside the caller's transaction, with the version check."""
    answer = (
        Answer.objects.select_for_update().filter(assessment=assessment, question_id=item.question_id).first()
    )
    if item.expected_version is not None:
        current = answer.version if answer is not None else 0
        if current != item.expected_version:
            return SaveOutcome(answer=None, conflict=answer)
    old = (answer.status, answer.value) if answer else ("", "")
    if answer is None:
        answer = Answer(assessment=assessment, question_id=item.question_id, version=0)
    value = item.value.strip() if item.status == AnswerStatus.ANSWERED else ""
    new_fields = {"status": item.status, "value": value}
    if item.comment is not None:
        new_fields["comment"] = item.comment.strip()
    if item.evidence_url is not None:
        new_fields["evidence_url"] = item.evidence_url.strip()
    before = {name: getattr(answer, name) for name in new_fields}
    changed = before != new_fields or answer.pk is None
    confirming = action == "confirm" and answer.carried_from_year is not None
    if not changed and not confirming:
        return SaveOutcome(answer=answer, changed=False)
    for name, value_ in new_fields.items():
        setattr(answer, name, value_)
    answer.carried_from_year = None
    answer.answered_by = actor
    answer.version += 1
    try:
        with transaction.atomic():
            answer.save()
    except IntegrityError:  # someone created the same answer a moment ago
        return SaveOutcome(
            answer=None,
            conflict=Answer.objects.filter(assessment=assessment, question_id=item.question_id).first(),
        )
    others = {
        k: [before[k], new_fields[k]]
        for k in ("comment", "evidence_url")
        if k in new_fields and before[k] != new_fields[k]
    }
    AnswerRevision.objects.create(
        assessment=assessment,
        question_id=item.question_id,
        action=action,
        old_status=old[0],
        old_value=old[1],
        new_status=answer.status,
        new_value=answer.value,
        changes=others,
        actor=actor,
    )
    audit_record(
        actor=actor,
        action=f"answer.{action}",
        obj=answer,
        data={
            "assessment": assessment.pk,
            "question": item.question_id,
            "old": list(old),
            "new": [answer.status, answer.value],
        },
    )
    return SaveOutcome(answer=answer, changed=True)


def _mark_started(assessment: Assessment) -> None:
    if assessment.status == AssessmentStatus.NOT_STARTED:
        Assessment.objects.filter(pk=assessment.pk, status=AssessmentStatus.NOT_STARTED).update(
            status=AssessmentStatus.IN_PROGRESS
        )
        assessment.status = AssessmentStatus.IN_PROGRESS


@transaction.atomic
def answer_save(*, assessment: Assessment, actor, item: AnswerInput, action: str = "answer") -> SaveOutcome:
    """Save one answer as a person gave it. Refuses what the person may not answer.

    With `item.expected_version`, a newer answer by someone else is never overwritten:
    the outcome carries it as `conflict`, and nothing is written.
    """
    assessment = (
        Assessment.objects.select_for_update()
        .select_related("cycle__framework", "city__country")
        .get(pk=assessment.pk)
    )
    _check_can_answer(actor=actor, assessment=assessment, question_id=item.question_id)
    _validate(assessment, item)
    outcome = _apply(assessment=assessment, item=item, actor=actor, action=action)
    if outcome.changed:
        _mark_started(assessment)
    return outcome


@transaction.atomic
def answers_save_batch(
    *, assessment: Assessment, actor, items: list[AnswerInput], action: str = "answer"
) -> list[SaveOutcome]:
    """Save many answers at once, all or nothing.

    Raises AnswerRefusedBatch listing every refused answer and every version conflict;
    then nothing is saved.
    """
    assessment = (
        Assessment.objects.select_for_update()
        .select_related("cycle__framework", "city__country")
        .get(pk=assessment.pk)
    )
    problems: list[AnswerRefused] = []
    seen: set[str] = set()
    for item in items:
        try:
            if item.question_id in seen:
                raise AnswerRefused(item.question_id, gettext("This question is answered twice."))
            seen.add(item.question_id)
            _check_can_answer(actor=actor, assessment=assessment, question_id=item.question_id)
            _validate(assessment, item)
        except AnswerRefused as exc:
            problems.append(exc)
    if problems:
        raise AnswerRefusedBatch(problems)
    outcomes = []
    with transaction.atomic():
        for item in items:
            outcome = _apply(assessment=assessment, item=item, actor=actor, action=action)
            if outcome.conflict is not None or (outcome.answer is None):
                problems.append(
                    AnswerRefused(
                        item.question_id,
                        gettext("Someone else changed this answer since you loaded it."),
                        conflict=True,
                    )
                )
            outcomes.append(outcome)
        if problems:
            transaction.set_rollback(True)
    if problems:
        raise AnswerRefusedBatch(problems)
    if any(o.changed for o in outcomes):
        _mark_started(assessment)
    return outcomes


class AnswerRefusedBatch(Exception):
    def __init__(self, problems: list[AnswerRefused]):
        self.problems = problems
        super().__init__("; ".join(str(p) for p in problems[:5]))


EVIDENCE_SIGNATURES = {
    ".pdf": [b"%PDF-"],
    ".png": [b"\x89PNG\r\n\x1a\n"],
    ".jpg": [b"\xff\xd8\xff"],
    ".jpeg": [b"\xff\xd8\xff"],
    ".gif": [b"GIF87a", b"GIF89a"],
    ".webp": [b"RIFF"],
    ".docx": [b"PK\x03\x04"],
    ".xlsx": [b"PK\x03\x04"],
    ".pptx": [b"PK\x03\x04"],
    ".odt": [b"PK\x03\x04"],
    ".ods": [b"PK\x03\x04"],
    ".odp": [b"PK\x03\x04"],
    ".doc": [b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"],
    ".xls": [b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"],
    ".ppt": [b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"],
}


def evidence_check(upload) -> None:
    """Accept PDF, images and office documents whose content matches their name and size."""
    name = upload.name or ""
    extension = ("." + name.rsplit(".", 1)[-1].lower()) if "." in name else ""
    limit = settings.MAX_UPLOAD_MB * 1024 * 1024
    if upload.size > limit:
        raise ValidationError(gettext("The file is larger than %(mb)s MB.") % {"mb": settings.MAX_UPLOAD_MB})
    if extension not in EVIDENCE_SIGNATURES:
        raise ValidationError(
            gettext(
                "Upload a PDF, an image (PNG, JPEG, GIF, WebP) or an office document (Word, Excel, PowerPoint, OpenDocument)."
            )
        )
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if not any(head.startswith(signature) for signature in EVIDENCE_SIGNATURES[extension]):
        raise ValidationError(
            gettext("The file's content is not a %(kind)s file.") % {"kind": extension[1:].upper()}
        )


@transaction.atomic
def evidence_attach(*, assessment: Assessment, actor, question_id: str, upload) -> Answer:
    assessment = (
        Assessment.objects.select_for_update()
        .select_related("cycle__framework", "city__country")
        .get(pk=assessment.pk)
    )
    _check_can_answer(actor=actor, assessment=assessment, question_id=question_id)
    evidence_check(upload)
    answer = Answer.objects.select_for_update().filter(assessment=assessment, question_id=question_id).first()
    if answer is None:
        raise AnswerRefused(question_id, gettext("Answer the question before attaching evidence."))
    old_name = answer.evidence_file.name
    answer.evidence_file.save(upload.name, upload, save=False)
    answer.answered_by = actor
    answer.version += 1
    answer.save()
    AnswerRevision.objects.create(
        assessment=assessment,
        question_id=question_id,
        action="evidence",
        old_status=answer.status,
        old_value=answer.value,
        new_status=answer.status,
        new_value=answer.value,
        changes={"evidence_file": [old_name, answer.evidence_file.name]},
        actor=actor,
    )
    audit_record(actor=actor, action="answer.evidence", obj=answer, data={"file": answer.evidence_file.name})
    return answer


@dataclass
class Completeness:
    answered: int
    total: int
    threshold: float
    missing: dict[str, list[str]]  # section id -> question ids without an answer

    @property
    def share(self) -> float:
        return self.answered / self.total if self.total else 1.0

    @property
    def enough(self) -> bool:
        return self.share + 1e-12 >= self.threshold


def assessment_completeness(assessment: Assessment) -> Completeness:
    from wego.assessments.selectors import framework_sections

    answered = set(Answer.objects.filter(assessment=assessment).values_list("question_id", flat=True))
    missing: dict[str, list[str]] = {}
    total = 0
    for section in framework_sections(assessment.cycle.framework):
        total += len(section.question_ids)
        gaps = [q for q in section.question_ids if q not in answered]
        if gaps:
            missing[section.id] = gaps
    return Completeness(
        answered=total - sum(len(v) for v in missing.values()),
        total=total,
        threshold=assessment.cycle.completeness_threshold,
        missing=missing,
    )


class SubmitRefused(Exception):
    def __init__(self, message: str, completeness: Completeness | None = None):
        self.message = message
        self.completeness = completeness
        super().__init__(message)


@transaction.atomic
def assessment_submit(*, assessment: Assessment, actor) -> Assessment:
    assessment = (
        Assessment.objects.select_for_update()
        .select_related("cycle__framework", "city__country")
        .get(pk=assessment.pk)
    )
    if assessment.status == AssessmentStatus.SUBMITTED:
        raise SubmitRefused(gettext("The assessment is already submitted."))
    if not actor.has_perm("assessments.submit_assessment", assessment):
        raise PermissionDenied("assessments.submit_assessment")
    if timezone.now().date() > assessment.cycle.closes_on and not actor.has_perm("assessments.manage_cycles"):
        raise SubmitRefused(gettext("The cycle closed on %(date)s.") % {"date": assessment.cycle.closes_on})
    completeness = assessment_completeness(assessment)
    if not completeness.enough:
        raise SubmitRefused(
            gettext("%(share).0f%% of the questions are answered; %(needed).0f%% are needed to submit.")
            % {"share": completeness.share * 100, "needed": completeness.threshold * 100},
            completeness,
        )
    assessment.status = AssessmentStatus.SUBMITTED
    assessment.submitted_at = timezone.now()
    assessment.save(update_fields=["status", "submitted_at", "updated_at"])
    assessments_score(assessments=[assessment])
    audit_record(actor=actor, action="assessment.submit", obj=assessment, data={"share": completeness.share})
    return assessment


@transaction.atomic
def assessment_reopen(*, assessment: Assessment, actor, reason: str) -> Assessment:
    assessment = (
        Assessment.objects.select_for_update()
        .select_related("cycle__framework", "city__country")
        .get(pk=assessment.pk)
    )
    if assessment.status != AssessmentStatus.SUBMITTED:
        raise SubmitRefused(gettext("Only a submitted assessment can be reopened."))
    if not actor.has_perm("assessments.reopen_assessment", assessment):
        raise PermissionDenied("assessments.reopen_assessment")
    reason = reason.strip()
    if len(reason) < 5:
        raise SubmitRefused(gettext("Say why the assessment is reopened (at least a few words)."))
    assessment.status = AssessmentStatus.IN_PROGRESS
    assessment.submitted_at = None
    assessment.save(update_fields=["status", "submitted_at", "updated_at"])
    audit_record(actor=actor, action="assessment.reopen", obj=assessment, data={"reason": reason})
    return assessment


@transaction.atomic
def assessment_start(*, city, cycle: Cycle, actor, prefill: bool = True) -> Assessment:
    """Start (or return) the city's assessment in a cycle, carrying over its last answers."""
    if not actor.has_perm("assessments.start_assessment", city):
        raise PermissionDenied("assessments.start_assessment")
    today = timezone.now().date()
    if not cycle.opens_on <= today <= cycle.closes_on:
        raise SubmitRefused(
            gettext("The cycle is not open (%(start)s to %(end)s).")
            % {"start": cycle.opens_on, "end": cycle.closes_on}
        )
    if cycle.invited.exists() and not cycle.invited.filter(pk=city.pk).exists():
        raise SubmitRefused(gettext("%(city)s is not invited to this cycle.") % {"city": city})
    existing = Assessment.objects.filter(city=city, cycle=cycle).first()
    if existing is not None:
        return existing
    assessment = Assessment.objects.create(city=city, cycle=cycle)
    if prefill:
        previous = (
            Assessment.objects.filter(
                city=city, status=AssessmentStatus.SUBMITTED, cycle__framework__slug=cycle.framework.slug
            )
            .exclude(pk=assessment.pk)
            .select_related("cycle")
            .order_by("-cycle__year")
            .first()
        )
        if previous is not None:
            assessment_prefill(assessment=assessment, previous=previous)
    audit_record(
        actor=actor, action="assessment.start", obj=assessment, data={"previous": assessment.previous_id}
    )
    return assessment


def assessment_prefill(*, assessment: Assessment, previous: Assessment) -> int:
    """Copy answers to questions that still exist, each marked "unchanged since <year>"."""
    questions = set(framework_plan(assessment.cycle.framework).question_ids)
    copies = [
        Answer(
            assessment=assessment,
            question_id=a.question_id,
            status=a.status,
            value=a.value,
            comment=a.comment,
            evidence_url=a.evidence_url,
            evidence_file=a.evidence_file.name,
            carried_from_year=previous.cycle.year,
        )
        for a in Answer.objects.filter(assessment=previous)
        if a.question_id in questions
    ]
    Answer.objects.bulk_create(copies)
    assessment.previous = previous
    assessment.status = AssessmentStatus.IN_PROGRESS if copies else assessment.status
    assessment.save(update_fields=["previous", "status", "updated_at"])
    return len(copies)


@transaction.atomic
def assignment_set(*, assessment: Assessment, actor, user, sections: list[str]) -> None:
    """Give a respondent exactly these sections of an assessment."""
    from wego.assessments.selectors import framework_sections

    if not actor.has_perm("assessments.manage_assessment", assessment):
        raise PermissionDenied("assessments.manage_assessment")
    known = {s.id for s in framework_sections(assessment.cycle.framework)}
    unknown = sorted(set(sections) - known)
    if unknown:
        raise ValidationError(gettext("Unknown section: %(id)s") % {"id": unknown[0]})
    SectionAssignment.objects.filter(assessment=assessment, user=user).exclude(
        section_id__in=sections
    ).delete()
    for section in sections:
        SectionAssignment.objects.get_or_create(assessment=assessment, user=user, section_id=section)
    audit_record(
        actor=actor,
        action="assessment.assign",
        obj=assessment,
        data={"user": user.email, "sections": sorted(sections)},
    )


@transaction.atomic
def cycle_open(
    *,
    actor,
    year: int,
    name: str,
    framework: FrameworkVersion,
    opens_on,
    closes_on,
    invited,
    threshold: float,
) -> Cycle:
    if not actor.has_perm("assessments.manage_cycles"):
        raise PermissionDenied("assessments.manage_cycles")
    if closes_on < opens_on:
        raise ValidationError(gettext("The cycle must close after it opens."))
    if Cycle.objects.filter(year=year, framework=framework).exists():
        raise ValidationError(
            gettext("There is already a %(year)s cycle with this framework version.") % {"year": year}
        )
    cycle = Cycle.objects.create(
        year=year,
        name=name,
        framework=framework,
        opens_on=opens_on,
        closes_on=closes_on,
        completeness_threshold=threshold,
    )
    cycle.invited.set(invited)
    audit_record(actor=actor, action="cycle.open", obj=cycle, data={"invited": len(invited)})
    return cycle
