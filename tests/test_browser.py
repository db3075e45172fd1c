"""Headless Chromium loads chapter pages of both editions from 127.0.0.1."""

from __future__ import annotations

import pytest

CHAPTERS = ["book/{lang}/rapprochement.html", "book/{lang}/trade.html", "book/{lang}/economy.html",
            "book/{lang}/energy.html", "book/{lang}/rupture.html", "book/{lang}/regional.html", "book/{lang}/epilogue.html",
            "book/{lang}/claims.html"]


@pytest.mark.parametrize("lang", ["en", "ar"])
@pytest.mark.parametrize("chapter", CHAPTERS)
def test_chapter_page_draws_its_charts_offline(visit, lang, chapter):
    path = f"{lang}/" + chapter.format(lang=lang)
    page = visit(path)
    assert page.outside == [], f"{path} requested other hosts: {page.outside}"
    assert page.failed == [], f"{path} had failed requests: {page.failed}"
    assert page.console_errors == [], f"{path} console errors: {page.console_errors}"
    assert page.charts, f"{path} has no chart"
    for chart in page.charts:
        assert chart["state"] == "yes", f"{path}: chart {chart['id']} was not drawn"
        assert chart["marks"] > 0, f"{path}: chart {chart['id']} has no marks"
    assert page.html_lang == lang
    if lang == "ar":
        assert page.html_dir == "rtl"
    else:
        assert page.html_dir in (None, "ltr")


@pytest.mark.parametrize("lang, other", [("en", "ar"), ("ar", "en")])
def test_switcher_leads_to_the_counterpart(visit, server, lang, other):
    page = visit(f"{lang}/book/{lang}/trade.html")
    assert page.switch_href == [f"{server}/{other}/book/{other}/trade.html"]
    target = visit(page.switch_href[0].removeprefix(server + "/"))
    assert target.html_lang == other


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_the_claims_table_filters_by_verdict(visit, lang):
    from bakumoscow import data, ledger

    tables = data.validate_all()
    checked = ledger.verdicts(tables["claims"], tables)
    page = visit(f"{lang}/book/{lang}/claims.html")
    count = page.page.locator(".bm-claims-count span")
    assert count.text_content() == str(len(checked))
    page.page.select_option("select[data-filter=verdict]", "contradicted")
    expected = int((checked["verdict"] == "contradicted").sum())
    assert count.text_content() == str(expected)
    assert page.page.locator("table.bm-claims-table tbody tr:not([hidden])").count() == expected
    page.page.fill("input[data-filter=text]", "Grozny" if lang == "en" else "غروزني")
    assert page.page.locator("table.bm-claims-table tbody tr:not([hidden])").count() == 1


@pytest.mark.parametrize("lang, query, expected", [("en", "Yekaterinburg", "rupture.html"), ("ar", "يكاترينبورغ", "rupture.html")])
def test_the_search_finds_pages_in_the_edition_s_language(visit, lang, query, expected):
    page = visit(f"{lang}/search.html?q={query}")
    page.page.wait_for_selector("#search-results ul.search li", timeout=15000)
    links = page.page.eval_on_selector_all("#search-results ul.search li a", "els => els.map(e => e.href)")
    assert any(f"/{lang}/book/{lang}/{expected}" in href for href in links), links
