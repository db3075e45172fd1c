"""How well a quoted figure is supported: the sources behind it and whether it rests on one publisher.

The rule (issue 15, and the Data appendix's "How good the evidence is"): a figure the book states
as a finding rests either on the producing body's own publication (``kind == "primary"`` in
``sources.csv``: a statistics release, the text of a statement) or on at least two independent
publishers. Anything else is *single-source*, and the page says so beside the figure.

Independence is judged by publisher: two articles of one outlet are one publisher. This is
a floor, not a proof of independence (two outlets may relay the same wire), and the Data
appendix says so.

A notebook names the rows a glued value comes from (``glue.money(..., src=row)``); the glue
module records their source ids under ``<name>_src``; the ``{fact}`` role reads them and adds
the "single source" mark (``_ext/bilingual.py``); tests/test_evidence.py checks both ends.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

SEPARATOR = ";"


def source_ids(src) -> list[str]:
    """The source ids behind ``src``: one row (a Series with ``source_id`` and maybe ``also``), several
    rows (a DataFrame), one id, or a list of ids. Sorted, each once. An empty result is an error: a
    value said to come from sources must name at least one."""
    ids: set[str] = set()
    if isinstance(src, pd.DataFrame):
        for _, row in src.iterrows():
            ids.update(source_ids(row))
    elif isinstance(src, pd.Series):
        if "source_id" not in src.index:
            raise ValueError(f"a row given as a value's source has no source_id column: {list(src.index)}")
        ids.add(str(src["source_id"]))
        also = src.get("also")
        if isinstance(also, str):
            ids.update(x.strip() for x in also.split(SEPARATOR) if x.strip())
    elif isinstance(src, str):
        ids.update(x.strip() for x in src.split(SEPARATOR) if x.strip())
    elif isinstance(src, Iterable):
        for item in src:
            ids.update(source_ids(item))
    else:
        raise TypeError(f"cannot read source ids from {type(src).__name__}")
    if not ids:
        raise ValueError("a value said to come from sources names none")
    return sorted(ids)


def source_groups(src) -> list[list[str]]:
    """The sources behind each quantity a value is computed from: a list gives one group per item
    (a ratio of two figures rests on both, and each must be supported on its own); anything else
    is one quantity (one row, several rows reporting it, or ids)."""
    if isinstance(src, list):
        return [source_ids(item) for item in src]
    return [source_ids(src)]


def encode(groups: list[list[str]]) -> str:
    """Source groups as the text a notebook glues under ``<name>_src``: 'a b | c' (the ids of one
    quantity separated by spaces, the quantities by ' | '); :func:`decode` reads it back."""
    return " | ".join(" ".join(ids) for ids in groups)


def decode(text: str) -> list[list[str]]:
    return [group.split(" ") for group in text.split(" | ")]


@dataclass(frozen=True)
class Support:
    sources: tuple[str, ...]
    publishers: tuple[str, ...]
    producer_page: bool  # at least one source is the producing body's own publication

    @property
    def level(self) -> str:
        """'producer' (the producing body's own publication), 'two' (two publishers or more) or 'one'."""
        return "producer" if self.producer_page else "two" if len(self.publishers) > 1 else "one"

    @property
    def single(self) -> bool:
        return self.level == "one"


def single_source(groups: list[list[str]], sources: pd.DataFrame) -> bool:
    """True if any quantity behind a value rests on one publisher's report (see :func:`assess`)."""
    return any(assess(ids, sources).single for ids in groups)


def assess(ids: Iterable[str], sources: pd.DataFrame) -> Support:
    """The support of a value resting on the sources ``ids`` (rows of ``sources.csv``).
    An id missing from ``sources`` is an error naming it."""
    ids = tuple(sorted(set(ids)))
    table = sources.set_index("source_id")
    missing = [i for i in ids if i not in table.index]
    if missing:
        raise KeyError(f"sources.csv has no source {', '.join(missing)}")
    rows = table.loc[list(ids)]
    return Support(
        sources=ids,
        publishers=tuple(sorted(set(rows["publisher_id"].astype(str)))),
        producer_page=bool((rows["kind"] == "primary").any()),
    )
