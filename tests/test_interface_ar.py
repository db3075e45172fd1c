"""Every word an Arabic page shows or announces is Arabic.

Two readings of the Arabic edition: every built page as written (visible text, the page title, and
every label a screen reader or a tooltip gives: aria-label, title, placeholder, alt, …), and every
page in Chromium once its scripts have run (copy buttons, tooltips, the search page's messages: the
content pages on test_browser.py's visit of each page, the search and index pages here).
A Latin word fails the test unless it is one of the few the Arabic press writes in Latin letters
too (ALLOWED), or it is where Latin belongs: code (``pre``, ``code``, notebook cells and their
outputs), and anything marked ``lang="en"`` (or another Latin-script language) or ``dir="ltr"``,
which is how the book marks names and source titles kept in their original form.

The built pages are read twice, so that a failure says whose it is: their interface (the theme's
and the book's words around the text: locale/ar/LC_MESSAGES/sphinx.po, _templates/,
_ext/search.py) and their text (the article: chapters, appendices, notebooks, bibliography).
"""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from conftest import DESKTOP, parsed  # tests/conftest.py (each built page parsed once, read only)

ROOT = Path(__file__).resolve().parents[1]
import search  # noqa: E402

# Latin words an Arabic page may show, and why.
ALLOWED = {
    # file formats and data formats, named as the Arabic press names them
    "CSV", "SVG", "PNG", "JSON", "PDF", "BibTeX", "RIS", "CSL", "ZIP",
    # the download menu's buttons show the file's extension
    "md", "ipynb", "pdf",
    # licences: their names are their codes
    "CC", "BY", "MIT",
    # the keyboard shortcut of the search box, as printed on the keys
    "Ctrl",
}
LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z'’]*[A-Za-z]")  # two letters or more
# Where Latin belongs (code, and text marked as being in a Latin-script language or left to right)
CODE = ("pre", "code", "kbd", "samp")
CODE_CLASSES = ("cell_output", "highlight")
LABELS = ("aria-label", "aria-description", "aria-roledescription", "title", "placeholder", "alt",
          "data-bs-title", "data-bs-original-title", "data-tooltip", "label")
SKIP_PARTS = ("_static", "_sources", "_images", "figures", "data")


def arabic_pages(site):
    pages = []
    for path in sorted((site / "ar").rglob("*.html")):
        rel = path.relative_to(site / "ar")
        if rel.parts[0] in SKIP_PARTS or 'http-equiv="refresh"' in path.read_text(encoding="utf-8")[:600]:
            continue
        pages.append(path)
    return pages


def latin_allowed(tag) -> bool:
    """Whether Latin is expected in this element: code, or marked as Latin-script or left to right."""
    for node in [tag, *tag.parents]:
        name = getattr(node, "name", None)
        if name is None or name == "[document]":
            continue
        if name in CODE or any(c in CODE_CLASSES for c in node.get("class", [])):
            return True
        # a reference in the bibliography keeps its author and title in their own language
        if "citation" in node.get("class", []):
            return True
        lang = (node.get("lang") or "").lower()
        # dir="ltr", or the {ltr} role's class (book.css isolates it left to right)
        if node.get("dir") == "ltr" or "bm-ltr" in node.get("class", []) or (lang and not lang.startswith("ar")):
            return True
        if name == "html":
            break
    return False


# Codes, not words: web addresses, and file names (trade_bilateral.csv, notebooks/trade.ipynb).
CODES = re.compile(r"\b(?:https?://|www\.)\S+|[\w./-]+\.(?:csv|json|geojson|svg|png|pdf|zip|ipynb|md|bib|yml)\b")


def english_words(text: str) -> list[str]:
    return [w for w in LATIN_WORD.findall(CODES.sub(" ", text)) if w not in ALLOWED]


def findings_in(soup, part: str) -> list[str]:
    """Each Latin word out of place, with where it was ('text in <p>: …', '<a title>: …'), in the
    page's interface (``part="interface"``: everything but the article, plus the page title) or
    in its text (``part="text"``: the article: chapters, notebooks, appendices)."""
    article = soup.select_one("article.bd-article")

    def in_part(tag) -> bool:
        inside = article is not None and (tag is article or any(p is article for p in tag.parents))
        return inside == (part == "text")

    out = []
    title = soup.find("title")
    if part == "interface" and title and english_words(title.get_text()):
        out.append(f"<title>: {title.get_text().strip()!r}")
    body = soup.body or soup
    for text in body.find_all(string=True):
        if text.parent.name in ("script", "style", "template") or type(text).__name__ in ("Comment", "Doctype"):
            continue
        words = english_words(text)
        if words and in_part(text.parent) and not latin_allowed(text.parent):
            out.append(f"text in <{text.parent.name}>: {' '.join(words)!r} in {text.strip()[:80]!r}")
    for tag in soup.find_all(True):
        for attr in LABELS:
            value = tag.get(attr)
            if isinstance(value, str) and english_words(value) and in_part(tag) and not latin_allowed(tag):
                out.append(f"<{tag.name} {attr}>: {value[:80]!r}")
    return out


def report(site, part: str) -> list[str]:
    pages = arabic_pages(site)
    assert len(pages) >= 20
    where = defaultdict(dict)  # finding -> the pages it is on (in order, once each)
    for path in pages:
        for finding in findings_in(parsed(path), part):
            where[finding][path.relative_to(site).as_posix()] = True
    return [f"{finding}  [{len(on)} page(s): {', '.join(list(on)[:3])}{', …' if len(on) > 3 else ''}]"
            for finding, on in sorted(where.items(), key=lambda kv: -len(kv[1]))]


def test_the_interface_of_every_arabic_page_is_arabic(site):
    # the theme's and the book's words around the text: skip link, header buttons and their
    # tooltips, sidebars and their labels, previous/next, footer, the search and index pages
    lines = report(site, "interface")
    assert not lines, f"{len(lines)} English word(s) in the Arabic pages' interface:\n" + "\n".join(lines[:80])


def test_the_text_of_every_arabic_page_is_arabic(site):
    # the article itself (chapters, appendices, notebooks): Latin only in code, or where marked
    # as another language (lang) or as left to right (dir="ltr"), as names and source titles are
    lines = report(site, "text")
    assert not lines, f"{len(lines)} English word(s) in the Arabic pages' text:\n" + "\n".join(lines[:80])


# The live interface: text and labels once the theme's and the book's scripts have run (copy
# buttons, tooltips, the search page's messages). The article's own text is the static test's; here
# only the controls in it count (buttons, summaries). A search result's excerpt quotes a page's
# text, which is checked on the page itself, where its code and its marked names keep their markup.
LIVE = """() => {
  const control = 'button, summary, [role="button"], [data-tooltip]';
  const latinOk = el => !!el.closest('pre, code, kbd, samp, .cell_output, [dir="ltr"], [lang]:not([lang^="ar"]), '
      + '#search-results p.context')
    || (!!el.closest('article.bd-article') && !el.closest(control));
  const out = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement;
    if (!el || !node.nodeValue.trim() || ['SCRIPT', 'STYLE', 'NOSCRIPT'].includes(el.tagName)) continue;
    // SVG <title>s are names (the copy buttons'); other text counts when it is shown
    if (el.closest('svg') ? !!el.closest('[hidden]') : !el.checkVisibility()) continue;
    if (!latinOk(el)) out.push(['text <' + el.tagName.toLowerCase() + '>', node.nodeValue.trim().slice(0, 100)]);
  }
  for (const el of document.querySelectorAll('*')) {
    for (const attr of %s) {
      const value = el.getAttribute(attr);
      if (value && !latinOk(el)) out.push(['<' + el.tagName.toLowerCase() + ' ' + attr + '>', value.slice(0, 100)]);
    }
  }
  out.push(['<title>', document.title]);
  return out;
}""" % str(list(LABELS))


def live_findings(page) -> list[str]:
    return sorted({f"{where}: {text!r}" for where, text in page.evaluate(LIVE) if english_words(text)})


def opened_and_read(page) -> list[str]:
    """The English words of an Arabic page once its scripts ran and a reader opened what a reader
    opens: the download menu, a notebook's hidden code. test_browser.py reads every Arabic content
    page this way, on the visit that checks the page; the pages outside the chapters are read here."""
    menu = page.query_selector(".dropdown-download-buttons button.dropdown-toggle")
    if menu and menu.is_visible():
        menu.click()
        page.wait_for_selector(".dropdown-download-buttons .dropdown-menu.show", state="visible", timeout=5000)
    code = page.query_selector("details.hide summary")
    if code and code.is_visible():
        code.click()  # a <details> opens at once
    return live_findings(page)


@pytest.mark.parametrize("path", ["ar/search.html?q=أذربيجان", "ar/search.html?q=ضظغثقفز", "ar/genindex.html"])
def test_the_interface_of_arabic_pages_once_their_scripts_ran_is_arabic(browser, server, path):
    context = browser.new_context(**DESKTOP)
    try:
        page = context.new_page()
        page.goto(f"{server}/{path}", wait_until="load")
        if "search.html" in path:
            page.wait_for_selector("#search-results p.search-summary:not(:empty)", timeout=15000)
        found = opened_and_read(page)
    finally:
        context.close()
    assert not found, f"{path}: English words once the page's scripts ran:\n" + "\n".join(found[:60])


# The catalogue itself (no build needed)

def catalogue() -> dict[str, str]:
    with (ROOT / "locale" / "ar" / "LC_MESSAGES" / "sphinx.po").open("rb") as handle:
        return {m.id: m.string for m in read_po(handle, locale="ar") if m.id and not m.fuzzy}


def test_every_message_the_book_s_templates_and_scripts_use_is_in_the_arabic_catalogue():
    used = set()
    for path in (ROOT / "_templates").rglob("*.html"):
        used |= set(re.findall(r"_\('([^']+)'\)", path.read_text(encoding="utf-8")))
    used |= set(re.findall(r'_\("([^"]+)"\)', (ROOT / "_static" / "bm-search.js").read_text(encoding="utf-8")))
    used |= set(search.SCRIPT_MESSAGES) | set(search.DOWNLOAD_TOOLTIPS.values()) | set(search.COPYBUTTON.values())
    used |= {"Search...", "Show code cell {type}", "Hide code cell {type}"}
    words = catalogue()
    missing = sorted(m for m in used if not re.search("[\u0600-\u06ff]", words.get(m) or ""))
    assert not missing, f"not translated in locale/ar/LC_MESSAGES/sphinx.po: {missing}"


def test_the_catalogue_s_translations_are_arabic_and_keep_their_placeholders():
    for msgid, text in catalogue().items():
        assert re.search("[\u0600-\u06ff]", text), msgid
        for placeholder in re.findall(r"\$\{\w+\}|%\(\w+\)s", msgid):
            assert placeholder in text, f"{msgid!r}: the translation lacks {placeholder}"
        assert not english_words(re.sub(r"\$\{\w+\}|%\(\w+\)s", "", text)), f"{msgid!r}: {text!r}"


# Every range of years on an Arabic page draws as the reader expects: its first year to the left of its
# last (an isolated range keeps its left-to-right order inside the right-to-left line). Measured in
# Chromium on the rendered text of every Arabic content page (test_browser.py, on the visit that checks
# the page), so it catches a range the build left unisolated wherever it is: prose, captions, the
# claims ledger, the glossary, the bibliography.
RANGES = r"""() => {
  const out = [];
  const walker = document.createTreeWalker(document.querySelector("article") || document.body, NodeFilter.SHOW_TEXT);
  const pattern = /(1[89]\d\d|20\d\d)\s*[–-]\s*(1[89]\d\d|20\d\d)/g;
  let node;
  while ((node = walker.nextNode())) {
    const parent = node.parentElement;
    if (!parent || parent.closest("script, style, code, pre, .bm-spec") || !parent.getClientRects().length) continue;
    let m;
    pattern.lastIndex = 0;
    while ((m = pattern.exec(node.data))) {
      const first = document.createRange(), last = document.createRange();
      first.setStart(node, m.index); first.setEnd(node, m.index + 4);
      const end = m.index + m[0].length;
      last.setStart(node, end - 4); last.setEnd(node, end);
      const a = first.getClientRects()[0], b = last.getClientRects()[0];
      if (a && b && Math.abs(a.top - b.top) < 4 && a.left > b.left) out.push(m[0] + " in «" + node.data.slice(0, 60) + "»");
    }
  }
  return out;
}"""
