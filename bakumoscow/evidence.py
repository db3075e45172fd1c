"""How well a quoted figure is supported: the sources behind it and whether it rests on one publisher.

The rule (issue 15, and the Data appendix's "How good the evidence is"): a figure the book states
as a finding rests either on the producing body's own publication (``kind == "primary"`` in
``sources.csv``: a statistics release, the text of a statement) or on at least two independent
publishers. Anything else is *single-source*, and the page says so beside the figure.

Independence is judged by publisher: two articles of one outlet are one publisher. This is
a floor, not a proof of independence (two outlets may relay the same wire), and the Data
appendix says so.

Every glued value names where it comes from (``glue.money(..., src=row)``; the argument is
required): the data rows it was read or computed from, or :data:`BOOK` for a value that is the
book's own (a count of its tables, a window it chose, a conversion it applies). The glue module
records this trace under ``<name>_src`` (:func:`encode`); the ``{fact}`` role reads it and adds the
"single source" mark (``_ext/bilingual.py``); tests/test_evidence.py checks both ends.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import NamedTuple

import pandas as pd

SEPARATOR = ";"


class _Book:
    """The value is the book's own, not a figure any source reports: a count of the book's tables
    (events, contacts, claims), a window, rule or label the book chose, a conversion factor it
    applies, or the words and dates of the five articles the claims ledger checks."""

    def __repr__(self) -> str:
        return "glue.BOOK"


BOOK = _Book()
_BOOK_TEXT = "book"
_UNMARKED = "unmarked: "


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
    is one quantity (one row, several rows reporting it, or ids). :data:`BOOK` has none."""
    if src is BOOK:
        return []
    if isinstance(src, list):
        if not src:
            raise ValueError("a value said to come from sources names none")
        return [source_ids(item) for item in src]
    return [source_ids(src)]


class Trace(NamedTuple):
    """Where a glued value comes from: the source ids of each quantity it rests on (none for the
    book's own values), and whether the page may mark it "single source" (figures yes, dates no:
    a date marked at every mention would bury the marks that matter)."""

    groups: list[list[str]]
    marked: bool = True

    @property
    def own(self) -> bool:
        return not self.groups


def encode(src, marked: bool = True) -> str:
    """The trace of ``src`` (rows, ids, a list of them, or :data:`BOOK`) as the text a notebook
    glues under ``<name>_src``: 'a b | c' (the ids of one quantity separated by spaces, the
    quantities by ' | '), prefixed 'unmarked: ' for a date; 'book' for the book's own value.
    :func:`decode` reads it back."""
    groups = source_groups(src)
    if not groups:
        return _BOOK_TEXT
    return ("" if marked else _UNMARKED) + " | ".join(" ".join(ids) for ids in groups)


def decode(text: str) -> Trace:
    if text == _BOOK_TEXT:
        return Trace([], marked=False)
    marked = not text.startswith(_UNMARKED)
    text = text.removeprefix(_UNMARKED)
    return Trace([group.split(" ") for group in text.split(" | ")], marked)


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
