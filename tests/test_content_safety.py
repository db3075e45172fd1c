"""Text from the data is shown as text: HTML or script in a value never runs, in tables,
captions, tooltips or the downloads.

Figures are rendered as the build renders them: a notebook's ``FigureSet`` bundle goes through
``_ext/book_figures.py`` (``write_figures`` for the files and the manifest, ``visit_figure`` for the
markup, from ``_templates/bm-figure.html`` loaded by Sphinx's own template loader); the tables
are the ``_repr_html_`` of ``bakumoscow.ledger_view`` and ``bakumoscow.catalog``.
"""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path
from types import SimpleNamespace

import pandas as pd
import pytest
from bs4 import BeautifulSoup
from docutils import nodes

from conftest import PageVisit, _SiteHandler  # tests/conftest.py
from serve import serve  # tools/serve.py (tests/conftest.py puts tools/ on the path)

ROOT = Path(__file__).resolve().parents[1]

from bakumoscow import charts, data  # noqa: E402

EVIL = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script></script>'
FIG_ID = "safety"


def evil_figure(lang: str, source_id: str, evil: str = EVIL) -> charts.Figure:
    frame = pd.DataFrame({"label": [evil, "plain"], "value": [3.0, 5.0]})
    chart = charts.bars(frame, lang=lang, category="label", value="value", value_title="Value " + evil,
                        tooltip=[("label", "Label " + evil)])
    return charts.Figure(id=FIG_ID, lang=lang, chart=chart, title="Title " + evil, caption="Caption " + evil,
                         alt_text="Alt " + evil, source_ids=[source_id], data=frame,
                         columns={"label": "Label " + evil, "value": "Value"})


class _Builder:
    """The little of a Sphinx HTML builder that book_figures.write_figures and visit_figure use."""

    def __init__(self, app, docname: str):
        from sphinx.jinja2glue import BuiltinTemplateLoader

        self.app = app
        self.current_docname = docname
        self.config = SimpleNamespace(templates_path=["_templates"])
        self.confdir = str(ROOT)
        self.templates = BuiltinTemplateLoader()
        self.templates.init(self)  # the book's _templates/, as the build loads them

    def get_target_uri(self, docname: str) -> str:
        return docname + ".html"


def render_figure(outdir: Path, lang: str = "en", docname: str = "page", evil: str = EVIL) -> str:
    """The evil figure through the build's code path: glued as a FigureSet bundle, its files and
    manifest written by ``write_figures`` into ``outdir/figures``, its markup by ``visit_figure``."""
    import bilingual
    import book_figures
    from bakumoscow.sphinx_plugin import figure_node

    source_id = data.load("sources")["source_id"].iloc[0]
    bundle = charts.FigureSet({la: evil_figure(la, source_id, evil) for la in ("en", "ar")}).bundle()
    bundle = json.loads(json.dumps(bundle))  # as stored in the notebook: plain JSON
    env = SimpleNamespace(bm_figure_pages={docname: [FIG_ID]},
                          bm_bundles={FIG_ID: {"doc": "notebooks/safety", "bundle": bundle}})
    app = SimpleNamespace(config=SimpleNamespace(language=lang), outdir=str(outdir), srcdir=str(outdir / "src"),
                          bm_metadata=bilingual.book_metadata(), env=env, translator=None)
    app.builder = _Builder(app, docname)
    book_figures.write_figures(app, env)
    translator = SimpleNamespace(builder=app.builder, body=[])
    with pytest.raises(nodes.SkipNode):
        book_figures.visit_figure(translator, figure_node(fig_id=FIG_ID, notebook="notebooks/safety"))
    return "".join(translator.body)


@pytest.fixture(scope="module")
def rendered(tmp_path_factory) -> tuple[Path, str]:
    """The evil figure rendered once for the module: (output folder, the figure's markup)."""
    outdir = tmp_path_factory.mktemp("safety-site")
    return outdir, render_figure(outdir)


def strings(value):
    if isinstance(value, dict):
        for v in value.values():
            yield from strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from strings(v)
    elif isinstance(value, str):
        yield value


def test_the_figure_html_escapes_every_value_and_keeps_its_data_blocks_closed(rendered):
    outdir, markup = rendered
    soup = BeautifulSoup(markup, "html.parser")
    scripts = soup.find_all("script")
    assert [s.get("class") for s in scripts] == [["bm-spec"]]  # no script element from the data
    assert [img["class"] for img in soup.find_all("img")] == [["bm-static"]]  # only the static view
    assert not soup.select("[onerror]")
    for selector in (".bm-figure-title", "figcaption .bm-caption", ".bm-alt p", ".bm-alt th", ".bm-alt td"):
        assert any(EVIL in e.get_text() for e in soup.select(selector)), selector
    for a in soup.select(".bm-downloads a"):  # the download links are named by the title, as text
        assert EVIL in a["aria-label"]
    assert EVIL in soup.select_one(".bm-permalink")["aria-label"]
    # The spec block holds its whole specification and nothing after it: the block ends where the
    # template ends it, and the data reach the chart unchanged.
    block = soup.select_one("script.bm-spec")
    assert block.find_next_sibling().name == "figcaption"
    assert "</" not in block.string, "a '</' in the data would end the block early"
    spec = json.loads(block.string)
    assert any(EVIL in s for s in strings(spec)), "the data reach the chart unchanged"
    assert json.loads(block["data-options"])["target"] == f"fig-{FIG_ID}-chart"
    # The downloads carry the value unchanged, as data: the CSV as a cell, the SVG as text.
    folder = outdir / "figures"
    rows = list(csv.reader(io.StringIO((folder / f"{FIG_ID}.en.csv").read_text(encoding="utf-8-sig"))))
    assert rows[0][0] == "Label " + EVIL and rows[1][0] == EVIL, "the CSV download carries the value unchanged"
    for kind in ("svg", "wide.svg", "narrow.svg"):
        svg = ET.fromstring((folder / f"{FIG_ID}.en.{kind}").read_text(encoding="utf-8"))
        tags = {e.tag.rsplit("}", 1)[-1] for e in svg.iter()}
        assert not tags & {"script", "img", "foreignObject", "iframe"}, (kind, tags)
        assert not any(k.lower().startswith("on") for e in svg.iter() for k in e.attrib), kind
        assert any("onerror" in (e.text or "") for e in svg.iter()), f"{kind}: the value is drawn as text"


def write_page(folder: Path, site: Path, figures: Path, markup: str) -> None:
    """A page holding a rendered figure, with the edition's own chart libraries."""
    (folder / "_static").symlink_to(site / "en" / "_static")
    (folder / "figures").symlink_to(figures)
    (folder / "page.html").write_text(
        # (an icon declared, as the book's pages declare theirs: else Chromium asks for /favicon.ico)
        '<!DOCTYPE html><html lang="en" data-content_root="./"><head><meta charset="utf-8"><link rel="icon" href="data:,">'
        '<link rel="stylesheet" href="_static/book.css">'
        '<script src="_static/bm-charts.js"></script></head><body>' + markup
        + '<p id="after-the-figure">The page goes on.</p></body></html>', encoding="utf-8")


@pytest.fixture(params=["no policy", "site policy"])
def safety_page(request, site, rendered, tmp_path):
    """A page holding the malicious figure (as the build writes it), served with the edition's own
    chart libraries: once as a host that sends no header serves it (so escaping alone must keep
    the data from running), once with the site's Content-Security-Policy (tools/csp.py)."""
    outdir, markup = rendered
    write_page(tmp_path, site, outdir / "figures", markup)
    policy = (site / "csp.txt").read_text(encoding="utf-8").strip() if request.param == "site policy" else None
    handler = type("Handler", (_SiteHandler,), {"policy": policy}) if policy else None
    with (serve(tmp_path, handler) if handler else serve(tmp_path)) as base:
        yield base, "page.html"


def test_html_in_the_data_is_not_executed_in_the_chart_or_its_tooltip(browser, safety_page):
    visit = PageVisit(browser, *safety_page)  # what the `visit` fixture does, on this page
    try:
        page = visit.page
        assert [c["state"] for c in visit.charts] == ["yes"], visit.console_errors
        assert page.evaluate("window.__pwned") is None
        # The spec block stayed one closed data block: the figure's parts all follow it.
        assert page.evaluate("document.querySelectorAll('script').length") == 3  # bm-charts.js, vega, bm-spec
        assert page.locator(".bm-figure figcaption, .bm-figure details.bm-alt, #after-the-figure").count() == 3
        bar = page.locator(".bm-chart svg g.mark-rect path").first
        bar.hover()
        tooltip = page.locator(".bm-tooltip")
        tooltip.wait_for(state="visible", timeout=5000)
        assert page.evaluate("window.__pwned") is None
        assert page.locator(".bm-tooltip img, .bm-tooltip script, .bm-figure img:not(.bm-static)").count() == 0
        assert EVIL in tooltip.inner_text(), "the tooltip shows the value as text"
        bar.click()  # a pinned tooltip is written anew
        assert page.evaluate("window.__pwned") is None
        assert page.locator(".bm-tooltip img, .bm-tooltip script").count() == 0
        assert "onerror" in page.locator(".bm-chart svg").text_content(), "the axis label shows the value as text"
        assert page.evaluate("window.__pwned") is None
        assert not visit.console_errors, visit.console_errors
    finally:
        visit.close()


def test_a_comment_opener_in_the_data_does_not_keep_the_spec_block_open(browser, site, tmp_path):
    """In a script element, '<!--' then '<script' makes the parser skip the next '</script>'
    (the HTML standard's "script data double escaped state"): the block would swallow the figure's
    caption, its text alternative and the rest of the page, and the chart would not draw."""
    outdir = tmp_path / "out"
    outdir.mkdir()
    markup = render_figure(outdir, evil="<!--<script>")
    (tmp_path / "www").mkdir()
    write_page(tmp_path / "www", site, outdir / "figures", markup)
    with serve(tmp_path / "www") as base:
        visit = PageVisit(browser, base, "page.html")
        try:
            page = visit.page
            assert page.locator(".bm-figure figcaption, .bm-figure details.bm-alt, #after-the-figure").count() == 3
            assert [c["state"] for c in visit.charts] == ["yes"], visit.console_errors
        finally:
            visit.close()


def test_the_claims_and_glossary_tables_show_html_in_the_data_as_text():
    from bakumoscow import catalog, ledger, ledger_view

    tables = data.validate_all()
    claims = tables["claims"].head(3).copy()
    claims["explanation_en"] = EVIL
    claims["claim_en"] = EVIL
    checked = ledger.verdicts(claims, tables)
    soup = BeautifulSoup(ledger_view.ClaimsTable(checked, tables, "en")._repr_html_(), "html.parser")
    assert soup.find("script") is None and soup.find("img") is None
    assert sum(EVIL in c.get_text() for c in soup.select(".bm-claim-text")) == 3
    assert sum(EVIL in td.get_text() for td in soup.select("td")) == 3

    # Two articles' claims on one question, side by side: the claims' text is escaped there too.
    grouped = tables["claims"][tables["claims"]["group"].notna() & (tables["claims"]["group"] != "")]
    pair = grouped[grouped["group"] == grouped.groupby("group")["article_id"].nunique().loc[lambda s: s > 1].index[0]]
    pair = pair.copy()
    pair["claim_en"] = EVIL
    disagreements = ledger_view.DisagreementsTable(ledger.verdicts(pair, tables), tables, "en")
    soup = BeautifulSoup(disagreements._repr_html_(), "html.parser")
    assert soup.find("script") is None and soup.find("img") is None
    assert sum(EVIL in td.get_text() for td in soup.select("td")) == len(pair)

    # People (written family name first), and names of the other kinds, every column from the data.
    terms = pd.concat([tables["glossary"][tables["glossary"]["kind"] == kind].head(2) for kind in ("person", "place")])
    for column in ("name_en", "name_ar", "name_ru", "name_az", "role_en"):
        terms[column] = EVIL
    terms["variants"] = EVIL + " (article 001)"
    glossary = BeautifulSoup(catalog.Glossary(terms, "en")._repr_html_(), "html.parser")
    assert glossary.find("script") is None and glossary.find("img") is None
    rows = glossary.select("tbody tr")
    assert len(rows) == 4
    for row in rows:
        cells = row.select("th, td")
        assert len(cells) == 6 and all("onerror=" in c.get_text() for c in cells), row
        assert sum(EVIL in c.get_text() for c in cells) >= 5  # a person's name is inverted, so split
