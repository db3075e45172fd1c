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
  edition's output as ``data/``, so the Data appendix links to downloadable files.

The built editions sit side by side: ``<site>/en/…`` and ``<site>/ar/…`` (tools/build.py).
"""

from __future__ import annotations

import hashlib
import html
import re
import shutil
from pathlib import Path

from myst_nb.ext.glue.directives import PasteAnyDirective
from myst_nb.ext.glue.roles import PasteTextRole
from sphinx.application import Sphinx
from sphinx.util import logging

LOGGER = logging.getLogger(__name__)
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
    if lang == "ar" and pagename.startswith(NOTEBOOKS + "/") and "body" in context:
        context["body"] = f'<div lang="en" dir="ltr" class="bm-ltr-page">{context["body"]}</div>'


ASSET_FOLDERS = ("_static", "_templates", "_assets")


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
    value = digest.hexdigest()
    if getattr(env, "bm_assets_digest", None) == value:
        return []
    env.bm_assets_digest = value
    return sorted(env.found_docs - set(added) - set(removed))


_HTML_TAG = re.compile(r"<html(?![^>]*\sdir=)")


def on_build_finished(app: Sphinx, exception) -> None:
    """Copy the data package into the output; Arabic edition: ``<html lang="ar" dir="rtl">``."""
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
    if _lang(app.env) != "ar":
        return
    for page in Path(app.outdir).rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        new = _HTML_TAG.sub('<html dir="rtl"', text, count=1)
        if new != text:
            page.write_text(new, encoding="utf-8")


def setup(app: Sphinx) -> dict:
    app.add_role("fact", FactRole())
    app.add_directive("chart", ChartDirective)
    app.add_directive("datatable", ChartDirective)
    app.connect("env-get-outdated", on_env_get_outdated)
    app.connect("html-page-context", on_page_context)
    app.connect("build-finished", on_build_finished)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
