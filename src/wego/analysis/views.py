"""The dashboard of a submitted assessment: scores, targets, gaps, benchmarks, history."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from wego.analysis import selectors
from wego.analysis.services import target_set
from wego.assessments.views import _assessment
from wego.common import charts
from wego.common.permissions import requires


@requires("assessments.view_assessment", load=_assessment)
@require_GET
def dashboard(request: HttpRequest, assessment, pk: int) -> HttpResponse:
    board = selectors.dashboard(assessment)
    dimension_ids = tuple(d["id"] for d in board.dimensions)
    bench = (
        selectors.benchmarks(assessment, ("overall", *dimension_ids))
        if assessment.status == "submitted"
        else {}
    )
    peer_medians = [
        next((g.median for g in bench.get(d, []) if g.key == "all" and g.enough), None) for d in dimension_ids
    ]
    radar = charts.radar_chart(
        [d["title"] for d in board.dimensions],
        [
            charts.Series(assessment.city.name, [d["score"] for d in board.dimensions], "series-city"),
            charts.Series(_("Target"), [d["target"] for d in board.dimensions], "series-target"),
            *(
                [charts.Series(_("Median of all cities"), peer_medians, "series-peer")]
                if any(v is not None for v in peer_medians)
                else []
            ),
        ],
        title=_("Scores by dimension"),
    )
    overall_groups = bench.get("overall", [])
    shown = [g for g in overall_groups if g.enough]
    box = (
        charts.box_plot(
            [
                charts.BoxStats(f"{g.label} (n={g.n})", g.low, g.q1, g.median, g.q3, g.high, g.n)
                for g in shown
            ],
            marker=board.overall,
            marker_label=assessment.city.name,
            points=[(i, name, value) for i, g in enumerate(shown) for name, value in g.shared],
            title=_("Overall score among peers"),
        )
        if shown
        else ""
    )
    story = selectors.history(assessment)
    years = [str(a.cycle.year) for a in story["assessments"]]
    trend = (
        charts.trend_chart(
            years,
            # The overall score only: six more lines would be unreadable; the table below has them.
            [
                charts.Series(
                    _("Overall"),
                    [(a.scores or {}).get("overall") for a in story["assessments"]],
                    "series-city",
                )
            ],
            title=_("Scores over the cycles"),
        )
        if len(years) > 1
        else ""
    )
    changes = _changes(board, story["assessments"])
    return render(
        request,
        "analysis/dashboard.html",
        {
            "assessment": assessment,
            "board": board,
            "radar": radar,
            "box": box,
            "groups": overall_groups,
            "trend": trend,
            "history": story,
            "changes": changes,
            "country": selectors.country_context(assessment.city.country_id),
            "can_set_targets": request.user.has_perm("assessments.manage_assessment", assessment),
        },
    )


def _changes(board, assessments) -> list[dict]:
    """Per dimension and indicator: the score now and the change since each earlier cycle."""
    current = assessments[-1]
    earlier = assessments[:-1]
    rows = []
    nodes = [(d["id"], d["title"], True) for d in board.dimensions] + [
        (i.id, i.title, False) for i in board.indicators
    ]
    for node_id, title, is_dimension in nodes:
        now = (current.scores or {}).get(node_id)
        deltas = []
        for past in earlier:
            before = (past.scores or {}).get(node_id)
            deltas.append(None if now is None or before is None else round(now - before, 1))
        shown = None if now is None else round(now, 1)
        rows.append(
            {"id": node_id, "title": title, "dimension": is_dimension, "now": shown, "deltas": deltas}
        )
    return rows


@requires("assessments.manage_assessment", load=_assessment)
@require_POST
def targets(request: HttpRequest, assessment, pk: int) -> HttpResponse:
    node_id = request.POST.get("node", "")
    raw = request.POST.get("value", "").strip()
    try:
        value = None if raw == "" else float(raw)
        target_set(assessment=assessment, actor=request.user, node_id=node_id, value=value)
    except ValueError:
        messages.error(request, _("A target is a number, e.g. 62.5."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request, _("Target saved.") if value is not None else _("Target back to one stage above.")
        )
    return redirect("analysis:dashboard", pk=assessment.pk)
