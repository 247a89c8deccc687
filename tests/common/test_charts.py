"""The SVG charts: parsed as XML, with positions checked against the scale they were drawn on."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET

import pytest

from wego.common import charts
from wego.common.charts import BoxStats, MapPoint, Series

NS = {"s": "http://www.w3.org/2000/svg"}
SEOUL = (37.5665, 126.978)


def parse(markup: str) -> ET.Element:
    return ET.fromstring(markup)


def find_all(root: ET.Element, tag: str, css: str) -> list[ET.Element]:
    return [e for e in root.iterfind(f".//s:{tag}", NS) if css in e.get("class", "").split()]


def points(element: ET.Element) -> list[tuple[float, float]]:
    return [tuple(float(n) for n in pair.split(",")) for pair in element.get("points").split()]


def texts(root: ET.Element, css: str) -> list[str]:
    return ["".join(e.itertext()) for e in find_all(root, "text", css)]


def x_of(root: ET.Element, value: float, scale=(0, 100)) -> float:
    """Where the chart put a value, from its first and last grid lines (both ends of the scale)."""
    grid = find_all(root, "line", "grid")
    x0, x1 = float(grid[0].get("x1")), float(grid[-1].get("x1"))
    return x0 + (x1 - x0) * (value - scale[0]) / (scale[1] - scale[0])


def sample_charts() -> list[str]:
    return [
        charts.radar_chart(["A", "B", "C"], [Series("City", [1, None, 3])]),
        charts.box_plot(
            [BoxStats("All", 1, 2, 3, 4, 5, 9)], marker=3, marker_label="City", points=[(0, "B", 2)]
        ),
        charts.trend_chart(["2020", "2022"], [Series("City", [1, 2])]),
        charts.bar_chart([("Stage 1", 3)]),
        charts.world_map([MapPoint("Seoul", *SEOUL, "full")], {"full": "Full member"}),
    ]


# --- radar -----------------------------------------------------------------------------------


def test_radar_chart_full_value_on_first_axis_lands_on_outer_ring_top():
    root = parse(charts.radar_chart(["A", "B", "C", "D"], [Series("City", [100, 50, 100, 50])]))

    outer_ring = find_all(root, "polygon", "ring")[-1]
    area = find_all(root, "polygon", "area")[0]

    assert points(outer_ring)[0] == (300.0, 55.0)
    assert points(area) == [(300.0, 55.0), (375.0, 205.0), (300.0, 355.0), (225.0, 205.0)]


def test_radar_chart_draws_rings_and_ring_labels():
    root = parse(charts.radar_chart(["A", "B", "C", "D", "E", "F"], [], rings=4, scale=(0, 100)))

    assert len(find_all(root, "polygon", "ring")) == 4
    assert texts(root, "tick") == ["25", "50", "75", "100"]
    assert texts(root, "axis-label") == ["A", "B", "C", "D", "E", "F"]


def test_radar_chart_with_none_draws_open_lines_without_fill():
    root = parse(charts.radar_chart(["A", "B", "C", "D"], [Series("City", [100, None, 100, 50])]))

    assert find_all(root, "polygon", "area") == []
    # The run wraps past the last axis back to the first; axis B has no line and no dot.
    assert [points(p) for p in find_all(root, "polyline", "line")] == [
        [(300.0, 355.0), (225.0, 205.0), (300.0, 55.0)]
    ]
    assert [d.find("s:title", NS).text for d in find_all(root, "circle", "dot")] == [
        "City, A: 100",
        "City, C: 100",
        "City, D: 50",
    ]
    assert root.find("s:desc", NS).text == "City: A 100, B no data, C 100, D 50"


def test_radar_chart_legend_lists_series_with_their_classes():
    root = parse(
        charts.radar_chart(
            ["A", "B", "C"],
            [Series("Seoul", [1, 2, 3], "series-city"), Series("Peers", [1, 1, 1], "series-peer")],
        )
    )

    items = find_all(root, "g", "legend-item")

    assert [(item.get("class"), "".join(item.itertext())) for item in items] == [
        ("legend-item series-city", "Seoul"),
        ("legend-item series-peer", "Peers"),
    ]


def test_radar_chart_with_two_axes_is_refused():
    with pytest.raises(ValueError, match="at least three axes"):
        charts.radar_chart(["A", "B"], [])


def test_radar_chart_with_wrong_number_of_values_is_refused():
    with pytest.raises(ValueError, match="has 2 values for 3 positions"):
        charts.radar_chart(["A", "B", "C"], [Series("City", [1, 2])])


# --- box plot --------------------------------------------------------------------------------


def test_box_plot_places_quartiles_and_whiskers_on_the_scale():
    root = parse(charts.box_plot([BoxStats("All cities (n=37)", 10, 20, 50, 80, 90, 37)], scale=(0, 100)))

    box = find_all(root, "rect", "box")[0]
    median = find_all(root, "line", "median")[0]
    whiskers = find_all(root, "line", "whisker")

    assert texts(root, "tick") == ["0", "25", "50", "75", "100"]
    assert float(box.get("x")) == pytest.approx(x_of(root, 20), abs=0.1)
    assert float(box.get("x")) + float(box.get("width")) == pytest.approx(x_of(root, 80), abs=0.1)
    assert float(median.get("x1")) == pytest.approx(x_of(root, 50), abs=0.1)
    assert float(whiskers[0].get("x1")) == pytest.approx(x_of(root, 10), abs=0.1)
    assert float(whiskers[1].get("x2")) == pytest.approx(x_of(root, 90), abs=0.1)
    assert root.find(".//s:g[@class='box-row']/s:title", NS).text == (
        "All cities (n=37): min 10, Q1 20, median 50, Q3 80, max 90, n=37"
    )


def test_box_plot_marker_crosses_all_rows_at_the_city_value():
    rows = [BoxStats("All", 10, 20, 50, 80, 90, 37), BoxStats("Asia", 15, 30, 45, 60, 70, 12)]
    root = parse(charts.box_plot(rows, marker=72.5, marker_label="Seoul", scale=(0, 100)))

    marker = find_all(root, "line", "marker")[0]
    last_box = find_all(root, "rect", "box")[-1]

    assert marker.get("x1") == marker.get("x2")
    assert float(marker.get("x1")) == pytest.approx(x_of(root, 72.5), abs=0.1)
    assert float(marker.get("y1")) < float(find_all(root, "rect", "box")[0].get("y"))
    assert float(marker.get("y2")) > float(last_box.get("y")) + float(last_box.get("height"))
    assert texts(root, "marker-label") == ["Seoul 72.5"]


def test_box_plot_points_sit_on_their_row_with_labels():
    rows = [BoxStats("All", 10, 20, 50, 80, 90, 37), BoxStats("Asia", 15, 30, 45, 60, 70, 12)]
    root = parse(charts.box_plot(rows, points=[(1, "Busan", 66)], scale=(0, 100)))

    point = find_all(root, "circle", "point")[0]
    second_row_box = find_all(root, "rect", "box")[1]

    assert float(point.get("cx")) == pytest.approx(x_of(root, 66), abs=0.1)
    assert float(point.get("cy")) == float(second_row_box.get("y")) + float(second_row_box.get("height")) / 2
    assert texts(root, "point-label") == ["Busan"]


# --- trend -----------------------------------------------------------------------------------


def test_trend_chart_omits_points_and_lines_for_none():
    root = parse(
        charts.trend_chart(
            ["2016", "2018", "2020"],
            [Series("City", [10, None, 30]), Series("Peers", [20, 25, None], "series-peer")],
        )
    )

    city, peers = find_all(root, "g", "series")

    assert [c.find("s:title", NS).text for c in city.iterfind("s:circle", NS)] == [
        "City, 2016: 10",
        "City, 2020: 30",
    ]
    assert city.findall("s:polyline", NS) == []
    assert len(points(peers.find("s:polyline", NS))) == 2
    assert texts(root, "value-label") == ["10", "30", "20", "25"]


def test_trend_chart_puts_points_under_their_year_and_on_the_scale():
    root = parse(charts.trend_chart(["2016", "2018"], [Series("City", [0, 100])], scale=(0, 100)))

    years = find_all(root, "text", "tick")[-2:]
    low, high = find_all(root, "circle", "dot")
    grid = find_all(root, "line", "grid")  # bottom (0) to top (100)

    assert [low.get("cx"), high.get("cx")] == [years[0].get("x"), years[1].get("x")]
    assert (low.get("cy"), high.get("cy")) == (grid[0].get("y1"), grid[-1].get("y1"))


def test_trend_chart_skips_value_labels_that_would_collide():
    root = parse(charts.trend_chart(["2020"], [Series("A", [50]), Series("B", [50.5]), Series("C", [51])]))

    # Three points within 2.4 units: the top one is labelled above, the bottom one below.
    assert texts(root, "value-label") == ["50", "51"]


# --- bars ------------------------------------------------------------------------------------


def test_bar_chart_widths_are_proportional_to_values():
    root = parse(charts.bar_chart([("Stage 1", 5), ("Stage 2", 10), ("Stage 3", 0)]))

    widths = [float(bar.get("width")) for bar in find_all(root, "rect", "bar")]

    assert widths[0] == pytest.approx(widths[1] / 2, abs=0.1)  # each width is rounded to 0.1
    assert widths[2] == 0
    assert texts(root, "value-label") == ["5", "10", "0"]


def test_bar_chart_max_value_sets_full_width():
    full = parse(charts.bar_chart([("Stage 2", 10)]))
    half = parse(charts.bar_chart([("Stage 2", 10)], max_value=20))

    half_width = float(find_all(half, "rect", "bar")[0].get("width"))
    full_width = float(find_all(full, "rect", "bar")[0].get("width"))

    assert half_width == pytest.approx(full_width / 2, abs=0.1)


def test_bar_chart_uses_given_series_class():
    root = parse(charts.bar_chart([("Stage 1", 3)], css_class="series-city"))

    assert len(find_all(root, "g", "series-city")) == 1


# --- world map -------------------------------------------------------------------------------


def test_world_map_places_seoul_equirectangularly():
    root = parse(charts.world_map([MapPoint("Seoul", *SEOUL, "full")], {"full": "Full member"}))

    seoul = find_all(root, "circle", "map-point")[0]

    assert root.get("viewBox") == "0 0 1000 500"
    assert (float(seoul.get("cx")), float(seoul.get("cy"))) == (
        round((SEOUL[1] + 180) / 360 * 1000, 1),
        round((90 - SEOUL[0]) / 180 * 500, 1),
    )
    assert (seoul.get("cx"), seoul.get("cy")) == ("852.7", "145.6")
    assert seoul.get("class") == "map-point map-full palette-1"
    assert seoul.find("s:title", NS).text == "Seoul (Full member)"


def test_world_map_draws_countries_and_legend():
    legend = {"full": "Full member", "associate": "Associate member", "regional office": "Regional office"}
    root = parse(charts.world_map([MapPoint("Kazan", 55.79, 49.12, "associate")], legend))

    assert len(find_all(root, "path", "map-country")) > 150
    assert ["".join(item.itertext()) for item in find_all(root, "g", "legend-item")] == list(legend.values())
    assert find_all(root, "circle", "map-point")[0].get("class") == "map-point map-associate palette-2"
    assert root.find("s:desc", NS).text == "Full member: 0; Associate member: 1; Regional office: 0"


def test_world_map_refuses_a_category_missing_from_the_legend():
    with pytest.raises(ValueError, match="'office', not in the legend"):
        charts.world_map([MapPoint("Addis Ababa", 9.03, 38.74, "office")], {"full": "Full member"})


def test_world_geometry_file_fits_budget_and_never_spans_the_map():
    countries = json.loads(charts.WORLD_GEOMETRY.read_text(encoding="utf-8"))
    relative_steps = [run for c in countries for run in re.findall(r"l([^z]*)z", c["d"])]
    steps = [float(n) for run in relative_steps for n in re.findall(r"-?\d+(?:\.\d+)?", run)]

    assert charts.WORLD_GEOMETRY.stat().st_size < 150_000
    assert "Antarctica" not in {c["name"] for c in countries}
    # A step across half the map would be a country wrapped around the antimeridian.
    assert max(abs(n) for n in steps) < 500


# --- all charts ------------------------------------------------------------------------------


@pytest.mark.parametrize("index", range(5))
def test_chart_is_well_formed_accessible_svg(index):
    root = parse(sample_charts()[index])

    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert root.get("role") == "img"
    assert root.get("width") == "100%"
    assert re.fullmatch(r"0 0 \d+ \d+", root.get("viewBox"))
    assert root.get("aria-label") == root.find("s:title", NS).text != ""


def test_charts_have_no_style_attributes_and_no_scripts():
    for markup in sample_charts():
        elements = list(parse(markup).iter())

        assert [e.tag for e in elements if "style" in e.attrib] == []
        assert [e.tag for e in elements if e.tag.endswith("script") or e.tag.endswith("style")] == []


def test_charts_escape_all_text():
    evil = "<script>"
    markups = [
        charts.radar_chart([evil, "B", "C"], [Series(evil, [1, 2, 3])], title=evil),
        charts.box_plot(
            [BoxStats(evil, 1, 2, 3, 4, 5, 9)], marker=3, marker_label=evil, points=[(0, evil, 2)], title=evil
        ),
        charts.trend_chart([evil, "2022"], [Series(evil, [1, 2])], title=evil),
        charts.bar_chart([(evil, 3)], title=evil),
        charts.world_map([MapPoint(evil, 0, 0, "a")], {"a": evil}, title=evil),
    ]

    for markup in markups:
        root = parse(markup)

        assert "<script" not in markup
        assert "&lt;script&gt;" in markup
        assert root.get("aria-label") == root.find("s:title", NS).text == evil


def test_title_defaults_to_the_kind_of_chart():
    root = parse(charts.bar_chart([("Stage 1", 3)]))

    assert root.get("aria-label") == "Bar chart"


def test_every_chart_keeps_its_left_to_right_layout_on_a_right_to_left_page():
    from wego.common.charts import GanttRow

    drawn = [
        charts.radar_chart(["a", "b", "c"], [Series("x", [1, 2, 3])]),
        charts.bar_chart([("a", 1.0)], with_table=True),
        charts.trend_chart(["2022", "2024"], [Series("x", [1.0, 2.0])]),
        charts.gantt_chart([GanttRow("Portal", 0, 2)], ["Q1", "Q2"]),
        charts.world_map([MapPoint("Seoul", 37.6, 127.0, "m")], {"m": "Member"}, with_table=True),
    ]

    roots = [re.match(r"<svg [^>]*>", str(svg)).group(0) for svg in drawn]
    assert all('direction="ltr"' in root for root in roots), roots


def test_map_and_bars_carry_their_data_as_a_table_when_asked():
    bars = str(charts.bar_chart([("Emerging", 3.0), ("Leading", 1.0)], title="Stages", with_table=True))
    plain = str(charts.bar_chart([("Emerging", 3.0)], title="Stages"))
    world = str(
        charts.world_map(
            [MapPoint("Seoul", 37.6, 127.0, "m"), MapPoint("Quito", -0.2, -78.5, "m")],
            {"m": "Member"},
            title="Members",
            with_table=True,
        )
    )

    assert "<details" not in plain
    rows = re.findall(r"<tr><th scope=\"row\">([^<]+)</th>((?:<td>[^<]*</td>)+)</tr>", bars + world)
    assert [(head, re.findall(r"<td>([^<]*)</td>", cells)) for head, cells in rows] == [
        ("Emerging", ["3"]),
        ("Leading", ["1"]),
        ("Member", ["2", "Quito, Seoul"]),
    ]
