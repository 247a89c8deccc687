"""The diagnostic report (PDF): request it, follow its progress, download it."""

from __future__ import annotations

from django.conf import settings
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from wego.analysis.models import Report, ReportStatus
from wego.analysis.report import report_request
from wego.assessments.views import assessment_from_url, is_htmx
from wego.common.permissions import requires


def _language(request: HttpRequest) -> str:
    wanted = request.POST.get("language") or request.GET.get("language") or request.LANGUAGE_CODE
    return wanted if wanted in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


@requires("assessments.view_assessment", load=assessment_from_url)
@require_http_methods(["GET", "POST"])
def report(request: HttpRequest, assessment, pk: int) -> HttpResponse:
    language = _language(request)
    if request.method == "POST":
        report_request(assessment=assessment, user=request.user, language=language)
        return redirect("analysis:report", pk=assessment.pk)
    found = Report.objects.filter(assessment=assessment, language=language).first()
    template = "analysis/_report_status.html" if is_htmx(request) else "analysis/report_status.html"
    return render(request, template, {"assessment": assessment, "report": found, "language": language})


@requires("assessments.view_assessment", load=assessment_from_url)
@require_GET
def report_pdf(request: HttpRequest, assessment, pk: int) -> FileResponse:
    found = Report.objects.filter(
        assessment=assessment, language=_language(request), status=ReportStatus.DONE
    ).first()
    if found is None or not found.file:
        raise Http404("The report is not ready.")
    return FileResponse(
        found.file.open("rb"),
        as_attachment=True,
        filename=found.file.name.rsplit("/", 1)[-1],
        content_type="application/pdf",
    )
