"""The book can be cited: CITATION.cff is valid, current, and agrees with every page."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import yaml

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
