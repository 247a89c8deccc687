import pytest

from tests.scoring.conftest import SMALL, framework_from
from wego.scoring import FrameworkError, load_framework, load_framework_text, shipped_frameworks


def problems_of(text: str) -> list[tuple[int | None, str, str]]:
    with pytest.raises(FrameworkError) as caught:
        load_framework_text(text, source="bad.yaml")
    return caught.value.problems


def test_unknown_key_is_reported_with_line_and_path():
    text = SMALL.replace("        text: Does A2 exist?", "        text: Does A2 exist?\n        weigth: 2")

    assert problems_of(text) == [(23, "tree[0].children[1]", "unknown key 'weigth'")]


def test_missing_required_key_names_it():
    text = SMALL.replace("    title: Dimension B\n", "")

    assert problems_of(text) == [(23, "tree[1]", "'title' is required")]


def test_scale_without_levels_is_refused():
    text = SMALL.replace("        levels: [one, two, three, four, five]\n", "")

    assert problems_of(text) == [(16, "tree[0].children[0]", "a 'scale' question needs 'levels'")]


def test_duplicate_ids_name_the_first_use():
    text = SMALL.replace("      - id: B1\n", "      - id: A1\n")

    assert problems_of(text) == [
        (28, "tree[1].children[0].id", "duplicate id 'A1' (first used at tree[0].children[0])")
    ]


def test_unknown_shared_scale_lists_the_known_ones():
    text = SMALL.replace("        levels: [one, two, three, four, five]", "        levels: maturity")

    assert problems_of(text) == [
        (19, "tree[0].children[0].levels", "unknown shared scale 'maturity' (known: none defined)")
    ]


def test_stage_cut_offs_must_increase_and_start_at_the_scale_minimum():
    text = SMALL.replace("min: 50}", "min: 80}").replace(
        "  - {id: low, name: Low, min: 0}", "  - {id: low, name: Low, min: 5}"
    )

    assert problems_of(text) == [
        (8, "stages[0].min", "the lowest stage must start at the scale minimum (0), inclusive"),
        (10, "stages[2].min", "stage cut-offs must increase from the lowest stage"),
    ]


def test_text_without_english_is_refused():
    text = SMALL.replace("title: Small test framework", "title: {ko: 작은 틀}")

    assert problems_of(text) == [(4, "title", "an English text ('en') is required")]


def test_invalid_yaml_gives_the_line():
    [(line, path, message)] = problems_of("format: 1\nid: [unclosed\n")

    # The parser's own wording follows; it differs between the C and Python parsers.
    assert (line, path, message.startswith("not valid YAML: ")) == (3, "", True)


def test_wrong_format_version():
    assert problems_of("format: 2\nid: x\n") == [(1, "format", "'format' must be 1")]


def test_error_message_names_file_line_and_path():
    text = SMALL.replace("weight: 2", "weight: -1")

    with pytest.raises(FrameworkError) as caught:
        load_framework_text(text, source="bad.yaml")

    assert (
        str(caught.value)
        == "bad.yaml, line 14, at tree[0].weight: Input should be greater than or equal to 0"
    )


def test_missing_file_lists_the_shipped_frameworks():
    with pytest.raises(FrameworkError) as caught:
        load_framework("no-such-framework")

    assert (
        str(caught.value)
        == "no-such-framework: no such file, and not a shipped framework (ceds, egdi, smart-city)"
    )


def test_texts_fall_back_to_english():
    framework = framework_from(SMALL.replace("title: Small test framework", "title: {en: Small, fr: Petit}"))

    assert (framework.title.get("fr"), framework.title.get("ko"), framework.title.get("fr-CA")) == (
        "Petit",
        "Small",
        "Petit",
    )


def test_content_hash_changes_with_the_file():
    first = load_framework_text(SMALL)
    second = load_framework_text(SMALL.replace("Small test", "Smaller test"))

    assert first.content_hash != second.content_hash
    assert load_framework_text(SMALL).content_hash == first.content_hash


def test_shipped_ceds_has_six_dimensions_ninety_questions_and_110_systems():
    ceds = load_framework("ceds")

    dimensions = [n for n in ceds.walk("tree") if getattr(n, "kind", "") == "dimension"]
    tree_questions = [n for n in ceds.walk("tree") if n.is_question]
    systems = [n for n in ceds.walk("inventory") if getattr(n, "kind", "") == "system"]
    assert [d.id for d in dimensions] == ["GM", "PI", "RC", "IN", "CR", "PS"]
    assert [str(d.title) for d in dimensions] == [
        "Governance Mechanism",
        "Policy & Institution",
        "Resource Capacity",
        "ICT Network",
        "Citizen Readiness",
        "Public Service Infrastructure",
    ]
    assert len(tree_questions) == 90
    assert {len(ceds.question_levels(q)) for q in tree_questions} == {5}
    assert all(q.help and q.evidence for q in tree_questions)
    assert [g.id for g in ceds.inventory] == ["eadmin", "elife", "eindustry", "einfra"]
    assert len(systems) == 110
    assert [s.id for s in ceds.stages] == ["emerging", "developing", "established", "integrated", "leading"]


def test_every_ceds_indicator_names_its_public_source():
    ceds = load_framework("ceds")

    indicators = [n for n in ceds.walk("tree") if getattr(n, "kind", "") == "indicator"]
    assert indicators
    assert [i.id for i in indicators if not i.source] == []


def test_shipped_smart_city_has_five_dimensions_and_two_perspectives():
    smart = load_framework("smart-city")

    assert [d.id for d in smart.tree] == ["LG", "SE", "DU", "II", "ES"]
    assert [p.id for p in smart.perspectives] == ["as-is", "to-be"]
    assert (smart.scale.min, smart.scale.max) == (1, 5)


def test_all_shipped_frameworks_are_valid():
    assert sorted(shipped_frameworks()) == ["ceds", "egdi", "smart-city"]
    for name in shipped_frameworks():
        assert load_framework(name).id == name


def test_duplicate_yaml_keys_are_refused_not_silently_overwritten():
    text = SMALL.replace("    weight: 2\n", "    weight: 2\n    weight: 3\n")

    assert problems_of(text) == [(15, "tree[0]", "duplicate key 'weight'")]


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (
            "[{id: a, text: A, points: 1}, {id: A, text: B, points: 2}]",
            "option ids must be unique (upper and lower case count as the same)",
        ),
        (
            "[{id: na, text: None, points: 0}, {id: b, text: B, points: 2}]",
            "option id 'na' would read as don't know or not applicable",
        ),
    ],
)
def test_option_ids_must_be_distinguishable_from_each_other_and_from_answer_tokens(options, message):
    text = f"""\
format: 1
id: opts
version: "1"
title: Options
tree:
  - id: q
    type: choice
    text: Which?
    options: {options}
"""
    assert problems_of(text) == [(6, "tree[0]", message)]


def test_output_column_names_are_reserved_ids():
    text = SMALL.replace("  - id: B\n", "  - id: rank\n")

    assert problems_of(text) == [(23, "tree[1].id", "'rank' is reserved; choose another id")]


def test_content_hash_of_a_file_is_the_hash_of_its_bytes(tmp_path):
    import hashlib

    path = tmp_path / "crlf.yaml"
    path.write_bytes(SMALL.replace("\n", "\r\n").encode("utf-8"))

    assert load_framework(path).content_hash == hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_yaml_alias_back_to_its_own_node_is_refused_not_looped():
    text = SMALL.replace("tree:\n", "tree: &loop\n").replace(
        "      - id: A2\n", "      - id: A3\n        title: Loop\n        children: *loop\n      - id: A2\n"
    )

    assert problems_of(text)[0] == (
        12,
        "tree[0].children[1].children[0]",
        "Recursion error - cyclic reference detected",
    )


def test_sections_must_name_a_kind_that_covers_every_question():
    text = SMALL.replace("precision: 1\n", "precision: 1\nsections: {tree: dimension}\n")

    assert problems_of(text) == [(7, "sections.tree", "no node of kind 'dimension' in 'tree'")]
