"""Everything the dashboard page and the PDF report show: the selectors' reads and the SVG charts.

One function so the page and the report always tell the same story.
"""

from __future__ import annotations

import hashlib

from django.db.models import Count, Max, Sum
from django.utils.translation import get_language
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


def diagnosis_key(assessment: Assessment) -> str:
    """A fingerprint of everything the diagnosis depends on, from five small aggregate queries.

    The same key means the same diagnosis, so a rendered one can be reused: the answers,
    the targets, every submission or rescoring in the cycle (benchmarks), which cities
    share their results, the city's peer groups, and the language.
    """
    from wego.analysis.models import PeerGroup, Target
    from wego.assessments.models import AssessmentStatus
    from wego.members.models import City

    answers = assessment.answers.aggregate(n=Count("id"), versions=Sum("version"), last=Max("answered_at"))
    targets = Target.objects.filter(assessment=assessment).aggregate(n=Count("id"), last=Max("set_at"))
    peers = Assessment.objects.filter(
        cycle_id=assessment.cycle_id, status=AssessmentStatus.SUBMITTED
    ).aggregate(n=Count("id"), scored=Max("scored_at"), submitted=Max("submitted_at"))
    sharing = City.objects.filter(shares_results=True).aggregate(n=Count("id"), ids=Sum("id"))
    groups = PeerGroup.objects.filter(owner_id=assessment.city_id).aggregate(
        n=Count("members"), ids=Sum("members__id")
    )
    parts = (
        assessment.pk,
        assessment.status,
        str(assessment.scored_at),
        str(assessment.updated_at),
        assessment.cycle.framework.content_hash,
        assessment.city.population,
        sorted(answers.items(), key=str),
        sorted(targets.items(), key=str),
        sorted(peers.items(), key=str),
        sorted(sharing.items(), key=str),
        sorted(groups.items(), key=str),
        get_language(),
    )
    return hashlib.sha256(repr(parts).encode()).hexdigest()
