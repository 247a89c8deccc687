"""The diagnostic report of an assessment as a PDF, laid out like WeGO's CeDS consulting reports.

`report_request` is what a view calls: it returns the existing report when nothing it is
made from has changed (same inputs hash), and otherwise queues one background job
(`wego.analysis.tasks.report_make`), enqueued when the transaction commits. The job calls
`report_build`, which renders `analysis/report.html` with WeasyPrint. The fonts are
bundled under ``static/fonts/`` and read from the package folder, never from the system or
the network.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.safestring import mark_safe
from django.utils.text import slugify

from wego.analysis.diagnosis import diagnosis, diagnosis_key
from wego.analysis.models import Report, ReportStatus
from wego.assessments.models import Assessment

logger = logging.getLogger(__name__)

# Change when the template or the stylesheet changes what a report shows: every report is remade.
REPORT_LAYOUT = "3"
STATIC_DIR = settings.BASE_DIR / "static"
NEXT_STEPS = 5


def report_inputs_hash(assessment: Assessment, language: str = "en") -> str:
    """SHA-256 of everything the report is made from; the same hash means the same report.

    The diagnosis it shows has its own fingerprint (the one the dashboard is cached by);
    the report adds its layout, its language and the city profile it prints.
    """

    city = assessment.city
    with translation.override(language):
        diagnosis = diagnosis_key(assessment)
    inputs = {
        "layout": REPORT_LAYOUT,
        "language": language,
        "diagnosis": diagnosis,
        "assessment": [assessment.is_demo, str(assessment.submitted_at)],
        "city": [
            city.name,
            city.population_year,
            city.member_category,
            city.joined_year,
            city.country.name,
            city.country.region,
            city.country.income_group,
        ],
        "cycle": [assessment.cycle.name, assessment.cycle.year],
        "plan": _plan_key(assessment),
    }
    text = json.dumps(inputs, sort_keys=True, default=str, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def _plan_key(assessment: Assessment) -> list:
    """The city's Master Plan as the report prints it: its last change and the cycle it tracks."""
    from wego.solutions.models import Plan
    from wego.solutions.selectors import latest_later_assessment

    plan = (
        Plan.objects.filter(city_id=assessment.city_id).select_related("assessment__cycle__framework").first()
    )
    if plan is None:
        return []
    later = latest_later_assessment(plan)
    return [str(plan.updated_at), later.pk if later else None, str(later.submitted_at) if later else None]


def _fetcher():
    """Reads files of the package's static folder only: no network, no other file."""
    from weasyprint.urls import URLFetcher

    allowed = STATIC_DIR.as_uri() + "/"

    class StaticOnly(URLFetcher):
        def fetch(self, url, headers=None):
            if not url.startswith(allowed):
                raise ValueError(f"the report may only use the package's static files, not {url}")
            return super().fetch(url, headers)

    return StaticOnly(allowed_protocols={"file"}, fail_on_errors=True)


def _styled(svg: str) -> str:
    """The chart with the print styles inside it: WeasyPrint styles inline SVG only from its own <style>."""
    if not svg:
        return svg
    # Inside SVG, HTML parses <style> as markup, not raw text: drop the comments, and with them any "<".
    css = re.sub(
        r"/\*.*?\*/", "", (STATIC_DIR / "css" / "report-charts.css").read_text(encoding="utf-8"), flags=re.S
    )
    head, sep, rest = str(svg).partition(">")
    return mark_safe(f"{head}{sep}<style>{css}</style>{rest}")


def report_context(assessment: Assessment) -> dict:
    context = diagnosis(assessment)
    board = context["board"]
    for key in ("radar", "box", "trend"):
        context[key] = _styled(context[key])
    context.update(
        date=timezone.localdate(),
        framework=assessment.cycle.framework,
        dimension_indicators=[
            (d, [i for i in board.indicators if i.dimension_id == d["id"]]) for d in board.dimensions
        ],
        next_steps=board.gaps[:NEXT_STEPS],
        top_gaps=board.gaps[:10],
    )
    from wego.solutions.export import plan_chapters_context
    from wego.solutions.selectors import plan_for_city

    plan = plan_for_city(assessment.city_id)
    context["plan_chapters"] = plan_chapters_context(plan) if plan is not None else None
    return context


def report_render(assessment: Assessment, language: str = "en") -> bytes:
    from weasyprint import HTML

    with translation.override(language):
        html = render_to_string("analysis/report.html", report_context(assessment))
    return HTML(string=html, base_url=STATIC_DIR.as_uri() + "/", url_fetcher=_fetcher()).write_pdf()


def report_request(*, assessment: Assessment, user, language: str = "en") -> Report:
    """The report, made already if its inputs are unchanged, else queued for the worker."""
    inputs = report_inputs_hash(assessment, language)
    with transaction.atomic():
        report, _created = Report.objects.select_for_update().get_or_create(
            assessment=assessment, language=language
        )
        if report.inputs_hash == inputs and (
            report.is_pending or (report.status == ReportStatus.DONE and report.file)
        ):
            return report
        report.inputs_hash = inputs
        report.status = ReportStatus.QUEUED
        report.progress = 0
        report.message = ""
        report.requested_by = user if getattr(user, "is_authenticated", False) else None
        report.save()
        from wego.analysis.tasks import report_make

        transaction.on_commit(lambda: report_make.enqueue(report.pk))
    return report


def _step(report: Report, status: str, progress: int, message: str = "") -> None:
    report.status, report.progress, report.message = status, progress, message
    report.save(update_fields=["status", "progress", "message", "updated"])


def report_build(*, report_id: int) -> None:
    """Make the PDF of a queued report; a failure is stored on the report with its reason."""
    report = Report.objects.select_related("assessment__city__country", "assessment__cycle__framework").get(
        pk=report_id
    )
    assessment = report.assessment
    try:
        _step(report, ReportStatus.RUNNING, 10, "computing the diagnosis")
        inputs = report_inputs_hash(assessment, report.language)
        _step(report, ReportStatus.RUNNING, 60, "rendering the PDF")
        pdf = report_render(assessment, report.language)
        name = f"wego-report-{slugify(assessment.city.name)}-{assessment.cycle.year}-{report.language}.pdf"
        if report.file:
            report.file.delete(save=False)
        report.file.save(name, ContentFile(pdf), save=False)
        report.inputs_hash = inputs
        report.status, report.progress, report.message = ReportStatus.DONE, 100, ""
        report.save()
    except Exception as exc:
        logger.exception("report %s failed", report_id)
        _step(report, ReportStatus.FAILED, report.progress, f"{type(exc).__name__}: {exc}"[:500])
