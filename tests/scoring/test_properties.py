"""Properties the engine must keep for any framework tree and any answers."""

import copy
import itertools

import numpy as np
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wego.scoring import compile_plan, load_framework_text, score
from wego.scoring.answers import MISSING, NOT_APPLICABLE, AnswerTable, parse_answer

counter = itertools.count()

leaf_spec = st.sampled_from(["scale3", "scale5", "yesno", "percent", "normalised", "choice", "multi"])
aggregation = st.sampled_from(["mean", "geometric", "min"])
weight = st.sampled_from([0.5, 1, 2, 3.5])


def leaf_node(kind, w):
    node = {"id": f"q{next(counter)}", "text": "question", "weight": w}
    if kind.startswith("scale"):
        node.update(type="scale", levels=[f"level {i}" for i in range(int(kind[-1]))])
    elif kind in ("choice", "multi"):
        node.update(
            type="choice",
            multiple=kind == "multi",
            options=[{"id": "a", "text": "A", "points": 3}, {"id": "b", "text": "B", "points": 1}],
        )
    else:
        node.update(type=kind)
    return node


leaves = st.builds(leaf_node, leaf_spec, weight)
trees = st.recursive(
    leaves,
    lambda children: st.builds(
        lambda kids, agg, w: {
            "id": f"n{next(counter)}",
            "title": "node",
            "aggregation": agg,
            "weight": w,
            "children": kids,
        },
        st.lists(children, min_size=1, max_size=4),
        aggregation,
        weight,
    ),
    max_leaves=10,
)


def framework_yaml(roots):
    return {
        "format": 1,
        "id": "prop",
        "version": "1",
        "title": "Property test",
        "scale": {"min": 0, "max": 100},
        "tree": roots,
    }


def answer_for(question, draw_index):
    """A typed answer for a question, indexed so that a higher index is a higher answer."""
    kind = question.type
    if kind == "scale":
        return str(1 + draw_index % len(question.levels))
    if kind == "yesno":
        return ["no", "yes"][draw_index % 2]
    if kind == "percent":
        return str((draw_index * 17) % 101)
    if kind == "normalised":
        return str(((draw_index * 7) % 11) / 10)
    if question.multiple:
        return ["", "b", "a", "a;b"][draw_index % 4]
    return ["b", "a"][draw_index % 2]


def raise_answer(question, cell):
    kind = question.type
    if cell in ("dk", ""):
        return {"scale": "1", "yesno": "no", "percent": "0", "normalised": "0"}.get(kind, "b")
    if kind == "scale":
        return str(min(int(cell) + 1, len(question.levels)))
    if kind == "yesno":
        return "yes"
    if kind == "percent":
        return str(min(int(cell) + 13, 100))
    if kind == "normalised":
        return str(min(float(cell) + 0.25, 1.0))
    if question.multiple:
        return {"b": "a", "a": "a;b", "a;b": "a;b"}[cell]
    return "a"


def table(framework, rows):
    questions = framework.questions()
    values = np.full((len(rows), len(questions)), np.nan)
    status = np.full((len(rows), len(questions)), MISSING, dtype=np.int8)
    for i, row in enumerate(rows):
        for j, q in enumerate(questions):
            values[i, j], status[i, j] = parse_answer(framework, q, row.get(q.id))
    return AnswerTable([str(i) for i in range(len(rows))], [q.id for q in questions], values, status)


@st.composite
def scenarios(draw):
    roots = draw(st.lists(trees, min_size=1, max_size=3))
    framework = load_framework_text(yaml.safe_dump(framework_yaml(roots)), "prop.yaml")
    rows = []
    for _ in range(draw(st.integers(1, 4))):
        row = {}
        for q in framework.questions():
            choice = draw(st.integers(0, 12))
            row[q.id] = {0: "dk", 1: "na", 2: ""}.get(choice, answer_for(q, choice))
        rows.append(row)
    return roots, framework, rows


common = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@common
@given(scenarios())
def test_scores_stay_within_the_scale(scenario):
    _, framework, rows = scenario
    result = score(compile_plan(framework), table(framework, rows))
    finite = result.scores[~np.isnan(result.scores)]
    assert ((finite >= 0) & (finite <= 100 + 1e-9)).all()


@common
@given(scenarios(), st.data())
def test_raising_one_answer_never_lowers_any_score(scenario, data):
    _, framework, rows = scenario
    plan = compile_plan(framework)
    row = dict(rows[0])
    candidates = [q for q in framework.questions() if row.get(q.id) != "na"]
    if not candidates:
        return
    question = data.draw(st.sampled_from(candidates))
    raised = dict(row, **{question.id: raise_answer(question, row.get(question.id, ""))})

    before = score(plan, table(framework, [row])).scores[0]
    after = score(plan, table(framework, [raised])).scores[0]

    both = ~np.isnan(before)
    assert np.array_equal(np.isnan(before), np.isnan(after))
    assert (after[both] >= before[both] - 1e-9).all()


@common
@given(scenarios(), st.data(), st.sampled_from([0.1, 3, 1000]))
def test_multiplying_the_weights_of_a_nodes_children_changes_nothing(scenario, data, factor):
    roots, framework, rows = scenario
    scaled_roots = copy.deepcopy(roots)
    holder = {"children": scaled_roots}
    targets = [holder]

    def collect_copy(nodes):
        for node in nodes:
            if "children" in node:
                targets.append(node)
                collect_copy(node["children"])

    collect_copy(scaled_roots)
    chosen = data.draw(st.integers(0, len(targets) - 1))
    for child in targets[chosen]["children"]:
        child["weight"] = child["weight"] * factor
    scaled = load_framework_text(yaml.safe_dump(framework_yaml(scaled_roots)), "scaled.yaml")

    original = score(compile_plan(framework), table(framework, rows)).scores
    rescaled = score(compile_plan(scaled), table(scaled, rows)).scores

    assert np.allclose(original, rescaled, equal_nan=True, rtol=1e-9, atol=1e-9)


@common
@given(scenarios(), st.data())
def test_not_applicable_equals_removing_the_question(scenario, data):
    roots, framework, rows = scenario
    # a question whose parent keeps at least one other child, so the tree stays valid
    removable = []

    def collect(nodes):
        for node in nodes:
            if "children" in node:
                if len(node["children"]) > 1:
                    removable.extend(c["id"] for c in node["children"] if "type" in c)
                collect(node["children"])

    collect(roots)
    if len(roots) > 1:
        removable.extend(r["id"] for r in roots if "type" in r)
    if not removable:
        return
    target = data.draw(st.sampled_from(removable))

    def without(nodes):
        return [
            dict(n, children=without(n["children"])) if "children" in n else n
            for n in nodes
            if n["id"] != target
        ]

    reduced = load_framework_text(yaml.safe_dump(framework_yaml(without(roots))), "reduced.yaml")
    marked = [dict(row, **{target: "na"}) for row in rows]

    with_na = score(compile_plan(framework), table(framework, marked))
    removed = score(compile_plan(reduced), table(reduced, rows))

    assert with_na.plan.node_ids == removed.plan.node_ids
    assert np.allclose(with_na.scores, removed.scores, equal_nan=True, rtol=1e-12, atol=1e-12)
    assert (
        table(framework, marked).status[:, framework.questions().index(framework.node(target))]
        == NOT_APPLICABLE
    ).all()
