"""Glue values into a notebook so both editions' prose can quote them.

Every value is glued twice, formatted for each edition: ``<name>_en`` and ``<name>_ar``;
chapter pages paste them with the ``{fact}`` role, which picks the key for the page's
language (see ``_ext/bilingual.py``). A figure is glued once, under its id, holding both
editions (:func:`figure`); the ``{chart}`` directive pastes it.
"""

from __future__ import annotations

import pandas as pd
from myst_nb import glue as _glue

from . import evidence, i18n

SOURCES_SUFFIX = "_src"
BOOK = evidence.BOOK


def text(name: str, en: str, ar: str, *, src, marked: bool = True) -> None:
    """Glue a value already written out for each edition.

    ``src`` (required) names where the value comes from: the data row(s) it was read or computed
    from (a Series or DataFrame with ``source_id`` and ``also``) or source ids; a list names one
    quantity per item (a sum or ratio of two figures rests on both, and each must be supported);
    :data:`BOOK` says the value is the book's own (a count of its tables, a window it chose).
    The trace is glued as ``<name>_src``, and the chapter that quotes the value marks it "single
    source" where a quantity behind it is one publisher's and not the producer's own page
    (bakumoscow/evidence.py). ``marked=False`` is for words that are not a figure (an event's
    title): their sources are recorded but never marked, as for dates."""
    trace = evidence.encode(src, marked)
    for lang, value in (("en", en), ("ar", ar)):
        if not isinstance(value, str) or not value:
            raise ValueError(f"glue {name!r}: the {lang} text must be a non-empty string")
        _glue(f"{name}_{lang}", value, display=False)
    _glue(name + SOURCES_SUFFIX, trace, display=False)


def year(name: str, value: int | str, *, src) -> None:
    """A year, written alike in both editions; like a date, its sources are recorded but never marked."""
    text(name, str(int(value)), str(int(value)), src=src, marked=False)


def span(name: str, first: int, last: int, *, src) -> None:
    """A span of years, such as a SIPRI window: '2016–2020' (see i18n.span); like a date, never marked."""
    text(name, *(i18n.span(int(first), int(last), lang) for lang in i18n.LANGS), src=src, marked=False)


def money(name: str, usd_millions: float, digits: int = 1, *, src) -> None:
    text(name, *(i18n.money_musd(usd_millions, lang, digits) for lang in i18n.LANGS), src=src)


def money_range(name: str, low: float, high: float, digits: int = 1, *, src) -> None:
    """A range of sums, in millions of US dollars: '$4.3–4.5 billion' / «ما بين 4.3 و4.5 مليار دولار»."""
    text(name, *(i18n.money_range(low, high, lang, digits) for lang in i18n.LANGS), src=src)


def count(name: str, n: int, noun: str, *, case: str = "obl", src) -> None:
    """A count of things, the noun agreeing with the number: '88 events' / «88 واقعةً» (nouns.yml)."""
    text(name, *(i18n.count(int(n), noun, lang, case=case) for lang in i18n.LANGS), src=src)


def quantity(name: str, value: float, noun: str, digits: int = 1, *, src) -> None:
    """A large quantity: '300,000 workers' / «300 ألف عامل»."""
    text(name, *(i18n.quantity(value, noun, lang, digits) for lang in i18n.LANGS), src=src)


def number(name: str, value: float, digits: int = 0, *, src) -> None:
    """A number quoted in the prose (Arabic drops a trailing zero: «3», not «3.0»)."""
    text(name, *(i18n.number(value, lang, digits) for lang in i18n.LANGS), src=src)


def percent(name: str, value: float, digits: int = 0, *, src) -> None:
    """A percentage quoted in the prose (Arabic drops a trailing zero: «11%», not «11.0%»)."""
    text(name, *(i18n.percent(value, lang, digits) for lang in i18n.LANGS), src=src)


def date(name: str, value, precision: str = "day", *, src) -> None:
    """A date. Its sources are recorded but never marked "single source": the mark is for figures,
    and a date marked at every mention would bury the marks that matter; each event's sources are in
    the timeline tables, and the Data appendix counts the single-source events."""
    text(name, *(i18n.date(value, lang, precision) for lang in i18n.LANGS), src=src, marked=False)


def dated(name: str, row) -> None:
    """The date of a dated row (an event, a statement, a contact) at the row's own precision, with the
    row as its source: the one way the notebooks glue when something happened. Tables that keep
    dates as text ("2022-10" for a month) are read as pandas reads them."""
    date(name, pd.Timestamp(row["date"]), row["precision"], src=row)


def table(name: str, lang: str, obj) -> None:
    """Glue one rich table (anything with ``_repr_html_``: the claims table, the glossary) for
    one edition as ``<name>_<lang>``; chapters paste it with the ``{datatable}`` directive."""
    i18n.check_lang(lang)
    _glue(f"{name}_{lang}", obj, display=False)


def figure(figures: dict) -> None:
    """Glue and show one figure in both editions: ``{"en": Figure, "ar": Figure}``.

    The figure is glued under its id and shown in the notebook (in the book, each edition's
    notebook page and the chapters that paste it with ``{chart}`` render the figure of their
    own language; in JupyterLab the English chart draws)."""
    from .charts import FigureSet

    figure_set = FigureSet(dict(figures))
    _glue(figure_set.id, figure_set, display=True)
