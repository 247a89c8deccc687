"""Everything the dashboard page and the PDF report show: the selectors' reads and the SVG charts.

One function so the page and the report always tell the same story.
"""

from __future__ import annotations

import hashlib

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
        "actions": action_items_for(board, assessment),
    }


def action_items_for(board, assessment: Assessment) -> list:
    """The modules the diagnosis calls for, most urgent first (catalogues exist for CeDS only).

    Judged against the city's circumstances (its budget band and ICT staff for one project).
    """
    from wego.solutions.actions import Circumstances, Findings, action_items
    from wego.solutions.catalogue import CatalogueError, load_catalogue, shipped_catalogues

    name = f"{assessment.cycle.framework.slug}-modules"
    if name not in shipped_catalogues():
        return []
    try:
        catalogue = load_catalogue(name, framework=assessment.cycle.framework.load())
    except CatalogueError:
        # A catalogue written for another version of the framework: no recommendation
        # rather than a wrong one.
        return []
    findings = Findings(
        indicator_scores={i.id: i.score for i in board.indicators},
        indicator_targets={i.id: board.targets[i.dimension_id] for i in board.indicators},
        weight_shares={i.id: i.weight_share for i in board.indicators},
        system_levels={s["system_id"]: s["level"] for group in board.inventory for s in group["systems"]},
    )
    city = assessment.city
    return action_items(
        catalogue,
        findings,
        Circumstances(
            budget=city.budget_band, ict_staff_fte=float(city.ict_staff_fte), connectivity=city.connectivity
        ),
    )


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
    """A fingerprint of everything the diagnosis depends on, read in one small query.

    The same key means the same diagnosis, so a rendered one can be reused: the answers,
    the targets, every submission or rescoring in the cycle (benchmarks), which cities
    share their results, the city's peer groups, its earlier assessments (history), its
    circumstances, and the language.
    """
    from django.db import connection

    from wego.analysis.models import PeerGroup, Target
    from wego.assessments.models import Answer, AssessmentStatus
    from wego.members.models import City

    answers, targets = Answer._meta.db_table, Target._meta.db_table
    assessments, cities = Assessment._meta.db_table, City._meta.db_table
    groups, members = PeerGroup._meta.db_table, PeerGroup.members.through._meta.db_table
    # One round trip of scalar sub-queries: this runs on every dashboard view.
    sql = f"""
        SELECT
          (SELECT COUNT(*) FROM {answers} WHERE assessment_id = %(a)s),
          (SELECT SUM(version) FROM {answers} WHERE assessment_id = %(a)s),
          (SELECT MAX(answered_at) FROM {answers} WHERE assessment_id = %(a)s),
          (SELECT COUNT(*) FROM {targets} WHERE assessment_id = %(a)s),
          (SELECT MAX(set_at) FROM {targets} WHERE assessment_id = %(a)s),
          (SELECT COUNT(*) FROM {assessments} WHERE cycle_id = %(cycle)s AND status = %(submitted)s),
          (SELECT MAX(scored_at) FROM {assessments} WHERE cycle_id = %(cycle)s AND status = %(submitted)s),
          (SELECT MAX(submitted_at) FROM {assessments} WHERE cycle_id = %(cycle)s AND status = %(submitted)s),
          (SELECT COUNT(*) FROM {cities} WHERE shares_results = %(true)s),
          (SELECT SUM(id) FROM {cities} WHERE shares_results = %(true)s),
          (SELECT COUNT(*) FROM {members} m JOIN {groups} g ON g.id = m.peergroup_id WHERE g.owner_id = %(city)s),
          (SELECT SUM(m.city_id + g.id) FROM {members} m JOIN {groups} g ON g.id = m.peergroup_id WHERE g.owner_id = %(city)s),
          (SELECT COUNT(*) FROM {assessments} WHERE city_id = %(city)s AND status = %(submitted)s),
          (SELECT MAX(scored_at) FROM {assessments} WHERE city_id = %(city)s)
    """
    params = {
        "a": assessment.pk,
        "cycle": assessment.cycle_id,
        "submitted": AssessmentStatus.SUBMITTED.value,
        "true": True,
        "city": assessment.city_id,
    }
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    parts = (
        assessment.pk,
        assessment.status,
        str(assessment.scored_at),
        str(assessment.updated_at),
        assessment.cycle.framework.content_hash,
        assessment.city.population,
        assessment.city.budget_band,
        str(assessment.city.ict_staff_fte),
        tuple(str(value) for value in row),
        get_language(),
    )
    return hashlib.sha256(repr(parts).encode()).hexdigest()
