"""Check the chapters' sources before a build: every quoted value, figure, table and citation
exists, both editions share their section anchors, and every chapter follows the skeleton.

    .venv/bin/python tools/pages.py               # all pages; exit 1 on problems
    .venv/bin/python tools/pages.py trade energy  # some pages

What it checks, page by page (``book/en/<stem>.md`` and ``book/ar/<stem>.md``):

- ``{fact}`nb/key``` : notebook ``nb`` glues ``key_en`` and ``key_ar``;
- ``{chart}`` ``nb/fig-id`` : notebook ``nb`` glues the figure ``fig-id``;
- ``{datatable}`` ``nb/key`` : notebook ``nb`` glues ``key_<lang>``;
- ``{cite:p}`` / ``{cite:t}`` keys : ``references.bib`` has them (sources, literature, articles);
- the section labels ``(label)=`` are the same in both editions (the language switch keeps the
  reader's place by them);
- every claim of the ledger points at a section label that exists (run without page names);
- a chapter (every page of a part, see :func:`chapters`) opens with what it argues
  (a ``{container} bm-argues`` block) and ends with ``<stem>-uncertain`` and ``<stem>-summary``.

The tests run the same checks (tests/test_structure.py), so a page that fails here fails there.
"""

from __future__ import annotations

import json
import re
import sys
from functools import lru_cache
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
BOOK = ROOT / "book"
NOTEBOOKS = ROOT / "notebooks"
LANGS = ("en", "ar")

FACT = re.compile(r"\{fact\}`([^`]+)`")
CHART = re.compile(r"^```\{chart\}\s+(\S+)", re.M)
DATATABLE = re.compile(r"^```\{datatable\}\s+(\S+)", re.M)
CITE = re.compile(r"\{cite:[pt]\}`([^`]+)`")
LABEL = re.compile(r"^\(([A-Za-z0-9_-]+)\)=\s*$", re.M)
ARGUES = re.compile(r"^```\{container\}\s+bm-argues", re.M)


APPENDICES = {"claims", "data", "glossary", "bibliography"}


def chapters() -> list[str]:
    """The stems of the chapters that follow the skeleton: every page of the three parts except
    the parts' introductions (``part-*``); not the home page, the appendices or the notebooks."""
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    out = []
    for part in toc["parts"]:
        for chapter in part["chapters"]:
            folder, _, stem = chapter["file"].rpartition("/")
            if folder == "book/en" and stem not in APPENDICES and not stem.startswith("part-"):
                out.append(stem)
    return out


@lru_cache(maxsize=None)
def glued(notebook: str) -> frozenset[str]:
    """The names a notebook glues (values, tables and figures), from its stored outputs."""
    path = NOTEBOOKS / f"{notebook}.ipynb"
    if not path.is_file():
        return frozenset()
    names = set()
    for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
        for output in cell.get("outputs", []):
            name = output.get("metadata", {}).get("scrapbook", {}).get("name")
            if name:
                names.add(name)
    return frozenset(names)


@lru_cache(maxsize=1)
def bib_keys() -> frozenset[str]:
    text = (ROOT / "references.bib").read_text(encoding="utf-8")
    return frozenset(re.findall(r"^@\w+\{([^,]+),", text, re.M))


def check_page(stem: str, skeleton: bool) -> list[str]:
    problems, labels = [], {}
    for lang in LANGS:
        path = BOOK / lang / f"{stem}.md"
        where = f"book/{lang}/{stem}.md"
        if not path.is_file():
            problems.append(f"{where}: missing (every page exists in both editions)")
            continue
        text = path.read_text(encoding="utf-8")
        for lineno, line in enumerate(text.splitlines(), 1):
            for spec in FACT.findall(line):
                notebook, _, key = spec.partition("/")
                if f"{key}_{lang}" not in glued(notebook):
                    problems.append(f"{where}:{lineno}: {{fact}} {spec}: notebooks/{notebook}.ipynb glues no {key}_{lang}")
            for keys in CITE.findall(line):
                for key in (k.strip() for k in keys.split(",")):
                    if key not in bib_keys():
                        problems.append(f"{where}:{lineno}: cites {key!r}, which is not in references.bib "
                                        "(a source_id, lit_id or article-NNN)")
        for spec in CHART.findall(text):
            notebook, _, fig = spec.partition("/")
            if fig not in glued(notebook):
                problems.append(f"{where}: {{chart}} {spec}: notebooks/{notebook}.ipynb glues no figure {fig!r}")
        for spec in DATATABLE.findall(text):
            notebook, _, key = spec.partition("/")
            if f"{key}_{lang}" not in glued(notebook):
                problems.append(f"{where}: {{datatable}} {spec}: notebooks/{notebook}.ipynb glues no {key}_{lang}")
        labels[lang] = LABEL.findall(text)
        if skeleton:
            if not ARGUES.search(text):
                problems.append(f"{where}: no '{{container}} bm-argues' block saying what the chapter argues")
            for end in ("uncertain", "summary"):
                if f"{stem}-{end}" not in labels[lang]:
                    problems.append(f"{where}: no section labelled ({stem}-{end})=")
    if len(labels) == 2 and labels["en"] != labels["ar"]:
        only_en = [x for x in labels["en"] if x not in labels["ar"]]
        only_ar = [x for x in labels["ar"] if x not in labels["en"]]
        problems.append(f"{stem}: the editions' section labels differ (or differ in order): "
                        f"only in en {only_en}, only in ar {only_ar}")
    return problems


def check_claim_sections() -> list[str]:
    """Every claim's ``section`` is a label of the page it names, in both editions (the claims table
    links each claim to the section that discusses it: 'rupture-words' is rupture.html#rupture-words)."""
    import csv

    problems = []
    with (ROOT / "data" / "claims.csv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            section = row["section"]
            for lang in LANGS:
                path = BOOK / lang / f"{section.split('-')[0]}.md"
                if not path.is_file() or section not in LABEL.findall(path.read_text(encoding="utf-8")):
                    problems.append(f"data/claims.csv: claim {row['claim_id']}: section {section!r} is not a label of "
                                    f"book/{lang}/{section.split('-')[0]}.md")
    return problems


def main(stems: list[str]) -> int:
    skeleton = set(chapters())
    everything = not stems
    stems = stems or sorted(p.stem for p in (BOOK / "en").glob("*.md"))
    problems = [p for stem in stems for p in check_page(stem, stem in skeleton)]
    if everything:
        problems += check_claim_sections()
    print("\n".join(problems) if problems else f"{len(stems)} pages: no problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
