"""Stored outputs know what they were computed from; the nbval sanitiser masks exactly Altair's random id."""

from __future__ import annotations

import configparser
import re
import shutil
from pathlib import Path

import altair as alt
import nbformat
import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parents[1]

import stamp  # noqa: E402


@pytest.fixture
def copy(tmp_path, monkeypatch):
    """A copy of the data, the notebooks and the package that tools/stamp.py looks at."""
    for folder in ("data", "notebooks", "bakumoscow"):
        shutil.copytree(ROOT / folder, tmp_path / folder, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(stamp, "DATA", tmp_path / "data")
    monkeypatch.setattr(stamp, "NOTEBOOKS", tmp_path / "notebooks")
    monkeypatch.setattr(stamp, "PACKAGE", tmp_path / "bakumoscow")
    return tmp_path


def names(paths) -> set[str]:
    return {p.name for p in paths}


def test_every_notebooks_stored_outputs_are_current():
    stale = stamp.stale()
    assert stale == [], f"run tools/run_notebook.py on: {names(stale)}"


def test_a_data_change_makes_exactly_its_readers_stale(copy):
    assert stamp.stale() == []
    readers = {p.name for p in stamp.notebooks() if "trade_bilateral" in stamp.tables_read(nbformat.read(p, as_version=4))}
    assert {"trade.ipynb", "economy.ipynb", "data.ipynb"} <= readers
    assert "mongolia.ipynb" not in readers
    csv = copy / "data" / "trade_bilateral.csv"
    csv.write_text(csv.read_text(encoding="utf-8").replace("4400", "4401", 1), encoding="utf-8")
    assert names(stamp.stale()) == readers


def test_a_file_no_notebook_reads_changes_nothing(copy):
    (copy / "data" / "unrelated.csv").write_text("a\n1\n")
    assert stamp.stale() == []


def test_a_change_to_a_notebooks_code_or_words_makes_it_stale(copy):
    path = copy / "notebooks" / "mongolia.ipynb"
    nb = nbformat.read(path, as_version=4)
    cell = next(c for c in nb.cells if c.cell_type == "code" and c.source.strip())
    cell.source += "\n# edited"
    nbformat.write(nb, path)
    assert names(stamp.stale()) == {"mongolia.ipynb"}
    texts = copy / "notebooks" / "trade.yml"
    texts.write_text(texts.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    assert names(stamp.stale()) == {"mongolia.ipynb", "trade.ipynb"}


def test_a_change_to_the_package_makes_every_notebook_stale(copy):
    (copy / "bakumoscow" / "i18n.py").write_text((copy / "bakumoscow" / "i18n.py").read_text() + "\n# edited\n")
    assert names(stamp.stale()) == names(stamp.notebooks())


def test_a_notebook_that_draws_maps_depends_on_the_country_shapes():
    rupture = ROOT / "notebooks" / "rupture.ipynb"
    trade = ROOT / "notebooks" / "trade.ipynb"
    assert "data/geo/countries.geojson" in stamp.inputs(nbformat.read(rupture, as_version=4), rupture)
    assert "data/geo/countries.geojson" not in stamp.inputs(nbformat.read(trade, as_version=4), trade)


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
