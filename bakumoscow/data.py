"""Read the book's data package, validating every table on load.

Every notebook reads data only through :func:`load`. The schemas live in
``data/datapackage.json`` (a Frictionless Data Package); validation is done by the
``frictionless`` library against those schemas, plus the package-level rules that a
Table Schema cannot express (declared in ``datapackage.json`` under ``bm:checks``).

A table that breaks its schema never reaches a chart: :func:`load` raises
:class:`DataError`, whose message names the file, the line, the column and the problem.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from functools import lru_cache
from pathlib import Path

import frictionless
import pandas as pd

from . import checks

ROOT = Path(__file__).resolve().parents[1]
MAX_REPORTED = 200  # problems listed in one error message


class DataError(ValueError):
    """A data file is missing or does not match its schema."""


def data_dir() -> Path:
    """The data package folder: ``data/`` at the repository root, or ``$BM_DATA_DIR``."""
    return Path(os.environ.get("BM_DATA_DIR", ROOT / "data")).resolve()


def descriptor(folder: Path | None = None) -> dict:
    """The parsed ``datapackage.json``."""
    folder = Path(folder or data_dir())
    path = folder / "datapackage.json"
    if not path.is_file():
        raise DataError(f"{path}: file not found (the data package descriptor)")
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise DataError(f"{path}: line {exc.lineno}: not valid JSON ({exc.msg})") from None


def table_names(folder: Path | None = None) -> list[str]:
    """Names of the tables (resources) the package declares, in declaration order."""
    return [r["name"] for r in descriptor(folder)["resources"]]


def resource_descriptor(name: str, folder: Path | None = None) -> dict:
    for res in descriptor(folder)["resources"]:
        if res["name"] == name:
            return res
    raise DataError(f"datapackage.json: no table named {name!r} (known: {', '.join(table_names(folder))})")


def load(name: str, folder: Path | None = None) -> pd.DataFrame:
    """Validate table ``name`` and return it as a typed DataFrame.

    Raises :class:`DataError` naming file, line, column and problem if the file is
    missing or breaks its schema, a primary or foreign key, or a package rule.
    """
    folder = Path(folder or data_dir()).resolve()
    stamp = tuple((p.name, p.stat().st_mtime_ns, p.stat().st_size) for p in sorted(folder.glob("*.*")))
    return _load_cached(name, str(folder), stamp).copy()


@lru_cache(maxsize=64)
def _load_cached(name: str, folder: str, _stamp: tuple) -> pd.DataFrame:
    folder_path = Path(folder)
    res = resource_descriptor(name, folder_path)
    path = folder_path / res["path"]
    rel = _display_path(path)
    if not path.is_file():
        raise DataError(f"{rel}: file not found (declared as table {name!r} in datapackage.json)")
    problems = _frictionless_problems(name, folder_path)
    if not problems:
        try:
            frame = _read_typed(path, res["schema"])
        except (pd.errors.ParserError, ValueError, UnicodeDecodeError) as exc:
            # Frictionless accepted the file but it still does not parse as a table (an unclosed
            # quote at the end, for example): say so, with the file, instead of a pandas traceback.
            message = " ".join(str(exc).split())
            raise DataError(f"{rel}: the file does not read as a CSV table ({message})") from None
        source_ids = (lambda: _source_ids(folder_path)) if name != "sources" else None
        problems = checks.run(name, frame, res, descriptor(folder_path), source_ids)
    if problems:
        shown = problems[:MAX_REPORTED]
        more = f"\n  ... and {len(problems) - len(shown)} more" if len(problems) > len(shown) else ""
        raise DataError(
            f"{rel}: {len(problems)} problem(s) with table {name!r}:\n  "
            + "\n  ".join(f"{rel}: {p}" for p in shown)
            + more
        )
    return frame


_SOURCE_IDS: dict[tuple, frozenset[str]] = {}  # content of the files read (see _source_ids) -> the ids


def _source_ids(folder: Path) -> frozenset[str]:
    """The ids of ``sources.csv`` in ``folder``, which must itself load (for a table's ``also`` column).

    Validating sources.csv takes about 0.3 s, so it is done once per content, not per folder: the
    answer is reused for any folder whose datapackage.json, sources.csv and the tables sources.csv
    refers to (publishers.csv) hold the same bytes, such as a copy of the data with another table
    edited (tests/test_fuzz_loader.py). Any changed byte misses, and a failure is never kept, so its
    error names this folder's file.
    """
    res = resource_descriptor("sources", folder)  # a DataError if the package has no such table
    paths = {r["name"]: r.get("path") for r in descriptor(folder)["resources"]}
    refers_to = {paths.get(fk["reference"].get("resource")) for fk in res["schema"].get("foreignKeys", [])}
    names = ["datapackage.json", res["path"], *sorted(refers_to - {None})]
    key = tuple(
        (n, hashlib.sha256((folder / n).read_bytes()).hexdigest() if (folder / n).is_file() else None) for n in names
    )
    if key not in _SOURCE_IDS:
        ids = frozenset(load("sources", folder)["source_id"])  # a DataError leaves the cache as it was
        if len(_SOURCE_IDS) >= 8:
            _SOURCE_IDS.clear()
        _SOURCE_IDS[key] = ids
    return _SOURCE_IDS[key]


def one(frame: pd.DataFrame, what: str = "", **where) -> pd.Series:
    """The one row of ``frame`` whose columns equal ``where`` (``one(facts, fact_id="x")``).

    Where a table keeps one row per source and marks the one the book uses (``preferred``),
    that row is taken when several match; a single matching row is taken whether or not it is
    marked. To accept only a row the book uses, name the column as a condition too
    (``one(remittances, year=2024, months=6, measure="total", preferred=True)``): a lone row
    that is not preferred is then an error; ``preferred=False`` picks the other source's row.
    A value ending in ``*`` matches by prefix (``event_id="2025-06-27*"``).
    Raises ``KeyError`` naming the table (``what``) and the condition unless exactly one row is left.

    Notebooks load their tables themselves (``load("facts")``), so tools/stamp.py sees what they read.
    """
    rows = frame
    for column, value in where.items():
        if isinstance(value, str) and value.endswith("*"):
            rows = rows[rows[column].astype("string").str.startswith(value[:-1]).fillna(False)]
        else:
            rows = rows[rows[column] == value]
    if "preferred" in rows.columns and len(rows) > 1:
        rows = rows[rows["preferred"].fillna(False).astype(bool)]
    if len(rows) != 1:
        condition = ", ".join(f"{k}={v!r}" for k, v in where.items())
        raise KeyError(f"{what or 'table'}: {len(rows)} rows match {condition}, expected exactly one")
    return rows.iloc[0]


def fact(facts: pd.DataFrame, fact_id: str) -> pd.Series:
    """The row of the ``facts`` table the book uses for ``fact_id``."""
    return one(facts, "facts.csv", fact_id=fact_id)


def event(events: pd.DataFrame, prefix: str) -> pd.Series:
    """The one row of the ``events`` table whose ``event_id`` starts with ``prefix``."""
    return one(events, "events.csv", event_id=prefix + "*")


def book_metadata() -> dict:
    """The book's metadata (``metadata.yml``: title, version, release date, the record's cut-off)."""
    import yaml

    return yaml.safe_load((ROOT / "metadata.yml").read_text(encoding="utf-8"))


def validate_all(folder: Path | None = None) -> dict[str, pd.DataFrame]:
    """Load every table of the package; raises on the first table with problems."""
    return {name: load(name, folder) for name in table_names(folder)}


def check_package(folder: Path | None = None) -> list[str]:
    """Every problem in every table of the package, one line each (file, line, column, problem);
    an empty list when the package is sound. The build runs this before any notebook."""
    try:
        names = table_names(folder)
    except DataError as exc:
        return [str(exc)]
    problems = []
    for name in names:
        try:
            load(name, folder)
        except DataError as exc:
            lines = str(exc).splitlines()
            problems += [line.strip() for line in lines[1:]] if len(lines) > 1 else lines
    return problems


def _display_path(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(ROOT))
    except ValueError:
        return str(path)


def _frictionless_problems(name: str, folder: Path) -> list[str]:
    """Validate one resource (with its foreign keys) using frictionless."""
    with contextlib.chdir(folder):  # frictionless resolves resource paths against the package folder
        try:
            package = frictionless.Package("datapackage.json")
        except frictionless.FrictionlessException as exc:
            reasons = "; ".join(r.message for r in exc.reasons) or exc.error.message
            raise DataError(f"{_display_path(folder / 'datapackage.json')}: invalid descriptor: {reasons}") from None
        resource = package.get_resource(name)
        report = resource.validate(limit_errors=1000)
    problems = []
    for task in report.tasks:
        for error in task.errors:
            problems.append(_describe(error, resource.schema))
    for error in report.errors:
        problems.append(f"{error.title}: {error.note}")
    return problems


def _describe(error, schema) -> str:
    """One line per problem: where (line, column) and what, in plain words."""
    kind = error.type
    line = getattr(error, "row_number", None)
    column = getattr(error, "field_name", None)
    cell = getattr(error, "cell", None)
    where = f"line {line}" if line else "line 1 (header)"
    if column:
        where += f", column {column!r}"
    if kind == "type-error":
        field = schema.get_field(column)
        expected = {"date": "a date written YYYY-MM-DD", "integer": "a whole number",
                    "number": "a number", "boolean": "true or false"}.get(field.type, field.type)
        return f"{where}: {cell!r} is not {expected} (wrong type)"
    if kind == "constraint-error":
        return f"{where}: {cell!r} is not allowed ({error.note}; value out of range or not in the allowed list)"
    if kind == "primary-key":
        keys = ", ".join(schema.primary_key)
        return f"{where}: duplicate key ({keys}): {error.note}"
    if kind == "foreign-key":
        return f"{where}: unknown reference: {error.note}"
    if kind in ("missing-label", "extra-label", "incorrect-label", "duplicate-label", "blank-label"):
        label = getattr(error, "label", "") or column
        what = {
            "missing-label": f"missing column {column!r}",
            "extra-label": f"extra column {label!r} not declared in the schema",
            "incorrect-label": f"column {label!r} found where {column!r} was expected",
            "duplicate-label": f"column {label!r} appears twice",
            "blank-label": "a column has no name",
        }[kind]
        return f"line 1 (header): {what}"
    if kind in ("missing-cell", "extra-cell", "blank-row"):
        return f"{where}: {error.title.lower()} ({error.note})" if error.note else f"{where}: {error.title.lower()}"
    return f"{where}: {error.title}: {error.note}"


_PANDAS_TYPES = {"string": "string", "integer": "Int64", "number": "float64", "boolean": "boolean", "year": "Int64"}


def _read_typed(path: Path, schema: dict) -> pd.DataFrame:
    """Read a CSV that has passed validation, with pandas types derived from its schema."""
    fields = schema["fields"]
    dtypes = {f["name"]: _PANDAS_TYPES.get(f.get("type", "string"), "string") for f in fields}
    booleans = [f["name"] for f in fields if f.get("type") == "boolean"]
    dates = [f["name"] for f in fields if f.get("type") == "date"]
    for name in booleans + dates:
        dtypes[name] = "string"
    frame = pd.read_csv(path, dtype=dtypes, keep_default_na=False, na_values=[""], encoding="utf-8")
    for name in booleans:
        frame[name] = frame[name].map({"true": True, "false": False}).astype("boolean")
    for name in dates:
        frame[name] = pd.to_datetime(frame[name], format="%Y-%m-%d")
    return frame
