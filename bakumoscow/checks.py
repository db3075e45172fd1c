"""Package rules that a Table Schema cannot state, declared per table in datapackage.json.

``"bm:preferred": {"group": [...], "flag": "preferred"}``
    Where sources disagree, a table keeps one row per source. Within each group of rows
    describing the same quantity (the ``group`` fields), exactly one row must carry
    ``flag = true``: the value the book uses. The others stay, with their sources.

``"bm:precision": {"date": "date", "precision": "precision"}``
    A date known only to the month or year is written as its first day; the precision
    column says so, and the date must then fall on the first of the month (or of the year).

``also`` (any table with that column)
    Further independent sources of a row, by source id separated by ``;``: each must be a
    row of ``sources.csv`` (a foreign key cannot say this of a list), and none may repeat the
    row's own ``source_id``.

Each problem is reported as ``line N, column 'x': what`` (line 1 is the header).
"""

from __future__ import annotations

import pandas as pd


def run(name: str, frame: pd.DataFrame, resource: dict, package: dict, source_ids=None) -> list[str]:
    """Problems with table ``name`` (``source_ids``: a callable giving the ids of sources.csv,
    needed only by tables with an ``also`` column)."""
    problems: list[str] = []
    if "also" in frame.columns and source_ids is not None:
        problems += _also(frame, set(source_ids()))
    rule = resource.get("bm:preferred")
    if rule:
        problems += _one_preferred(frame, rule["group"], rule["flag"])
    rule = resource.get("bm:precision")
    if rule:
        problems += _precision(frame, rule["date"], rule["precision"])
    return problems


def _also(frame: pd.DataFrame, known: set[str]) -> list[str]:
    problems = []
    for index, row in frame.iterrows():
        value = row["also"]
        if pd.isna(value) or not value:
            continue
        for sid in str(value).split(";"):
            if sid not in known:
                problems.append(f"line {_line(index)}, column 'also': unknown source {sid!r}")
            elif "source_id" in frame.columns and isinstance(row["source_id"], str) and sid == row["source_id"]:
                problems.append(f"line {_line(index)}, column 'also': {sid!r} repeats the row's own source")
    return problems


def _line(index: int) -> int:
    return int(index) + 2  # header is line 1


def _one_preferred(frame: pd.DataFrame, group: list[str], flag: str) -> list[str]:
    problems = []
    for key, rows in frame.groupby(group, sort=True, dropna=False):
        key = key if isinstance(key, tuple) else (key,)
        label = ", ".join(f"{g}={k}" for g, k in zip(group, key))
        chosen = rows.index[rows[flag].fillna(False).astype(bool)]
        if len(chosen) == 0:
            lines = ", ".join(str(_line(i)) for i in rows.index)
            problems.append(f"lines {lines}, column {flag!r}: no row marked as the one the book uses for ({label})")
        elif len(chosen) > 1:
            lines = ", ".join(str(_line(i)) for i in chosen)
            problems.append(f"lines {lines}, column {flag!r}: more than one row marked as the one the book uses for ({label})")
    return problems


def _precision(frame: pd.DataFrame, date: str, precision: str) -> list[str]:
    problems = []
    for index, row in frame.iterrows():
        value, level = row[date], row[precision]
        if pd.isna(value):
            continue
        if level == "month" and value.day != 1:
            problems.append(f"line {_line(index)}, column {date!r}: a month-precision date must be the 1st of the month")
        if level == "year" and (value.day, value.month) != (1, 1):
            problems.append(f"line {_line(index)}, column {date!r}: a year-precision date must be 1 January")
    return problems
