"""Sphinx extension for the two editions of the book (English and Arabic): the Sphinx work only.

One source tree, two builds (``language: en`` and ``language: ar``). This extension:

- adds the ``{fact}`` role, which pastes a value glued by a notebook in the page's language
  (``{fact}`trade/peak_turnover``` pastes ``peak_turnover_<lang>`` from
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

LOGGER = logging.getLogger(__name__)
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from bakumoscow import i18n  # noqa: E402  (the words and formats of both editions)
import addresses  # noqa: E402  (short addresses: book/en/rupture.md is /en/rupture.html)
import book_figures  # noqa: E402  (the {chart} directive and the figures' path to the page)


def book_metadata() -> dict:
    return yaml.safe_load((ROOT / "metadata.yml").read_text(encoding="utf-8"))


def _text(fragment: str) -> str:
    """An HTML fragment as plain text: tags dropped, entities decoded."""
    return html.unescape(re.sub(r"<[^>]+>", "", fragment)).strip()


def _bibtex_escape(text: str) -> str:
    return text.replace("\\", "").replace("{", "").replace("}", "").replace("&", "\\&").replace("%", "\\%")


def cite_block(meta: dict, lang: str, pagename: str, title: str, anchor: str) -> str:
    """The 'Cite this chapter' block: a formatted reference and a BibTeX entry."""
    t = lambda key: i18n.t(key, lang)  # noqa: E731
    released = dt.date.fromisoformat(str(meta["date_released"]))
    date_text = i18n.date(released, lang)
    author = meta["authors"][0]["name" if lang == "en" else "name_ar"]
    book = meta["title"][lang]
    url = f"{meta['url']}{lang}/{page_address(pagename, lang)}" + (f"#{anchor}" if anchor else "")
    comma = t("comma").strip()
    link_dir = ' dir="ltr"' if lang == "ar" else ""  # the address stays left to right
    reference = (f"{html.escape(author)} ({released.year}). {t('quote.open')}{html.escape(title)}{t('quote.close')}. "
                 f"{t('cite.in')} <em>{html.escape(book)}</em>{comma} {t('cite.version_word')} {meta['version']}{comma} "
                 f'{date_text}. <a href="{html.escape(url)}"{link_dir}>{html.escape(url)}</a>')
    key = f"bakumoscow{released.year}-{pagename.rsplit('/', 1)[-1]}-{lang}"
    bibtex = (f"@incollection{{{key},\n"
              f"  author    = {{{{{_bibtex_escape(author)}}}}},\n"
              f"  title     = {{{_bibtex_escape(title)}}},\n"
              f"  booktitle = {{{_bibtex_escape(book)}}},\n"
              f"  year      = {{{released.year}}},\n"
              f"  edition   = {{{meta['version']}}},\n"
              f"  note      = {{Version {meta['version']}, released {released.isoformat()}}},\n"
              f"  language  = {{{'english' if lang == 'en' else 'arabic'}}},\n"
              f"  url       = {{{url}}}\n}}")
    return (f'<details class="bm-cite" lang="{lang}"><summary>{t("cite.summary")}</summary>'
            f'<p class="bm-cite-reference">{reference}</p>'
            f'<pre class="bm-cite-bibtex" dir="ltr" lang="en"><code>{html.escape(bibtex)}</code></pre></details>')


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
    """``{fact}`notebook/key``` : a glued value in the page's language."""

    def run(self):
        env = self.document.settings.env
        ref = notebook_ref(env, self.text, (env.docname, self.line))
        if ref is None:
            return [], []
        self.text = f"{ref[0]}::{ref[1]}:s"
        return super().run()


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


def page_meta(meta: dict, lang: str, pagename: str, context: dict, doctree) -> str:
    """A description (the page's first paragraph, shortened) and OpenGraph tags, in the page's language."""
    description = meta["abstract"] if lang == "en" else meta["title"]["ar"]
    if doctree is not None:
        from docutils import nodes

        for paragraph in doctree.traverse(nodes.paragraph):
            text = " ".join(paragraph.astext().split())
            if len(text) > 60:
                description = text if len(text) <= 200 else text[:197].rsplit(" ", 1)[0] + "…"
                break
    title = _text(context.get("title", ""))
    url = f"{meta['url']}{lang}/{page_address(pagename, lang)}"
    tags = {"og:title": title, "og:description": description, "og:type": "article", "og:url": url,
            "og:site_name": meta["title"][lang], "og:locale": OG_LOCALE[lang],
            "og:locale:alternate": OG_LOCALE["ar" if lang == "en" else "en"]}
    out = f'\n<meta name="description" content="{html.escape(description)}" />'
    for key, value in tags.items():
        out += f'\n<meta property="{key}" content="{html.escape(value)}" />'
    return out


def on_page_context(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    lang = _lang(app.env)
    other = "ar" if lang == "en" else "en"
    url = counterpart_url(pagename, lang, other)
    context["bm_counterpart_url"] = url
    context["metatags"] = context.get("metatags", "") + (
        f'\n<link rel="alternate" hreflang="{other}" href="{html.escape(url)}" />'
        f'\n<link rel="alternate" hreflang="{lang}" href="{html.escape(counterpart_url(pagename, lang, lang))}" />'
    )
    # Read by _templates/bm-lang-switch.html, shown in every page's header.
    context["bm_other_lang"] = other
    context["bm_other_name"] = EDITIONS[other]
    context["bm_switch_label"] = {"en": "Read this page in English", "ar": "اقرأ هذه الصفحة بالعربية"}[other]
    meta = app.bm_metadata
    context["metatags"] += page_meta(meta, lang, pagename, context, doctree)
    released = dt.date.fromisoformat(str(meta["date_released"]))
    version_line = i18n.t("cite.version_line", lang).format(v=meta["version"], d=i18n.date(released, lang))
    context["theme_extra_footer"] = (context.get("theme_extra_footer") or "") + f'<p class="bm-version">{html.escape(version_line)}</p>'
    if pagename.startswith(PAGE_PREFIX.format(lang=lang)) and "body" in context and doctree is not None:
        sections = [n for n in doctree.traverse() if n.tagname == "section"]
        ids = sections[0]["ids"] if sections else []
        stem = pagename.rsplit("/", 1)[-1]
        anchor = stem if stem in ids else (ids[0] if ids else "")
        context["body"] += cite_block(meta, lang, pagename, _text(context.get("title", "")), anchor)


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
    """metadata.yml, read once per build (every page's footer and citation use it)."""
    app.bm_metadata = book_metadata()


def setup(app: Sphinx) -> dict:
    app.connect("config-inited", keep_chart_libraries_off_other_pages)
    app.connect("builder-inited", read_metadata)
    app.add_role("fact", FactRole())
    app.add_directive("datatable", DatatableDirective)
    addresses.setup(app)
    book_figures.setup(app)
    app.connect("source-read", keep_one_language)
    app.connect("env-get-outdated", on_env_get_outdated)
    app.connect("html-page-context", on_page_context)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
