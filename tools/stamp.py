"""Make each notebook's execution-cache key depend on the data it reads.

jupyter-cache keys a notebook on its code cells and their metadata only, so a change
to a CSV file would otherwise leave stale results in the cache. This script writes,
into the metadata of each notebook's first code cell (key ``bm_inputs``), a digest of:

  - the tables the notebook loads (every ``load("name")`` in its code; all of them if
    it uses ``validate_all`` or the ``catalog`` module), and ``datapackage.json`` (the
    schemas); a ``load`` whose argument is not a written-out name stops the stamp, since
    the table it reads cannot be known;
  - the country shapes in ``data/geo/`` if it draws maps (``maps.basemap``);
  - the notebook's figure texts (``notebooks/<name>.yml``), if it has them;
  - the ``bakumoscow`` package (chart code and formats shape the outputs too), except
    ``sphinx_plugin.py``, which only the documentation build uses.

A figure's sources are resolved when the page is built (``_ext/book_figures.py``), so an
edit to ``sources.csv`` or ``publishers.csv`` re-runs only the notebooks that read them.

A changed digest changes the cache key, so the notebook runs again; the page that
quotes it is re-read because it depends on the notebook file (_ext/bilingual.py).
``python tools/stamp.py --check`` exits 1 if any stamp is out of date.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
DATA = ROOT / "data"
PACKAGE = ROOT / "bakumoscow"
KEY = "bm_inputs"
LOAD_CALL = re.compile(r"""\bload\(\s*["']([a-z0-9_]+)["']""")
ANY_LOAD = re.compile(r"\bload\(")
# A notebook that reads the whole package (validate_all, or the catalog built on it) depends on every table.
WHOLE_PACKAGE = re.compile(r"\bvalidate_all\(|\bcatalog\.")
BUILD_ONLY = ("sphinx_plugin.py",)  # package modules the notebooks never run
# A notebook that draws maps depends on the country shapes in data/geo/ (bakumoscow.maps).
# A notebook that reads the book's metadata (the record's cut-off) depends on metadata.yml.
METADATA = re.compile(r"\bbook_metadata\(")
MAPS = re.compile(r"\bmaps\.(basemap|provinces)\b")


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:16]


def table_files() -> dict[str, str]:
    package = json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))
    return {res["name"]: res["path"] for res in package["resources"]}


def code_of(nb) -> str:
    return "\n".join(c.source for c in nb.cells if c.cell_type == "code")


def tables_read(nb, path: Path | None = None) -> list[str]:
    code = code_of(nb)
    if WHOLE_PACKAGE.search(code):
        return sorted(table_files())
    named = LOAD_CALL.findall(code)
    if len(named) != len(ANY_LOAD.findall(code)):
        raise SystemExit(f"{path or 'a notebook'}: every load() must name its table as a string, "
                         "so that the notebook's cache key can include that table")
    return sorted(set(named))


def inputs(nb, path: Path | None = None) -> dict[str, str]:
    files = table_files()
    out = {"data/datapackage.json": digest(DATA / "datapackage.json")}
    texts = path.with_suffix(".yml") if path is not None else None
    if texts is not None and texts.exists():  # the figures' words (bakumoscow/texts.py)
        out[f"notebooks/{texts.name}"] = digest(texts)
    for table in tables_read(nb):
        if table not in files:
            raise SystemExit(f"a notebook loads {table!r}, which data/datapackage.json does not declare")
        path = DATA / files[table]
        out[f"data/{files[table]}"] = digest(path) if path.exists() else "missing"
    if METADATA.search(code_of(nb)):
        out["metadata.yml"] = digest(ROOT / "metadata.yml")
    if MAPS.search(code_of(nb)):
        for path in sorted((DATA / "geo").glob("*.geojson")):
            out[f"data/geo/{path.name}"] = digest(path)
    package = hashlib.sha256()
    for path in sorted(PACKAGE.glob("*.py")) + sorted(PACKAGE.glob("*.yml")):
        if path.name in BUILD_ONLY:
            continue
        package.update(path.name.encode() + b"\0" + path.read_bytes())
    out["bakumoscow/"] = package.hexdigest()[:16]
    return out


def first_code_cell(nb, path: Path):
    for cell in nb.cells:
        if cell.cell_type == "code":
            return cell
    raise SystemExit(f"{path}: no code cell to stamp")


def notebooks() -> list[Path]:
    return sorted(NOTEBOOKS.glob("*.ipynb"))


def main(check: bool = False, paths: list[Path] | None = None) -> list[str]:
    """Stamp the notebooks (``paths``, or all of them); the names of those whose stamp was stale."""
    stale = []
    for path in paths or notebooks():
        nb = nbformat.read(path, as_version=4)
        cell = first_code_cell(nb, path)
        wanted = inputs(nb, path)
        if cell.metadata.get(KEY) != wanted:
            stale.append(path.name)
            if not check:
                cell.metadata[KEY] = wanted
                nbformat.write(nb, path)
    return stale


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description="stamp notebooks with digests of their inputs")
    parser.add_argument("--check", action="store_true", help="only report stale stamps (exit 1 if any)")
    args = parser.parse_args()
    result = main(check=args.check)
    if result:
        print(("stale: " if args.check else "stamped: ") + ", ".join(result))
    sys.exit(1 if (args.check and result) else 0)
