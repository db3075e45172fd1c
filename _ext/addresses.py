"""Short, stable addresses for the book's pages: the same address in both editions.

A chapter's source is ``book/<lang>/rupture.md`` (its Sphinx docname is ``book/en/rupture``),
but readers and papers cite ``/en/rupture.html`` and ``/ar/rupture.html``: the edition's
language once, and no source folder. :class:`BookHTMLBuilder` is Sphinx's HTML builder with
that one change, made where Sphinx computes every page's file name and every link between
pages (``get_target_uri``/``get_outfilename``), so toctrees, previous/next links, references
and static paths all follow it; the search index is written with the same addresses.

Addresses that were published once keep working: ``addresses.txt`` (at the repository root)
lists every address a build has published, and tools/assemble.py forwards each one the current
build no longer has (:func:`forward` says where each old address went): a page that sends the
reader on, or, for a file, a copy. The build fails on a listed address it cannot forward.
"""

from __future__ import annotations

import json
import os
import re
from os import path

from sphinx.application import Sphinx
from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.writers.html5 import HTML5Translator

BOOK = "book/{lang}/"


def address(docname: str, lang: str) -> str:
    """The page's address inside its edition, without suffix: 'book/en/rupture' -> 'rupture'."""
    prefix = BOOK.format(lang=lang)
    return docname[len(prefix):] if docname.startswith(prefix) else docname


class BookHTMLBuilder(StandaloneHTMLBuilder):
    """Sphinx's HTML builder, writing ``book/<lang>/x`` as ``x.html`` (see the module's docstring)."""

    name = "html"

    @property
    def edition(self) -> str:
        return self.config.language or "en"

    def get_target_uri(self, docname: str, typ: str | None = None) -> str:
        return address(docname, self.edition) + self.link_suffix

    def get_outfilename(self, pagename: str) -> str:
        return path.join(self.outdir, *address(pagename, self.edition).split("/")) + self.out_suffix

    def dump_search_index(self) -> None:
        """The search index, with each page named by its address (the search page links to them)."""
        if self.indexer is None:
            return
        self.indexer.prune(self.env.all_docs)
        frozen = self.indexer.freeze()
        frozen["docnames"] = tuple(address(d, self.edition) for d in frozen["docnames"])
        target = path.join(self.outdir, self.searchindex_filename)
        # Plain JSON with the letters as they are (js_index escapes every non-ASCII letter, which
        # nearly doubles the Arabic index); sorted keys keep two builds identical.
        text = "Search.setIndex(" + json.dumps(frozen, ensure_ascii=False, sort_keys=True, separators=(",", ":"),
                                                 default=lambda o: sorted(o) if isinstance(o, set) else str(o)) + ")"
        with open(target + ".tmp", "w", encoding="utf-8") as out:
            out.write(text)
        os.replace(target + ".tmp", target)


class BookTranslator(HTML5Translator):
    """Sphinx's HTML writer, with one fix: docutils wraps citations in ``role="list"`` and gives each
    entry ``role="doc-biblioentry"``, a role ARIA has deprecated (Lighthouse's aria-deprecated-role
    audit), so a list without items is read; the entries are plain blocks, each with its label."""

    def visit_citation(self, node):
        if not isinstance(node.previous_sibling(), type(node)):
            self.body.append('<div class="citation-list">\n')
        self.body.append(self.starttag(node, "div", classes=[node.tagname]))


ADDRESSES = "addresses.txt"
_LINE = re.compile(r"^(en|ar)/[A-Za-z0-9_./-]+$|^[A-Za-z0-9_.-]+$")
_FIGURE = re.compile(r"^(en|ar)/figures/([a-z0-9-]+)\.(svg|png|csv)$")


# Pages renamed or divided since they were published: old address (within an edition) -> new one.
MOVED = {
    "regional.html": "part-region.html",  # 0.5: "The region" became Part III's chapters
}


# Figures withdrawn since they were published: id -> (the figure that replaces it, why). Their old
# downloads become short notices (tools/assemble.py), not another figure's files under the old name.
WITHDRAWN = {
    "before-after": ("thaw-contacts", "it counted the book's own events per quarter, which measures the book's coverage, "
                                      "not the relationship; replaced by Putin–Aliyev contacts per quarter"),
    "partners-2022": ("partners-shares", "one year only; replaced by partners' shares of Azerbaijan's trade over time"),
}


def withdrawn(old: str) -> tuple[str, str, str, str] | None:
    """(lang, figure id, replacement id, reason) if ``old`` is a download of a withdrawn figure."""
    match = _FIGURE.match(old) or re.match(r"^(en|ar)/figures/([a-z0-9-]+)\.(?:en|ar)\.(svg|png|csv)$", old)
    if match and match.group(2) in WITHDRAWN:
        replacement, why = WITHDRAWN[match.group(2)]
        return match.group(1), match.group(2), replacement, why
    return None


def forward(old: str) -> str:
    """Where an address of an earlier version of the book now lives (itself, if unchanged).

    Version 0.4 put chapters under ``<lang>/book/<lang>/`` and named figure downloads without
    their language (``en/figures/stakes.svg``); pages renamed or divided since are in :data:`MOVED`."""
    match = re.match(r"^(en|ar)/book/\1/(.+)$", old)
    if match:
        old = f"{match.group(1)}/{match.group(2)}"
    match = _FIGURE.match(old)
    if match:
        lang, fig, ext = match.groups()
        return f"{lang}/figures/{fig}.{lang}.{ext}"
    match = re.match(r"^(en|ar)/(.+)$", old)
    if match and match.group(2) in MOVED:
        return f"{match.group(1)}/{MOVED[match.group(2)]}"
    return old


def read_manifest(text: str) -> list[str]:
    """The published addresses (one per line, '#' comments), checked for form."""
    out = []
    for number, line in enumerate(text.splitlines(), 1):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        if not _LINE.match(line):
            raise ValueError(f"{ADDRESSES}: line {number}: {line!r} is not an address like 'en/rupture.html'")
        out.append(line)
    return out


def setup(app: Sphinx) -> None:
    app.add_builder(BookHTMLBuilder, override=True)
    app.set_translator("html", BookTranslator, override=True)

