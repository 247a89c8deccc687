"""Build the world map geometry used by wego.common.charts.world_map.

    npm pack world-atlas@2                                  # writes world-atlas-2.0.2.tgz here
    python tools/build_world_geometry.py world-atlas-2.0.2.tgz

Reads countries-110m.json (TopoJSON of Natural Earth 1:110m Admin 0 countries) from the
package, projects it equirectangularly into a 1000 x 500 frame, simplifies it and writes
src/wego/common/data/world-110m.json (a list of {"id", "name", "d"}) and its README.md.
Only the standard library is used, so the build needs nothing beyond npm to fetch the input.
"""

from __future__ import annotations

import argparse
import json
import tarfile
from itertools import pairwise
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "src" / "wego" / "common" / "data"
WIDTH, HEIGHT = 1000, 500
# Douglas-Peucker tolerance in tenths of a viewBox unit: 0.3 units is a third of a pixel
# on a 1000 px wide map, invisible, and it keeps the file under the 150 KB budget.
TOLERANCE = 3
DROP = {"Antarctica"}  # an equirectangular projection smears it along the bottom edge


def decode_arcs(topology: dict) -> list[list[tuple[int, int]]]:
    """Absolute projected points per arc, in integer tenths of a unit (so rounding happens once)."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        qx = qy = shift = 0
        points: list[tuple[int, int]] = []
        for dx, dy in arc:  # quantized TopoJSON arcs are delta-encoded
            qx, qy = qx + dx, qy + dy
            lon, lat = qx * sx + tx, qy * sy + ty
            x, y = round((lon + 180) / 360 * WIDTH * 10), round((90 - lat) / 180 * HEIGHT * 10)
            # Unwrap where the arc crosses the antimeridian (Russia, Fiji) so it stays continuous
            # instead of drawing a line across the whole map; see ring_paths for the other side.
            if points and abs(x + shift - points[-1][0]) > WIDTH * 5:
                shift += WIDTH * 10 if x + shift < points[-1][0] else -WIDTH * 10
            points.append((x + shift, y))
        arcs.append(points)
    return arcs


def simplify(points: list[tuple[int, int]], tolerance: float) -> list[tuple[int, int]]:
    """Douglas-Peucker. Arcs are simplified once each, so neighbouring countries keep one border."""
    if len(points) < 3:
        return points
    (ax, ay), (bx, by) = points[0], points[-1]
    length = ((bx - ax) ** 2 + (by - ay) ** 2) ** 0.5
    best, index = -1.0, 0
    for i in range(1, len(points) - 1):
        px, py = points[i]
        if length:
            distance = abs((bx - ax) * (ay - py) - (ax - px) * (by - ay)) / length
        else:  # a closed arc (an island): measure from its start
            distance = ((px - ax) ** 2 + (py - ay) ** 2) ** 0.5
        if distance > best:
            best, index = distance, i
    if best <= tolerance:
        return [points[0], points[-1]]
    return simplify(points[: index + 1], tolerance)[:-1] + simplify(points[index:], tolerance)


def ring_paths(ring: list[int], arcs: list[list[tuple[int, int]]]) -> str:
    points: list[tuple[int, int]] = []
    for index in ring:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]  # ~i: the arc walked backwards
        # An arc may start a map width away from where the previous one ended (unwrapped differently).
        offset = points[-1][0] - arc[0][0] if points else 0
        points.extend((x + offset, y) for x, y in (arc[1:] if points else arc))  # arcs share joining points
    points = [p for i, p in enumerate(points) if i == 0 or p != points[i - 1]]
    if len(points) < 4:  # fewer than three distinct corners: the ring vanished at this scale
        return ""
    # A ring that crosses the antimeridian spills past one edge: draw it again one map width
    # over, and the SVG viewport clips both copies to the frame.
    shifts = [0]
    if min(x for x, _y in points) < 0:
        shifts.append(WIDTH * 10)
    if max(x for x, _y in points) > WIDTH * 10:
        shifts.append(-WIDTH * 10)
    # Relative line-tos keep the file small; deltas of rounded points stay exact. The ring is
    # closed (its last point is its first), so "z" draws the last step.
    assert points[0] == points[-1]
    steps = " ".join(f"{tenths(x - px)},{tenths(y - py)}" for (px, py), (x, y) in pairwise(points[:-1]))
    x0, y0 = points[0]
    return "".join(f"M{tenths(x0 + shift)},{tenths(y0)}l{steps}z" for shift in shifts)


def tenths(value: int) -> str:
    sign = "-" if value < 0 else ""
    whole, tenth = divmod(abs(value), 10)
    return f"{sign}{whole}.{tenth}" if tenth else f"{sign}{whole}"


def build(topology: dict) -> list[dict]:
    arcs = [simplify(arc, TOLERANCE) for arc in decode_arcs(topology)]
    countries = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        name = geometry["properties"]["name"]
        if name in DROP:
            continue
        polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
        d = "".join(ring_paths(ring, arcs) for polygon in polygons for ring in polygon)
        if d:
            # Three disputed areas (N. Cyprus, Somaliland, Kosovo) have no ISO 3166 numeric code.
            countries.append({"id": geometry.get("id"), "name": name, "d": d})
    return sorted(countries, key=lambda c: c["name"])


README = """\
# World map geometry

`world-110m.json` holds one SVG path per country for `wego.common.charts.world_map`: a list
of `{{"id", "name", "d"}}`, where `id` is the ISO 3166-1 numeric code (null for N. Cyprus,
Somaliland and Kosovo, which have none), `name` the Natural Earth short name and `d` the
outline, projected equirectangularly into a 1000 x 500 frame
(`x = (lon + 180) / 360 * 1000`, `y = (90 - lat) / 180 * 500`), simplified with a tolerance
of {tolerance} units and rounded to 0.1. Antarctica is left out.

## Provenance

- Natural Earth 1:110m Cultural Vectors, Admin 0 - Countries
  (https://www.naturalearthdata.com/). Natural Earth is in the public domain.
- Taken from the npm package `world-atlas` version {version} (`countries-110m.json`,
  TopoJSON by Mike Bostock, ISC licence).

## Rebuild

```
npm pack world-atlas@{version}
python tools/build_world_geometry.py world-atlas-{version}.tgz
```
"""


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("package", type=Path, help="the world-atlas .tgz made by `npm pack world-atlas@2`")
    args = parser.parse_args()
    with tarfile.open(args.package) as tgz:
        version = json.load(tgz.extractfile("package/package.json"))["version"]
        topology = json.load(tgz.extractfile("package/countries-110m.json"))
    countries = build(topology)
    OUT.mkdir(parents=True, exist_ok=True)
    # One country per line: readable diffs when the geometry is rebuilt.
    lines = ",\n".join(json.dumps(c, ensure_ascii=False) for c in countries)
    (OUT / "world-110m.json").write_text(f"[\n{lines}\n]\n", encoding="utf-8")
    (OUT / "README.md").write_text(README.format(version=version, tolerance=TOLERANCE / 10), encoding="utf-8")
    print(f"{len(countries)} countries, {(OUT / 'world-110m.json').stat().st_size} bytes")


if __name__ == "__main__":
    main()
