"""Shared fixtures: paths, the built site, a local web server and headless Chromium."""

from __future__ import annotations

import functools
import os
import sys
import time
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
sys.path.insert(0, str(ROOT / "_ext"))  # the Sphinx extensions, for the tests of their parts
from serve import QuietHandler, serve  # noqa: E402

SITE = ROOT / "_build" / "site"


# Files whose tests must run in order in one process: a notebook's cells share one kernel, the
# scratch build's steps share one scratch copy, and the two lint tests must not overlap (nbqa writes
# temporary .py copies of the notebooks into notebooks/, which `ruff check .` on the other worker reads
# and then finds gone: E902). Every other test is a unit of its own, so that both workers share the
# browser's page-by-page tests (tools/test.sh: -n 2 --dist loadgroup).
IN_ORDER = ("test_scratch_build.py", "test_lint.py")


def in_order(nodeid: str) -> str | None:
    """The file a test must run with, in order, or None for a test that can run anywhere."""
    path = nodeid.split("::", 1)[0]
    return path if path.endswith(".ipynb") or path.rsplit("/", 1)[-1] in IN_ORDER else None


def pytest_xdist_make_scheduler(config, log):
    """--dist loadgroup, with the groups of in_order(). pytest-xdist 3.8's own loadgroup reads groups
    from xdist_group marks by renaming each test, which pytest 9 no longer lets a plugin do (the name
    is read from another attribute), so its groups are silently lost; this scheduler groups by file
    name instead, which both versions agree on."""
    if config.getoption("dist") != "loadgroup":
        return None
    from xdist.scheduler import LoadScopeScheduling

    class InOrderFilesApart(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return in_order(nodeid) or nodeid

    return InOrderFilesApart(config, log)


def pytest_collection_modifyitems(config, items):
    """Tests marked ``slow`` (a second build of the whole book) run in CI (.ci/run sets CI=true)
    or when asked for with BM_SLOW=1; a contributor's `bash tools/test.sh` skips them."""
    if os.environ.get("CI") or os.environ.get("BM_SLOW"):
        return
    skip = pytest.mark.skip(reason="slow: runs in CI (CI=true) or with BM_SLOW=1")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)
CHROMIUM = "/usr/bin/chromium"


def read_html(path: Path) -> BeautifulSoup:
    """A built page (or any HTML file), parsed afresh: the caller may change it."""
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


@functools.lru_cache(maxsize=None)
def parsed(path: Path) -> BeautifulSoup:
    """A built page, parsed once for the whole session: read it, never change it."""
    return read_html(path)


def is_forward(path: Path) -> bool:
    """A page that forwards an earlier address to the current one (tools/assemble.py writes them)."""
    with path.open(encoding="utf-8") as f:
        return 'http-equiv="refresh"' in f.read(400)


def book_pages(site: Path, lang: str) -> list[Path]:
    """Every page of an edition a reader reads (chapters, appendices, notebooks, search), not the
    forwards from earlier addresses and not the theme's files."""
    return [p for p in sorted((site / lang).rglob("*.html"))
            if not p.relative_to(site / lang).parts[0].startswith("_") and not is_forward(p)]


@pytest.fixture(scope="session")
def site() -> Path:
    """The built site; the README's test command builds it before running pytest."""
    if not (SITE / "index.html").is_file():
        pytest.fail(f"{SITE} is not built: run `bash tools/test.sh` (or tools/build.py) first")
    return SITE


class _SiteHandler(QuietHandler):
    """Serves the site as a host should: with the Content-Security-Policy the build wrote."""

    policy = ""

    def end_headers(self):
        self.send_header("Content-Security-Policy", self.policy)
        super().end_headers()

    def translate_path(self, path):
        # Test-only scripts (axe-core) are served from node_modules under /__test__/, on the
        # site's own origin so that the policy allows them; the built site does not contain them.
        if path.startswith("/__test__/"):
            return str(ROOT / "node_modules" / "axe-core" / path.removeprefix("/__test__/").split("?")[0])
        return super().translate_path(path)


@pytest.fixture(scope="session")
def server(site):
    """Serve the built site on 127.0.0.1 (a free port); yields the base URL."""
    policy = (site / "csp.txt").read_text(encoding="utf-8").strip()
    with serve(site, type("Handler", (_SiteHandler,), {"policy": policy})) as base:
        yield base


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} not found: install Debian's chromium (tools/setup.sh does)")
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  # offline: no host but the test server's resolves, so a page's request elsewhere
                  # fails at once (and PageVisit records it) instead of reaching the network
                  "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"],
        )
        yield browser
        browser.close()


def poll(page, script: str, arg=None, *, seconds: float) -> bool:
    """Evaluate ``script`` in the page every 50 ms until it is true or ``seconds`` have passed, and
    return its last answer. Polled from Python: Playwright's wait_for_function compiles its predicate
    inside the page, which the site's Content-Security-Policy (no 'unsafe-eval') rightly refuses."""
    deadline = time.monotonic() + seconds
    while not (answer := page.evaluate(script, arg)) and time.monotonic() < deadline:
        page.wait_for_timeout(50)
    return bool(answer)


def draw_all(page, path: str) -> None:
    """Draw every chart of a loaded page and return once each is drawn (or has failed). A page shows
    each figure's static image first and draws the interactive chart when the reader reaches or
    touches it (_static/bm-charts.js); a test asks for all of them at once."""
    page.evaluate("() => { if (window.bmCharts) { window.bmCharts.drawAll(); } }")
    if not poll(page, "() => [...document.querySelectorAll('.bm-chart')].every("
                      "e => e.dataset.bmDrawn === 'yes' || e.dataset.bmDrawn === 'failed')", seconds=15):
        raise TimeoutError(f"{path}: charts not drawn within 15 s")
    # then the fonts, and two frames for the layout that follows the drawing
    page.evaluate("async () => { await document.fonts.ready; "
                  "for (let i = 0; i < 2; i++) { await new Promise(r => requestAnimationFrame(r)); } }")


def hear_outside(page, base: str, outside: list[str]):
    """Record in ``outside`` every request a page makes to a host other than the test server's, and
    return the listener (a page reused for several visits drops it when a visit ends).
    Listening, not intercepting: routing each request through Playwright cost a fifth of a visit;
    such a request fails at once anyway, since the browser resolves no other host (`browser`)."""
    def listener(req):
        if not req.url.startswith((base + "/", "data:", "blob:")):
            outside.append(req.url)
    page.on("request", listener)
    return listener


DESKTOP = {"viewport": {"width": 1280, "height": 1000}}


class PageVisit:
    """What a page did when loaded: outside requests, failed requests, console errors, charts.
    In a browser tab of its own, or in ``tab``, a tab that goes from page to page (`visit`)."""

    def __init__(self, browser, base: str, path: str, tab=None):
        self.outside: list[str] = []
        self.failed: list[str] = []
        self.console_errors: list[str] = []
        self.context = None
        if tab is None:
            self.context = browser.new_context(**DESKTOP)
            tab = self.context.new_page()
        self.page = tab
        self.listeners = [("request", hear_outside(tab, base, self.outside)),
                          ("console", lambda msg: msg.type == "error" and self.console_errors.append(msg.text)),
                          ("pageerror", lambda exc: self.console_errors.append(str(exc))),
                          ("requestfailed", lambda req: req.url.startswith(base) and self.failed.append(req.url)),
                          ("response", lambda res: res.status >= 400 and self.failed.append(f"{res.status} {res.url}"))]
        for event, listener in self.listeners[1:]:
            tab.on(event, listener)
        try:
            self.load(base, path)
        except BaseException:
            self.close()
            raise

    def load(self, base: str, path: str) -> None:
        page = self.page
        page.goto(f"{base}/{path}", wait_until="load")
        draw_all(page, path)
        self.html_lang = page.get_attribute("html", "lang")
        self.html_dir = page.get_attribute("html", "dir")
        self.charts = page.eval_on_selector_all(
            ".bm-chart",
            """els => els.map(e => ({id: e.id, state: e.dataset.bmDrawn,
                 marks: e.querySelectorAll('svg g.mark-line path, svg g.mark-symbol path, svg g.mark-rect path,'
                   + ' svg g.mark-area path, svg g.mark-shape path, svg g.mark-rule line, svg g.mark-text text').length}))""",
        )
        self.switch_href = page.eval_on_selector_all(".bm-lang-link", "els => els.map(e => e.href)")

    def close(self):
        if not self.page.is_closed():
            for event, listener in self.listeners:
                self.page.remove_listener(event, listener)
        if self.context is not None:
            self.context.close()
            self.context = None


def kept_tab(context):
    """A function returning one tab of ``context``, the same each time, for tests that go from page
    to page in it: a page loaded in a tab that has drawn the site's pages before runs in half the
    time (the tab's renderer has already compiled Vega and axe-core; a new tab starts a new one).
    Each page loaded is a new document, so nothing a page does on screen reaches the next, nor what
    a test does to that document (a menu opened, a filter set, even the address its scripts rewrite);
    what carries over is the compiled scripts, the cache, and site storage. So a test that makes a
    page write site storage (a search keeps the terms it found in localStorage, and the next page
    would highlight them) or changes the tab itself keeps a tab of its own. A crashed tab is replaced."""
    kept = []

    def tab():
        if not kept or kept[0].is_closed():
            kept[:] = [context.new_page()]
            kept[0].on("crash", lambda page: page.close())
        return kept[0]

    return tab


@pytest.fixture(scope="session")
def tabs(browser):
    """The worker's kept desktop tab (`kept_tab`), for the page-by-page tests."""
    context = browser.new_context(**DESKTOP)
    yield kept_tab(context)
    context.close()


@pytest.fixture
def visit(browser, server, tabs):
    """``visit(path)`` loads a page in a tab of its own; ``visit(path, in_turn=True)`` in the
    worker's kept tab (`tabs`), for tests that read the page they load, open its menus or set its
    filters: that change only the loaded document (`kept_tab` says what does not qualify). A later
    visit in turn shows another page in the same tab, so a test reads each page before the next."""
    opened = []

    def _visit(path: str, in_turn: bool = False) -> PageVisit:
        result = PageVisit(browser, server, path, tabs() if in_turn else None)
        opened.append(result)
        return result

    yield _visit
    for result in opened:
        result.close()
