"""Everything the dashboard page and the PDF report show: the selectors' reads and the SVG charts.

One function so the page and the report always tell the same story.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from wego.analysis import selectors
from wego.assessments.models import Assessment
from wego.common import charts


def diagnosis(assessment: Assessment) -> dict:
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
    radar = (
        charts.radar_chart(
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
        if len(board.dimensions) >= 3
        # A radar needs three spokes; a framework with fewer dimensions gets bars.
        else charts.bar_chart(
            [(str(d["title"]), d["score"] or 0.0) for d in board.dimensions],
            max_value=100,
            title=_("Scores by dimension"),
            css_class="series-city",
        )
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
    return {
        "assessment": assessment,
        "board": board,
        "radar": radar,
        "box": box,
        "groups": overall_groups,
        "trend": trend,
        "history": story,
        "changes": changes(board, story["assessments"]),
        "country": selectors.country_context(assessment.city.country_id),
    }


def changes(board, assessments) -> list[dict]:
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
