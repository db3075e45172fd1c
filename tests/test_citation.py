"""The book can be cited: CITATION.cff is valid, current, and agrees with every page."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
import yaml

from conftest import read_html  # tests/conftest.py

ROOT = Path(__file__).resolve().parents[1]
# The Citation File Format 1.2.0 schema (CC BY 4.0, citation-file-format.github.io), as shipped
# in the cffconvert 2.0.0 wheel on PyPI; kept here so the test runs offline.
SCHEMA = ROOT / "tests" / "schemas" / "citation-file-format-1.2.0.schema.json"


def test_citation_cff_is_valid_against_the_cff_schema():
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    cff["date-released"] = str(cff["date-released"])  # YAML reads the date as a date; the schema wants a string
    jsonschema.validate(cff, json.loads(SCHEMA.read_text(encoding="utf-8")))


def test_citation_cff_is_generated_from_metadata_yml():
    done = subprocess.run([sys.executable, "tools/citation.py", "--check"], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout


def test_the_changelog_has_an_entry_for_this_version():
    meta = yaml.safe_load((ROOT / "metadata.yml").read_text(encoding="utf-8"))
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert f"## {meta['version']} ({meta['date_released']})" in changelog


def test_references_bib_is_generated_from_the_data():
    done = subprocess.run([sys.executable, "tools/bibliography.py", "--check"], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_citations_resolve_and_every_figure_source_is_in_the_bibliography(site, lang):
    from urllib.parse import urljoin, urlparse

    folder = site / lang / "book" / lang
    bibliography = read_html(folder / "bibliography.html")
    ids = {e["id"] for e in bibliography.select("[id]")}
    listed = {a["href"] for a in bibliography.select("a[href^='http']")}
    cited = 0
    for page in sorted(folder.glob("*.html")):
        soup = read_html(page)
        for link in soup.select("a[href*='bibliography.html#']"):
            anchor = urlparse(urljoin(page.as_uri(), link["href"])).fragment
            assert anchor in ids, f"{page.name}: citation {link['href']} does not resolve"
            cited += 1
        for source in soup.select("figure.bm-figure .bm-source a[href]"):
            assert source["href"] in listed, f"{page.name}: figure source {source['href']} not in the bibliography"
    assert cited >= 20
