"""Assessments: the list, the questionnaire, answers (read and batch save), submit."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Status

from wego.api.permissions import api_requires, assessment_visible
from wego.api.schemas import (
    AnswerBatchIn,
    AnswerBatchOut,
    AnswerErrorsOut,
    AnswerOut,
    AssessmentOut,
    DetailOut,
    QuestionnaireOut,
    SubmitRefusedOut,
    ValidationErrorOut,
)
from wego.assessments import selectors
from wego.assessments.models import Answer, Assessment
from wego.assessments.services import (
    AnswerInput,
    AnswerRefusedBatch,
    SubmitRefused,
    answers_save_batch,
    assessment_submit,
)

router = Router(tags=["assessments"])

ERRORS = {401: DetailOut, 403: DetailOut, 404: DetailOut}
INVALID = {422: ValidationErrorOut}


def _assessment_out(assessment: Assessment, answered: int) -> dict:
    total = assessment.cycle.framework.question_count
    return {
        "id": assessment.pk,
        "city": {
            "id": assessment.city.pk,
            "name": assessment.city.name,
            "slug": assessment.city.slug,
            "country": assessment.city.country.iso3,
        },
        "cycle_id": assessment.cycle_id,
        "status": assessment.status,
        "submitted_at": assessment.submitted_at,
        "share_answered": answered / total if total else 0.0,
    }


def _answer_out(answer: Answer) -> dict:
    return {
        "question_id": answer.question_id,
        "status": answer.status,
        "value": answer.value,
        "comment": answer.comment,
        "evidence_url": answer.evidence_url,
        "version": answer.version,
        "carried_from_year": answer.carried_from_year,
        "answered_by": answer.answered_by.email if answer.answered_by else None,
        "answered_at": answer.answered_at,
    }


def _questionnaire_order(assessment: Assessment) -> dict[str, int]:
    sections = selectors.framework_sections(assessment.cycle.framework)
    ids = [qid for section in sections for qid in section.question_ids]
    return {qid: i for i, qid in enumerate(ids)}


@router.get(
    "/assessments",
    response={200: list[AssessmentOut], 401: DetailOut},
    operation_id="assessments_list",
    summary="List the assessments you may see",
)
@api_requires("accounts.manage_own_account")
def assessments_list(request: HttpRequest):
    """The assessments you may see (your cities'; all of them for the secretariat)."""
    assessments = list(selectors.assessments_visible_to(request.auth).order_by("-cycle__year", "city__name"))
    counts = selectors.answer_counts(a.pk for a in assessments)
    return [_assessment_out(a, counts.get(a.pk, 0)) for a in assessments]


@router.get(
    "/assessments/{assessment_id}/questionnaire",
    response={200: QuestionnaireOut, **ERRORS, **INVALID},
    operation_id="questionnaire_get",
    summary="Get an assessment's questionnaire",
)
@api_requires("assessments.view_assessment", load=assessment_visible)
def questionnaire(request: HttpRequest, assessment: Assessment, assessment_id: int, lang: str = "en"):
    """The sections and questions of the assessment's framework version.

    `lang` picks the language of the texts; a text without that language is in English.
    """
    version = assessment.cycle.framework
    framework = version.load()
    sections = []
    for section in selectors.framework_sections(version):
        questions = []
        for question_id in section.question_ids:
            q = framework.node(question_id)
            questions.append(
                {
                    "id": q.id,
                    "type": q.type,
                    "text": q.text.get(lang),
                    "levels": [level.get(lang) for level in framework.question_levels(q)],
                    "options": [{"id": o.id, "text": o.text.get(lang)} for o in q.options or []],
                    "multiple": q.multiple,
                    "unit": q.unit,
                    "help": q.help.get(lang) if q.help else None,
                    "evidence": q.evidence.get(lang) if q.evidence else None,
                    "dont_know": q.dont_know,
                    "not_applicable": q.not_applicable,
                }
            )
        sections.append(
            {
                "id": section.id,
                "part": section.part,
                "title": section.node.title.get(lang),
                "questions": questions,
            }
        )
    return {
        "assessment_id": assessment.pk,
        "framework": {"slug": version.slug, "content_hash": version.content_hash},
        "language": lang,
        "sections": sections,
    }


@router.get(
    "/assessments/{assessment_id}/answers",
    response={200: list[AnswerOut], **ERRORS, **INVALID},
    operation_id="answers_list",
    summary="List an assessment's answers",
)
@api_requires("assessments.view_assessment", load=assessment_visible)
def answers_list(request: HttpRequest, assessment: Assessment, assessment_id: int):
    """The current answers, in questionnaire order."""
    order = _questionnaire_order(assessment)
    answers = sorted(
        Answer.objects.filter(assessment=assessment).select_related("answered_by"),
        key=lambda a: (order.get(a.question_id, len(order)), a.question_id),
    )
    return [_answer_out(a) for a in answers]


@router.post(
    "/assessments/{assessment_id}/answers",
    response={
        200: AnswerBatchOut,
        400: DetailOut,
        409: AnswerErrorsOut,
        422: AnswerErrorsOut | ValidationErrorOut,
        **ERRORS,
    },
    operation_id="answers_save",
    summary="Save a batch of answers (all or nothing)",
)
@api_requires("assessments.answer_assessment", load=assessment_visible)
def answers_save(request: HttpRequest, assessment: Assessment, assessment_id: int, payload: AnswerBatchIn):
    """Save several answers at once: all of them, or (on any error) none.

    With `expected_version`, an answer someone else changed since you read it is not
    overwritten: the whole batch is refused with 409. Invalid answers: 422. Questions of a
    section not assigned to you: 403.
    """
    items = [
        AnswerInput(
            question_id=a.question_id,
            status=a.status,
            value=a.value,
            comment=a.comment,
            evidence_url=a.evidence_url,
            expected_version=a.expected_version,
        )
        for a in payload.answers
    ]
    try:
        answers_save_batch(assessment=assessment, actor=request.auth, items=items)
    except AnswerRefusedBatch as exc:
        status = 409 if any(p.conflict for p in exc.problems) else 422
        errors = [{"question_id": p.question_id, "message": p.message} for p in exc.problems]
        return Status(status, {"errors": errors})
    saved = {
        a.question_id: a
        for a in Answer.objects.filter(
            assessment=assessment, question_id__in=[i.question_id for i in items]
        ).select_related("answered_by")
    }
    return Status(200, {"answers": [_answer_out(saved[i.question_id]) for i in items]})


@router.post(
    "/assessments/{assessment_id}/submit",
    response={200: AssessmentOut, 422: SubmitRefusedOut | ValidationErrorOut, **ERRORS},
    operation_id="assessment_submit",
    summary="Submit an assessment",
)
@api_requires("assessments.manage_assessment", load=assessment_visible)
def submit(request: HttpRequest, assessment: Assessment, assessment_id: int):
    """Submit the assessment: it is locked and scored. Refused (422) when too few answers."""
    try:
        submitted = assessment_submit(assessment=assessment, actor=request.auth)
    except SubmitRefused as exc:
        missing = exc.completeness.missing if exc.completeness else {}
        return Status(
            422,
            {
                "detail": exc.message,
                "missing": [{"section_id": sid, "question_ids": ids} for sid, ids in missing.items()],
            },
        )
    counts = selectors.answer_counts([submitted.pk])
    return Status(200, _assessment_out(submitted, counts.get(submitted.pk, 0)))
