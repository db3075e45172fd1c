"""Text from the data is shown as text: HTML or script in a value never runs, in tables,
captions, tooltips or the downloads."""

from __future__ import annotations

import json

import altair as alt
import pandas as pd
import pytest
from bs4 import BeautifulSoup

from bakumoscow import charts
from serve import serve  # tools/serve.py (tests/conftest.py puts tools/ on the path)

EVIL = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script></script>'


def evil_figure(lang="en"):
    frame = pd.DataFrame({"label": [EVIL, "plain"], "value": [3.0, 5.0]})
    chart = charts.bars(frame, lang=lang, category="label", value="value", value_title="Value " + EVIL,
                        tooltip=[("label", "Label " + EVIL)])
    return charts.Figure(id="safety", lang=lang, chart=chart, title="Title " + EVIL, caption="Caption " + EVIL,
                         alt_text="Alt " + EVIL, source_ids=["ap-springfield-2025-07"], data=frame,
                         columns={"label": "Label", "value": "Value"})


def test_the_figure_html_escapes_every_value_and_keeps_its_data_blocks_closed():
    fig = evil_figure()
    soup = BeautifulSoup(fig.html(), "html.parser")
    scripts = soup.find_all("script")
    assert sorted(s["class"][0] for s in scripts) == ["bm-csv", "bm-spec"]  # no script element from the data
    assert soup.find("img") is None
    for selector in (".bm-figure-title", "figcaption p", ".bm-alt p", ".bm-alt td"):
        assert any(EVIL in e.get_text() for e in soup.select(selector)), selector
    spec = json.loads(soup.select_one("script.bm-spec").string.replace("<\\/", "</"))

    def strings(value):
        if isinstance(value, dict):
            for v in value.values():
                yield from strings(v)
        elif isinstance(value, list):
            for v in value:
                yield from strings(v)
        elif isinstance(value, str):
            yield value
    assert any(EVIL in s for s in strings(spec)), "the data reach the chart unchanged"
    import csv
    import io

    rows = list(csv.reader(io.StringIO(soup.select_one("script.bm-csv").string.replace("<\\/", "</"))))
    assert rows[1][0] == EVIL, "the CSV download carries the value unchanged"


@pytest.fixture
def safety_page(site, tmp_path):
    """A page holding the malicious figure, served with the edition's own chart libraries."""
    (tmp_path / "_static").symlink_to(site / "en" / "_static")
    (tmp_path / "page.html").write_text(
        '<!DOCTYPE html><html lang="en" data-content_root="./"><head><meta charset="utf-8">'
        '<script src="_static/bm-charts.js"></script></head><body>' + evil_figure().html() + "</body></html>",
        encoding="utf-8")
    with serve(tmp_path) as base:
        yield f"{base}/page.html"


def test_html_in_the_data_is_not_executed_in_the_chart_or_its_tooltip(browser, safety_page):
    page = browser.new_page()
    page.goto(safety_page, wait_until="load")
    page.wait_for_function("() => document.querySelector('.bm-chart').dataset.bmDrawn === 'yes'", timeout=15000)
    bar = page.locator(".bm-chart svg g.mark-rect path").first
    bar.hover()
    page.wait_for_timeout(300)
    assert page.evaluate("window.__pwned") is None
    assert page.locator("#vg-tooltip-element img, .bm-figure img").count() == 0
    tooltip = page.locator("#vg-tooltip-element")
    assert tooltip.count() == 1, "hovering a bar shows its tooltip"
    assert "onerror" in tooltip.inner_text(), "the tooltip shows the value as text"
    axis = page.locator(".bm-chart svg").text_content()
    assert "onerror" in axis, "the axis label shows the value as text"
    page.close()


def test_the_claims_and_glossary_tables_show_html_in_the_data_as_text():
    from bakumoscow import catalog, data, ledger

    tables = data.validate_all()
    claims = tables["claims"].head(3).copy()
    claims["explanation_en"] = EVIL
    claims["claim_en"] = EVIL
    checked = ledger.verdicts(claims, tables)
    soup = BeautifulSoup(ledger.ClaimsTable(checked, tables, "en")._repr_html_(), "html.parser")
    assert soup.find("script") is None and soup.find("img") is None
    assert sum(EVIL in td.get_text() for td in soup.select("td")) == 6
    glossary = BeautifulSoup(catalog.Glossary("en")._repr_html_(), "html.parser")
    assert glossary.find("script") is None
