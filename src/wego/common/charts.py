"""SVG charts drawn on the server: radar, box plot, trend, bars and a world map.

Each function returns one complete ``<svg>`` element, marked safe (maps and bars, asked
``with_table``, add their data table after it), so the same markup goes
into pages and PDFs with no JavaScript. The CSP forbids ``style`` attributes, so colours
come from classes styled in ``static/css/wego.css`` (Okabe-Ito palette, readable with the
common colour-vision deficiencies); geometry is laid out here in viewBox units and the
SVG scales to the width of its container. ``role="img"`` makes assistive technology read
the title as the name and the ``<desc>`` (the data in words) as the description.
"""

from __future__ import annotations

import json
import math
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

WORLD_GEOMETRY = Path(__file__).resolve().parent / "data" / "world-110m.json"
FONT = 12  # viewBox units; set on the root so text keeps its size without the stylesheet
LINE = 1.25 * FONT


@dataclass(frozen=True)
class Series:
    label: str
    values: list[float | None]  # one per axis / x position; None = no data (gap)
    css_class: str = "series-1"  # series-1 .. series-4, series-city, series-peer, series-target


@dataclass(frozen=True)
class BoxStats:
    label: str  # e.g. "All cities (n=37)"
    low: float
    q1: float
    median: float
    q3: float
    high: float  # whiskers = min/max
    n: int


@dataclass(frozen=True)
class MapPoint:
    label: str
    latitude: float
    longitude: float
    category: str  # a key of world_map's legend


# --- helpers -------------------------------------------------------------------------------


def data_table(caption: str, headers: list[str], rows: list[list[str]]) -> SafeString:
    """The chart's data as a table, folded under the chart: the text alternative that a
    screen reader can navigate cell by cell and anyone can open with the keyboard."""
    head = format_html(
        "<tr>{}</tr>", mark_safe("".join(format_html('<th scope="col">{}</th>', h) for h in headers))
    )
    body = "".join(
        format_html(
            "<tr>{}{}</tr>",
            format_html('<th scope="row">{}</th>', row[0]),
            mark_safe("".join(format_html("<td>{}</td>", cell) for cell in row[1:])),
        )
        for row in rows
    )
    return format_html(
        '<details class="chart-data"><summary>{}</summary><div class="table-scroll"><table>'
        "<caption>{}</caption><thead>{}</thead><tbody>{}</tbody></table></div></details>",
        _("Data of this chart"),
        caption,
        head,
        mark_safe(body),
    )


def _num(value: float) -> str:
    """At most one decimal: short markup, and the precision scores are published at."""
    text = f"{value:.1f}".removesuffix(".0")
    return "0" if text == "-0" else text


def _text_width(text: str, size: float = FONT) -> float:
    # No font metrics on the server: estimate, counting East Asian wide characters (Hangul, CJK) as an em.
    return sum(size if unicodedata.east_asian_width(c) in "WF" else 0.58 * size for c in text)


def _wrap(text: str, width: float, size: float = FONT) -> list[str]:
    """Greedy word wrap to an estimated width; a single long word stays on its own line."""
    lines: list[str] = []
    for word in text.split():
        if lines and _text_width(f"{lines[-1]} {word}", size) <= width:
            lines[-1] += f" {word}"
        else:
            lines.append(word)
    return lines or [""]


def _text(
    x: float, y: float, lines: list[str], *, css: str, anchor: str = "start", valign: str = "middle"
) -> str:
    """Multi-line text; y is the centre (valign="middle"), the top or the bottom of the block."""
    shift = {"top": 0.8, "middle": 0.35 - 0.6 * (len(lines) - 1), "bottom": -1.2 * (len(lines) - 1)}[valign]
    spans = "".join(
        format_html('<tspan x="{}" dy="{}em">{}</tspan>', _num(x), _num(shift if i == 0 else 1.2), line)
        for i, line in enumerate(lines)
    )
    return format_html(
        '<text class="{}" x="{}" y="{}" text-anchor="{}">{}</text>',
        css,
        _num(x),
        _num(y),
        anchor,
        mark_safe(spans),
    )


def _points(coords: list[tuple[float, float]]) -> str:
    return " ".join(f"{_num(x)},{_num(y)}" for x, y in coords)


def _runs(values: list[float | None], *, cyclic: bool = False) -> list[list[int]]:
    """Indices of consecutive values that are not None; a cyclic run may wrap past the end (radar)."""
    runs: list[list[int]] = [[]]
    for i, value in enumerate(values):
        if value is None:
            runs.append([])
        else:
            runs[-1].append(i)
    if cyclic and len(runs) > 1 and runs[0] and runs[-1]:
        runs[0] = runs.pop() + runs[0]
    return [run for run in runs if run]


def _check_scale(scale: tuple[float, float]) -> tuple[float, float]:
    low, high = scale
    if not high > low:
        raise ValueError(f"scale must run from low to high, got {scale!r}")
    return low, high


def _fraction(value: float, scale: tuple[float, float]) -> float:
    """Position of value on the scale, 0..1; values outside are drawn at the edge."""
    low, high = scale
    return min(max((value - low) / (high - low), 0.0), 1.0)


def _legend(
    items: list[tuple[str, str]], x0: float, y0: float, width: float, size: float = FONT
) -> tuple[str, float]:
    """A swatch and a label per (css class, label), wrapping onto more lines; returns markup and height."""
    parts, x, y, line = [], x0, y0, 1.5 * size
    for css, label in items:
        item_width = 1.7 * size + _text_width(label, size) + 1.5 * size
        if x > x0 and x + item_width > x0 + width:
            x, y = x0, y + line
        parts.append(
            format_html(
                '<g class="legend-item {}"><rect class="swatch" x="{}" y="{}" width="{}" height="{}" rx="2"/>'
                '<text x="{}" y="{}">{}</text></g>',
                css,
                _num(x),
                _num(y),
                _num(size),
                _num(size),
                _num(x + 1.4 * size),
                _num(y + 0.85 * size),
                label,
            )
        )
        x += item_width
    return format_html('<g class="legend">{}</g>', mark_safe("".join(parts))), (y - y0 + line if items else 0)


def _svg(
    kind: str, size: tuple[float, float], title: str, desc: str, body: list[str], font: float = FONT
) -> SafeString:
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" class="chart-svg chart-{}" viewBox="0 0 {} {}" width="100%" '
        # Laid out left to right in viewBox units: on a right-to-left page, text anchors would flip.
        'direction="ltr" role="img" aria-label="{}" font-size="{}"><title>{}</title><desc>{}</desc>{}</svg>',
        kind,
        _num(size[0]),
        _num(math.ceil(size[1])),
        title,
        _num(font),
        title,
        desc,
        mark_safe("".join(body)),
    )


def _value_text(value: float | None) -> str:
    return _("no data") if value is None else _num(value)


def _series_desc(names: list[str], series: list[Series]) -> str:
    return "; ".join(
        f"{s.label}: "
        + ", ".join(f"{name} {_value_text(v)}" for name, v in zip(names, s.values, strict=True))
        for s in series
    )


def _check_lengths(series: list[Series], count: int) -> None:
    for s in series:
        if len(s.values) != count:
            raise ValueError(f"series {s.label!r} has {len(s.values)} values for {count} positions")


def _dot(x: float, y: float, tooltip: str, css: str = "dot", r: float = 3.5) -> str:
    return format_html(
        '<circle class="{}" cx="{}" cy="{}" r="{}"><title>{}</title></circle>',
        css,
        _num(x),
        _num(y),
        _num(r),
        tooltip,
    )


def _line(x1: float, y1: float, x2: float, y2: float, css: str) -> str:
    return format_html(
        '<line class="{}" x1="{}" y1="{}" x2="{}" y2="{}"/>', css, _num(x1), _num(y1), _num(x2), _num(y2)
    )


def _label_column(labels: list[str], limit: float = 200) -> tuple[float, dict[str, list[str]]]:
    """Width of the left column for row labels (capped; longer labels wrap) and each label's lines."""
    width = min(max((_text_width(label) for label in labels), default=0), limit)
    return width + 10, {label: _wrap(label, width) for label in labels}


def _x_axis(
    ticks: int, scale: tuple[float, float], x0: float, width: float, top: float, bottom: float
) -> list[str]:
    """Vertical grid lines with their values under the plot."""
    parts = []
    for k in range(ticks + 1):
        x = x0 + width * k / ticks
        parts.append(_line(x, top, x, bottom, "grid"))
        value = scale[0] + (scale[1] - scale[0]) * k / ticks
        parts.append(_text(x, bottom + 4, [_num(value)], css="tick", anchor="middle", valign="top"))
    return parts


def _value_label_placement(ys: list[list[float | None]]) -> list[list[str]]:
    """For each series and x position: put the value label "above" or "below" its point, or "" to skip it.

    Points sharing an x are visited top to bottom; a label goes where it overlaps neither a
    label already placed nor a neighbouring point. A skipped value is still in the point's
    tooltip and in the chart's description.
    """
    label = 1.1 * FONT + 7  # a label's height plus its gap from the point
    placement = [[""] * len(row) for row in ys]
    for i in range(len(ys[0]) if ys else 0):
        column = sorted((row[i], n) for n, row in enumerate(ys) if row[i] is not None)
        taken = -math.inf  # lowest y already used by a point or a label
        for k, (y, n) in enumerate(column):
            below_next = column[k + 1][0] if k + 1 < len(column) else math.inf
            if y - label >= taken:
                placement[n][i], taken = "above", y + 4
            elif y + label <= below_next - 4:
                placement[n][i], taken = "below", y + label
            else:
                taken = y + 4
    return placement


# --- charts --------------------------------------------------------------------------------


def radar_chart(
    axes: list[str],
    series: list[Series],
    *,
    scale: tuple[float, float] = (0, 100),
    rings: int = 4,
    title: str = "",
) -> SafeString:
    """Spider chart: one spoke per axis (clockwise from the top), one polygon per series.

    A series with missing values is drawn as open lines between the values it has, with no
    fill, so a gap is never mistaken for a zero.
    """
    if len(axes) < 3:
        raise ValueError("a radar chart needs at least three axes")
    _check_lengths(series, len(axes))
    _check_scale(scale)
    width, radius, cx, cy = 600, 150, 300, 205

    def corner(i: int, fraction: float) -> tuple[float, float]:
        angle = -math.pi / 2 + 2 * math.pi * i / len(axes)
        return cx + radius * fraction * math.cos(angle), cy + radius * fraction * math.sin(angle)

    body = []
    for k in range(1, rings + 1):
        body.append(
            format_html(
                '<polygon class="ring" points="{}"/>',
                _points([corner(i, k / rings) for i in range(len(axes))]),
            )
        )
    for i, axis in enumerate(axes):
        x, y = corner(i, 1)
        body.append(_line(cx, cy, x, y, "spoke"))
        lx, ly = corner(i, 1 + 14 / radius)
        dx, dy = lx - cx, ly - cy
        anchor = "start" if dx > 1 else "end" if dx < -1 else "middle"
        valign = "bottom" if dy < -radius / 2 else "top" if dy > radius / 2 else "middle"
        body.append(_text(lx, ly, _wrap(axis, 140), css="axis-label", anchor=anchor, valign=valign))
    for k in range(1, rings + 1):
        # Ring values half-way between the last and the first spoke, where no series dot can cover them.
        (x1, y1), (x2, y2) = corner(-1, k / rings), corner(0, k / rings)
        value = scale[0] + (scale[1] - scale[0]) * k / rings
        body.append(_text((x1 + x2) / 2, (y1 + y2) / 2, [_num(value)], css="tick", anchor="middle"))
    for s in series:
        corners = {i: corner(i, _fraction(v, scale)) for i, v in enumerate(s.values) if v is not None}
        parts = []
        if len(corners) == len(axes):
            parts.append(format_html('<polygon class="area" points="{}"/>', _points(list(corners.values()))))
        else:
            for run in _runs(s.values, cyclic=True):
                if len(run) > 1:
                    parts.append(
                        format_html(
                            '<polyline class="line" points="{}"/>', _points([corners[i] for i in run])
                        )
                    )
        for i, (x, y) in corners.items():
            parts.append(_dot(x, y, f"{s.label}, {axes[i]}: {_num(s.values[i])}"))
        body.append(format_html('<g class="series {}">{}</g>', s.css_class, mark_safe("".join(parts))))
    legend, legend_height = _legend(
        [(s.css_class, s.label) for s in series], 20, cy + radius + 55, width - 40
    )
    body.append(legend)
    return _svg(
        "radar",
        (width, cy + radius + 55 + legend_height + 5),
        title or _("Radar chart"),
        _series_desc(axes, series),
        body,
    )


def box_plot(
    rows: list[BoxStats],
    *,
    marker: float | None = None,
    marker_label: str = "",
    points: list[tuple[int, str, float]] = (),
    scale: tuple[float, float] = (0, 100),
    title: str = "",
) -> SafeString:
    """Horizontal box plots, one row per group (whiskers at min and max).

    ``marker`` draws a vertical line across all rows (the city's own score); ``points`` are
    (row index, label, value) for cities that share their results.
    """
    _check_scale(scale)
    width, row_height, top, right = 640, 44, 30, 24
    label_width, wrapped = _label_column([row.label for row in rows])
    plot_width = width - label_width - right
    bottom = top + row_height * len(rows)

    def x_of(value: float) -> float:
        return label_width + plot_width * _fraction(value, scale)

    body = _x_axis(4, scale, label_width, plot_width, top, bottom)
    desc = []
    for i, row in enumerate(rows):
        y = top + row_height * (i + 0.5)
        body.append(_text(label_width - 8, y, wrapped[row.label], css="row-label", anchor="end"))
        summary = _("{label}: min {low}, Q1 {q1}, median {median}, Q3 {q3}, max {high}, n={n}").format(
            label=row.label,
            low=_num(row.low),
            q1=_num(row.q1),
            median=_num(row.median),
            q3=_num(row.q3),
            high=_num(row.high),
            n=row.n,
        )
        desc.append(summary)
        body.append(
            format_html(
                '<g class="box-row"><title>{}</title>{}{}{}{}'
                '<rect class="box" x="{}" y="{}" width="{}" height="16"/>{}</g>',
                summary,
                _line(x_of(row.low), y, x_of(row.q1), y, "whisker"),
                _line(x_of(row.q3), y, x_of(row.high), y, "whisker"),
                _line(x_of(row.low), y - 5, x_of(row.low), y + 5, "whisker"),
                _line(x_of(row.high), y - 5, x_of(row.high), y + 5, "whisker"),
                _num(x_of(row.q1)),
                _num(y - 8),
                _num(x_of(row.q3) - x_of(row.q1)),
                _line(x_of(row.median), y - 8, x_of(row.median), y + 8, "median"),
            )
        )
    placed = Counter()
    for row_index, label, value in points:
        # Alternate labels above and below the row so two cities in one row rarely collide.
        y = top + row_height * (row_index + 0.5)
        above = placed[row_index] % 2 == 0
        placed[row_index] += 1
        body.append(_dot(x_of(value), y, f"{label}: {_num(value)}", css="point"))
        body.append(
            _text(
                x_of(value),
                y + (-11 if above else 11),
                [label],
                css="point-label",
                anchor="middle",
                valign="bottom" if above else "top",
            )
        )
        desc.append(f"{label}: {_num(value)}")
    if marker is not None:
        x = x_of(marker)
        text = f"{marker_label} {_num(marker)}".strip()
        body.append(_line(x, top - 6, x, bottom, "marker"))
        # Keep the label inside the frame when the marker is near either end of the scale.
        half = _text_width(text) / 2
        anchor = "start" if x - half < 0 else "end" if x + half > width else "middle"
        body.append(_text(x, top - 9, [text], css="marker-label", anchor=anchor, valign="bottom"))
        desc.append(text)
    return _svg("box", (width, bottom + 24), title or _("Box plot"), "; ".join(desc), body)


def trend_chart(
    x_labels: list[str],
    series: list[Series],
    *,
    scale: tuple[float, float] = (0, 100),
    title: str = "",
) -> SafeString:
    """Lines over assessment cycles with a labelled point per value; None leaves a gap."""
    _check_lengths(series, len(x_labels))
    _check_scale(scale)
    width, left, right, top, plot_height, ticks = 600, 40, 20, 20, 240, 4
    bottom = top + plot_height
    inner_left, inner_width = left + 25, width - left - right - 50  # room for end points' labels

    def x_of(i: int) -> float:
        return inner_left + (inner_width * i / (len(x_labels) - 1) if len(x_labels) > 1 else inner_width / 2)

    def y_of(value: float) -> float:
        return bottom - plot_height * _fraction(value, scale)

    body = []
    for k in range(ticks + 1):
        y = bottom - plot_height * k / ticks
        body.append(_line(left, y, width - right, y, "grid"))
        body.append(
            _text(left - 6, y, [_num(scale[0] + (scale[1] - scale[0]) * k / ticks)], css="tick", anchor="end")
        )
    for i, label in enumerate(x_labels):
        body.append(_text(x_of(i), bottom + 6, [label], css="tick", anchor="middle", valign="top"))
    placement = _value_label_placement([[None if v is None else y_of(v) for v in s.values] for s in series])
    for n, s in enumerate(series):
        parts = [
            format_html(
                '<polyline class="line" points="{}"/>', _points([(x_of(i), y_of(s.values[i])) for i in run])
            )
            for run in _runs(s.values)
            if len(run) > 1
        ]
        for i, value in enumerate(s.values):
            if value is None:
                continue
            x, y = x_of(i), y_of(value)
            parts.append(_dot(x, y, f"{s.label}, {x_labels[i]}: {_num(value)}"))
            if place := placement[n][i]:
                offset, valign = (-7, "bottom") if place == "above" else (7, "top")
                parts.append(
                    _text(x, y + offset, [_num(value)], css="value-label", anchor="middle", valign=valign)
                )
        body.append(format_html('<g class="series {}">{}</g>', s.css_class, mark_safe("".join(parts))))
    legend, legend_height = _legend(
        [(s.css_class, s.label) for s in series], left, bottom + 30, width - left - right
    )
    body.append(legend)
    return _svg(
        "trend",
        (width, bottom + 30 + legend_height + 5),
        title or _("Trend chart"),
        _series_desc(x_labels, series),
        body,
    )


def bar_chart(
    bars: list[tuple[str, float]],
    *,
    max_value: float | None = None,
    title: str = "",
    css_class: str = "series-1",
    with_table: bool = False,
) -> SafeString:
    """Horizontal bars from zero, each with its value at the end (e.g. cities per stage);
    followed by the data table when `with_table` (pages that show no table of their own)."""
    width, row_height, bar_height, right = 600, 28, 18, 50
    label_width, wrapped = _label_column([label for label, _value in bars])
    plot_width = width - label_width - right
    top = max(max_value if max_value is not None else max((v for _l, v in bars), default=0), 0) or 1
    body = []
    for i, (label, value) in enumerate(bars):
        y = 6 + row_height * (i + 0.5)
        bar_width = plot_width * min(max(value, 0) / top, 1)
        body.append(_text(label_width - 8, y, wrapped[label], css="row-label", anchor="end"))
        body.append(
            format_html(
                '<rect class="bar" x="{}" y="{}" width="{}" height="{}"><title>{}: {}</title></rect>',
                _num(label_width),
                _num(y - bar_height / 2),
                _num(bar_width),
                bar_height,
                label,
                _num(value),
            )
        )
        body.append(_text(label_width + bar_width + 6, y, [_num(value)], css="value-label"))
    body.append(_line(label_width, 4, label_width, 8 + row_height * len(bars), "axis"))
    title = title or _("Bar chart")
    svg = _svg(
        "bar",
        (width, 12 + row_height * len(bars)),
        title,
        "; ".join(f"{label}: {_num(value)}" for label, value in bars),
        [format_html('<g class="{}">{}</g>', css_class, mark_safe("".join(body)))],
    )
    if not with_table:
        return svg
    return svg + data_table(
        title, [_("Category"), _("Value")], [[label, _num(value)] for label, value in bars]
    )


@cache
def _world() -> tuple[str, ...]:
    """Country outlines, read once per process from the committed Natural Earth file (no network)."""
    return tuple(country["d"] for country in json.loads(WORLD_GEOMETRY.read_text(encoding="utf-8")))


def world_map(
    points: list[MapPoint], legend: dict[str, str], *, title: str = "", with_table: bool = False
) -> SafeString:
    """Equirectangular world map (1000 x 500, Antarctica left out) with a circle per point;
    followed by the data table (cities per category) when `with_table`.

    Each category gets the class ``map-<category>`` for specific styling and ``palette-<n>``
    (its position in ``legend``) so any set of categories is coloured without new CSS.
    """
    size = 16  # the map is drawn large, so its text is too
    palette = {
        key: f"map-{re.sub(r'[^A-Za-z0-9_-]', '-', key)} palette-{n % 7 + 1}" for n, key in enumerate(legend)
    }
    body = ['<rect class="map-sea" width="1000" height="500"/><g class="map-countries">']
    body += [format_html('<path class="map-country" d="{}"/>', d) for d in _world()]
    body.append("</g>")
    for point in points:
        if point.category not in legend:
            raise ValueError(f"map point {point.label!r} has category {point.category!r}, not in the legend")
        x = (point.longitude + 180) / 360 * 1000
        y = (90 - point.latitude) / 180 * 500
        body.append(
            _dot(
                x,
                y,
                f"{point.label} ({legend[point.category]})",
                css=f"map-point {palette[point.category]}",
                r=5,
            )
        )
    # The legend sits where Antarctica would be: open sea once it is left out.
    markup, legend_height = _legend(
        [(palette[key], label) for key, label in legend.items()], 20, 450, 960, size
    )
    body.append(markup)
    counts = Counter(point.category for point in points)
    desc = "; ".join(f"{label}: {counts[key]}" for key, label in legend.items())
    title = title or _("World map")
    svg = _svg("map", (1000, max(500, 450 + legend_height)), title, desc, body, font=size)
    if not with_table:
        return svg
    names = {key: sorted(p.label for p in points if p.category == key) for key in legend}
    table = data_table(
        title,
        [_("Category"), _("Cities"), _("Names")],
        [[label, str(counts[key]), ", ".join(names[key])] for key, label in legend.items()],
    )
    return svg + table


@dataclass(frozen=True)
class GanttRow:
    label: str
    start: int  # first period (column) index
    end: int  # exclusive
    css: str = "bar-planned"
    note: str = ""  # shown in the tooltip and the description


def gantt_chart(rows: list[GanttRow], periods: list[str], *, title: str = "") -> SafeString:
    """One bar per row over labelled periods (quarters of a plan), in row order."""
    width, row_height, bar_height, head = 760, 26, 16, 2.2 * LINE
    label_width, wrapped = _label_column([row.label for row in rows], limit=230)
    column = (width - label_width - 8) / max(len(periods), 1)
    height = head + row_height * len(rows) + 6
    body = []
    for i, period in enumerate(periods):
        x = label_width + column * i
        year, _sep, part = period.partition(" ")
        lines = [part, year] if part and (i == 0 or part in ("Q1", "S1", "1")) else [part or period]
        body.append(_text(x + column / 2, 4, lines, css="tick", anchor="middle", valign="top"))
        body.append(_line(x, head - 2, x, height, "grid"))
    for i, row in enumerate(rows):
        y = head + row_height * (i + 0.5)
        body.append(_text(label_width - 8, y, wrapped[row.label], css="row-label", anchor="end"))
        span = f"{periods[row.start]} to {periods[row.end - 1]}" if row.end > row.start else ""
        body.append(
            format_html(
                '<rect class="bar {}" x="{}" y="{}" width="{}" height="{}" rx="3"><title>{}: {}{}</title></rect>',
                row.css,
                _num(label_width + column * row.start + 1),
                _num(y - bar_height / 2),
                _num(max(column * (row.end - row.start) - 2, 0)),
                bar_height,
                row.label,
                span,
                f" ({row.note})" if row.note else "",
            )
        )
    body.append(_line(label_width, head - 2, width, head - 2, "axis"))
    return _svg(
        "gantt",
        (width, height),
        title or _("Schedule"),
        "; ".join(
            f"{row.label}: {periods[row.start]} to {periods[row.end - 1]}"
            + (f" ({row.note})" if row.note else "")
            for row in rows
            if row.end > row.start
        ),
        [format_html('<g class="series-plan">{}</g>', mark_safe("".join(body)))],
    )
