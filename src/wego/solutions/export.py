"""The Master Plan as a PDF (the "Recommended solution" and "Action plan" chapters) and a workbook.

The diagnostic report includes the same two chapters (analysis/report.html includes
solutions/_plan_chapters.html), so the plan reads the same wherever it is printed.
"""

from __future__ import annotations

import io

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.text import slugify
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from wego.solutions.selectors import plan_overview


def plan_file_name(plan) -> str:
    return f"wego-master-plan-{slugify(plan.city.name)}"


def plan_chapters_context(plan) -> dict:
    from wego.analysis.report import _styled

    context = plan_overview(plan)
    context["gantt"] = _styled(context["gantt"])
    return context


def plan_pdf_render(plan, language: str = "en") -> bytes:
    from weasyprint import HTML

    from wego.analysis.report import STATIC_DIR, _fetcher

    with translation.override(language):
        html = render_to_string(
            "solutions/plan_pdf.html", {**plan_chapters_context(plan), "date": timezone.localdate()}
        )
    return HTML(string=html, base_url=STATIC_DIR.as_uri() + "/", url_fetcher=_fetcher()).write_pdf()


def plan_workbook(plan) -> bytes:
    """Three sheets: the items with their quarters, the budget by year, and what does not fit."""
    overview = plan_overview(plan)
    book = Workbook()
    sheet = book.active
    sheet.title = "Plan"
    header = [
        "Priority", "Module id", "Module", "Decision", "Starts", "Ends", "Quarters", "Cost band",
        "Planning cost (USD)", "Progress", "Needs first", "Why", "Note",
    ]  # fmt: skip
    sheet.append(header)
    for row in overview["rows"]:
        item, module = row.item, row.module
        sheet.append(
            [
                item.position,
                item.module_id,
                str(module.title.get("en")),
                item.get_status_display(),
                row.start_label or None,
                row.end_label or None,
                (row.slot.end - row.slot.start) if row.slot else None,
                module.cost_band,
                row.cost,
                item.get_progress_display() if item.status == "accepted" else None,
                ", ".join(module.prerequisites) or None,
                item.reason or None,
                row.unscheduled or row.displaced or None,
            ]
        )
    budget = book.create_sheet("Budget")
    budget.append(["Year", "Planned (USD)", "Of which accepted (USD)", "Annual budget (USD)", "Left (USD)"])
    for line in overview["budget"]:
        budget.append([line["year"], line["planned"], line["accepted"], line["budget"], line["left"]])
    about = book.create_sheet("About")
    limits = overview["limits"]
    for key, value in [
        ("City", plan.city.name),
        ("Built from the diagnosis of", plan.assessment.cycle.year),
        ("First quarter", limits.label(0)),
        ("Last quarter", limits.label(limits.horizon - 1)),
        ("Projects at once", limits.parallel),
        ("Annual budget (USD)", plan.annual_budget_usd),
        ("Demo data", "yes" if plan.is_demo else "no"),
        (
            "Costs",
            "planning figures per cost band: " + ", ".join(f"{k} {v:,}" for k, v in overview["band_costs"]),
        ),
    ]:
        about.append([key, value])
    for ws in book.worksheets:
        for cell in ws[1]:
            cell.font = Font(bold=True)
        for i, column in enumerate(ws.columns, start=1):
            width = max(len(str(c.value)) if c.value is not None else 0 for c in column)
            ws.column_dimensions[get_column_letter(i)].width = min(max(10, width + 2), 60)
        ws.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
