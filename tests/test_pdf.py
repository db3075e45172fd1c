"""The PDF editions and printed chapters.

- The PDFs' text can be searched and quoted: a known paragraph of each edition comes out of
  pdftotext word for word (the Arabic edition once printed with the web subset of its typeface
  gave «الغ از والن ف ط» for «الغاز والنفط», issue #17).
- Each release's PDF carries the version in its file name and in its document information; the
  first address, <lang>/baku-moscow-<lang>.pdf, still serves the same file (issue #20).
- A chapter printed from the browser keeps "Cite this chapter", the figures' text descriptions
  and the version line, and leaves out the reader's tools (issue #19; _static/bm-print.css).
"""

from __future__ import annotations

import re
import subprocess
import unicodedata
from pathlib import Path

import pytest
import yaml

from conftest import DESKTOP, hear_outside, parsed  # tests/conftest.py (pages parsed once, read only)

ROOT = Path(__file__).resolve().parents[1]
from addresses import address  # noqa: E402

LANGS = ("en", "ar")
META = yaml.safe_load((ROOT / "metadata.yml").read_text(encoding="utf-8"))
VERSION = str(META["version"])
CREATOR = "Baku and Moscow book build"

# What pdftotext adds to right-to-left text: directional embeddings and marks around each run.
BIDI = re.compile(r"[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
# Arabic vowel marks, Quranic marks and the tatweel: where a mark lands relative to its letter
# depends on how a PDF reader orders glyphs that share a position, not on the text layer.
MARKS = re.compile(r"[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")


def squeeze(text: str) -> str:
    """Whitespace and line breaks normalised to single spaces."""
    return " ".join(text.split())


def flat(pdf_text: str) -> str:
    """pdftotext's text as one line: directional controls removed, a line broken after a dash or a
    slash joined again (the browser breaks "2020–2024" there; the text has no space), other line
    breaks and whitespace normalised to single spaces."""
    return squeeze(re.sub(r"([-\u2010-\u2014/])\n", r"\1", BIDI.sub("", pdf_text)))


def tokens(text: str) -> list[str]:
    """The words and numbers of a text, in order: presentation forms mapped to letters (NFKC),
    marks and directional controls removed, letters and digits split apart (pdftotext may
    glue a number to the Arabic word after it: «2020كيف»)."""
    text = MARKS.sub("", unicodedata.normalize("NFKC", BIDI.sub(" ", text)))
    return re.findall(r"[^\W\d_]+|\d+", text)


def contains_in_order(haystack: list[str], needle: list[str]) -> bool:
    return f" {' '.join(needle)} " in f" {' '.join(haystack)} "


ARABIC_WORD = re.compile(r"([^\u0621-\u065f\u0670]*)([\u0621-\u063a\u0641-\u064a]+)([^\u0621-\u065f\u0670]*)")


def arabic_phrases(text: str, least: int = 3) -> list[str]:
    """The paragraph's runs of at least ``least`` plain Arabic words (letters only: no digit,
    vowel mark or punctuation inside or between them): these must come out of the PDF exactly
    as written."""
    runs, run = [], []
    for word in text.split():
        match = ARABIC_WORD.fullmatch(word)
        if match is None:  # a number, a Latin word, a word with marks
            runs.append(run)
            run = []
            continue
        before, core, after = match.groups()
        if before:
            runs.append(run)
            run = []
        run.append(core)
        if after:
            runs.append(run)
            run = []
    runs.append(run)
    return [" ".join(r) for r in runs if len(r) >= least]


def pdftotext(path: Path, *args: str) -> str:
    return subprocess.run(["pdftotext", *args, str(path), "-"], capture_output=True, text=True, check=True).stdout


def pdf_path(site: Path, lang: str) -> Path:
    path = site / lang / f"baku-moscow-{lang}-{VERSION}.pdf"
    if not path.is_file():
        pytest.fail(f"{path.relative_to(site)} is missing: the build prints the PDFs unless --no-pdf")
    return path


def first_paragraph(site: Path, lang: str) -> str:
    """The first paragraph of the edition's first page, as the reader sees it."""
    article = parsed(site / lang / "index.html").select_one("article.bd-article")
    for p in article.select("p"):
        if p.find_parent(["figure", "section"], class_=["bm-figure", "bm-cite"]) is None and squeeze(p.get_text()):
            return squeeze(p.get_text())
    raise AssertionError(f"{lang}/index.html has no paragraph")


def chapter_with_figure(site: Path, lang: str) -> str:
    """The first chapter (in the table of contents' order) with a figure and "Cite this chapter"."""
    toc = yaml.safe_load((ROOT / ("_toc.yml" if lang == "en" else "_toc.ar.yml")).read_text(encoding="utf-8"))
    files = [toc["root"]] + [c["file"] for part in toc["parts"] for c in part["chapters"] if c["file"].startswith("book/")]
    for docname in files:
        rel = address(docname, lang) + ".html"
        page = parsed(site / lang / rel)
        if page.select_one("figure.bm-figure details.bm-alt p") and page.select_one("section.bm-cite#bm-cite"):
            return rel
    raise AssertionError(f"no {lang} chapter has a figure and a citation block")


# -- (a) the text layer ----------------------------------------------------------------------------

def test_the_english_pdf_gives_the_first_paragraph_word_for_word(site):
    paragraph = first_paragraph(site, "en")
    text = flat(pdftotext(pdf_path(site, "en")))
    assert paragraph in text, f"not in the English PDF's text: {paragraph!r}"


def test_the_arabic_pdf_gives_the_first_paragraph_word_for_word(site):
    paragraph = first_paragraph(site, "ar")
    raw = pdftotext(pdf_path(site, "ar"))
    text = flat(raw)
    # every word and number, whole and in order
    assert contains_in_order(tokens(raw), tokens(paragraph)), (
        f"the Arabic PDF's text does not give the paragraph word for word:\n{paragraph}\n"
        f"PDF text near its start: {text[max(0, text.find(paragraph.split()[0])):][:400]}")
    # its runs of plain words exactly as written, without any normalisation but whitespace
    phrases = arabic_phrases(paragraph)
    assert phrases, paragraph
    missing = [phrase for phrase in phrases if phrase not in text]
    assert missing == [], f"phrases broken in the Arabic PDF's text: {missing}"
    # the words the review searched for (issue #17)
    for word in ("أذربيجان", "الغاز والنفط"):
        assert word in text, f"{word} cannot be found in the Arabic PDF"


def test_pypdf_reads_the_arabic_words_whole(site):
    from pypdf import PdfReader

    reader = PdfReader(str(pdf_path(site, "ar")))
    found = set(tokens(" ".join(page.extract_text() for page in reader.pages[:4])))
    words = [w for w in tokens(first_paragraph(site, "ar")) if not w.isdigit()]
    assert [w for w in words if w not in found] == []


# -- (b) the file name and the document information ------------------------------------------------

@pytest.mark.parametrize("lang", LANGS)
def test_the_pdf_carries_the_version_in_its_name_and_metadata(site, lang):
    from pypdf import PdfReader

    path = pdf_path(site, lang)
    assert path.name == f"baku-moscow-{lang}-{VERSION}.pdf"
    # the first address keeps working, with the same file
    first = site / lang / f"baku-moscow-{lang}.pdf"
    assert first.is_file() and first.read_bytes() == path.read_bytes(), f"{first.name} is not this release's PDF"
    reader = PdfReader(str(path))
    info = reader.metadata
    assert info.title == META["title"][lang]
    for author in META["authors"]:
        assert author["name" if lang == "en" else "name_ar"] in (info.author or ""), info.author
    assert info.creator == CREATOR, info.creator
    assert VERSION in (info.subject or ""), info.subject
    assert VERSION in str(info.get("/Keywords", "")), info.get("/Keywords")
    assert str(reader.trailer["/Root"].get("/Lang")) == lang
    # the title page says which version it is, and the chapters' citation metadata name this file
    assert VERSION in pdftotext(path, "-f", "1", "-l", "1")
    pdf_url = parsed(site / lang / chapter_with_figure(site, lang)).select_one('meta[name="citation_pdf_url"]')
    if pdf_url is not None:
        assert pdf_url["content"].endswith("/" + path.name), pdf_url["content"]


# -- (c) a chapter printed by the reader's browser -------------------------------------------------

SHOWN = {
    "the citation block": "section.bm-cite#bm-cite",
    "the formatted reference": "section.bm-cite .bm-cite-reference",
    "the BibTeX": "section.bm-cite pre[id$='-bib']",
    "a figure's description": "figure.bm-figure details.bm-alt > p",
    "a figure's static view": "figure.bm-figure .bm-chart img.bm-static",
    "the version line": "p.bm-version",
}
HIDDEN = {
    "the downloads line": "p.bm-downloads",
    "the language switch": "nav.bm-lang-switch",
    "the header's buttons": ".bd-header-article",
    "the site header and search": ".bd-header",
    "the contents sidebar": ".bd-sidebar-primary",
    "the page's contents sidebar": ".bd-sidebar-secondary",
    "copy buttons": ".bm-copy",
    "permalinks": "a.bm-permalink",
    "previous and next": ".prev-next-area",
    "the RIS block": "section.bm-cite pre[id$='-ris']",
    "the CSL-JSON block": "section.bm-cite pre[id$='-csl']",
}
VISIBLE = "els => els.map(e => e.checkVisibility({visibilityProperty: true}) && e.getClientRects().length > 0)"


def _platform_fonts(page, selector: str) -> list[dict]:
    session = page.context.new_cdp_session(page)
    session.send("DOM.enable")
    session.send("CSS.enable")
    root = session.send("DOM.getDocument")["root"]["nodeId"]
    node = session.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
    fonts = session.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
    session.detach()
    return [f for f in fonts if f["glyphCount"]]


@pytest.mark.parametrize("lang", LANGS)
def test_a_printed_chapter_keeps_citation_descriptions_and_version_and_drops_the_tools(browser, server, site, lang, tmp_path):
    rel = chapter_with_figure(site, lang)
    html = parsed(site / lang / rel)
    context = browser.new_context(**DESKTOP)
    page = context.new_page()
    outside, errors = [], []
    hear_outside(page, server, outside)
    page.on("console", lambda msg: msg.type == "error" and errors.append(msg.text))
    try:
        page.goto(f"{server}/{lang}/{rel}", wait_until="load")
        page.evaluate("document.fonts.ready.then(() => true)")
        if lang == "ar":  # on screen, the pages keep their own (web) typeface
            fonts = _platform_fonts(page, "article.bd-article section > p")
            assert [f for f in fonts if f["familyName"] == "Noto Naskh Arabic" and f["isCustomFont"]], \
                f"the Arabic page no longer uses its own typeface on screen: {fonts}"
        page.emulate_media(media="print")
        page.evaluate("document.fonts.ready.then(() => true)")
        for what, selector in SHOWN.items():
            seen = page.eval_on_selector_all(selector, VISIBLE)
            assert seen and seen[0], f"{lang}/{rel} printed: {what} ({selector}) is not printed"
        for what, selector in HIDDEN.items():
            seen = page.eval_on_selector_all(selector, VISIBLE)
            assert not any(seen), f"{lang}/{rel} printed: {what} ({selector}) is printed"
        size = page.eval_on_selector("figure.bm-figure .bm-chart img.bm-static",
                                     "e => [e.complete && e.naturalWidth, e.getBoundingClientRect().height]")
        assert size[0] and size[1] > 50, f"{lang}/{rel} printed: the figure's static view is blank ({size})"
        if lang == "ar":  # in print, the complete typeface installed on the machine (issue #17)
            fonts = _platform_fonts(page, "article.bd-article section > p")
            page.emulate_media(media="print")  # the DevTools session above ends the emulation
            assert [f for f in fonts if f["familyName"] == "Noto Naskh Arabic"] and not any(f["isCustomFont"] for f in fonts), \
                f"printed Arabic is not set in the installed Noto Naskh Arabic: {fonts}"
        target = tmp_path / f"{lang}-chapter.pdf"
        page.pdf(path=str(target), format="A4")
        # and once the reader has made the charts interactive, they still print
        page.emulate_media(media="screen")
        page.evaluate("window.bmCharts ? window.bmCharts.drawAll().then(() => true) : true")
        page.emulate_media(media="print")
        heights = page.eval_on_selector_all("figure.bm-figure .bm-chart", "els => els.map(e => e.getBoundingClientRect().height)")
        assert heights and min(heights) > 50, f"{lang}/{rel} printed after drawing the charts: a chart is blank ({heights})"
    finally:
        context.close()
    assert outside == [], f"printing {lang}/{rel} requested other hosts: {outside}"
    assert [e for e in errors if "Content Security Policy" in e or "Refused" in e] == [], errors

    # the printed chapter's text: English word for word; Arabic, every plain word (pdftotext
    # orders a page's lines left to right when most of its letters are Latin, as on a page
    # with a figure's list of sources, and splits a word at some vowel marks: «حدًث ا»)
    text = pdftotext(target)
    one_line = flat(text)
    words = set(tokens(text))

    def printed(element) -> bool:
        wanted = squeeze(element.get_text())
        if lang == "en":
            return wanted in one_line
        plain = [m.group(2) for m in map(ARABIC_WORD.fullmatch, wanted.split()) if m]
        return bool(plain) and all(word in words for word in plain)

    assert printed(html.select_one("section.bm-cite .bm-cite-reference")), "the reference is not in the printed chapter"
    assert html.select_one("section.bm-cite pre[id$='-bib']").get_text().split("\n")[0] in one_line, "no BibTeX in print"
    assert printed(html.select_one("figure.bm-figure details.bm-alt > p")), "the figure's description is not printed"
    assert printed(html.select_one("p.bm-version")), "the version line is not printed"
    assert "SVG · PNG" not in one_line, "the downloads line is printed"
    assert squeeze(html.select_one("section.bm-cite pre[id$='-ris']").get_text().split("\n")[0]) not in one_line, "RIS printed"
