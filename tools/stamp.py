"""Which notebooks' stored outputs are out of date.

A notebook's outputs are stored in it (the book shows them, and nbval re-runs every notebook and
compares). The first code cell's metadata (key ``bm_inputs``) records what those outputs were
computed from:

  - the notebook's own code (a digest of its code cells);
  - the tables it loads (every ``load("name")`` in its code; all of them if it uses
    ``validate_all`` or the ``catalog`` module), and ``datapackage.json`` (the schemas); a
    ``load`` whose argument is not a written-out name stops the stamp, since the table it reads
    cannot be known;
  - its figure texts (``notebooks/<name>.yml``), ``metadata.yml`` if it reads the book's metadata,
    the country shapes in ``data/geo/`` if it draws maps;
  - the ``bakumoscow`` package (chart code and formats shape the outputs too), except
    ``sphinx_plugin.py``, which only the documentation build uses.

A notebook whose recorded inputs differ from the current ones is stale. ``tools/build.py`` runs
the stale ones before it builds (``tools/run_notebook.py`` records the stamp together with the
outputs, so a notebook that fails to run stays stale); a page that quotes a notebook is re-read
when the notebook changes (_ext/bilingual.py).

    python tools/stamp.py            # list the stale notebooks (exit 1 if any)
"""

from __future__ import annotations

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
    """What a notebook's outputs depend on, each with a digest."""
    files = table_files()
    out = {"code": hashlib.sha256(code_of(nb).encode("utf-8")).hexdigest()[:16],
           "data/datapackage.json": digest(DATA / "datapackage.json")}
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


def stale(paths: list[Path] | None = None) -> list[Path]:
    """The notebooks (``paths``, or all) whose stored outputs were not computed from the current inputs."""
    out = []
    for path in paths or notebooks():
        nb = nbformat.read(path, as_version=4)
        if first_code_cell(nb, path).metadata.get(KEY) != inputs(nb, path):
            out.append(path)
    return out


def stamp(nb, path: Path) -> None:
    """Record in ``nb`` (in memory) the inputs its outputs are computed from (call it with the outputs)."""
    first_code_cell(nb, path).metadata[KEY] = inputs(nb, path)


if __name__ == "__main__":
    found = stale()
    print("stale: " + ", ".join(p.name for p in found) if found else "every notebook's outputs are current")
    sys.exit(1 if found else 0)
