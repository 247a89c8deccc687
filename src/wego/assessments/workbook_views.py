"""The offline Excel workbook in the browser: download it, upload it back.

The views check the permission, call one service (wego.assessments.workbook) and render;
the service refuses the writes the user may not do.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods

from wego.assessments.forms import WorkbookUploadForm
from wego.assessments.models import Assessment
from wego.assessments.views import assessment_from_url
from wego.assessments.workbook import (
    XLSX_CONTENT_TYPE,
    workbook_build,
    workbook_filename,
    workbook_import,
)
from wego.common.permissions import requires


@requires("assessments.view_assessment", load=assessment_from_url)
@require_GET
def workbook_download(request: HttpRequest, assessment: Assessment, pk: int) -> HttpResponse:
    content = workbook_build(assessment=assessment, user=request.user)
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=workbook_filename(assessment)
    )
    return response


@requires("assessments.view_assessment", load=assessment_from_url)
@require_http_methods(["GET", "POST"])
def workbook_upload(request: HttpRequest, assessment: Assessment, pk: int) -> HttpResponse:
    # Bound on every POST: an empty one (no file chosen) must show "required", not a blank form.
    form = (
        WorkbookUploadForm(request.POST, request.FILES) if request.method == "POST" else WorkbookUploadForm()
    )
    errors = []
    if request.method == "POST" and form.is_valid():
        result = workbook_import(assessment=assessment, user=request.user, upload=form.cleaned_data["file"])
        if result.ok:
            if result.saved:
                messages.success(
                    request,
                    ngettext(
                        "%(count)d answer saved from the workbook.",
                        "%(count)d answers saved from the workbook.",
                        result.saved,
                    )
                    % {"count": result.saved},
                )
            else:
                messages.info(request, _("The workbook changes no answer; nothing was saved."))
            return redirect("assessments:detail", pk=assessment.pk)
        errors = result.errors
    return render(
        request,
        "assessments/workbook.html",
        {"assessment": assessment, "form": form, "errors": errors},
        status=422 if request.method == "POST" else 200,
    )
