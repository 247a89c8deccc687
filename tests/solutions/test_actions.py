"""Action items pinned on a hand-made diagnosis.

Scores A.1 = 40, A.2 = 20, B.1 = 50, all against a target of 62.5; weights in the overall
score 0.25, 0.25, 0.5; the portal system at level 2. Gap points: network 22.5 x 0.25 = 5.625;
portal 12.5 x 0.5 = 6.25; payments 6.25 + 42.5 x 0.25 = 16.875. Network unlocks portal and
payments (x 1.5 = 8.4375), portal unlocks payments (x 1.25 = 7.8125), payments does not fit a
medium budget and 5 staff (x 0.5 = 8.4375); the tie goes by id.
"""

import textwrap

import pytest

from wego.scoring import load_framework_text
from wego.solutions.actions import Circumstances, Findings, action_items
from wego.solutions.catalogue import load_catalogue_text

FRAMEWORK = load_framework_text(
    textwrap.dedent(
        """\
        format: 1
        id: mini2
        version: "1"
        title: Mini
        tree:
          - id: A
            kind: dimension
            title: A
            children:
              - {id: A.1, kind: indicator, title: A1, children: [{id: A.1.1, type: yesno, text: q}]}
              - {id: A.2, kind: indicator, title: A2, children: [{id: A.2.1, type: yesno, text: q}]}
          - id: B
            kind: dimension
            title: B
            children:
              - {id: B.1, kind: indicator, title: B1, children: [{id: B.1.1, type: yesno, text: q}]}
        inventory:
          - id: g
            kind: group
            title: G
            children:
              - {id: g.portal, kind: system, title: Portal, children: [{id: g.portal.use, type: yesno, text: q}]}
        """
    ),
    "mini2.yaml",
)

PHASES = "".join(
    f"      - {{phase: {p}, steps: [{{title: Step, do: Do it}}]}}\n"
    for p in ("plan", "procure", "build", "launch", "operate")
)


def module(module_id, improves, triggers, prerequisites, cost, staff):
    return (
        f"  - id: {module_id}\n    title: {module_id}\n    summary: s\n"
        f"    improves: {{indicators: {improves}}}\n    triggers: {triggers}\n"
        f"    prerequisites: {prerequisites}\n    duration_months: 6\n    cost_band: {cost}\n"
        f"    staff_fte: {staff}\n    staff: s\n    risks: [r]\n    kpis: [k]\n    phases:\n{PHASES}"
    )


CATALOGUE = load_catalogue_text(
    'format: 1\nid: mini2-modules\nversion: "1"\ntitle: M\nframework: mini2\n'
    "cost_bands: {low: a, medium: b, high: c, very-high: d}\nmodules:\n"
    + module("network", "[A.1]", "{indicators: {A.1: 60}}", "[]", "low", 2)
    + module("portal", "[B.1]", "{systems: {g.portal: 3}}", "[network]", "medium", 3)
    + module("payments", "[B.1, A.2]", "{indicators: {A.2: 60}}", "[portal]", "high", 6)
    + module("analytics", "[A.2]", "{indicators: {A.2: 10}}", "[network]", "low", 1),
    framework=FRAMEWORK,
)

FINDINGS = Findings(
    indicator_scores={"A.1": 40.0, "A.2": 20.0, "B.1": 50.0},
    indicator_targets={"A.1": 62.5, "A.2": 62.5, "B.1": 62.5},
    weight_shares={"A.1": 0.25, "A.2": 0.25, "B.1": 0.5},
    system_levels={"g.portal": 2},
)


def test_ranking_order_urgency_and_reasons_for_a_medium_budget():
    items = action_items(CATALOGUE, FINDINGS, Circumstances(budget="medium", ict_staff_fte=5))

    assert [
        (i.rank, i.module.id, i.urgency, i.gap_points, i.unlocks, i.reasonable, i.waits_for) for i in items
    ] == [
        (1, "network", 8.4375, 5.625, 2, True, ()),
        (2, "payments", 8.4375, 16.875, 0, False, ("network", "portal")),
        (3, "portal", 7.8125, 6.25, 1, True, ("network",)),
    ]
    assert [i.explanation for i in items] == [
        "Closing its gaps would add 5.6 points to your overall score, and 2 other recommended modules need it first.",
        "Closing its gaps would add 16.9 points to your overall score; it does not fit yet: its cost band (high) "
        "is above your budget (medium) and it needs 6 ICT staff and you have 5.",
        "Closing its gaps would add 6.2 points to your overall score, and 1 other recommended module needs it "
        "first; do network first.",
    ]


def test_a_larger_budget_and_team_make_the_biggest_gap_come_first():
    items = action_items(CATALOGUE, FINDINGS, Circumstances(budget="high", ict_staff_fte=8))

    assert [(i.module.id, i.urgency) for i in items] == [
        ("payments", 16.875),
        ("network", 8.4375),
        ("portal", 7.8125),
    ]


@pytest.mark.parametrize(("score", "expected"), [(5.0, True), (10.0, False)])
def test_a_module_is_recommended_only_when_its_trigger_is_below_threshold(score, expected):
    findings = Findings(
        {**FINDINGS.indicator_scores, "A.2": score}, FINDINGS.indicator_targets, FINDINGS.weight_shares, {}
    )

    ids = [i.module.id for i in action_items(CATALOGUE, findings, Circumstances())]

    assert ("analytics" in ids) is expected


def test_low_connectivity_makes_a_module_that_reaches_residents_online_not_yet_reasonable():
    text = (
        'format: 1\nid: mini2-modules\nversion: "1"\ntitle: M\nframework: mini2\n'
        "cost_bands: {low: a, medium: b, high: c, very-high: d}\nmodules:\n"
        + module("network", "[A.1]", "{indicators: {A.1: 60}}", "[]", "low", 2).replace(
            "    staff: s\n", "    connectivity: medium\n    staff: s\n"
        )
    )
    catalogue = load_catalogue_text(text, framework=FRAMEWORK)

    online = action_items(
        catalogue, FINDINGS, Circumstances(budget="medium", ict_staff_fte=5, connectivity="medium")
    )
    offline = action_items(
        catalogue, FINDINGS, Circumstances(budget="medium", ict_staff_fte=5, connectivity="low")
    )

    assert (online[0].reasonable, online[0].urgency) == (True, 5.625)
    assert (offline[0].reasonable, offline[0].urgency) == (False, 2.8125)
    assert offline[0].explanation == (
        "Closing its gaps would add 5.6 points to your overall score; it does not fit yet: it reaches residents "
        "online and needs medium connectivity, where yours is low."
    )
