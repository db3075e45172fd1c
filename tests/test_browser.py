"""Headless Chromium loads every page of both editions from 127.0.0.1."""

from __future__ import annotations

import functools
import re

import pytest
from bs4 import Tag
from conftest import SITE, parsed
from test_interface_ar import RANGES, opened_and_read

SKIP = ("_", "search.html", "genindex.html", "figures/")  # search and index: tested on their own below
# axe-core's serious and critical findings (axe is served from node_modules, not fetched)
# (after the fonts have loaded: a text still drawn in its fallback face can be measured mid-swap)
AXE = ("async (options) => (await document.fonts.ready, await axe.run(document, options)).violations"
       ".filter(v => v.impact === 'serious' || v.impact === 'critical')"
       ".map(v => v.id + ' (' + v.impact + '): ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join('; '))")
# axe's rules that measure the laid-out page (contrast against the background, the size and spacing
# of targets, links told from the text around them) take two thirds of its time and depend on the
# stylesheet and on which kinds of element a page holds, not on the words. They run on the pages
# below, one of each kind of page in each edition, which between them hold every kind of element
# the edition's pages hold (test_the_pages_axe_reads_whole_hold_every_kind_of_element); every other
# page gets every other rule.
LAYOUT_RULES = ("color-contrast", "target-size", "link-in-text-block")
AXE_WHOLE = {f"{lang}/{page}.html" for lang in ("en", "ar")
             for page in ("index", "part-rupture", "rupture", "aftermath", "notebooks/rupture", "claims", "data",
                          "glossary", "bibliography")}
ALL_RULES = {"resultTypes": ["violations"]}
MARKUP_RULES = {"resultTypes": ["violations"], "rules": {rule: {"enabled": False} for rule in LAYOUT_RULES}}


def kinds(path) -> set[tuple]:
    """The kinds of element a built page holds: each element's tag and classes, with its parent's
    (a link in a table cell is another kind than a link in a paragraph); not inside SVG images.
    Walked from each parent to its children, so that an SVG image is passed over whole instead of
    each element's ancestors being searched for one (8 times faster on the book's pages)."""
    found = set()
    parents = parsed(path).find_all("body")
    while parents:
        parent = parents.pop()
        outer = (parent.name, tuple(sorted(parent.get("class", []))))
        for el in parent.contents:
            if not isinstance(el, Tag) or el.name == "svg":
                continue
            if el.name not in ("script", "style"):
                found.add((el.name, tuple(sorted(el.get("class", []))), *outer))
            parents.append(el)
    return found


def content_pages(site, lang):
    """Every page of an edition a reader can open (not the theme's search and index pages)."""
    pages = []
    for path in sorted((site / lang).rglob("*.html")):
        rel = path.relative_to(site / lang).as_posix()
        if rel.startswith(SKIP) or "figures/" in rel or "<article" not in path.read_text(encoding="utf-8"):
            continue
        pages.append(rel)
    return pages


def pages_to_visit() -> list[str]:
    """Every content page of both editions, as the built site lists them (tools/test.sh builds it
    before collecting); one test each, so that both workers share them. With no site built the list
    holds one placeholder, and the site fixture fails with its message instead of nothing being run."""
    found = [f"{lang}/{rel}" for lang in ("en", "ar") if (SITE / lang).is_dir() for rel in content_pages(SITE, lang)]
    return found or ["(the site is not built)"]


def test_every_content_page_of_both_editions_is_visited(site):
    visited = set(pages_to_visit())
    for lang in ("en", "ar"):
        pages = content_pages(site, lang)
        assert len(pages) >= 20 and {f"{lang}/{rel}" for rel in pages} <= visited
        # every figure of the edition is on a visited page, so the test below draws and checks it
        figures = {p.name.removesuffix(f".{lang}.json") for p in (site / lang / "figures").glob(f"*.{lang}.json")}
        shown = {e["id"].removeprefix("fig-").removesuffix("-chart") for path in visited if path.startswith(lang + "/")
                 for e in parsed(site / path).select(".bm-chart")}
        assert len(figures) >= 20 and figures <= shown, figures - shown


def test_the_pages_axe_reads_whole_hold_every_kind_of_element(site):
    # what lets the layout rules run on a sample: a page with a kind of element none of the sampled
    # pages holds (a new table style, a new box) fails here until a page holding it joins AXE_WHOLE
    for lang in ("en", "ar"):
        whole = [site / path for path in sorted(AXE_WHOLE) if path.startswith(lang + "/")]
        assert all(path.is_file() for path in whole)
        sampled = set().union(*(kinds(path) for path in whole))
        for rel in content_pages(site, lang):
            new = kinds(site / lang / rel) - sampled
            assert not new, f"{lang}/{rel} holds kinds of element no page in AXE_WHOLE holds: {sorted(new)[:5]}"


@pytest.mark.parametrize("path", pages_to_visit())
def test_every_page_loads_offline_draws_its_charts_and_links_its_counterpart(visit, site, server, path):
    lang = path.split("/")[0]
    other = "ar" if lang == "en" else "en"
    page = visit(path, in_turn=True)
    assert page.outside == [], f"{path} requested other hosts: {page.outside}"
    assert page.failed == [], f"{path} had failed requests: {page.failed}"
    assert page.console_errors == [], f"{path} console errors: {page.console_errors}"
    assert len(page.charts) == len(parsed(site / path).select(".bm-chart"))
    for chart in page.charts:
        assert chart["state"] == "yes", f"{path}: chart {chart['id']} was not drawn"
        assert chart["marks"] > 0, f"{path}: chart {chart['id']} has no marks"
    assert page.html_lang == lang
    assert page.html_dir == ("rtl" if lang == "ar" else None) or (lang == "en" and page.html_dir == "ltr")
    # each mark a screen reader meets is named in words (charts.described): by its tooltip's titles
    # and values, never by a data field's name; axes and legends, described by Vega in English,
    # are left to the figure's title, text alternative and table
    named = page.page.eval_on_selector_all(".bm-live svg [aria-label]", "els => els.map(e => e.getAttribute('aria-label'))")
    raw = [label for label in named if re.search(r"(^|[;؛] )(bm_\w+|url|y|x|lane|label|series): ", label)]
    assert raw == [], f"{path}: marks named by field names: {raw[:3]}"
    spoken = ".bm-live svg [aria-roledescription='axis'], .bm-live svg [aria-roledescription='legend']"
    assert page.page.locator(spoken).count() == 0, f"{path}: an axis or legend is described by Vega"
    # accessibility: axe-core (npm, injected from node_modules, not fetched) finds nothing serious
    page.page.add_script_tag(url=f"{server}/__test__/axe.min.js")
    violations = page.page.evaluate(AXE, ALL_RULES if path in AXE_WHOLE else MARKUP_RULES)
    assert violations == [], f"{path}: accessibility violations: {violations}"
    assert len(page.switch_href) == 1, f"{path}: {len(page.switch_href)} language switchers"
    target = page.switch_href[0].removeprefix(server + "/")
    assert target.startswith(f"{other}/") and (site / target).is_file(), f"{path}: switcher leads to {target}"
    if lang == "ar":
        # every range of years reads first year first, and once the scripts ran and the menus a
        # reader opens are open, every word the page shows or announces is Arabic (test_interface_ar.py)
        reversed_ranges = page.page.evaluate(RANGES)
        assert not reversed_ranges, f"{path}: ranges drawn last year first:\n" + "\n".join(reversed_ranges[:30])
        found = opened_and_read(page.page)
        assert not found, f"{path}: English words once the page's scripts ran:\n" + "\n".join(found[:60])


@pytest.mark.parametrize("path", ["index.html", "404.html", "en/search.html", "ar/search.html",
                                  "en/genindex.html", "ar/genindex.html"])
def test_the_pages_outside_the_chapters_load_offline_and_pass_axe(visit, server, path):
    # the site's front door, the page for missing addresses, and each edition's search and index
    # (the search page with no query: it searches nothing, so it writes no terms to highlight)
    page = visit(path, in_turn=True)
    assert page.outside == [], f"{path} requested other hosts: {page.outside}"
    assert page.failed == [], f"{path} had failed requests: {page.failed}"
    assert page.console_errors == [], f"{path} console errors: {page.console_errors}"
    page.page.add_script_tag(url=f"{server}/__test__/axe.min.js")
    violations = page.page.evaluate(AXE, ALL_RULES)
    assert violations == [], f"{path}: accessibility violations: {violations}"


@pytest.mark.parametrize("lang, other", [("en", "ar"), ("ar", "en")])
def test_switcher_leads_to_the_counterpart(visit, server, lang, other):
    def stays_light(shown):
        # the book stays light (its charts are drawn for a light page): no light/dark switch is offered
        assert shown.page.get_attribute("html", "data-mode") == "light"
        assert not any(b.is_visible() for b in shown.page.locator(".theme-switch-button").all())

    # both pages in the worker's kept tab, one after the other: each is read while it is the one shown
    page = visit(f"{lang}/trade.html", in_turn=True)
    assert page.switch_href == [f"{server}/{other}/trade.html"]
    stays_light(page)
    target = visit(page.switch_href[0].removeprefix(server + "/"), in_turn=True)
    assert target.html_lang == other
    stays_light(target)


@functools.cache
def claims_checked():
    """The claims with their verdicts (bakumoscow.ledger), worked out once in a worker for both editions."""
    from bakumoscow import data, ledger

    tables = data.validate_all()
    return ledger.verdicts(tables["claims"], tables)


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_the_claims_table_filters_by_verdict(visit, lang):
    checked = claims_checked()  # read only
    page = visit(f"{lang}/claims.html", in_turn=True)  # the filters change this document and its address only
    count = page.page.locator(".bm-claims-count span")
    assert count.text_content() == str(len(checked))
    page.page.select_option("select[data-filter=verdict]", "contradicted")
    expected = int((checked["verdict"] == "contradicted").sum())
    assert count.text_content() == str(expected)
    assert page.page.locator("table.bm-claims-table tbody tr:not([hidden])").count() == expected
    # the text filter narrows further: one claim's id, under that claim's verdict
    claim = checked.set_index("claim_id").loc["003-06"]
    page.page.select_option("select[data-filter=verdict]", claim["verdict"])
    page.page.fill("input[data-filter=text]", "003-06")
    assert page.page.locator("table.bm-claims-table tbody tr:not([hidden])").count() == 1


# (the English search for Yekaterinburg is test_search.py's, with its count)
@pytest.mark.parametrize("lang, query, expected", [("ar", "يكاترينبورغ", "rupture.html")])
def test_the_search_finds_pages_in_the_edition_s_language(visit, lang, query, expected):
    page = visit(f"{lang}/search.html?q={query}")
    page.page.wait_for_selector("#search-results ul.search li", timeout=15000)
    links = page.page.eval_on_selector_all("#search-results ul.search li a", "els => els.map(e => e.href)")
    assert any(href.split("?")[0].split("#")[0].endswith(f"/{lang}/{expected}") for href in links), links
