"""Country shapes for the maps: derived from Natural Earth as recorded, cut to each map's box."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from bakumoscow import maps
from bakumoscow.data import DataError

ROOT = Path(__file__).resolve().parents[1]
CASPIAN = (43.0, 38.6, 54.0, 45.6)


def area(ring):
    return abs(sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(ring, ring[1:]))) / 2


def coordinates(geometry):
    polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    return [p for polygon in polygons for ring in polygon for p in ring]


def test_a_ring_is_cut_to_the_box_and_stays_closed():
    square = [[0, 0], [10, 0], [10, 10], [0, 10], [0, 0]]
    cut = maps.clip_ring(square, (5, 5, 20, 20))
    assert cut[0] == cut[-1]
    assert all(5 <= x <= 20 and 5 <= y <= 20 for x, y in cut)
    assert area(cut) == pytest.approx(25)
    assert maps.clip_ring(square, (30, 30, 40, 40)) == []


def test_a_basemap_holds_the_countries_in_its_box_and_nothing_outside_it():
    features = maps.basemap(CASPIAN)
    names = {f["properties"]["name"] for f in features}
    assert {"Azerbaijan", "Russia", "Kazakhstan", "Georgia", "Armenia", "Iran"} <= names
    assert not names & {"Italy", "Egypt", "Ukraine"}
    west, south, east, north = CASPIAN
    for feature in features:
        for lon, lat in coordinates(feature["geometry"]):
            assert west <= lon <= east and south <= lat <= north, feature["properties"]["name"]


def test_the_committed_shapes_are_what_the_npm_package_gives():
    assert (ROOT / "node_modules" / "world-atlas" / "countries-50m.json").is_file(), "run npm ci"
    done = subprocess.run([sys.executable, "tools/make_basemap.py", "--check"], cwd=ROOT,
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_shapes_record_their_source_and_licence():
    readme = (maps.GEO_DIR / "README.md").read_text(encoding="utf-8")
    version = json.loads((ROOT / "package.json").read_text(encoding="utf-8"))["dependencies"]["world-atlas"]
    assert "Natural Earth" in readme and "public domain" in readme
    assert f"world-atlas@{version}" in readme


@pytest.mark.parametrize("text, problem", [
    ("{not json", "not valid JSON"),
    ('{"type": "Feature"}', "not a GeoJSON FeatureCollection"),
    ('{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"id": "031"},'
     ' "geometry": {"type": "Polygon", "coordinates": []}}]}', "feature 1: properties 'id' and 'name' are required"),
    ('{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"id": "1", "name": "X"},'
     ' "geometry": {"type": "Point", "coordinates": [1, 2]}}]}', "feature 1 (X): geometry must be a Polygon"),
])
def test_a_malformed_shape_file_is_reported_with_its_name(tmp_path, text, problem):
    path = tmp_path / "countries.geojson"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataError) as error:
        maps.basemap(CASPIAN, path=path)
    assert str(path) in str(error.value) and problem in str(error.value)


def test_a_missing_shape_file_is_reported(tmp_path):
    with pytest.raises(DataError, match="file not found"):
        maps.basemap(CASPIAN, path=tmp_path / "none.geojson")


def test_armenia_s_provinces_are_there_with_syunik_between_azerbaijan_and_nakhchivan():
    provinces = maps.provinces((43.0, 38.3, 47.5, 41.5))
    ids = {f["properties"]["id"] for f in provinces}
    assert len(ids) == 11 and {"AM-SU", "AM-ER", "AM-VD"} <= ids  # ten provinces and Yerevan
    syunik = maps.provinces((43.0, 38.3, 47.5, 41.5), ids=["AM-SU"])[0]
    assert syunik["properties"]["name"] == "Syunik" and "سيونيك" in syunik["properties"]["name_ar"]
    lons = [lon for lon, _ in coordinates(syunik["geometry"])]
    lats = [lat for _, lat in coordinates(syunik["geometry"])]
    # Syunik lies between Nakhchivan (west, around 45.4 E) and Azerbaijan's mainland (east, around 46.7 E)
    assert 45.6 < min(lons) and max(lons) < 46.7 and min(lats) < 39.0 < max(lats)
    with pytest.raises(DataError, match="no province"):
        maps.provinces((43.0, 38.3, 47.5, 41.5), ids=["AM-XX"])


@pytest.mark.parametrize("path", [maps.BASEMAP, maps.PROVINCES])
def test_outer_rings_run_clockwise_as_map_projections_expect(path):
    """Vega's projections (d3-geo) take a clockwise outer ring as the inside; the other way
    round a shape would cover the whole globe except itself."""
    def signed_area(ring):
        return sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(ring, ring[1:])) / 2

    wrong = []
    for feature in json.loads(path.read_text(encoding="utf-8"))["features"]:
        geometry = feature["geometry"]
        polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
        for polygon in polygons:
            if signed_area(polygon[0]) > 0 and abs(signed_area(polygon[0])) > 1e-6:
                wrong.append(feature["properties"]["name"])
    assert wrong == []


def test_a_wide_map_snaps_to_a_coarser_grid_and_neighbours_still_share_their_border():
    wide = (5.0, 35.8, 61.0, 45.0)  # the pipelines map: Adriatic to the Caspian
    assert maps.grid_step(CASPIAN) is None and maps.grid_step((35.5, 26.0, 59.0, 56.6)) == 0.1
    assert maps.grid_step(wide) == 0.2
    features = {f["properties"]["name"]: f for f in maps.basemap(wide)}
    for feature in features.values():
        for lon, lat in coordinates(feature["geometry"]):
            assert abs(lon / 0.2 - round(lon / 0.2)) < 1e-6 and abs(lat / 0.2 - round(lat / 0.2)) < 1e-6
    fine = {f["properties"]["name"]: f for f in maps.basemap(CASPIAN)}
    # Armenia and Azerbaijan touch on both maps: the points they share stay shared after snapping.
    for shapes in (fine, features):
        shared = ({tuple(p) for p in coordinates(shapes["Armenia"]["geometry"])}
                  & {tuple(p) for p in coordinates(shapes["Azerbaijan"]["geometry"])})
        assert len(shared) >= 3


def test_snapping_drops_only_points_that_lie_on_a_straight_run():
    # clockwise, as the file's outer rings are; [0.04, 0.03] snaps onto the corner [0, 0]
    square = {"type": "Polygon",
              "coordinates": [[[0, 0], [0.04, 0.03], [0, 1], [0, 2], [1, 2], [2, 2], [2, 1], [2, 0], [1, 0], [0, 0]]]}
    snapped = maps._coarsen(square, 0.1)["coordinates"][0]
    assert snapped == [[0, 0], [0, 2], [2, 2], [2, 0], [0, 0]]  # the corners, nothing from the straight runs
    assert snapped[0] == snapped[-1]
    assert area(snapped) == pytest.approx(4)
