"""The repository keeps its promises: mirrored editions, pinned dependencies."""

from __future__ import annotations

import json
import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


def toc_files(toc: dict) -> list[str]:
    files = [toc["root"]]
    for part in toc.get("parts", []):
        for chapter in part["chapters"]:
            files.append(chapter["file"])
            files += [s["file"] for s in chapter.get("sections", [])]
    return files


def test_the_two_tables_of_contents_mirror_each_other():
    en = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    ar = yaml.safe_load((ROOT / "_toc.ar.yml").read_text(encoding="utf-8"))
    assert [len(p["chapters"]) for p in en["parts"]] == [len(p["chapters"]) for p in ar["parts"]]
    mirrored = [f.replace("book/en/", "book/ar/") for f in toc_files(en)]
    assert mirrored == toc_files(ar)
    for part in ar["parts"]:
        assert re.search("[\u0600-\u06FF]", part["caption"]), f"Arabic part caption not in Arabic: {part['caption']}"


def test_every_page_has_its_counterpart_on_disk():
    en = {p.relative_to(ROOT / "book" / "en") for p in (ROOT / "book" / "en").rglob("*.md")}
    ar = {p.relative_to(ROOT / "book" / "ar") for p in (ROOT / "book" / "ar").rglob("*.md")}
    assert en == ar


def test_every_page_is_in_its_table_of_contents():
    for lang, toc_name in (("en", "_toc.yml"), ("ar", "_toc.ar.yml")):
        listed = set(toc_files(yaml.safe_load((ROOT / toc_name).read_text(encoding="utf-8"))))
        pages = {p.relative_to(ROOT).with_suffix("").as_posix() for p in (ROOT / "book" / lang).rglob("*.md")}
        assert pages <= listed, f"pages missing from {toc_name}: {sorted(pages - listed)}"
        notebooks = {p.relative_to(ROOT).with_suffix("").as_posix() for p in (ROOT / "notebooks").glob("*.ipynb")}
        assert notebooks <= listed, f"notebooks missing from {toc_name}: {sorted(notebooks - listed)}"


def test_arabic_pages_are_written_in_arabic():
    for page in (ROOT / "book" / "ar").rglob("*.md"):
        text = page.read_text(encoding="utf-8")
        arabic = len(re.findall("[\u0600-\u06FF]", text))
        latin = len(re.findall("[A-Za-z]", re.sub(r"\{[a-z]+\}`[^`]*`|```.*?```|`[^`]*`", "", text, flags=re.S)))
        assert arabic > 3 * latin, f"{page.name}: {arabic} Arabic letters against {latin} Latin ones"


def test_python_dependencies_are_pinned_exactly():
    for line in (ROOT / "requirements.txt").read_text().splitlines():
        line = line.split("#")[0].strip()
        if line:
            assert re.fullmatch(r"[A-Za-z0-9_.\-\[\]]+==[A-Za-z0-9_.+\-]+", line), f"not pinned exactly: {line}"


def test_npm_dependencies_are_pinned_exactly():
    package = json.loads((ROOT / "package.json").read_text())
    lock = json.loads((ROOT / "package-lock.json").read_text())
    for name, version in package["dependencies"].items():
        assert re.fullmatch(r"\d+\.\d+\.\d+", version), f"{name} not pinned exactly: {version}"
        assert lock["packages"][f"node_modules/{name}"]["version"] == version


def test_every_table_matches_columns_by_name_and_cites_sources():
    package = json.loads((ROOT / "data" / "datapackage.json").read_text(encoding="utf-8"))
    for resource in package["resources"]:
        schema = resource["schema"]
        assert schema.get("fieldsMatch") == "equal", f"{resource['name']}: set fieldsMatch to 'equal'"
        assert schema.get("primaryKey"), f"{resource['name']}: no primary key"
        if resource["name"] in ("publishers", "sources"):
            continue
        # A row names its source, or (the articles' paragraphs) the article it is part of, which does.
        cited = {fk["reference"]["resource"] for fk in schema.get("foreignKeys", [])}
        assert cited & {"sources", "articles"}, f"{resource['name']}: rows must name their source (a foreign key to sources)"


def test_the_workers_keep_each_notebook_and_the_scratch_build_in_one_piece_and_share_the_rest():
    """tools/test.sh runs the tests on two workers (tests/conftest.py's scheduler): a notebook's cells,
    the scratch build's steps and the two lint tests in order on one worker, every other test on
    whichever is free."""
    from conftest import in_order

    assert in_order("notebooks/trade.ipynb::Cell 3") == in_order("notebooks/trade.ipynb::Cell 0")
    assert in_order("notebooks/trade.ipynb::Cell 0") != in_order("notebooks/energy.ipynb::Cell 0")
    assert in_order("tests/test_scratch_build.py::test_broken_data_stops_the_build") == "tests/test_scratch_build.py"
    assert in_order("tests/test_lint.py::test_python_files_pass_ruff") == in_order(
        "tests/test_lint.py::test_notebooks_pass_nbqa_ruff") == "tests/test_lint.py"
    assert in_order("tests/test_browser.py::test_every_page_loads_offline_draws_its_charts_and_links_its_"
                    "counterpart[en/trade.html]") is None
    assert "--dist loadgroup" in (ROOT / "tools" / "test.sh").read_text(encoding="utf-8")
