"""The execution cache sees data changes; the nbval sanitiser masks exactly Altair's random id."""

from __future__ import annotations

import configparser
import re
import shutil
import sys
from pathlib import Path

import altair as alt
import nbformat
import pandas as pd
from jupyter_cache.cache.main import JupyterCacheBase

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))

import stamp  # noqa: E402


def cache_key(nb) -> str:
    return JupyterCacheBase.create_hashed_notebook(None, nb)[1]


def test_a_data_change_changes_the_notebook_cache_key(tmp_path, monkeypatch):
    for folder in ("data", "notebooks", "bakumoscow"):
        shutil.copytree(ROOT / folder, tmp_path / folder, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(stamp, "DATA", tmp_path / "data")
    monkeypatch.setattr(stamp, "NOTEBOOKS", tmp_path / "notebooks")
    monkeypatch.setattr(stamp, "PACKAGE", tmp_path / "bakumoscow")
    path = tmp_path / "notebooks" / "trade.ipynb"
    assert stamp.main(check=True) == []
    before = cache_key(nbformat.read(path, as_version=4))
    csv = tmp_path / "data" / "trade_bilateral.csv"
    csv.write_text(csv.read_text(encoding="utf-8").replace("4400", "4401", 1), encoding="utf-8")
    restamped = stamp.main()
    # trade and economy load trade_bilateral; data.ipynb reads every table
    assert {"trade.ipynb", "economy.ipynb", "data.ipynb"} <= set(restamped)
    after = cache_key(nbformat.read(path, as_version=4))
    assert before != after
    assert stamp.main(check=True) == []


def test_a_table_the_notebook_does_not_read_leaves_its_key_alone(tmp_path, monkeypatch):
    for folder in ("data", "notebooks", "bakumoscow"):
        shutil.copytree(ROOT / folder, tmp_path / folder, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(stamp, "DATA", tmp_path / "data")
    monkeypatch.setattr(stamp, "NOTEBOOKS", tmp_path / "notebooks")
    monkeypatch.setattr(stamp, "PACKAGE", tmp_path / "bakumoscow")
    (tmp_path / "data" / "unrelated.csv").write_text("a\n1\n")
    assert stamp.main(check=True) == []


def _sanitizer() -> tuple[re.Pattern, str]:
    config = configparser.ConfigParser()
    config.read(ROOT / "nbval_sanitize.cfg")
    (section,) = config.sections()
    return re.compile(config[section]["regex"]), config[section]["replace"]


def _altair_html() -> str:
    chart = alt.Chart(pd.DataFrame({"x": [1, 2], "y": [3, 4]})).mark_line().encode(x="x", y="y")
    with alt.renderers.enable("html"):
        bundle = chart._repr_mimebundle_()
    bundle = bundle[0] if isinstance(bundle, tuple) else bundle
    return bundle["text/html"]


def test_the_sanitizer_masks_altairs_random_id_and_nothing_else():
    pattern, replacement = _sanitizer()
    first, second = _altair_html(), _altair_html()
    assert first != second  # Altair draws a new id each time
    assert pattern.findall(first), "the pattern no longer matches Altair's element id"
    assert pattern.sub(replacement, first) == pattern.sub(replacement, second)
    # Numbers in the specification stay compared.
    assert pattern.sub(replacement, first) != pattern.sub(replacement, first.replace('"y": 4', '"y": 5'))


def test_a_notebook_that_draws_maps_depends_on_the_country_shapes():
    rupture = nbformat.read(ROOT / "notebooks" / "rupture.ipynb", as_version=4)
    trade = nbformat.read(ROOT / "notebooks" / "trade.ipynb", as_version=4)
    assert "data/geo/countries.geojson" in stamp.inputs(rupture)
    assert "data/geo/countries.geojson" not in stamp.inputs(trade)
