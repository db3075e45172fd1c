"""The words around a notebook's figures, kept out of its code.

Each notebook that draws figures has a YAML file beside it (``notebooks/trade.yml`` for
``notebooks/trade.ipynb``) with, for every figure, its title, caption and text alternative in
both editions. Texts may hold ``{placeholders}`` that the notebook fills with values computed
and written out for the edition (``i18n.money_musd(...)``), so the code a reader sees is the
analysis, and the prose is edited as prose::

    trade-timeline:
      title:
        en: Azerbaijan–Russia trade in goods, {first}–{last}
        ar: التجارة السلعية بين أذربيجان وروسيا {years}
      caption: {en: ..., ar: ...}
      alt: {en: ..., ar: ...}
    words:                      # labels only this notebook's charts use
      lane.security: {en: Security, ar: الأمن}

Words several notebooks share live in ``bakumoscow/labels.yml`` (:func:`bakumoscow.i18n.t`).
"""

from __future__ import annotations

import string
from functools import lru_cache
from pathlib import Path

import yaml

from . import i18n

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"
PARTS = ("title", "caption", "alt")
WORDS = "words"  # the notebook's own chart words (legend entries, lane names): {key: {en, ar}}


@lru_cache(maxsize=None)
def load(notebook: str) -> dict:
    """The figure texts of one notebook (``notebooks/<notebook>.yml``), checked for both editions."""
    path = NOTEBOOKS / f"{notebook}.yml"
    if not path.is_file():
        raise FileNotFoundError(f"{path}: no figure texts for notebook {notebook!r}")
    table = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    for key, entry in (table.get(WORDS) or {}).items():
        missing = [lang for lang in i18n.LANGS if not isinstance(entry, dict) or not entry.get(lang)]
        if missing:
            raise ValueError(f"{path.name}: word {key!r} has no text in {', '.join(missing)}")
    for fig_id, entry in table.items():
        if fig_id == WORDS:
            continue
        for part in PARTS:
            for lang in i18n.LANGS:
                text = (entry.get(part) or {}).get(lang)
                if not isinstance(text, str) or not text.strip():
                    raise ValueError(f"{path.name}: figure {fig_id!r} has no {part} in {lang!r}")
    return table


def fields(text: str) -> set[str]:
    """The placeholders a text expects."""
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def figure(notebook: str, fig_id: str, lang: str, **values: str) -> dict[str, str]:
    """Title, caption and text alternative of one figure in one edition, placeholders filled:
    ``charts.Figure(..., **texts.figure("trade", "trade-timeline", lang, peak=...))``."""
    i18n.check_lang(lang)
    table = load(notebook)
    if fig_id not in table:
        raise KeyError(f"notebooks/{notebook}.yml has no figure {fig_id!r}")
    out = {}
    for part, key in zip(PARTS, ("title", "caption", "alt_text")):
        text = table[fig_id][part][lang]
        missing = fields(text) - set(values)
        if missing:
            raise KeyError(f"notebooks/{notebook}.yml, figure {fig_id!r}, {part} ({lang}): "
                           f"no value given for {', '.join(sorted(missing))}")
        # a range typed in the Arabic text draws reversed unless isolated, as the chapters' {ltr} does
        out[key] = " ".join(i18n.isolate_ranges(text.format(**values), lang).split())
    return out


def word(notebook: str, key: str, lang: str) -> str:
    """One of the notebook's own chart words (its YAML's ``words`` map) in the edition's language."""
    i18n.check_lang(lang)
    words = load(notebook).get(WORDS) or {}
    if key not in words:
        raise KeyError(f"notebooks/{notebook}.yml has no word {key!r} (under 'words:')")
    return words[key][lang]
