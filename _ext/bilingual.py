"""Sphinx extension for the two editions of the book (English and Arabic): the Sphinx work only.

One source tree, two builds (``language: en`` and ``language: ar``). This extension:

- adds the ``{claim}`` role (a link to one claim's row in the claims appendix), the ``{ltr}``
  role (a left-to-right run isolated inside Arabic text) and the ``{fact}`` role, which pastes a
  value glued by a notebook in the page's language (``{fact}`trade/peak_turnover``` pastes ``peak_turnover_<lang>`` from
  ``notebooks/trade.ipynb``), and the ``{datatable}`` directive, which does the same for a
  glued table; a page that pastes from a notebook is recorded as depending on it, so an
  incremental build re-reads the page whenever the notebook changes (no stale numbers);
- loads ``book_figures.py``: the ``{chart}`` directive and the one path of a figure to the page;
- gives every page its context: the link to its counterpart in the other edition (a switcher
  in the page header, _templates/bm-lang-switch.html, and ``<link rel="alternate" hreflang>``),
  the description and OpenGraph tags, the version line (from ``metadata.yml``) and, at the
  end of every chapter, "Cite this chapter";
- rewrites every page when a stylesheet, script or template changes.

Site assembly after the build (sitemaps, the data package, the Arabic pages' ``dir``, the
Content-Security-Policy) is ``tools/assemble.py``'s. The words of both editions are in
``bakumoscow/labels.yml``.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import html
import json
import re
import sys
from pathlib import Path

import yaml

from myst_nb.ext.glue.directives import PasteAnyDirective
from myst_nb.ext.glue.roles import PasteTextRole
from sphinx.application import Sphinx
from sphinx.util import logging
from sphinx.transforms import SphinxTransform
from sphinx.util.docutils import SphinxRole

LOGGER = logging.getLogger(__name__)
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from bakumoscow import data, evidence, glue, i18n  # noqa: E402  (the words and formats of both editions; sources' support)
import addresses  # noqa: E402  (short addresses: book/en/rupture.md is /en/rupture.html)
import bibstyle  # noqa: E402  (the bibliography's closing words in each edition)
import citing  # noqa: E402  (metadata for reference managers, and the citation formats)
import book_figures  # noqa: E402  (the {chart} directive and the figures' path to the page)
import search  # noqa: E402  (search for Arabic readers; the interface in the edition's language)


def book_metadata() -> dict:
    return yaml.safe_load((ROOT / "metadata.yml").read_text(encoding="utf-8"))


def _text(fragment: str) -> str:
    """An HTML fragment as plain text: tags dropped, entities decoded."""
    return html.unescape(re.sub(r"<[^>]+>", "", fragment)).strip()


EDITIONS = {"en": "English", "ar": "العربية"}
PAGE_PREFIX = "book/{lang}/"
NOTEBOOKS = "notebooks"
DATA = "data"


def _lang(env) -> str:
    lang = env.config.language or "en"
    if lang not in EDITIONS:
        raise ValueError(f"language {lang!r} is not an edition of this book")
    return lang


def notebook_ref(env, spec: str, where) -> tuple[str, str] | None:
    """'trade/peak' -> ('/notebooks/trade.ipynb', 'peak_<lang>'); notes the dependency."""
    if "/" not in spec:
        LOGGER.warning(f"expected 'notebook/key', got {spec!r}", location=where)
        return None
    notebook, key = spec.split("/", 1)
    path = Path(env.srcdir) / NOTEBOOKS / f"{notebook}.ipynb"
    if not path.is_file():
        LOGGER.warning(f"no notebook {path.name!r} for {spec!r}", location=where)
        return None
    env.note_dependency(str(path))
    return f"/{NOTEBOOKS}/{notebook}.ipynb", f"{key}_{_lang(env)}"


class FactRole(PasteTextRole):
    """``{fact}`notebook/key``` : a glued value in the page's language, followed by a raised "single source"
    where the notebook glued the value's sources (``<key>_src``) and they are one publisher's report
    rather than the producer's own publication (bakumoscow/evidence.py)."""

    def run(self):
        env = self.document.settings.env
        spec = self.text
        ref = notebook_ref(env, spec, (env.docname, self.line))
        if ref is None:
            return [], []
        self.text = f"{ref[0]}::{ref[1]}:s"
        pasted, messages = super().run()
        trace = glued_sources(Path(env.srcdir) / ref[0].lstrip("/")).get(spec.split("/", 1)[1])
        if trace and trace.marked and evidence.single_source(trace.groups, data.load("sources")):
            pasted += single_source_mark(env, self.rawtext)
        return pasted, messages


def glued_sources(notebook: Path) -> dict[str, evidence.Trace]:
    """Where a notebook's glued values come from, ``{key: Trace}``, read from ``<key>_src``."""
    stat = notebook.stat()
    return _glued_sources(str(notebook), stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=32)
def _glued_sources(path: str, _mtime: int, _size: int) -> dict[str, evidence.Trace]:
    import ast

    found = {}
    for cell in json.loads(Path(path).read_text(encoding="utf-8"))["cells"]:
        for output in cell.get("outputs", []):
            name = output.get("metadata", {}).get("scrapbook", {}).get("name", "")
            if name.endswith(glue.SOURCES_SUFFIX):
                text = ast.literal_eval(output["data"]["application/papermill.record/text/plain"])
                found[name[: -len(glue.SOURCES_SUFFIX)]] = evidence.decode(text)
    return found


def single_source_mark(env, rawtext: str) -> list:
    """A raised 'single source', linked to the Data appendix's account of the rule."""
    from docutils import nodes

    lang = _lang(env)
    env.note_dependency(str(ROOT / "data" / "sources.csv"))
    target = PAGE_PREFIX.format(lang=lang) + "data"
    uri = env.app.builder.get_relative_uri(env.docname, target) + "#data-single-source"
    link = nodes.reference(rawtext, i18n.t("evidence.single", lang), refuri=uri, reftitle=i18n.t("evidence.single_title", lang))
    return [nodes.superscript("", "", link, classes=["bm-single"])]


class SingleSourceMarkPlacement(SphinxTransform):
    """Move each "single source" mark from right after its number to the end of the clause the number
    is in ("23 observation posts in Karabakh[mark], ..."), so it never falls between a number and the
    noun it counts: forward through what follows (text, other pasted values, emphasis) to the first
    comma, semicolon, colon, bracket or full stop (Arabic ، and ؛ included), stopping before a
    citation or a phrase that names the source ("by Russia's prime minister", «بحسب السفير») so
    that the mark sits with the claim it qualifies, ahead of its source; at the end of the
    paragraph if nothing stops it sooner. A sentence carries one mark at most, the last: a reader
    learns that the sentence holds a figure resting on one publisher's report, and a sentence
    listing a series is not studded with marks (a specialist's reading of the economy chapter)."""

    default_priority = 900
    BOUNDARY = re.compile(r"[,;:()،؛]|\.(?=\s|$)|\s(?=(?:by|according to|بحسب|وفق)\s)")
    SENTENCE_END = re.compile(r"[.!?؟](?=\s|$)")

    def apply(self, **kwargs):
        from docutils import nodes

        parents = []
        for mark in list(self.document.findall(nodes.superscript)):
            if "bm-single" not in mark["classes"]:
                continue
            if mark.parent not in parents:
                parents.append(mark.parent)
            self._move(mark)
        for parent in parents:
            self._one_per_sentence(parent)

    def _one_per_sentence(self, parent) -> None:
        """Keep only the last mark of each sentence of ``parent`` (a sentence ends at a full stop,
        question or exclamation mark followed by a space, or at the paragraph's end)."""
        from docutils import nodes

        sentences = [[]]  # the marks of each sentence, in order
        for node in parent.children:
            if isinstance(node, nodes.superscript) and "bm-single" in node["classes"]:
                sentences[-1].append(node)
            elif isinstance(node, nodes.Text) and self.SENTENCE_END.search(node.astext()):
                sentences.append([])
        for marks in sentences:
            for extra in marks[:-1]:
                parent.remove(extra)

    def _move(self, mark) -> None:
        """Move one mark to the end of its clause (see the class's account)."""
        from docutils import nodes
        from sphinx import addnodes

        parent = mark.parent
        start = parent.index(mark)
        parent.remove(mark)
        at = len(parent)
        for index in range(start, len(parent)):
            node = parent[index]
            if isinstance(node, addnodes.pending_xref):  # a citation: the mark goes before it
                at = index
                before = parent[index - 1] if index > 0 else None
                if isinstance(before, nodes.Text) and before.astext() != before.astext().rstrip():
                    text = before.astext()  # and before the space that separates it from the citation
                    if text.strip():
                        parent.replace(before, [nodes.Text(text.rstrip()), nodes.Text(text[len(text.rstrip()):])])
                    else:
                        at = index - 1
                break
            if isinstance(node, nodes.Text):
                text = node.astext()
                found = self.BOUNDARY.search(text)
                if found:
                    cut = len(text[:found.start()].rstrip())  # before "word (", not after the space
                    if cut:
                        parent.replace(node, [nodes.Text(text[:cut]), nodes.Text(text[cut:])])
                        at = index + 1
                    else:  # the boundary opens this text: go back over the blank texts before it too
                        at = index  # (a line break in the source is a text of its own: "word\n(")
                        while at > start and isinstance(parent[at - 1], nodes.Text) and not parent[at - 1].astext().strip():
                            at -= 1
                    break
        if not (self._mark_near(parent, at - 1, -1) or self._mark_near(parent, at, 1)):
            parent.insert(at, mark)  # two values of one clause share one mark

    @staticmethod
    def _mark_near(parent, index, step) -> bool:
        """Whether a mark is the first thing at ``index`` going by ``step``, blank text skipped."""
        from docutils import nodes

        while 0 <= index < len(parent):
            node = parent[index]
            if isinstance(node, nodes.Text) and not node.astext().strip():
                index += step
                continue
            return isinstance(node, nodes.superscript) and "bm-single" in node["classes"]
        return False


def ltr_role(name, rawtext, text, lineno, inliner, options=None, content=None):
    """``{ltr}`2020–2024` ``: a run that must draw left to right inside Arabic text (a year range, a
    score, a Latin name), isolated so that the bidirectional algorithm cannot reorder it."""
    from docutils import nodes

    return [nodes.inline(rawtext, text, classes=["bm-ltr"])], []  # book.css: direction ltr, isolated


class ClaimRole(SphinxRole):
    """``{claim}`000-36``` or ``{claim}`article 000's claim <000-36>```: a link to one claim's row in
    the claims appendix (its anchor is ``claim-000-36`` in the table the claims notebook glues).
    The claim must exist in data/claims.csv, or the build warns."""

    PATTERN = re.compile(r"^(?:(?P<title>.*?)\s*<)?(?P<id>\d{3}-\d{2})>?$", re.S)

    def run(self):
        from docutils import nodes

        match = self.PATTERN.match(self.text.strip())
        if not match:
            return [], [self.inliner.reporter.warning(f"{{claim}} expects a claim id like 000-36, got {self.text!r}",
                                                      line=self.lineno)]
        claim_id = match.group("id")
        if claim_id not in claim_ids():
            LOGGER.warning(f"{{claim}} {claim_id}: no such claim in data/claims.csv", location=self.get_location())
        self.env.note_dependency(str(ROOT / "data" / "claims.csv"))
        target = PAGE_PREFIX.format(lang=_lang(self.env)) + "claims"
        uri = self.env.app.builder.get_relative_uri(self.env.docname, target) + f"#claim-{claim_id}"
        title = match.group("title") or claim_id
        return [nodes.reference(self.rawtext, title, refuri=uri, classes=["bm-claim-link"])], []


_CLAIM_IDS: set[str] = set()


def claim_ids() -> set[str]:
    if not _CLAIM_IDS:
        import csv

        with (ROOT / "data" / "claims.csv").open(encoding="utf-8") as f:
            _CLAIM_IDS.update(row["claim_id"] for row in csv.DictReader(f))
    return _CLAIM_IDS


class DatatableDirective(PasteAnyDirective):
    """``{datatable} notebook/key`` : a table glued by a notebook (``glue.table``), in the page's language."""

    option_spec = {}

    def run(self):
        env = self.state.document.settings.env
        ref = notebook_ref(env, self.arguments[0], (env.docname, self.lineno))
        if ref is None:
            return []
        self.options = {"doc": ref[0]}
        self.arguments = [ref[1]]
        return super().run()


def page_address(pagename: str, lang: str) -> str:
    """The page's address in its edition, e.g. 'rupture.html' (the same in both editions)."""
    return addresses.address(pagename, lang) + ".html"


def counterpart_url(pagename: str, lang: str, other: str) -> str:
    """The page's counterpart in the ``other`` edition, relative to the page."""
    here = page_address(pagename, lang)
    return "../" * (here.count("/") + 1) + f"{other}/{here}"


OG_LOCALE = {"en": "en_GB", "ar": "ar_AR"}


def absolute_url(meta: dict, lang: str, pagename: str, edition: str | None = None) -> str:
    """The permanent address of the page ``pagename`` of the ``lang`` build, in ``edition`` (its own by
    default, or the other's: a page has the same address in both), from the base address in metadata.yml."""
    return f"{meta['url']}{edition or lang}/{page_address(pagename, lang)}"


def page_meta(meta: dict, lang: str, pagename: str, context: dict, doctree) -> str:
    """A description (the page's first paragraph, shortened) and OpenGraph tags, in the page's language."""
    description = meta["abstract"] if lang == "en" else meta["abstract_ar"]
    if doctree is not None:
        from docutils import nodes

        for paragraph in doctree.traverse(nodes.paragraph):
            text = " ".join(paragraph.astext().split())
            if len(text) > 60:
                description = text if len(text) <= 200 else text[:197].rsplit(" ", 1)[0] + "…"
                break
    title = _text(context.get("title", ""))
    tags = {"og:title": title, "og:description": description, "og:type": "article",
            "og:url": absolute_url(meta, lang, pagename), "og:site_name": meta["title"][lang],
            "og:locale": OG_LOCALE[lang], "og:locale:alternate": OG_LOCALE[i18n.other(lang)]}
    out = f'\n<meta name="description" content="{html.escape(description)}" />'
    for key, value in tags.items():
        out += f'\n<meta property="{key}" content="{html.escape(value)}" />'
    return out


def page_figures(env, pagename: str, lang: str) -> list[tuple[str, str]]:
    """The figures a page shows, as (anchor, title) in the edition's language."""
    out = []
    for fig_id in env.bm_figure_pages.get(pagename, []):
        bundle = env.bm_bundles.get(fig_id)
        if bundle:
            out.append((f"fig-{fig_id}", bundle["bundle"]["editions"][lang]["title"]))
    return out


def on_page_context(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    lang = _lang(app.env)
    other = i18n.other(lang)
    meta = app.bm_metadata
    url = counterpart_url(pagename, lang, other)
    here = absolute_url(meta, lang, pagename)
    there = absolute_url(meta, lang, pagename, other)
    context["bm_counterpart_url"] = url
    context["pageurl"] = here  # the canonical link (the theme writes it from pageurl)
    context["metatags"] = context.get("metatags", "") + (
        f'\n<link rel="alternate" hreflang="{other}" href="{html.escape(there)}" />'
        f'\n<link rel="alternate" hreflang="{lang}" href="{html.escape(here)}" />'
        f'\n<link rel="alternate" hreflang="x-default" href="{html.escape(absolute_url(meta, lang, pagename, "en"))}" />'
    )
    # Read by _templates/bm-lang-switch.html, shown in every page's header.
    context["bm_other_lang"] = other
    context["bm_other_name"] = EDITIONS[other]
    # The switch is named in the page's own language (what a screen reader of this edition announces).
    context["bm_switch_label"] = {"en": "Read this page in Arabic", "ar": "اقرأ هذه الصفحة بالإنجليزية"}[lang]
    context["metatags"] += page_meta(meta, lang, pagename, context, doctree)
    released = dt.date.fromisoformat(str(meta["date_released"]))
    version_line = i18n.t("cite.version_line", lang).format(v=meta["version"], d=i18n.date(released, lang))
    if citing.is_placeholder(meta["url"]):
        version_line += " " + i18n.t("cite.draft", lang)
    footer = context.get("theme_extra_footer") or ""
    context["theme_extra_footer"] = footer + f'<p class="bm-version">{html.escape(version_line)}</p>'
    chapter = pagename.startswith(PAGE_PREFIX.format(lang=lang)) and "body" in context and doctree is not None
    context["bm_cite"] = chapter
    if chapter:
        record = citing.Record(meta=meta, lang=lang, address=page_address(pagename, lang), title=_text(context.get("title", "")),
                               figures=page_figures(app.env, pagename, lang))
        context["metatags"] += citing.head_tags(record)
        context["body"] = context["body"].replace(CITE_MARK, citing.cite_block(record), 1)
        context["bm_cite_label"] = i18n.t("cite.header", lang)


CITE_MARK = "<!--bm-cite-->"


class CiteSection(SphinxTransform):
    """Every chapter ends with a section "Cite this chapter", so that the page's contents (the
    "on this page" list) offer it; :func:`on_page_context` fills it with the citation formats."""

    default_priority = 880

    def apply(self, **kwargs) -> None:
        from docutils import nodes

        lang = _lang(self.env)
        if not self.env.docname.startswith(PAGE_PREFIX.format(lang=lang)):
            return
        top = next(iter(self.document.findall(nodes.section)), None)
        if top is None:
            return
        section = nodes.section(ids=["bm-cite"], names=["bm-cite"], classes=["bm-cite"])
        section += nodes.title("", i18n.t("cite.summary", lang))
        section += nodes.raw("", CITE_MARK, format="html")
        top += section


def keep_one_language(app: Sphinx, docname: str, source: list[str]) -> None:
    """A notebook serves both editions: its narrative cells are tagged ``lang-en`` or ``lang-ar``
    and each edition shows its own (the other language's cells are tagged ``remove-cell``, which
    myst-nb drops). Code cells carry no language tag and appear in both. Only the notebook as
    read for this build changes; jupyter-cache keys on code cells, so the cache is shared."""
    if not docname.startswith(NOTEBOOKS + "/"):
        return
    drop = f"lang-{i18n.other(_lang(app.env))}"
    notebook = json.loads(source[0])
    for number, cell in enumerate(notebook["cells"], 1):
        tags = cell.setdefault("metadata", {}).setdefault("tags", [])
        if drop in tags:
            if cell["cell_type"] == "code":
                raise ValueError(f"{docname}.ipynb, cell {number}: a code cell is tagged {drop!r}; "
                                 "only narrative cells are written per edition")
            tags.append("remove-cell")
    source[0] = json.dumps(notebook, ensure_ascii=False)


ASSET_FOLDERS = ("_static", "_templates", "_assets", "_ext")  # _ext: this extension writes into every page


def on_env_get_outdated(app: Sphinx, env, added, changed, removed) -> list[str]:
    """Rewrite every page when a stylesheet, script or template changes.

    Each page links its assets with a content checksum (``book.css?v=…``) and embeds the
    templates, yet Sphinx rebuilds nothing (and copies no static file) when no source
    page changed. Track a digest of the asset folders and treat all pages as changed.
    """
    digest = hashlib.sha256()
    for folder in ASSET_FOLDERS:
        for path in sorted((Path(app.srcdir) / folder).rglob("*")):
            if path.is_file():
                digest.update(path.relative_to(app.srcdir).as_posix().encode() + b"\0" + path.read_bytes())
    digest.update((Path(app.srcdir) / "metadata.yml").read_bytes())  # version line and citations
    value = digest.hexdigest()
    if getattr(env, "bm_assets_digest", None) == value:
        return []
    env.bm_assets_digest = value
    return sorted(env.found_docs - set(added) - set(removed))


def keep_chart_libraries_off_other_pages(app: Sphinx, config) -> None:
    """Jupyter Book adds every .js file in the static paths to every page; the chart libraries
    (_assets/vega-bundle.js, over half a megabyte) are loaded by _static/bm-charts.js, and only
    on pages that have a chart."""
    lazy = {path.name for path in (Path(app.srcdir) / "_assets").glob("*.js")}
    config.html_js_files = [f for f in config.html_js_files
                            if (f[0] if isinstance(f, (tuple, list)) else f) not in lazy]


def read_metadata(app: Sphinx) -> None:
    """metadata.yml, read once per build (every page's footer and citation use it). A published
    build (``BM_PUBLISH=1``, set by ``tools/build.py --publish``) refuses the placeholder address."""
    import os

    app.bm_metadata = book_metadata()
    citing.check_base(app.bm_metadata, publish=os.environ.get("BM_PUBLISH") == "1")


def setup(app: Sphinx) -> dict:
    bibstyle.setup(app)
    app.connect("config-inited", keep_chart_libraries_off_other_pages)
    app.connect("builder-inited", read_metadata)
    app.add_role("fact", FactRole())
    app.add_role("ltr", ltr_role)
    app.add_role("claim", ClaimRole())
    app.add_directive("datatable", DatatableDirective)
    addresses.setup(app)
    book_figures.setup(app)
    search.setup(app)
    app.connect("source-read", keep_one_language)
    app.add_transform(CiteSection)
    app.add_transform(SingleSourceMarkPlacement)
    app.connect("env-get-outdated", on_env_get_outdated)
    app.connect("html-page-context", on_page_context)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
