"""Glue values into a notebook so both editions' prose can quote them.

Every value is glued twice, formatted for each edition: ``<name>_en`` and ``<name>_ar``.
Chapter pages paste them with the ``{fact}`` role and figures with the ``{chart}``
directive (see ``_ext/bilingual.py``), which pick the key for the page's language.
"""

from __future__ import annotations

from myst_nb import glue as _glue

from . import i18n


def text(name: str, en: str, ar: str) -> None:
    """Glue a value already written out for each edition."""
    for lang, value in (("en", en), ("ar", ar)):
        if not isinstance(value, str) or not value:
            raise ValueError(f"glue {name!r}: the {lang} text must be a non-empty string")
        _glue(f"{name}_{lang}", value, display=False)


def same(name: str, value: str) -> None:
    """Glue a value written identically in both editions (a year, a count)."""
    text(name, str(value), str(value))


def money(name: str, usd_millions: float, digits: int = 1) -> None:
    text(name, *(i18n.money_musd(usd_millions, lang, digits) for lang in i18n.LANGS))


def number(name: str, value: float, digits: int = 0) -> None:
    text(name, *(i18n.number(value, lang, digits) for lang in i18n.LANGS))


def percent(name: str, value: float, digits: int = 0) -> None:
    text(name, *(i18n.percent(value, lang, digits) for lang in i18n.LANGS))


def date(name: str, value, precision: str = "day") -> None:
    text(name, *(i18n.date(value, lang, precision) for lang in i18n.LANGS))


def text_object(name: str, lang: str, obj) -> None:
    """Glue one rich object (anything with ``_repr_html_``) for one edition as ``<name>_<lang>``."""
    i18n.check_lang(lang)
    _glue(f"{name}_{lang}", obj, display=False)


def figure(figures: dict) -> None:
    """Glue one figure per edition: ``{"en": Figure, "ar": Figure}`` under the figure's id."""
    ids = {fig.id for fig in figures.values()}
    if set(figures) != set(i18n.LANGS) or len(ids) != 1:
        raise ValueError("figure(): give one Figure per edition, with the same id")
    for lang, fig in figures.items():
        if fig.lang != lang:
            raise ValueError(f"figure {fig.id!r}: the {lang} slot holds a {fig.lang} figure")
        _glue(f"{fig.id}_{lang}", fig, display=False)
