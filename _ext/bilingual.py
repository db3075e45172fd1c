"""Sphinx extension for the two editions of the book (English and Arabic).

One source tree, two builds (``language: en`` and ``language: ar``). This extension:

- adds the ``{fact}`` role and the ``{chart}`` directive (``{datatable}`` is the same
  directive, for glued tables), which paste a value or a figure glued by a notebook in
  the page's language: ``{fact}`trade/peak_turnover```
  pastes the key ``peak_turnover_<lang>`` from ``notebooks/trade.ipynb``. A page that
  pastes from a notebook is recorded as depending on it, so an incremental build
  re-reads the page whenever the notebook changes (no stale numbers);
- links every page to its counterpart in the other edition (a switcher in the page
  header, _templates/bm-lang-switch.html, and ``<link rel="alternate" hreflang>``);
- marks the Arabic edition ``<html lang="ar" dir="rtl">`` and keeps the English
  notebooks inside it left-to-right;
- copies the data package (``data/``: every CSV and ``datapackage.json``) into each
  edition's output as ``data/``, so the Data appendix links to downloadable files;
- reads ``metadata.yml`` (the book's citation metadata) for the version line in every
  page's footer and the "Cite this chapter" block at the end of every chapter.

The built editions sit side by side: ``<site>/en/…`` and ``<site>/ar/…`` (tools/build.py).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import json
import re
import shutil
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
from bakumoscow import i18n  # noqa: E402  (month names of both editions)

# The words and punctuation of each edition's citations (the link to the chapter stays left to right).
CITE = {
    "en": {"summary": "Cite this chapter", "version": "Version {v}, released {d}", "in": "In",
           "ver": "version", "language": "english", "quotes": ("“", "”"), "comma": ",", "link_dir": ""},
    "ar": {"summary": "استشهد بهذا الفصل", "version": "الإصدار {v}، صدر في {d}", "in": "في:",
           "ver": "الإصدار", "language": "arabic", "quotes": ("«", "»"), "comma": "،", "link_dir": ' dir="ltr"'},
}


def book_metadata() -> dict:
    return yaml.safe_load((ROOT / "metadata.yml").read_text(encoding="utf-8"))


def _text(fragment: str) -> str:
    """An HTML fragment as plain text: tags dropped, entities decoded."""
    return html.unescape(re.sub(r"<[^>]+>", "", fragment)).strip()


def _bibtex_escape(text: str) -> str:
    return text.replace("\\", "").replace("{", "").replace("}", "").replace("&", "\\&").replace("%", "\\%")


def cite_block(meta: dict, lang: str, pagename: str, title: str, anchor: str) -> str:
    """The 'Cite this chapter' block: a formatted reference and a BibTeX entry."""
    words = CITE[lang]
    released = dt.date.fromisoformat(str(meta["date_released"]))
    date_text = i18n.date(released, lang)
    author = meta["authors"][0]["name" if lang == "en" else "name_ar"]
    book = meta["title"][lang]
    url = f"{meta['url']}{lang}/{pagename}.html" + (f"#{anchor}" if anchor else "")
    (open_quote, close_quote), comma = words["quotes"], words["comma"]
    reference = (f"{html.escape(author)} ({released.year}). {open_quote}{html.escape(title)}{close_quote}. "
                 f"{words['in']} <em>{html.escape(book)}</em>{comma} {words['ver']} {meta['version']}{comma} {date_text}. "
                 f'<a href="{html.escape(url)}"{words["link_dir"]}>{html.escape(url)}</a>')
    key = f"bakumoscow{released.year}-{pagename.rsplit('/', 1)[-1]}-{lang}"
    bibtex = (f"@incollection{{{key},\n"
              f"  author    = {{{{{_bibtex_escape(author)}}}}},\n"
              f"  title     = {{{_bibtex_escape(title)}}},\n"
              f"  booktitle = {{{_bibtex_escape(book)}}},\n"
              f"  year      = {{{released.year}}},\n"
              f"  edition   = {{{meta['version']}}},\n"
              f"  note      = {{Version {meta['version']}, released {released.isoformat()}}},\n"
              f"  language  = {{{words['language']}}},\n"
              f"  url       = {{{url}}}\n}}")
    return (f'<details class="bm-cite" lang="{lang}"><summary>{words["summary"]}</summary>'
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


def _notebook_ref(env, spec: str, where) -> tuple[str, str] | None:
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
        ref = _notebook_ref(env, self.text, (env.docname, self.line))
        if ref is None:
            return [], []
        self.text = f"{ref[0]}::{ref[1]}:s"
        return super().run()


class ChartDirective(PasteAnyDirective):
    """``{chart} notebook/figure_id`` : a glued figure in the page's language."""

    option_spec = {}

    def run(self):
        env = self.state.document.settings.env
        ref = _notebook_ref(env, self.arguments[0], (env.docname, self.lineno))
        if ref is None:
            return []
        self.options = {"doc": ref[0]}
        self.arguments = [ref[1]]
        return super().run()


def counterpart(pagename: str, lang: str, other: str) -> str:
    """The page name of ``pagename``'s counterpart in the ``other`` edition."""
    prefix = PAGE_PREFIX.format(lang=lang)
    if pagename.startswith(prefix):
        return PAGE_PREFIX.format(lang=other) + pagename[len(prefix):]
    return pagename  # notebooks, genindex, search: the same page in both editions


def counterpart_url(pagename: str, lang: str, other: str) -> str:
    up = "../" * (pagename.count("/") + 1)
    return f"{up}{other}/{counterpart(pagename, lang, other)}.html"


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
    url = f"{meta['url']}{lang}/{pagename}.html"
    tags = {"og:title": title, "og:description": description, "og:type": "article", "og:url": url,
            "og:site_name": meta["title"][lang], "og:locale": OG_LOCALE[lang],
            "og:locale:alternate": OG_LOCALE["ar" if lang == "en" else "en"]}
    out = f'\n<meta name="description" content="{html.escape(description)}" />'
    for key, value in tags.items():
        out += f'\n<meta property="{key}" content="{html.escape(value)}" />'
    return out


def write_sitemap(outdir: Path, lang: str, meta: dict) -> None:
    """sitemap.xml for the edition: every page, with its counterpart as an hreflang alternate."""
    other = "ar" if lang == "en" else "en"
    entries = []
    for page in sorted(outdir.rglob("*.html")):
        rel = page.relative_to(outdir).as_posix()
        if rel.startswith(("_", "genindex", "search")) or "figures/" in rel:
            continue
        name = rel.removesuffix(".html")
        here, there = f"{meta['url']}{lang}/{rel}", f"{meta['url']}{other}/{counterpart(name, lang, other)}.html"
        entries.append(f"  <url><loc>{html.escape(here)}</loc><lastmod>{meta['date_released']}</lastmod>"
                       f'<xhtml:link rel="alternate" hreflang="{lang}" href="{html.escape(here)}"/>'
                       f'<xhtml:link rel="alternate" hreflang="{other}" href="{html.escape(there)}"/></url>')
    (outdir / "sitemap.xml").write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        'xmlns:xhtml="http://www.w3.org/1999/xhtml">\n' + "\n".join(entries) + "\n</urlset>\n", encoding="utf-8")


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
    version_line = CITE[lang]["version"].format(v=meta["version"], d=i18n.date(released, lang))
    context["theme_extra_footer"] = (context.get("theme_extra_footer") or "") + f'<p class="bm-version">{html.escape(version_line)}</p>'
    if pagename.startswith(PAGE_PREFIX.format(lang=lang)) and "body" in context and doctree is not None:
        sections = [n for n in doctree.traverse() if n.tagname == "section"]
        ids = sections[0]["ids"] if sections else []
        stem = pagename.rsplit("/", 1)[-1]
        anchor = stem if stem in ids else (ids[0] if ids else "")
        context["body"] += cite_block(meta, lang, pagename, _text(context.get("title", "")), anchor)
    if lang == "ar" and pagename.startswith(NOTEBOOKS + "/") and "body" in context:
        context["body"] = f'<div lang="en" dir="ltr" class="bm-ltr-page">{context["body"]}</div>'


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


_HTML_TAG = re.compile(r"<html(?![^>]*\sdir=)")


FIGURE = re.compile(r'<figure class="bm-figure" id="fig-([a-z0-9-]+)".*?</figure>', re.S)
STATIC_WIDTH = 640  # pixels: the downloads' width (the page draws charts at the column's width)


def static_spec(spec: dict, title: str, source: str, credit: tuple[str, str], lang: str) -> dict:
    """The page's Vega spec, made standalone: a fixed width, and the title, sources (at most
    three lines; the book's page lists them all) and the book's credit written on it."""
    import textwrap

    spec = json.loads(json.dumps(spec))
    for signal in spec.get("signals", []):
        if signal.get("name") == "width":
            signal.pop("on", None)
            signal["init"] = str(STATIC_WIDTH)
    if lang == "ar":
        # The static renderer lays out mixed right-to-left and left-to-right runs unreliably on
        # long lines, so the Arabic images carry the book's name and address on lines of their own;
        # the sources are on the book's page.
        lines = [credit[0], credit[1]]
    else:
        lines = textwrap.wrap(source, 105)
        if len(lines) > 3:
            lines = lines[:3]
            lines[-1] += " …"
        lines.append(f"{credit[0]} · {credit[1]}")
    spec["title"] = {"text": textwrap.wrap(title, 80), "subtitle": lines,
                     "anchor": "end" if lang == "ar" else "start", "frame": "group",
                     "fontSize": 15, "subtitleFontSize": 10, "subtitleColor": "#555", "offset": 12}
    spec["background"] = "white"
    return spec


def finish_pages(outdir: Path, lang: str, meta: dict) -> None:
    """One pass over the edition's built pages, each rewritten only if something changed:

    - every figure of the edition's chapters gets its downloads (SVG, PNG, CSV), and the
      figures' links point at them (:func:`write_downloads`);
    - citation lists lose a role that misleads assistive technology;
    - Arabic edition: ``<html lang="ar" dir="rtl">``.
    """
    figures = outdir / "figures"
    figures.mkdir(exist_ok=True)
    manifest_path = figures / ".digests.json"
    manifest = json.loads(manifest_path.read_text(encoding="utf-8")) if manifest_path.exists() else {}
    credit = (f"{meta['title'][lang]} ({CITE[lang]['ver']} {meta['version']})", meta["url"])
    for page in sorted(outdir.rglob("*.html")):
        text = page.read_text(encoding="utf-8")
        rel = page.relative_to(outdir)
        # Figures are taken from the edition's own chapters; the notebooks' pages show the English
        # figures in both editions and only link to the files.
        if rel.as_posix().startswith(PAGE_PREFIX.format(lang=lang)):
            for match in FIGURE.finditer(text):
                write_downloads(match.group(1), match.group(0), figures, manifest, credit, lang)
        new = text.replace('href="bm-figures/', f'href="{"../" * (len(rel.parts) - 1)}figures/')
        # Docutils marks a citation list role="list" but its entries role="doc-biblioentry", which
        # assistive technology reads as a list without items; the entries' own role is enough.
        new = new.replace('<div role="list" class="citation-list">', '<div class="citation-list">')
        if lang == "ar":
            new = _HTML_TAG.sub('<html dir="rtl"', new, count=1)
        if new != text:
            page.write_text(new, encoding="utf-8")
    manifest_path.write_text(json.dumps(manifest, indent=1, sort_keys=True), encoding="utf-8")


def write_downloads(fig_id: str, block: str, figures: Path, manifest: dict, credit: tuple[str, str], lang: str) -> None:
    """One figure's downloads (SVG, PNG, CSV) from its HTML ``block``, written once: the
    ``manifest`` of input digests lets an unchanged figure skip rendering on the next build."""
    import vl_convert

    csv_text = re.search(r'<script type="text/csv" class="bm-csv">(.*?)</script>', block, re.S).group(1).replace("<\\/", "</")
    spec_json = re.search(r'<script type="application/json" class="bm-spec">(.*?)</script>', block, re.S).group(1)
    spec = json.loads(spec_json.replace("<\\/", "</"))["spec"]
    title = _text(re.search(r'<p class="bm-figure-title">(.*?)</p>', block, re.S).group(1))
    source = _text(re.search(r'<p class="bm-source">(.*?)</p>', block, re.S).group(1))
    digest = hashlib.sha256((spec_json + title + source + csv_text + "|".join(credit)).encode()).hexdigest()
    if manifest.get(fig_id) == digest and all((figures / f"{fig_id}.{e}").exists() for e in ("svg", "png", "csv")):
        return
    full = static_spec(spec, title, source, credit, lang)
    (figures / f"{fig_id}.svg").write_text(vl_convert.vega_to_svg(full), encoding="utf-8")
    (figures / f"{fig_id}.png").write_bytes(vl_convert.vega_to_png(full, scale=2))
    (figures / f"{fig_id}.csv").write_text(csv_text, encoding="utf-8")
    manifest[fig_id] = digest


def csp_safe_translations(outdir: Path) -> None:
    """Rewrite Sphinx's translations.js so that it needs no eval.

    Sphinx's ``Documentation.addTranslations`` compiles the catalogue's plural rule with
    ``new Function``, which a Content-Security-Policy without 'unsafe-eval' refuses (every
    Arabic page would log the violation). The same catalogue is loaded here with the rule
    written out as a function; the rule is Sphinx's own text for the language.
    """
    path = outdir / "_static" / "translations.js"
    if not path.exists():
        return
    text = path.read_text(encoding="utf-8")
    match = re.fullmatch(r"\s*Documentation\.addTranslations\((\{.*\})\);\s*", text, re.S)
    if not match:
        return  # already rewritten, or a format this function does not know
    catalog = json.loads(match.group(1))
    expr = catalog.pop("plural_expr", "0")
    if not re.fullmatch(r"[n0-9 ?:=<>!&|%()+-]*", expr):
        raise ValueError(f"translations.js: unexpected plural rule {expr!r}")
    path.write_text(
        "// Written by _ext/bilingual.py: Sphinx's catalogue, loaded without eval (see csp_safe_translations).\n"
        f"(function (catalog) {{\n  Object.assign(Documentation.TRANSLATIONS, catalog.messages);\n"
        f"  Documentation.PLURAL_EXPR = function (n) {{ return ({expr}); }};\n"
        f"  Documentation.LOCALE = catalog.locale;\n}})({json.dumps(catalog, ensure_ascii=False, indent=1)});\n",
        encoding="utf-8")


def on_build_finished(app: Sphinx, exception) -> None:
    """Copy the data package into the output; finish the pages (:func:`finish_pages`); write the sitemap."""
    if exception or app.builder.format != "html":
        return
    target = Path(app.outdir) / DATA
    target.mkdir(exist_ok=True)
    for path in sorted((Path(app.srcdir) / DATA).iterdir()):
        if path.suffix in (".csv", ".json"):
            shutil.copy2(path, target / path.name)
    # The maps' country shapes and the note that records their source and licence.
    (target / "geo").mkdir(exist_ok=True)
    for path in sorted((Path(app.srcdir) / DATA / "geo").glob("*")):
        if path.suffix in (".geojson", ".md"):
            shutil.copy2(path, target / "geo" / path.name)
    finish_pages(Path(app.outdir), _lang(app.env), app.bm_metadata)
    write_sitemap(Path(app.outdir), _lang(app.env), app.bm_metadata)
    csp_safe_translations(Path(app.outdir))


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
    app.add_directive("chart", ChartDirective)
    app.add_directive("datatable", ChartDirective)
    app.connect("env-get-outdated", on_env_get_outdated)
    app.connect("html-page-context", on_page_context)
    app.connect("build-finished", on_build_finished)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
