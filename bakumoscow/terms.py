"""The term base (``data/glossary.csv``) applied to the Arabic text.

The glossary gives one Arabic spelling per name (``name_ar``) and the spellings the book must not
use in its own prose (``avoid_ar``, separated by ';'). This module finds those avoided spellings in
a text, and finds Latin-script words in Arabic prose outside the places where they belong. Both
checks read Markdown as MyST writes it, so they skip what is not prose:

- MyST roles and their content (``{fact}`…```, ``{cite:p}`…```, ``{ltr}`…```), inline code, link
  targets, labels (``(name)=``), HTML tags (and the whole of an element marked ``dir="ltr"``),
  directive lines and their options, code blocks and the content of directives that are not prose;
- for the avoided spellings, quotations of the five seed articles as well (text between «»
  found word for word in an article), which keep the article's own spelling.

Names kept in their original form in Arabic prose are listed, each with a one-line reason, in
``latin_allowed.yml``. The term base comes in as a DataFrame (``data.load("glossary")``), so the
code reads no file of its own but that list.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd
import yaml

ARABIC_LETTER = "\u0620-\u064a\u066e-\u06d3\u06fa-\u06ff"
MARKS = "\u064b-\u065f\u0670\u0640"  # harakat, superscript alef, tatweel
LATIN_WORD = re.compile(r"[A-Za-z\u00c0-\u024f\u1e00-\u1eff][A-Za-z0-9\u00c0-\u024f\u1e00-\u1eff'’.\-]*")


@dataclass(frozen=True)
class Term:
    term_id: str
    kind: str
    name_ar: str
    avoid: tuple[str, ...]


def split_list(value) -> tuple[str, ...]:
    """A ';'-separated cell as a tuple of its non-empty items ('' or NaN -> ())."""
    if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NA:
        return ()
    return tuple(item.strip() for item in str(value).split(";") if item.strip())


def load(glossary: pd.DataFrame) -> list[Term]:
    """The term base from the glossary table (a DataFrame with term_id, kind, name_ar, avoid_ar)."""
    avoid = glossary["avoid_ar"] if "avoid_ar" in glossary else pd.Series([""] * len(glossary), index=glossary.index)
    return [Term(str(r.term_id), str(r.kind), str(r.name_ar), split_list(a))
            for r, a in zip(glossary.itertuples(index=False), avoid)]


# --- what is not prose ------------------------------------------------------------------------

def _blank(text: str, start: int, end: int) -> str:
    """``text`` with ``[start, end)`` replaced by spaces (newlines kept), so offsets stay valid."""
    return text[:start] + re.sub(r"[^\n]", " ", text[start:end]) + text[end:]


def _blank_all(text: str, pattern: re.Pattern, group: int = 0) -> str:
    for m in reversed(list(pattern.finditer(text))):
        text = _blank(text, m.start(group), m.end(group))
    return text


FENCE = re.compile(r"^(`{3,}|:{3,})(.*)$")
OPTION = re.compile(r"^\s*:[\w-]+:")
ROLE = re.compile(r"\{[\w:.+-]+\}`[^`]*`")
CODE = re.compile(r"`[^`\n]+`")
LINK_TARGET = re.compile(r"\]\(([^)\s]*)\)")
AUTOLINK = re.compile(r"<(?:https?|mailto):[^>\s]+>")
URL = re.compile(r"https?://[^\s)>\]»]+")
TAG = re.compile(r"</?[A-Za-z][^>]*>")
LTR_ELEMENT = re.compile(r"<(\w+)\b[^>]*\bdir=[\"']ltr[\"'][^>]*>.*?</\1>", re.S)
LABEL = re.compile(r"^\([\w:.-]+\)=\s*$", re.M)
COMMENT = re.compile(r"<!--.*?-->", re.S)
PROSE_DIRECTIVES = {"container", "note", "important", "warning", "tip", "admonition", "epigraph", "sidebar",
                    "div", "topic", "seealso", "attention", "caution", "hint"}


def prose(text: str) -> str:
    """The Markdown ``text`` with everything that is not prose blanked out (same length, same
    line breaks): code blocks and the content of non-prose directives, directive lines and
    their options, labels, comments, HTML tags (and the whole of an element marked
    ``dir="ltr"``), MyST roles with their content, inline code, link targets and bare addresses.
    The text of links and of prose directives stays."""
    lines = text.split("\n")
    out, stack = [], []  # stack: (fence, is_prose)
    for line in lines:
        m = FENCE.match(line.strip())
        if m:
            fence, info = m.group(1), m.group(2).strip()
            if stack and fence[0] == stack[-1][0][0] and len(fence) >= len(stack[-1][0]) and not info:
                stack.pop()
            else:
                name = re.match(r"\{([\w:.-]+)\}", info)
                stack.append((fence, bool(name) and name.group(1) in PROSE_DIRECTIVES and (not stack or stack[-1][1])))
            out.append(" " * len(line))
            continue
        if stack and (not stack[-1][1] or OPTION.match(line)):
            out.append(" " * len(line))
            continue
        out.append(line)
    text = "\n".join(out)
    for pattern in (COMMENT, LABEL, LTR_ELEMENT, ROLE, CODE, AUTOLINK, URL, TAG):
        text = _blank_all(text, pattern)
    return _blank_all(text, LINK_TARGET, 1)


# --- quotations of the seed articles ----------------------------------------------------------

def normalise(text: str) -> str:
    """Arabic text compared as the articles print it: without harakat or tatweel, one space."""
    text = re.sub(f"[{MARKS}]", "", text)
    return re.sub(r"\s+", " ", text).strip()


QUOTE = re.compile(r"«([^«»]*)»")


def seed_quotations(text: str, seeds: str) -> list[tuple[int, int]]:
    """Spans of ``text`` between «» that quote a seed article word for word: every stretch of the
    quotation between MyST roles or other markup (as :func:`prose` blanks it) is found in
    ``seeds`` (the articles' text, joined)."""
    corpus = normalise(seeds)
    plain = prose(text)
    spans = []
    for m in QUOTE.finditer(plain):
        pieces = [normalise(p) for p in re.split(r"\s{2,}", m.group(1))]
        pieces = [p for p in pieces if p]
        if pieces and all(p in corpus for p in pieces):
            spans.append((m.start(), m.end()))
    return spans


# --- avoided spellings ------------------------------------------------------------------------

def _pattern(variant: str) -> re.Pattern:
    """A variant as a whole word in Arabic text: optional proclitics (و ف ب ل ك, and لل for a
    word with the article), harakat or tatweel allowed between letters, no Arabic letter glued
    on either side."""
    def letters(s):
        return "".join(re.escape(ch) + (f"[{MARKS}]*" if re.match(f"[{ARABIC_LETTER}]", ch) else "")
                       for ch in s).replace(r"\ ", r"\s+")
    body = letters(variant)
    if variant.startswith("ال"):
        body = f"(?:{body}|{letters('لل' + variant[2:])})"
    return re.compile(f"(?<![{ARABIC_LETTER}{MARKS}])(?:[وف]?[بلك]?)?{body}(?![{ARABIC_LETTER}{MARKS}])")


@lru_cache(maxsize=4096)
def _compiled(variant: str) -> re.Pattern:
    return _pattern(variant)


def _find(text: str, terms: list[Term]) -> list[tuple[int, str, str, str]]:
    """(offset, variant, preferred, term_id) for every avoided spelling in ``text``; longer
    variants first, so that a spelling inside a longer one is not counted twice."""
    pairs = sorted(((v, t) for t in terms for v in t.avoid), key=lambda p: -len(p[0]))
    taken: list[tuple[int, int]] = []
    hits = []
    for variant, term in pairs:
        for m in _compiled(variant).finditer(text):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            taken.append((m.start(), m.end()))
            hits.append((m.start(), variant, term.name_ar, term.term_id))
    return sorted(hits)


def avoided(text: str, terms: list[Term]) -> list[tuple[str, str, str]]:
    """Every avoided spelling in ``text`` as (variant, preferred, term_id), in the order met."""
    return [h[1:] for h in _find(text, terms)]


def avoided_in_page(markdown: str, terms: list[Term], seeds: str = "") -> list[tuple[int, str, str, str]]:
    """Avoided spellings in an Arabic page's Markdown, in its prose only and outside quotations of
    the seed articles (``seeds``: their text): (line, variant, preferred, term_id)."""
    text = prose(markdown)
    for start, end in seed_quotations(markdown, seeds) if seeds else []:
        text = _blank(text, start, end)
    return [(text.count("\n", 0, pos) + 1, v, p, t) for pos, v, p, t in _find(text, terms)]


# --- Latin letters in Arabic prose ------------------------------------------------------------

@lru_cache(maxsize=1)
def latin_allowed() -> dict[str, str]:
    """Names kept in Latin letters in Arabic prose, each with its reason (``latin_allowed.yml``)."""
    path = Path(__file__).with_name("latin_allowed.yml")
    table = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    for name, reason in table.items():
        if not isinstance(reason, str) or not reason.strip():
            raise ValueError(f"{path.name}: {name!r} needs a one-line reason")
    return {str(k): v for k, v in table.items()}


def latin_words(markdown: str, allowed: dict[str, str] | None = None) -> list[tuple[int, str]]:
    """Latin-script words in the prose of an Arabic page, outside roles, code, link targets,
    labels, tags, directives and the allow-list: (line, word)."""
    allowed = latin_allowed() if allowed is None else allowed
    text = prose(markdown)
    for name in sorted(allowed, key=len, reverse=True):
        text = _blank_all(text, re.compile(r"(?<![A-Za-z])" + re.escape(name) + r"(?![A-Za-z])"))
    return [(text.count("\n", 0, m.start()) + 1, m.group(0).rstrip(".-'’")) for m in LATIN_WORD.finditer(text)]
