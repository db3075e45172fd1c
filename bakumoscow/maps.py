"""Country boundaries for the book's maps, cut to the area a map shows.

The boundaries are Natural Earth's 1:50m admin-0 countries (public domain), as
redistributed by the ``world-atlas`` npm package. ``tools/make_basemap.py`` derives
``data/geo/countries.geojson`` from that package once: the countries of the region
the book covers, cut to a wide box and rounded to 0.01 degree. Maps read that file
through :func:`basemap`, which cuts it again to each map's own box, so a page carries
only the coastlines and borders it draws. ``data/geo/README.md`` records source,
version and licence.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from .data import ROOT, DataError

GEO_DIR = ROOT / "data" / "geo"
BASEMAP = GEO_DIR / "countries.geojson"
PROVINCES = GEO_DIR / "provinces.geojson"
# (west, south, east, north) in degrees: from the Adriatic to Central Asia, the Gulf to Moscow.
REGION = (14.0, 24.0, 66.0, 58.0)
DIGITS = 2


def clip_ring(ring: list, box: tuple) -> list:
    """Cut one closed ring (``[[lon, lat], ...]``) to ``box`` (Sutherland–Hodgman).

    A polygon cut by a rectangle stays one ring, with stretches along the box's edges
    where it was cut; those stretches are what a map's frame hides anyway.
    """
    west, south, east, north = box
    edges = (
        (lambda p: p[0] >= west, lambda a, b: _at_lon(a, b, west)),
        (lambda p: p[0] <= east, lambda a, b: _at_lon(a, b, east)),
        (lambda p: p[1] >= south, lambda a, b: _at_lat(a, b, south)),
        (lambda p: p[1] <= north, lambda a, b: _at_lat(a, b, north)),
    )
    points = [tuple(p) for p in ring[:-1]] if ring and ring[0] == ring[-1] else [tuple(p) for p in ring]
    for inside, cross in edges:
        if not points:
            break
        out = []
        for i, here in enumerate(points):
            before = points[i - 1]
            if inside(here):
                if not inside(before):
                    out.append(cross(before, here))
                out.append(here)
            elif inside(before):
                out.append(cross(before, here))
        points = out
    if len(points) < 3:
        return []
    rounded = [[round(x, DIGITS), round(y, DIGITS)] for x, y in points]
    deduped = [p for i, p in enumerate(rounded) if i == 0 or p != rounded[i - 1]]
    if len(deduped) < 3:
        return []
    return _densify_edges(deduped + [deduped[0]], box)


def _densify_edges(ring: list, box: tuple, step: float = 1.0) -> list:
    """Add a point every ``step`` degrees along stretches that run on the box's edges.

    Map projections draw polygon edges as great circles, which bow away from a parallel
    over long stretches; short steps keep the cut edges straight on the map.
    """
    west, south, east, north = box
    out = [ring[0]]
    for a, b in zip(ring, ring[1:]):
        for coord, edge in ((1, south), (1, north), (0, west), (0, east)):
            if a[coord] == b[coord] == round(edge, DIGITS):
                other = 1 - coord
                n = int(abs(b[other] - a[other]) // step)
                for k in range(1, n + 1):
                    p = list(a)
                    p[other] = round(a[other] + (b[other] - a[other]) * k / (n + 1), DIGITS)
                    out.append(p)
                break
        out.append(b)
    return out


def _at_lon(a, b, lon):
    t = (lon - a[0]) / (b[0] - a[0])
    return (lon, a[1] + t * (b[1] - a[1]))


def _at_lat(a, b, lat):
    t = (lat - a[1]) / (b[1] - a[1])
    return (a[0] + t * (b[0] - a[0]), lat)


def polygons(geometry: dict) -> list:
    """The polygons (each a list of rings, the outer one first) of a Polygon or a MultiPolygon."""
    return geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]


def from_polygons(kept: list) -> dict | None:
    """Polygons as one geometry: a Polygon if there is one, a MultiPolygon if more, ``None`` if none."""
    if not kept:
        return None
    return {"type": "Polygon", "coordinates": kept[0]} if len(kept) == 1 else {"type": "MultiPolygon", "coordinates": kept}


def signed_area(ring: list) -> float:
    """Shoelace area in degrees²: positive when the ring runs anticlockwise, negative when clockwise."""
    return sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(ring, ring[1:])) / 2


def clip_geometry(geometry: dict, box: tuple) -> dict | None:
    """A Polygon or MultiPolygon cut to ``box``; ``None`` if nothing is left."""
    kept = []
    for polygon in polygons(geometry):
        outer = clip_ring(polygon[0], box)
        if outer:
            kept.append([outer] + [r for r in (clip_ring(h, box) for h in polygon[1:]) if r])
    return from_polygons(kept)


@lru_cache(maxsize=4)
def _features(path: str, _mtime: int) -> tuple:
    where = Path(path).relative_to(ROOT) if Path(path).is_relative_to(ROOT) else Path(path)
    if not Path(path).is_file():
        raise DataError(f"{where}: file not found (run tools/make_basemap.py)")
    try:
        collection = json.loads(Path(path).read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise DataError(f"{where}: line {exc.lineno}: not valid JSON ({exc.msg})") from None
    if collection.get("type") != "FeatureCollection":
        raise DataError(f"{where}: not a GeoJSON FeatureCollection")
    for n, feature in enumerate(collection["features"], start=1):
        props = feature.get("properties") or {}
        geometry = feature.get("geometry") or {}
        if not props.get("id") or not props.get("name"):
            raise DataError(f"{where}: feature {n}: properties 'id' and 'name' are required")
        if geometry.get("type") not in ("Polygon", "MultiPolygon"):
            raise DataError(f"{where}: feature {n} ({props['name']}): geometry must be a Polygon or MultiPolygon")
    return tuple(collection["features"])


def provinces(box: tuple, ids: list[str] | None = None) -> list[dict]:
    """Provinces (data/geo/provinces.geojson) inside ``box``, cut to it; only ``ids`` if given."""
    features = basemap(box, path=PROVINCES)
    if ids is not None:
        missing = set(ids) - {f["properties"]["id"] for f in features}
        if missing:
            raise DataError(f"data/geo/provinces.geojson: no province {sorted(missing)} inside {box}")
        features = [f for f in features if f["properties"]["id"] in ids]
    return features


def _coarsen(geometry: dict, step: float) -> dict | None:
    """Coordinates snapped to a grid of ``step`` degrees; repeated points and points in the middle of a
    straight run dropped; rings that collapse removed.

    Snapping to a grid (rather than simplifying each line) keeps a border shared by two
    countries identical in both, so neighbours never gain gaps or overlaps.
    """
    def snap(v):
        return round(round(v / step) * step, 6)

    def ring(points):
        out = []
        for x, y in points:
            p = [snap(x), snap(y)]
            if out and p == out[-1]:
                continue
            if len(out) >= 2 and _straight_on(out[-2], out[-1], p):
                out[-1] = p  # the middle point lies on a straight run: drawing it adds nothing
            else:
                out.append(p)
        return out if len(out) >= 4 else None

    kept = []
    for polygon in polygons(geometry):
        outer = ring(polygon[0])
        if outer and signed_area(outer) < 0:  # clockwise; a sliver that rounding turned inside out is dropped
            kept.append([outer] + [r for r in (ring(h) for h in polygon[1:]) if r])
    return from_polygons(kept)


def _straight_on(a, b, c) -> bool:
    """Whether ``b`` lies on the straight line from ``a`` to ``c``, between them."""
    cross = (b[0] - a[0]) * (c[1] - b[1]) - (b[1] - a[1]) * (c[0] - b[0])
    forward = (b[0] - a[0]) * (c[0] - b[0]) + (b[1] - a[1]) * (c[1] - b[1])
    return abs(cross) < 1e-9 and forward > 0


def grid_step(box: tuple) -> float | None:
    """The coordinate grid for a map of ``box``: coarser the wider the area it shows.

    A map is drawn some 700 pixels across, so a box spanning more than 12 degrees gets
    0.1 degree and one spanning more than 40 degrees 0.2 degree (both under 3 pixels);
    finer detail is invisible but would weigh on the page. Smaller boxes keep the file's
    0.01 degree (``None``).
    """
    west, south, east, north = box
    span = max(east - west, north - south)
    return 0.2 if span > 40 else 0.1 if span > 12 else None


def basemap(box: tuple, path: Path = BASEMAP) -> list[dict]:
    """The countries inside ``box`` (west, south, east, north), cut to it, as GeoJSON features.

    A wide box gets coordinates snapped to a coarser grid (:func:`grid_step`).
    """
    west, south, east, north = box
    if not (west < east and south < north):
        raise ValueError(f"basemap: box {box} is not (west, south, east, north)")
    step = grid_step(box)
    features = []
    for feature in _features(str(path), path.stat().st_mtime_ns if path.exists() else 0):
        geometry = clip_geometry(feature["geometry"], box)
        if geometry and step:
            geometry = _coarsen(geometry, step)
        if geometry:
            features.append({"type": "Feature", "properties": dict(feature["properties"]), "geometry": geometry})
    return features


def _inside(point: tuple, ring: list) -> bool:
    """Whether ``point`` lies inside ``ring`` (even–odd rule)."""
    x, y = point
    inside = False
    for (x1, y1), (x2, y2) in zip(ring, ring[1:]):
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            inside = not inside
    return inside


def _edge_distance(point: tuple, ring: list) -> float:
    """The distance in degrees from ``point`` to the nearest edge of ``ring``."""
    x, y = point
    best = float("inf")
    for (x1, y1), (x2, y2) in zip(ring, ring[1:]):
        dx, dy = x2 - x1, y2 - y1
        t = 0.0 if dx == dy == 0 else max(0.0, min(1.0, ((x - x1) * dx + (y - y1) * dy) / (dx * dx + dy * dy)))
        best = min(best, ((x - x1 - t * dx) ** 2 + (y - y1 - t * dy) ** 2) ** 0.5)
    return best


def label_point(ring: list, steps: int = 40) -> tuple[float, float]:
    """A point well inside ``ring`` for its label: of a grid over the ring's bounding box, the point
    inside the ring farthest from its edges.

    The middle of the bounding box is not enough: a country cut by a map's frame can be a
    crescent whose middle lies in its neighbour (Iran's strip south of the Aras, whose box's
    middle falls on Nakhchivan).
    """
    xs, ys = [x for x, _ in ring], [y for _, y in ring]
    west, east, south, north = min(xs), max(xs), min(ys), max(ys)
    best, where = -1.0, ((west + east) / 2, (south + north) / 2)
    for i in range(1, steps):
        for j in range(1, steps):
            p = (west + (east - west) * i / steps, south + (north - south) * j / steps)
            if _inside(p, ring):
                d = _edge_distance(p, ring)
                if d > best:
                    best, where = d, p
    return where


def country_label_points(features: list[dict], names: dict[str, str], at: dict[str, tuple[float, float]] | None = None,
                         pieces: dict[str, tuple[float, float]] | None = None) -> list[dict]:
    """Label positions (``lon``, ``lat``, ``name``) for the countries named in ``names`` (Natural
    Earth's English name to the label to write).

    Each label goes inside its country's largest piece on the map (:func:`label_point`), or at
    the point ``at`` gives for it, which must lie on that country. ``pieces`` labels further
    pieces, such as an exclave: each label to write, mapped to the (lon, lat) where it is written,
    which must lie on a country of the map.
    """
    at = at or {}
    rows = []
    for feature in features:
        name = feature["properties"]["name"]
        if name not in names:
            continue
        rings = [p[0] for p in polygons(feature["geometry"])]
        if name in at:
            if not any(_inside(at[name], r) for r in rings):
                raise DataError(f"country_label_points: {at[name]} is not on {name}")
            lon, lat = at[name]
        else:
            lon, lat = label_point(max(rings, key=lambda r: abs(signed_area(r))))
        rows.append({"lon": lon, "lat": lat, "name": names[name]})
    for label, point in (pieces or {}).items():
        if not any(_inside(point, p[0]) for f in features for p in polygons(f["geometry"])):
            raise DataError(f"country_label_points: no country on the map holds {point} ({label})")
        rows.append({"lon": point[0], "lat": point[1], "name": label})
    return rows
