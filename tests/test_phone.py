"""The book on a phone (390 × 844, touch): navigation opens by tap, nothing runs off the side of
the page, charts draw inside their boxes, wide tables scroll in their own frame."""

from __future__ import annotations

import pytest
from conftest import draw_all, kept_tab, poll

PHONE = {"viewport": {"width": 390, "height": 844}, "has_touch": True, "is_mobile": True, "device_scale_factor": 2}
ON_SCREEN = """sel => { const e = document.querySelector(sel); if (!e) return false;
  const r = e.getBoundingClientRect(), s = getComputedStyle(e);
  return s.visibility !== 'hidden' && s.display !== 'none' && r.width > 0 && r.right > 0 && r.left < innerWidth; }"""


@pytest.fixture(scope="module")
def phone(browser, server):
    """``phone(path)`` loads a page in the worker's kept phone tab (conftest.kept_tab) and returns the
    tab. The tests below read the pages they load, or tap, press and go to a section in them: each
    changes only the document it loaded, so the next test's page starts afresh in the same tab."""
    context = browser.new_context(**PHONE)
    tab = kept_tab(context)

    def load(path):
        page = tab()
        page.goto(f"{server}/{path}", wait_until="load")
        return page

    yield load
    context.close()


def tap_visible(page, selector: str, opens: str) -> None:
    """Tap the visible one of the buttons ``selector``, and wait until the drawer ``opens`` is on
    screen (its transition lasts 0.2 s), 5 s at most: the caller says whether it came."""
    (button,) = [b for b in page.locator(selector).all() if b.is_visible()]
    button.tap()
    poll(page, ON_SCREEN, opens, seconds=5)


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_the_contents_open_by_tap(phone, lang):
    page = phone(f"{lang}/rupture.html")
    assert not page.evaluate(ON_SCREEN, ".bd-sidebar-primary")
    tap_visible(page, ".primary-toggle", ".bd-sidebar-primary")
    assert page.evaluate(ON_SCREEN, ".bd-sidebar-primary"), "the ☰ button did not open the contents"
    links = [a for a in page.locator(".bd-sidebar-primary nav a").all() if a.is_visible()]
    assert len(links) >= 10
    page.keyboard.press("Escape")
    page.reload()
    tap_visible(page, ".secondary-toggle", ".bd-sidebar-secondary")
    assert page.evaluate(ON_SCREEN, ".bd-sidebar-secondary"), "'on this page' did not open"


# every chapter that carries a figure, in both editions, and the two widest tables
CHART_PAGES = ["rupture", "trade", "economy", "energy", "corridors", "armenia", "mongolia", "rapprochement",
               "aftermath", "neighbours", "flight"]


@pytest.mark.parametrize("path", [f"{lang}/{page}.html" for page in CHART_PAGES for lang in ("en", "ar")]
                         + ["en/claims.html", "ar/glossary.html"])
def test_nothing_runs_off_the_side_and_charts_draw_inside_their_boxes(phone, path):
    page = phone(path)
    draw_all(page, path)
    assert page.evaluate("() => [...document.querySelectorAll('.bm-chart')].every(e => e.dataset.bmDrawn === 'yes')"), \
        f"{path}: a chart was not drawn"
    assert page.evaluate("() => document.documentElement.scrollWidth <= innerWidth + 1"), f"{path} scrolls sideways"
    outside = page.evaluate("""() => [...document.querySelectorAll('.bm-chart svg')].flatMap(svg => {
        const box = svg.getBoundingClientRect();
        return [...svg.querySelectorAll('g.mark-rect path, g.mark-symbol path, g.mark-line path')]
          .filter(m => { const r = m.getBoundingClientRect();
            return r.width + r.height > 0 && (r.right < box.left - 1 || r.left > box.right + 1); })
          .map(() => svg.closest('.bm-chart').id); })""")
    assert outside == [], f"{path}: marks drawn outside their chart: {sorted(set(outside))}"
    # a table wider than the column scrolls inside its own frame, not the page
    wide = page.evaluate("""() => [...document.querySelectorAll('table')].filter(t => t.scrollWidth > innerWidth)
        .filter(t => !t.closest('.bm-table-scroll, .table-wrapper, .pst-scrollable-table-container')).length""")
    assert wide == 0, f"{path}: a wide table is not in a scrolling frame"


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_each_claim_card_fits_the_height_it_reserves_before_it_is_drawn(browser, server, lang):
    # On a phone the claims appendix draws its cards only near the screen; an undrawn card keeps
    # the height its class reserves. One taller than that would spill over the next card until
    # drawn, and assistive technology would find their links on top of each other (Lighthouse's
    # target-size audit did). Measured on the narrowest phone the book expects, every card drawn.
    context = browser.new_context(**{**PHONE, "viewport": {"width": 320, "height": 700}})
    page = context.new_page()
    page.goto(f"{server}/{lang}/claims.html", wait_until="load")
    # every card drawn (set through the CSSOM: the page's Content-Security-Policy refuses a style tag)
    cards = page.evaluate("""() => [...document.querySelectorAll('.bm-claims-table tbody tr')]
      .map(r => (r.style.contentVisibility = 'visible', r)).map(r => ({
        id: r.id, height: r.getBoundingClientRect().height,
        reserved: parseFloat((r.className.match(/bm-h(\\d+)/) || [0, 0])[1]) * 100}))""")
    context.close()
    assert len(cards) >= 250
    assert all(c["reserved"] >= 300 for c in cards), "a card has no reserved height"
    over = [(c["id"], round(c["height"]), c["reserved"]) for c in cards if c["height"] > c["reserved"]]
    assert over == [], f"{lang}: cards taller than their reservation: {over[:10]}"


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_a_tap_on_a_timeline_point_shows_its_tooltip_and_stays_on_the_page(phone, lang):
    # a point of the rupture timeline links to its source: a tap shows the point's values first,
    # with the source offered in the tooltip (in a new tab), and the book stays where it was
    page = phone(f"{lang}/rupture.html")
    draw_all(page, f"{lang}/rupture.html")
    before = page.url
    points = page.locator("#fig-rupture-timeline .bm-live svg g.mark-symbol path")
    point = points.nth(points.count() // 2)  # points of one month may overlap: tap where this one lies
    point.scroll_into_view_if_needed()
    box = point.bounding_box()
    page.touchscreen.tap(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.wait_for_timeout(800)
    assert page.url == before, f"a tap left the page for {page.url}"
    assert len(page.context.pages) == 1, "a tap opened another tab"
    tip = page.locator(".bm-tooltip")
    assert tip.is_visible(), "no tooltip after a tap"
    link = tip.locator("a")
    assert link.count() == 1 and link.get_attribute("target") == "_blank"
    assert link.get_attribute("href").startswith("http")


@pytest.mark.parametrize("lang, other", [("en", "ar"), ("ar", "en")])
def test_the_language_switch_keeps_the_reader_s_section(phone, lang, other):
    page = phone(f"{lang}/trade.html")
    section = page.eval_on_selector_all("main section[id]", "els => els.map(e => e.id)")[2]
    page.goto(page.url.split("#")[0] + "#" + section, wait_until="load")
    page.wait_for_timeout(300)
    hrefs = page.eval_on_selector_all(".bm-lang-link", "els => els.map(e => e.getAttribute('href'))")
    assert hrefs and all(h.split("#")[0].endswith(f"{other}/trade.html") and h.endswith("#" + section) for h in hrefs), hrefs
