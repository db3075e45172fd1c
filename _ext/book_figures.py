"""The book's figures in the build: one path from a notebook's output to the page and its files.

A notebook glues each figure as data (``bakumoscow.charts.FigureSet``: for each edition the
Vega-Lite specification, title, caption, text alternative, the table drawn and its source
ids). myst-nb turns that output into a ``figure_node`` (``bakumoscow/sphinx_plugin.py``) on
the notebook's page, and the ``{chart}`` directive puts the same node on a chapter's page.
Then, in this order:

1. reading: each page's figures are recorded (which page shows which figure), and each
   notebook's figure data is kept in the environment (:func:`on_doctree_read`);
2. once everything is read (``env-updated``), :func:`write_figures` makes, for the edition,
   every figure's files in ``figures/``: two static views for the page (``<id>.<lang>.wide.svg``
   and ``.narrow.svg``, drawn before any script runs), the downloads (``<id>.<lang>.svg``,
   ``.png`` with title, legend, sources and credit, and ``.csv`` of the data drawn, with a
   source column), the Vega specification the page draws interactively, and a manifest
   (``figures/index.json``, and ``<id>.<lang>.json`` per figure) that the pages, the PDF
   printer and the tests read;
3. writing: each ``figure_node`` becomes markup from one template, ``_templates/bm-figure.html``
   (:func:`visit_figure`), with the manifest's file names and image sizes.

Nothing is parsed back out of HTML. A figure whose specification, texts and sources did not change
is not drawn again: drawn files are kept in ``_build/figure-cache/<lang>/`` (with ``.cache.json``),
outside the edition's output, so that even a build from a clean environment reuses them.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import shutil
import textwrap
from collections import Counter
from pathlib import Path

from markupsafe import Markup

import altair as alt
import pandas as pd
from docutils import nodes
from docutils.parsers.rst import Directive
from sphinx.application import Sphinx
from sphinx.util import logging
from sphinx.util.osutil import relative_uri

from bakumoscow import data, i18n
from bakumoscow.sphinx_plugin import figure_node

LOGGER = logging.getLogger(__name__)
FOLDER = "figures"
# vl-convert's name for the Vega-Lite version Altair writes (6.4.1 -> "6.4").
VEGALITE_VERSION = ".".join(alt.VEGALITE_VERSION.split(".")[:2])
VIEWS = {"wide": 720, "narrow": 340}  # the page's static views: desktop column and phone width (CSS pixels)
EXPORT_WIDTH = 720                     # the downloaded SVG and PNG
RENDERER_VERSION = "6"                 # bump to redraw every figure's files (a change in how they are made)


# -- reading -------------------------------------------------------------------------------------

class ChartDirective(Directive):
    """``{chart} notebook/figure_id``: the figure glued by that notebook, in the page's language."""

    required_arguments = 1
    has_content = False

    def run(self):
        from bilingual import notebook_ref

        env = self.state.document.settings.env
        ref = notebook_ref(env, self.arguments[0], (env.docname, self.lineno))
        if ref is None:
            return []
        return [figure_node(fig_id=self.arguments[0].split("/", 1)[1], notebook=ref[0])]


def on_doctree_read(app: Sphinx, doctree) -> None:
    """Record the page's figures; keep the figure data a notebook page carries (and take it off
    the page's doctree: the page is written from the manifest)."""
    env = app.env
    shown = []
    for node in doctree.findall(figure_node):
        shown.append(node["fig_id"])
        if "bundle" in node.attributes:
            env.bm_bundles[node["fig_id"]] = {"doc": env.docname, "bundle": node["bundle"]}
            del node["bundle"]
    if shown:
        env.bm_figure_pages[env.docname] = shown
        for table in ("sources", "publishers"):  # the source lines
            env.note_dependency(str(data.data_dir() / f"{table}.csv"))


def on_env_purge_doc(app: Sphinx, env, docname: str) -> None:
    env.bm_figure_pages.pop(docname, None)
    for fig_id in [k for k, v in env.bm_bundles.items() if v["doc"] == docname]:
        del env.bm_bundles[fig_id]


def on_env_merge_info(app: Sphinx, env, docnames, other) -> None:
    env.bm_figure_pages.update(other.bm_figure_pages)
    env.bm_bundles.update(other.bm_bundles)


def on_builder_inited(app: Sphinx) -> None:
    for name in ("bm_figure_pages", "bm_bundles"):
        if not hasattr(app.env, name):
            setattr(app.env, name, {})


# -- the files: static views, downloads, manifest ---------------------------------------------

def resolve_sources(ids: list[str], lang: str, sources, publishers) -> list[dict]:
    """Source ids as a reader sees them: publisher (its Arabic name in the Arabic edition where the
    data give one, else its own name), title, address, year."""
    out = []
    for sid in ids:
        if sid not in sources.index:
            raise KeyError(f"unknown source id {sid!r}")
        row = sources.loc[sid]
        publisher = publishers.loc[row["publisher_id"]]
        name = i18n.publisher_name(publisher, lang)
        published = row["published"]
        out.append({"id": sid, "publisher": name,
                    "title": row["title"], "url": row["url"], "language": row["language"],
                    "year": None if pd.isna(published) else str(published)[:4],
                    "date": None if pd.isna(published) else str(published)})
    return out


def _credit(meta: dict, lang: str) -> str:
    return f"{meta['title'][lang]} ({i18n.t('cite.version_word', lang)} {meta['version']}) · {meta['url']}"


def export_spec(vegalite: dict, title: str, source_text: str, credit: str, lang: str) -> dict:
    """The figure as a file stands alone: a fixed width, legends in columns that fit it, and
    the title, the sources and the book's credit written on it, each wrapped to the width."""
    spec = json.loads(json.dumps(vegalite))
    spec["width"] = EXPORT_WIDTH - 80
    spec["autosize"] = {"type": "pad", "contains": "padding"}
    per_line = 95 if lang == "en" else 105
    spec["title"] = {"text": textwrap.wrap(title, 70), "subtitle": textwrap.wrap(source_text, per_line) + [credit],
                     "anchor": "end" if lang == "ar" else "start", "frame": "group", "fontSize": 16,
                     "subtitleFontSize": 10, "subtitleColor": "#444", "offset": 14, "orient": "top"}
    config = spec.setdefault("config", {})
    config["background"] = "white"
    legend = config.setdefault("legend", {})
    legend.update({"orient": "bottom", "direction": "vertical", "columns": 2, "labelLimit": 300})
    return spec


LABEL_SHARE = 0.38  # the most of a chart's width that category labels may take on a phone


def _cap_label_limits(node, limit: int) -> None:
    """Every ``labelLimit`` in a Vega-Lite specification, capped (axes and legends, wherever declared)."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "labelLimit" and isinstance(value, (int, float)) and value > limit:
                node[key] = limit
            else:
                _cap_label_limits(value, limit)
    elif isinstance(node, list):
        for item in node:
            _cap_label_limits(item, limit)


def static_view(vegalite: dict, width: int, lang: str) -> dict:
    spec = json.loads(json.dumps(vegalite))
    spec["width"] = width - 80
    spec["autosize"] = {"type": "fit-x", "contains": "padding"}
    if width < 500:
        # A phone: legends in one column below the chart, labels kept short enough to leave the
        # marks room (a long category label is cut with an ellipsis; the table below has it whole).
        legend = spec.setdefault("config", {}).setdefault("legend", {})
        legend.update({"orient": "bottom", "direction": "vertical", "columns": 1, "labelLimit": width - 60})
        _cap_label_limits(spec, int(width * LABEL_SHARE))
    return spec


def responsive(vega: dict) -> dict:
    """The interactive view adapts to the reader's screen: on a narrow one, axis labels give way to
    the marks (at most 38% of the width) and legends take one column, one entry a line, whose
    labels may then run the width of the screen. Vega evaluates these as signals of the container's
    width, so one specification serves phone and desktop."""
    def walk(node):
        if isinstance(node, dict):
            for key in ("axes", "legends"):
                for guide in node.get(key, []) or []:
                    limit = guide.get("labelLimit")
                    if isinstance(limit, (int, float)) and limit > 90:
                        guide["labelLimit"] = {"signal": (
                            f"containerSize()[0] < 480 ? max(80, containerSize()[0] - 60) : {limit}" if key == "legends"
                            else f"max(80, min({limit}, containerSize()[0] * {LABEL_SHARE}))")}
                    if key == "legends" and isinstance(guide.get("columns"), int) and guide["columns"] > 1:
                        guide["columns"] = {"signal": f"containerSize()[0] < 480 ? 1 : {guide['columns']}"}
                    elif key == "legends" and "columns" not in guide:  # one row (the theme's), unless the plot is narrow
                        guide["columns"] = {"signal": "width < 480 ? 1 : 0"}
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)
    out = json.loads(json.dumps(vega))
    walk(out)
    # Two legends under one chart stand one above the other: side by side they run past the
    # column's edge on a phone and, with long labels, on a desktop too.
    layout = out.setdefault("config", {}).setdefault("legend", {}).setdefault("layout", {})
    layout["bottom"] = {"anchor": "start", "margin": 8, "direction": "vertical"}
    return out


def _svg_size(svg: str) -> tuple[int, int]:
    match = re.search(r'<svg[^>]*\bwidth="([\d.]+)"[^>]*\bheight="([\d.]+)"', svg[:500])
    if not match:
        raise ValueError("vl-convert wrote an SVG without a width and height")
    return round(float(match.group(1))), round(float(match.group(2)))


def csv_text(payload: dict, sources: list[dict], lang: str, meta_file: str) -> str:
    """The data drawn, one row per value, with ISO dates, rounded numbers and each row's source
    (a row drawn from several sources, or computed by the book, points to the figure's metadata)."""
    table = payload["table"]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    by_id = {s["id"]: s for s in sources}
    headers = [c["header"] for c in table["columns"]] + [i18n.t("source", lang)]
    writer.writerow(headers)
    fallback = i18n.t("figure.sources_in", lang).format(file=meta_file)
    for i, row in enumerate(table["rows"]):
        ids = table["row_sources"][i] if table.get("row_sources") else []
        named = " | ".join(f"{by_id[s]['publisher']} <{by_id[s]['url']}>" for s in ids if s in by_id) or fallback
        writer.writerow(["" if v is None else v for v in row] + [named])
    return out.getvalue()


def source_line_text(sources: list[dict], lang: str) -> str:
    """"Sources: Report (2026); Caliber.az (n.d.)": publisher and year, or the full date where two
    sources of one publisher and year would otherwise read alike."""
    sep = "؛ " if lang == "ar" else "; "
    label = lambda s: f"{s['publisher']} ({s['year'] or i18n.t('no_date', lang)})"  # noqa: E731
    seen = Counter(map(label, sources))
    items = [f"{s['publisher']} ({s['date']})" if seen[label(s)] > 1 and s.get("date") else label(s) for s in sources]
    return f"{i18n.t('sources', lang)}: " + sep.join(items)


def write_figures(app: Sphinx, env) -> list[str]:
    """Every figure of the edition: its static views, downloads, Vega specification and manifest."""
    import vl_convert

    lang = app.config.language or "en"
    folder = Path(app.outdir) / FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    # Drawn files are kept outside the edition's output, so that a build from a clean environment
    # (tools/build.py --all) still reuses every figure whose data and renderer did not change.
    store = Path(app.srcdir) / "_build" / "figure-cache" / lang
    store.mkdir(parents=True, exist_ok=True)
    digests_path = store / ".cache.json"
    digests = json.loads(digests_path.read_text(encoding="utf-8")) if digests_path.exists() else {}
    sources = data.load("sources").set_index("source_id")
    publishers = data.load("publishers").set_index("publisher_id")
    meta = app.bm_metadata
    locale = i18n.vega_locale(lang)
    pages: dict[str, list[str]] = {}
    for docname, ids in sorted(env.bm_figure_pages.items()):
        for fig_id in ids:
            pages.setdefault(fig_id, []).append(docname)
    missing = sorted(set(pages) - set(env.bm_bundles))
    for fig_id in missing:
        LOGGER.warning(f"figure {fig_id!r} is shown on {', '.join(pages[fig_id])} but no notebook glues it",
                       location=pages[fig_id][0])
    manifest = {}
    for fig_id in sorted(env.bm_bundles):
        payload = env.bm_bundles[fig_id]["bundle"]["editions"][lang]
        try:
            resolved = resolve_sources(payload["source_ids"], lang, sources, publishers)
            row_ids = {s for ids in (payload["table"].get("row_sources") or []) for s in ids}
            row_resolved = resolve_sources(sorted(row_ids - set(payload["source_ids"])), lang, sources, publishers)
        except KeyError as exc:
            raise ValueError(f"figure {fig_id!r}: {exc.args[0]}") from None
        source_text = source_line_text(resolved, lang)
        credit = _credit(meta, lang)
        files = {kind: f"{fig_id}.{lang}.{ext}" for kind, ext in
                 (("svg", "svg"), ("png", "png"), ("csv", "csv"), ("wide", "wide.svg"), ("narrow", "narrow.svg"),
                  ("vega", "vega.json"), ("meta", "json"))}
        digest = hashlib.sha256(json.dumps([RENDERER_VERSION, payload, resolved, row_resolved, credit, locale],
                                           sort_keys=True, ensure_ascii=False).encode()).hexdigest()
        entry = {"id": fig_id, "lang": lang, "title": payload["title"], "caption": payload["caption"],
                 "alt": payload["alt"], "sources": resolved, "source_text": source_text,
                 "files": files, "notebook": env.bm_bundles[fig_id]["doc"],
                 "pages": [app.builder.get_target_uri(d) for d in pages.get(fig_id, [])]}
        cached = digests.get(fig_id, {})
        drawn = [name for kind, name in files.items() if kind != "meta"]
        if cached.get("digest") == digest and all((store / f).exists() for f in drawn):
            entry["sizes"] = cached["sizes"]
        else:
            vega = responsive(vl_convert.vegalite_to_vega(payload["vegalite"], vl_version=VEGALITE_VERSION))
            (store / files["vega"]).write_text(json.dumps(vega, ensure_ascii=False, sort_keys=True, separators=(",", ":")),
                                                encoding="utf-8")
            sizes = {}
            for view, width in VIEWS.items():
                svg = vl_convert.vegalite_to_svg(static_view(payload["vegalite"], width, lang), vl_version=VEGALITE_VERSION,
                                                 format_locale=locale["formatLocale"],
                                                 time_format_locale=locale["timeFormatLocale"])
                (store / files[view]).write_text(svg, encoding="utf-8")
                sizes[view] = _svg_size(svg)
            full = export_spec(payload["vegalite"], payload["title"], source_text, credit, lang)
            args = dict(vl_version=VEGALITE_VERSION, format_locale=locale["formatLocale"],
                        time_format_locale=locale["timeFormatLocale"])
            (store / files["svg"]).write_text(vl_convert.vegalite_to_svg(full, **args), encoding="utf-8")
            (store / files["png"]).write_bytes(vl_convert.vegalite_to_png(full, scale=2, **args))
            # With a byte-order mark, so that spreadsheet programs open the Arabic as UTF-8.
            (store / files["csv"]).write_text(csv_text(payload, resolved + row_resolved, lang, files["meta"]),
                                               encoding="utf-8-sig")
            entry["sizes"] = sizes
            digests[fig_id] = {"digest": digest, "sizes": sizes}
        for name in drawn:
            shutil.copyfile(store / name, folder / name)
        meta_file = {k: v for k, v in entry.items() if k != "files"} | {"files": files}
        (folder / files["meta"]).write_text(json.dumps(meta_file, ensure_ascii=False, indent=1, sort_keys=True),
                                            encoding="utf-8")
        manifest[fig_id] = entry
    digests = {k: v for k, v in digests.items() if k in manifest}
    digests_path.write_text(json.dumps(digests, indent=1, sort_keys=True), encoding="utf-8")
    (folder / "index.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True),
                                       encoding="utf-8")
    app.bm_figures = manifest
    return []


# -- writing -------------------------------------------------------------------------------------

def figure_context(app: Sphinx, entry: dict, payload: dict, docname: str) -> dict:
    """What _templates/bm-figure.html needs for one figure on one page."""
    lang = entry["lang"]
    here = app.builder.get_target_uri(docname)
    folder = Path(app.outdir) / FOLDER
    url = {kind: relative_uri(here, f"{FOLDER}/{name}") for kind, name in entry["files"].items()}
    vega = (folder / entry["files"]["vega"]).read_text(encoding="utf-8")
    options = {"renderer": "svg", "tooltip": {"disableDefaultStyle": True}, **i18n.vega_locale(lang)}
    blob = json.dumps({"target": f"fig-{entry['id']}-chart", "options": options}, ensure_ascii=False,
                      sort_keys=True, separators=(",", ":"))
    # Inside <script>, "</script" or "<!--" in the data would end or derail the block: every "<" (only
    # ever inside a JSON string) is written as its escape, which JSON.parse reads back unchanged.
    spec = vega.replace("<", "\\u003c")
    table = payload["table"]
    rows = [[format_cell(v, c, lang) for v, c in zip(row, table["columns"])] for row in table["rows"]]
    # In the Arabic edition each run of Latin words in a cell (a foreign outlet keeps its own name) is
    # isolated left to right (i18n.text_html), so that its dots and brackets stay where they belong.
    if lang == "ar":
        rows = [[Markup(i18n.text_html(cell, lang)) for cell in row] for row in rows]
    return {"fig": entry, "lang": lang, "dir": i18n.DIRECTION[lang], "url": url, "rows": rows,
            "latin": lambda text: bool(LATIN.search(text)) and not i18n.ARABIC_SCRIPT.search(text),
            "headers": [c["header"] for c in table["columns"]], "options": blob.replace("<", "\\u003c"), "spec": spec,
            "t": lambda key: i18n.t(key, lang), "sep": "؛ " if lang == "ar" else "; ",
            "no_date": i18n.t("no_date", lang)}


LATIN = re.compile("[A-Za-z]")


def format_cell(value, column: dict, lang: str) -> str:
    """A table cell for the text alternative: numbers in the edition's format, dates written out."""
    if value is None:
        return "–"
    kind = column["kind"]
    if kind == "date":
        import datetime as dt

        return i18n.date(dt.date.fromisoformat(value), lang)
    if kind == "year":
        return str(value)
    if kind in ("integer", "number"):
        return i18n.number(value, lang, column["digits"] if kind == "number" else 0)
    return str(value)


def visit_figure(self, node) -> None:
    app = self.builder.app
    fig_id = node["fig_id"]
    entry = getattr(app, "bm_figures", {}).get(fig_id)
    if entry is None:
        raise nodes.SkipNode  # warned about in write_figures
    payload = app.env.bm_bundles[fig_id]["bundle"]["editions"][entry["lang"]]
    context = figure_context(app, entry, payload, self.builder.current_docname)
    self.body.append(app.builder.templates.render("bm-figure.html", context))
    raise nodes.SkipNode


def skip(self, node) -> None:
    raise nodes.SkipNode


def setup(app: Sphinx) -> None:
    app.add_node(figure_node, html=(visit_figure, None), latex=(skip, None), text=(skip, None),
                 man=(skip, None), texinfo=(skip, None))
    app.add_directive("chart", ChartDirective)
    app.connect("builder-inited", on_builder_inited)
    app.connect("doctree-read", on_doctree_read)
    app.connect("env-purge-doc", on_env_purge_doc)
    app.connect("env-merge-info", on_env_merge_info)
    app.connect("env-updated", write_figures)
