"""The secretariat's overview of a cycle across the network, and its exports (CSV, XLSX).

The secretariat sees every city; a regional office sees its regions only (wego.analysis.network).
"""

from __future__ import annotations

import csv
import io

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.text import slugify
from django.views.decorators.http import require_GET

from wego.analysis import network
from wego.common.permissions import requires


def _chosen_cycle(request: HttpRequest):
    """The cycle in ?cycle= (404 if unknown), else the latest CeDS cycle; and all cycles."""
    cycles = network.cycles_for_overview()
    raw = request.GET.get("cycle", "").strip()
    if not raw:
        return network.default_cycle(cycles), cycles
    found = next((c for c in cycles if str(c.pk) == raw), None)
    if found is None:
        raise Http404("No such cycle.")
    return found, cycles


@requires("assessments.view_participation")
@require_GET
def overview(request: HttpRequest) -> HttpResponse:
    cycle, cycles = _chosen_cycle(request)
    context = {"cycle": cycle, "cycles": cycles}
    if cycle is not None:
        context.update(network.overview(request.user, cycle))
    return render(request, "analysis/overview.html", context)


def _filename(cycle, extension: str) -> str:
    return f"wego-{slugify(cycle.name) or cycle.pk}.{extension}"


def _csv_cell(value):
    if value is None:
        return ""
    return "'" + value if network.is_formula_like(value) else value


@requires("assessments.view_participation")
@require_GET
def export_csv(request: HttpRequest) -> HttpResponse:
    cycle, _cycles = _chosen_cycle(request)
    if cycle is None:
        raise Http404("No cycle yet.")
    header, rows = network.export_rows(request.user, cycle)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([_csv_cell(v) for v in header])
    writer.writerows([_csv_cell(v) for v in row] for row in rows)
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename(cycle, "csv")}"'
    return response


@requires("assessments.view_participation")
@require_GET
def export_xlsx(request: HttpRequest) -> HttpResponse:
    from openpyxl import Workbook

    cycle, _cycles = _chosen_cycle(request)
    if cycle is None:
        raise Http404("No cycle yet.")
    header, rows = network.export_rows(request.user, cycle)
    book = Workbook()
    sheet = book.active
    sheet.title = "Assessments"
    for r, row in enumerate([header, *rows], start=1):
        for c, value in enumerate(row, start=1):
            cell = sheet.cell(row=r, column=c)
            cell.value = value
            if network.is_formula_like(value):
                # openpyxl takes a text starting with "=" for a formula: store it as text.
                cell.data_type = "s"
                cell.quotePrefix = True
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    book.save(buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{_filename(cycle, "xlsx")}"'
    return response
