"""Analysis: an assessment's scores, targets and gaps, and its benchmarks among peers.

The same selectors as the dashboard page, so the same privacy rules: no statistic for a
group of fewer than five, and other cities by name only if they share their results.
"""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router

from wego.analysis import selectors
from wego.api.permissions import api_requires, assessment_visible
from wego.api.schemas import BenchmarksOut, DetailOut, ReportOut, ScoresOut, ValidationErrorOut
from wego.assessments.models import Assessment, AssessmentStatus

router = Router(tags=["analysis"])

ERRORS = {401: DetailOut, 403: DetailOut, 404: DetailOut, 422: ValidationErrorOut}


def _t(text, lang: str) -> str:
    """A framework text in `lang` (English when missing); plain strings as they are."""
    getter = getattr(text, "get", None)
    return getter(lang) if callable(getter) else str(text)


def _stage(stage, lang: str) -> dict | None:
    return None if stage is None else {"id": stage.id, "name": _t(stage.name, lang)}


@router.get(
    "/assessments/{assessment_id}/scores",
    response={200: ScoresOut, **ERRORS},
    operation_id="scores_get",
    summary="Get an assessment's scores, targets and gaps",
)
@api_requires("assessments.view_assessment", load=assessment_visible)
def scores(request: HttpRequest, assessment: Assessment, assessment_id: int, lang: str = "en"):
    """Scores of every node (0-100), the stage, targets by dimension and the gaps to them.

    An assessment not yet submitted is scored on the answers so far.
    """
    board = selectors.dashboard(assessment)
    nodes: dict[str, float | None] = {"overall": board.overall}
    nodes.update({d["id"]: d["score"] for d in board.dimensions})
    for indicator in board.indicators:
        nodes[indicator.id] = indicator.score
        nodes.update({q.id: q.score for q in indicator.questions})
    return {
        "assessment_id": assessment.pk,
        "status": assessment.status,
        "overall": board.overall,
        "stage": _stage(board.stage, lang),
        "next_stage": _stage(board.next_stage, lang),
        "scores": nodes,
        "dimensions": [
            {
                "id": d["id"],
                "title": _t(d["title"], lang),
                "score": d["score"],
                "stage": _stage(d["stage"], lang),
                "target": d["target"],
                "target_is_default": d["target_is_default"],
            }
            for d in board.dimensions
        ],
        "indicators": [
            {
                "id": i.id,
                "title": _t(i.title, lang),
                "dimension_id": i.dimension_id,
                "score": i.score,
                "weight_share": round(i.weight_share, 4),
            }
            for i in board.indicators
        ],
        "targets": board.targets,
        "gaps": [
            {
                "indicator_id": g.indicator.id,
                "title": _t(g.indicator.title, lang),
                "score": g.indicator.score,
                "target": g.target,
                "distance": round(g.distance, 1),
                "weighted": round(g.weighted, 4),
            }
            for g in board.gaps
        ],
    }


@router.get(
    "/assessments/{assessment_id}/benchmarks",
    response={200: BenchmarksOut, **ERRORS},
    operation_id="benchmarks_get",
    summary="Get an assessment's benchmarks among peer cities",
)
@api_requires("assessments.view_assessment", load=assessment_visible)
def benchmarks(request: HttpRequest, assessment: Assessment, assessment_id: int):
    """The overall score and each dimension against all cities, the region, the income group,
    the population band and the city's own peer groups (submitted assessments only)."""
    submitted = assessment.status == AssessmentStatus.SUBMITTED
    found = {}
    if submitted:
        from wego.assessments.selectors import framework_sections

        dimension_ids = tuple(
            s.id for s in framework_sections(assessment.cycle.framework) if s.part == "tree"
        )
        found = selectors.benchmarks(assessment, ("overall", *dimension_ids))
    return {
        "assessment_id": assessment.pk,
        "submitted": submitted,
        "nodes": [
            {
                "node_id": node_id,
                "groups": [
                    {
                        "key": g.key,
                        "label": g.label,
                        "n": g.n,
                        "enough": g.enough,
                        "low": g.low,
                        "q1": g.q1,
                        "median": g.median,
                        "q3": g.q3,
                        "high": g.high,
                        "percentile": g.percentile,
                        "shared": [{"city": city, "value": value} for city, value in g.shared],
                    }
                    for g in groups
                ],
            }
            for node_id, groups in found.items()
        ],
    }


def _report_out(report) -> dict:
    ready = report.status == "done" and bool(report.file)
    return {
        "assessment_id": report.assessment_id,
        "language": report.language,
        "status": report.status,
        "progress": report.progress,
        "message": report.message,
        "updated": report.updated,
        "download": f"/api/assessments/{report.assessment_id}/report.pdf?lang={report.language}"
        if ready
        else None,
    }


@router.post(
    "/assessments/{assessment_id}/report",
    response={200: ReportOut, **ERRORS},
    operation_id="report_request",
    summary="Ask for the diagnostic report (PDF)",
)
@api_requires("assessments.view_assessment", load=assessment_visible)
def report_request(request: HttpRequest, assessment: Assessment, assessment_id: int, lang: str = "en"):
    """Queue the report, or return the one already made when nothing it depends on changed.

    Poll `GET .../report` until `status` is `done`, then fetch `download`.
    """
    from wego.analysis.report import report_request as request_report

    return _report_out(request_report(assessment=assessment, user=request.auth, language=lang))


@router.get(
    "/assessments/{assessment_id}/report",
    response={200: ReportOut, **ERRORS},
    operation_id="report_get",
    summary="Follow the diagnostic report",
)
@api_requires("assessments.view_assessment", load=assessment_visible)
def report_status(request: HttpRequest, assessment: Assessment, assessment_id: int, lang: str = "en"):
    from django.http import Http404

    from wego.analysis.models import Report

    report = Report.objects.filter(assessment=assessment, language=lang).first()
    if report is None:
        raise Http404("No report requested yet")
    return _report_out(report)


@router.get(
    "/assessments/{assessment_id}/report.pdf",
    response={401: DetailOut, 403: DetailOut, 404: DetailOut},
    operation_id="report_pdf",
    summary="Download the diagnostic report (PDF)",
)
@api_requires("assessments.view_assessment", load=assessment_visible)
def report_pdf(request: HttpRequest, assessment: Assessment, assessment_id: int, lang: str = "en"):
    from django.http import FileResponse, Http404

    from wego.analysis.models import Report

    report = Report.objects.filter(assessment=assessment, language=lang, status="done").first()
    if report is None or not report.file:
        raise Http404("The report is not ready")
    return FileResponse(
        report.file.open("rb"), content_type="application/pdf", filename=report.file.name.rsplit("/", 1)[-1]
    )
