import textwrap

import pytest

from wego.scoring import load_framework_text
from wego.solutions.catalogue import CatalogueError, load_catalogue_text

FRAMEWORK = load_framework_text(
    textwrap.dedent(
        """\
        format: 1
        id: mini
        version: "1"
        title: Mini
        tree:
          - id: D
            kind: dimension
            title: D
            children:
              - id: D.1
                kind: indicator
                title: One
                children:
                  - {id: D.1.1, type: yesno, text: q}
        inventory:
          - id: g
            kind: group
            title: G
            children:
              - id: g.portal
                kind: system
                title: Portal
                children:
                  - {id: g.portal.use, type: yesno, text: q}
        """
    ),
    "mini.yaml",
)

PHASES = "\n".join(
    f"""      - phase: {phase}
        steps:
          - title: Step
            do: Do it"""
    for phase in ("plan", "procure", "build", "launch", "operate")
)


def module(
    module_id: str, prerequisites: str = "[]", indicator: str = "D.1", system: str = "g.portal"
) -> str:
    return f"""  - id: {module_id}
    title: {module_id}
    summary: What it gives.
    improves: {{indicators: [{indicator}], systems: [{system}]}}
    triggers: {{indicators: {{{indicator}: 60}}}}
    prerequisites: {prerequisites}
    duration_months: 6
    cost_band: low
    staff_fte: 2
    staff: A project manager
    risks: [A risk]
    kpis: [A KPI]
    phases:
{PHASES}
"""


def catalogue(*modules: str) -> str:
    return (
        'format: 1\nid: mini-modules\nversion: "1"\ntitle: Mini modules\nframework: mini\n'
        "cost_bands: {low: under USD 250k, medium: USD 250k to 1M, high: USD 1M to 5M, very-high: over USD 5M}\n"
        "modules:\n" + "".join(modules)
    )


def problems(text: str) -> list:
    with pytest.raises(CatalogueError) as caught:
        load_catalogue_text(text, "mini-modules.yaml", framework=FRAMEWORK)
    return caught.value.problems


def test_a_valid_catalogue_loads_with_its_modules_in_order():
    loaded = load_catalogue_text(
        catalogue(module("portal"), module("payments", "[portal]")), framework=FRAMEWORK
    )

    assert [m.id for m in loaded.modules] == ["portal", "payments"]
    assert loaded.module("payments").prerequisites == ["portal"]
    assert [p.phase for p in loaded.module("portal").phases] == [
        "plan",
        "procure",
        "build",
        "launch",
        "operate",
    ]


def test_a_cycle_in_prerequisites_is_refused_with_the_cycle_spelled_out():
    text = catalogue(module("a", "[c]"), module("b", "[a]"), module("c", "[b]"))

    assert problems(text) == [
        (13, "modules[0].prerequisites", "prerequisites form a cycle: a -> c -> b -> a")
    ]


def test_an_unknown_indicator_or_system_is_refused_with_file_line_and_path():
    text = catalogue(module("portal", indicator="D.9", system="g.unknown"))

    assert problems(text) == [
        (11, "modules[0].improves.indicators[0]", "'D.9' is not an indicator of framework 'mini'"),
        (11, "modules[0].improves.systems[0]", "'g.unknown' is not a system of framework 'mini'"),
        (12, "modules[0].triggers.indicators.D.9", "'D.9' is not an indicator of framework 'mini'"),
    ]


def test_a_question_id_is_not_an_indicator():
    assert (
        problems(catalogue(module("portal", indicator="D.1.1")))[0][2]
        == "'D.1.1' is not an indicator of framework 'mini'"
    )


def test_an_unknown_prerequisite_is_refused():
    assert problems(catalogue(module("portal", "[identity]"))) == [
        (13, "modules[0].prerequisites[0]", "unknown module 'identity'")
    ]


def test_phases_must_be_the_five_in_order():
    text = catalogue(module("portal")).replace("phase: build", "phase: launchx", 1)

    assert problems(text)[0][1:] == (
        "modules[0].phases[2].phase",
        "Input should be 'plan', 'procure', 'build', 'launch' or 'operate'",
    )


def test_the_shipped_catalogue_is_valid_and_covers_every_dimension_and_system_group():
    from wego.solutions.catalogue import load_catalogue

    shipped = load_catalogue("ceds-modules")

    dimensions = {i.split(".")[0] for m in shipped.modules for i in m.improves.indicators}
    groups = {s.split(".")[0] for m in shipped.modules for s in m.improves.systems}
    assert len(shipped.modules) == 32
    assert dimensions == {"GM", "PI", "RC", "IN", "CR", "PS"}
    assert groups == {"eadmin", "elife", "eindustry", "einfra"}
    assert all(len(p.steps) >= 2 for m in shipped.modules for p in m.phases)
