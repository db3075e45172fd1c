"""Derive data/geo/countries.geojson from Natural Earth (via the world-atlas npm package).

    npm ci && .venv/bin/python tools/make_basemap.py          # write the file
    .venv/bin/python tools/make_basemap.py --check            # exit 1 if it would change

Reads node_modules/world-atlas/countries-50m.json (TopoJSON, Natural Earth 1:50m admin-0
countries, version 4.1.0), decodes its arcs, keeps the countries that reach into
bakumoscow.maps.REGION, cuts them to it and rounds to bakumoscow.maps.DIGITS decimals.
Nothing is fetched from the network: the npm package is the source.
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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if the committed file differs")
    args = parser.parse_args()
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
