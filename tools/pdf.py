"""Print each edition of the built book to one PDF, offline, with headless Chromium.

    .venv/bin/python tools/pdf.py [en|ar]    # after tools/build.py: writes _build/site/<lang>/<file>.pdf

For each edition it assembles one printable page from the built chapters, in the order of
the edition's table of contents: a title page, then each chapter's article, each starting on
a new page. The page is styled by the book's print stylesheet (_static/bm-print.css, the one
a reader's browser uses to print a chapter) and a few rules for the assembled book
(``PRINT_CSS``): figures print as the static SVG the build draws, with their text
descriptions; each chapter keeps "Cite this chapter" (the reference and the BibTeX); download
links, copy buttons and permalinks are left out. Chromium prints it with the chapters'
headings as the PDF's outline (bookmarks); links between pages point at the published site.

File names: each release's PDF carries the version, ``baku-moscow-<lang>-<version>.pdf``
(the address the pages' citations give); the address published first,
``<lang>/baku-moscow-<lang>.pdf`` (listed in addresses.txt), gets a copy of the same file.

The Arabic text layer: the Arabic edition is printed with the complete Noto Naskh Arabic
installed on the machine (Debian's fonts-noto-core, which tools/setup.sh installs), not with
the web subset the pages load (_static/vendor/fonts/): printed with the subset, the PDF's text
layer comes out as broken words (pdftotext gives «الغ از والن ف ط» for «الغاز والنفط»), so the
PDF could not be searched or quoted. The printer stops if that font is missing or not the one
used.

The Arabic vowel marks: Chromium writes each letter carrying a mark (تُ, ثَّ, يًّ) as one
marked-content span whose ActualText is the letter and its marks, with the mark's glyph first
(HarfBuzz's visual order for right-to-left text) and the letter's second. A reader that honours
ActualText (pdftotext, and so the PDF viewers built on poppler) places the whole span where its
first glyph is, on the mark's raised baseline, and so breaks the word there: «ُت عاد» for «تُعاد»,
«موَّث قة» for «موثَّقة». And the glyph Noto Naskh Arabic draws for two marks together (shadda with
fatha or with tanween) has no Unicode value in the font's ToUnicode map (Chromium writes <0000>),
so a reader that does not honour ActualText (pypdf) loses the marks and splits the word there
(«ﻣﻮﺛ ﻘﺔ»). ``mark_clusters`` rewrites each such span as two, the letter (at its own position)
and then its marks, without moving any glyph on the page, and gives the marks' glyphs their
characters in the ToUnicode map.

The PDF's document information: Title, Author and Subject (the abstract, after the version
line) from metadata.yml, Keywords (with the version), Creator "Baku and Moscow book build",
and the document language.
"""

from __future__ import annotations

import datetime as dt
import html
import re
import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path
from urllib.parse import urljoin

import yaml

ROOT = Path(__file__).resolve().parents[1]
SITE = ROOT / "_build" / "site"
CHROMIUM = "/usr/bin/chromium"
TOCS = {"en": "_toc.yml", "ar": "_toc.ar.yml"}
FILE = "baku-moscow-{lang}-{version}.pdf"  # this release's PDF
LATEST = "baku-moscow-{lang}.pdf"  # the address published first: a copy of this release's PDF
CREATOR = "Baku and Moscow book build"
PRINT_FONT = "Noto Naskh Arabic"  # installed on the machine (fonts-noto-core), see the docstring
PRINT_STYLESHEET = "_static/bm-print.css"

sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "_ext"))
from addresses import address  # noqa: E402
from bakumoscow import i18n  # noqa: E402
from citation import metadata  # noqa: E402
from serve import serve  # noqa: E402

# The assembled book's own layout (the page carries no theme stylesheet); what prints and what
# does not is bm-print.css's work, shared with the pages.
PRINT_CSS = """
@page { size: A4; margin: 18mm 16mm 20mm; }
body { font-family: 'Source Sans 3', 'Helvetica Neue', Arial, 'DejaVu Sans', sans-serif;
       font-size: 10.5pt; line-height: 1.45; color: #111; }
html[lang=ar] body { font-family: 'BM Print Naskh', 'Noto Naskh Arabic', 'Noto Sans Arabic', 'DejaVu Sans', sans-serif;
                     font-size: 11pt; }
.bm-chapter { break-before: page; }
.bm-title-page { text-align: center; padding-top: 35vh; }
.bm-title-page h1 { font-size: 24pt; margin-bottom: 1em; }
figure.bm-figure { margin: 1em 0; }
.bm-figure-title { font-weight: 600; }
.bm-source, figcaption { font-size: 9pt; color: #333; }
.bm-cite-heading { font-weight: 700; font-size: 12pt; margin: 0 0 0.4rem; }
pre { font-family: 'DejaVu Sans Mono', 'Liberation Mono', monospace; }
table { border-collapse: collapse; font-size: 8.5pt; }
td, th { border: 1px solid #ccc; padding: 2px 4px; vertical-align: top; }
a { color: inherit; text-decoration: none; }
"""


def pdf_name(lang: str, version: str | None = None) -> str:
    """This release's PDF of the edition: ``baku-moscow-en-0.4.0.pdf``."""
    return FILE.format(lang=lang, version=version or metadata()["version"])


def toc_pages(lang: str) -> list[str]:
    toc = yaml.safe_load((ROOT / TOCS[lang]).read_text(encoding="utf-8"))
    pages = [toc["root"]]
    for part in toc.get("parts", []):
        pages += [c["file"] for c in part.get("chapters", []) if c["file"].startswith("book/")]
    return pages


def page_file(lang: str, docname: str) -> str:
    """The built page of a chapter, within its edition: 'book/en/rupture' -> 'rupture.html'."""
    return address(docname, lang) + ".html"


_SCRIPT = re.compile(r"<script\b[^>]*>.*?</script>", re.S | re.I)
_HREF = re.compile(r'(<a\b[^>]*?\shref=")([^"]*)(")')


def article(page: Path, url: str) -> str:
    """The chapter's article, ready for print: its scripts (chart specifications) left out, the
    figures' text descriptions open, "Cite this chapter" kept out of the bookmarks, and links to
    other pages pointing at the published site (``url`` is the page's published address)."""
    text = page.read_text(encoding="utf-8")
    match = re.search(r'<article class="bd-article"[^>]*>(.*)</article>', text, re.S)
    if match is None:
        raise SystemExit(f"{page}: no <article class=\"bd-article\"> (not a chapter of the built book?)")
    body = _SCRIPT.sub("", match.group(1))
    body = body.replace('<details class="bm-alt"', '<details open class="bm-alt"')
    # One "Cite this chapter" per chapter would fill the outline; it stays a bold line.
    body = re.sub(r'<h2 id="bm-cite-title">(.*?)</h2>', r'<p class="bm-cite-heading" id="bm-cite-title">\1</p>', body, flags=re.S)

    def link(m: re.Match) -> str:
        href = html.unescape(m.group(2))
        if href.startswith("#") or re.match(r"^[a-z][a-z0-9+.-]*:", href, re.I):
            return m.group(0)  # within the PDF, or already absolute
        return m.group(1) + html.escape(urljoin(url, href)) + m.group(3)

    return _HREF.sub(link, body)


def printable(lang: str) -> str:
    meta = metadata()
    released = dt.date.fromisoformat(str(meta["date_released"]))
    authors = i18n.join([a["name" if lang == "en" else "name_ar"] for a in meta["authors"]], lang)
    version = i18n.t("cite.version_line", lang).format(v=meta["version"], d=i18n.date(released, lang))
    chapters = []
    for docname in toc_pages(lang):
        rel = page_file(lang, docname)
        url = f"{meta['url']}{lang}/{rel}"
        chapters.append(f'<section class="bm-chapter">{article(SITE / lang / rel, url)}</section>')
    return (f'<!DOCTYPE html><html lang="{lang}" dir="{i18n.DIRECTION[lang]}"><head><meta charset="utf-8">'
            f'<title>{html.escape(meta["title"][lang])}</title>'
            f'<link rel="stylesheet" href="{PRINT_STYLESHEET}"><style>{PRINT_CSS}</style></head><body>'
            f'<section class="bm-title-page"><h1>{html.escape(meta["title"][lang])}</h1>'
            f"<p>{html.escape(authors)}</p><p>{html.escape(version)}</p><p>{html.escape(meta['url'])}</p></section>"
            f"{''.join(chapters)}</body></html>")


def footer(lang: str) -> str:
    """Each page's foot: the version and the page number."""
    meta = metadata()
    words = f"{i18n.t('cite.version_word', lang)} {meta['version']}"
    family = "'Noto Naskh Arabic', 'DejaVu Sans', sans-serif" if lang == "ar" else "'DejaVu Sans', sans-serif"
    return (f'<div dir="{i18n.DIRECTION[lang]}" lang="{lang}" style="font-size:8px;width:100%;text-align:center;'
            f'font-family:{family}">{html.escape(words)} · <span class="pageNumber"></span></div>')


def require_print_font() -> None:
    """Stop unless the complete Arabic typeface is installed (see the module's docstring)."""
    if not shutil.which("fc-list"):
        return  # no fontconfig to ask: the check in the browser (check_print_font) still runs
    found = subprocess.run(["fc-list", f":family={PRINT_FONT}", "family"], capture_output=True, text=True).stdout
    if not found.strip():
        raise SystemExit(f"The font {PRINT_FONT!r} is not installed: the Arabic PDF's text would not be searchable. "
                         "Install Debian's fonts-noto-core (tools/setup.sh does: sudo apt-get install fonts-noto-core).")


def check_print_font(page) -> None:
    """The Arabic edition's text is laid out with the installed Noto Naskh Arabic, not a web font."""
    session = page.context.new_cdp_session(page)
    session.send("DOM.enable")
    session.send("CSS.enable")
    root = session.send("DOM.getDocument")["root"]["nodeId"]
    node = session.send("DOM.querySelector", {"nodeId": root, "selector": ".bm-chapter p"})["nodeId"]
    fonts = session.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
    session.detach()
    used = [f for f in fonts if f["glyphCount"]]
    if any(f["isCustomFont"] for f in used) or not any(f["familyName"] == PRINT_FONT for f in used):
        raise SystemExit(f"The Arabic PDF would be printed with {used} instead of the installed {PRINT_FONT!r}: "
                         "its text could not be searched (see tools/pdf.py).")


def print_edition(lang: str, browser, base: str) -> Path:
    meta = metadata()
    source = SITE / lang / "_print.html"
    source.write_text(printable(lang), encoding="utf-8")
    target = SITE / lang / pdf_name(lang, meta["version"])
    page = browser.new_page()
    try:
        page.goto(f"{base}/{lang}/_print.html", wait_until="networkidle")
        page.emulate_media(media="print")
        page.evaluate("document.fonts.ready.then(() => true)")
        if lang == "ar":
            check_print_font(page)
            page.emulate_media(media="print")  # the check's DevTools session ends the emulation
        page.pdf(path=str(target), format="A4", print_background=True, outline=True, tagged=True,
                 display_header_footer=True, header_template="<span></span>", footer_template=footer(lang),
                 margin={"top": "18mm", "bottom": "20mm", "left": "16mm", "right": "16mm"})
        headings = page.eval_on_selector_all(
            "h1, h2, h3, h4, h5, h6",
            "els => els.filter(e => e.offsetParent !== null || e.getClientRects().length)"
            "          .map(e => e.textContent.replace(/#/g, '').replace(/\\s+/g, ' ').trim())")
    finally:
        page.close()
        source.unlink(missing_ok=True)
    finish(target, lang, headings)
    shutil.copy2(target, SITE / lang / LATEST.format(lang=lang))
    return target


def document_info(lang: str) -> dict[str, str]:
    """The PDF's document information, from metadata.yml."""
    meta = metadata()
    released = dt.date.fromisoformat(str(meta["date_released"]))
    version = i18n.t("cite.version_line", lang).format(v=meta["version"], d=i18n.date(released, lang))
    abstract = " ".join(str(meta["abstract" if lang == "en" else "abstract_ar"]).split())
    return {
        "/Title": meta["title"][lang],
        "/Author": i18n.join([a["name" if lang == "en" else "name_ar"] for a in meta["authors"]], lang),
        "/Subject": f"{version}. {abstract}",
        "/Keywords": ", ".join([*meta.get("keywords", []), f"version {meta['version']}"]),
        "/Creator": CREATOR,
    }


def finish(path: Path, lang: str, headings: list[str]) -> None:
    """Give the bookmarks the headings' text in reading order, and the file its document information.

    Chromium writes the outline's titles as laid out on the page; for Arabic headings that mix
    in numbers or a colon, that is not the order a PDF viewer expects, and the bookmarks read
    scrambled. The outline follows the headings one for one, so each title is replaced by its
    heading's text. Chromium's own Title is the page's, and its Creator its user agent.
    """
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import NameObject, TextStringObject

    writer = PdfWriter(clone_from=PdfReader(str(path)))
    titles = []

    def walk(node):
        while node is not None:
            node = node.get_object()
            titles.append(node)
            if "/First" in node:
                walk(node["/First"])
            node = node.get("/Next")

    outlines = writer._root_object.get("/Outlines")
    if outlines is not None and "/First" in outlines.get_object():
        walk(outlines.get_object()["/First"])
    if len(titles) != len(headings):
        raise SystemExit(f"{path.name}: {len(titles)} bookmarks for {len(headings)} headings; cannot match them")
    for node, heading in zip(titles, headings):
        node[NameObject("/Title")] = TextStringObject(heading)
    if lang == "ar":
        mark_clusters(writer)
    writer.add_metadata(document_info(lang))
    writer._root_object[NameObject("/Lang")] = TextStringObject(lang)
    with path.open("wb") as out:
        writer.write(out)


# Chromium's text operators: a font, or a marked-content span with its ActualText around the
# glyphs of one cluster, each glyph placed by its own Td (from the previous glyph's origin).
_TEXT = re.compile(rb"(?P<font>/[^\s/<>\[\]()]+) [-\d.]+ Tf\b"
                   rb"|/Span<</ActualText <FEFF(?P<text>[0-9A-Fa-f]+)> >> BDC\n"
                   rb"(?P<glyphs>(?:[-\d.]+ [-\d.]+ Td <[0-9A-Fa-f]{4}> Tj\n)+)EMC\n")
_GLYPH = re.compile(rb"([-\d.]+) ([-\d.]+) Td <([0-9A-Fa-f]{4})> Tj\n")


def _to_unicode(font) -> tuple[dict[int, str], str]:
    """A font's ToUnicode map (glyph -> text) and the CMap's source."""
    stream = font.get("/ToUnicode")
    if stream is None:
        return {}, ""
    source = stream.get_object().get_data().decode("latin-1")
    found: dict[int, str] = {}

    def text(hexes: str) -> str:
        return bytes.fromhex(hexes).decode("utf-16-be", "replace") if hexes else ""

    for block in re.findall(r"beginbfchar(.*?)endbfchar", source, re.S):
        for glyph, value in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]*)>", block):
            found[int(glyph, 16)] = text(value)
    for block in re.findall(r"beginbfrange(.*?)endbfrange", source, re.S):
        for first, last, value in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            for i, glyph in enumerate(range(int(first, 16), int(last, 16) + 1)):
                found[glyph] = chr(int(value, 16) + i)
    return found, source


def _number(value: float) -> bytes:
    text = f"{value:.5f}".rstrip("0").rstrip(".")
    return ("0" if text in ("", "-0") else text).encode()


def mark_clusters(writer) -> int:
    """Each Arabic letter with vowel marks as its letter, then its marks (see the module's docstring).

    A span ``/Span<</ActualText (letter + marks)>> BDC  mark glyph(s), letter glyph  EMC`` becomes
    ``/Span<</ActualText (letter)>> BDC letter glyph EMC  /Span<</ActualText (marks)>> BDC mark
    glyph(s) EMC`` and a Td back to the letter's origin, where the next glyph's Td starts from:
    each glyph is drawn where it was. A mark glyph that the ToUnicode map gives no character
    (<0000>) is given its span's marks. Returns the number of spans rewritten."""
    from pypdf.generic import DecodedStreamObject, NameObject

    maps: dict[int, tuple] = {}  # id of the font object -> (font, ToUnicode map, CMap source, glyphs to fill)
    rewritten = 0
    for page in writer.pages:
        fonts = page.get("/Resources", {}).get("/Font", {})
        names = {}
        for name, ref in fonts.items():
            font = ref.get_object()
            if id(font) not in maps:
                maps[id(font)] = (font, *_to_unicode(font), {})
            names[name.encode("latin-1")] = maps[id(font)]
        contents = page.get_contents()
        if contents is None or not names:
            continue
        data = contents.get_data()
        current = [None]

        def hexes(text: str) -> bytes:
            return b"FEFF" + text.encode("utf-16-be").hex().upper().encode()

        def is_mark(text: str) -> bool:  # a mark's character(s), or none (<0000>)
            return all(unicodedata.combining(c) for c in text.strip("\0"))

        def cluster(match: re.Match) -> bytes:
            nonlocal rewritten
            if match.group("font"):
                current[0] = names.get(match.group("font"))
                return match.group(0)
            if current[0] is None:
                return match.group(0)
            _, cmap, _, fill = current[0]
            text = bytes.fromhex(match.group("text").decode()).decode("utf-16-be", "replace")
            glyphs = _GLYPH.findall(match.group("glyphs"))
            codes = [int(g, 16) for _, _, g in glyphs]
            letter, marks = text[:1], text[1:]
            # one letter and its marks; the marks' glyphs first, then the letter's: anything else
            # is left as Chromium wrote it
            if (len(glyphs) < 2 or not marks or unicodedata.combining(letter)
                    or not all(unicodedata.combining(c) for c in marks)
                    or is_mark(cmap.get(codes[-1], "")) or not all(is_mark(cmap.get(c, "")) for c in codes[:-1])):
                return match.group(0)
            places, x, y = [], 0.0, 0.0
            for dx, dy, glyph in glyphs:
                x, y = x + float(dx), y + float(dy)
                places.append((x, y, glyph))
            lx, ly, lglyph = places[-1]
            out = [b"/Span<</ActualText <" + hexes(letter) + b"> >> BDC\n",
                   _number(lx) + b" " + _number(ly) + b" Td <" + lglyph + b"> Tj\nEMC\n",
                   b"/Span<</ActualText <" + hexes(marks) + b"> >> BDC\n"]
            cx, cy = lx, ly
            for mx, my, glyph in places[:-1]:
                out.append(_number(mx - cx) + b" " + _number(my - cy) + b" Td <" + glyph + b"> Tj\n")
                cx, cy = mx, my
            out.append(b"EMC\n" + _number(lx - cx) + b" " + _number(ly - cy) + b" Td\n")
            if len(codes) == 2 and not cmap.get(codes[0], "").strip("\0"):
                fill[codes[0]] = marks
            rewritten += 1
            return b"".join(out)

        new = _TEXT.sub(cluster, data)
        if new != data:
            stream = DecodedStreamObject()
            stream.set_data(new)
            page[NameObject("/Contents")] = writer._add_object(stream.flate_encode())
    for font, _, source, fill in maps.values():
        if not fill:
            continue
        for glyph, marks in fill.items():
            value = marks.encode("utf-16-be").hex().upper()
            source = re.sub(r"(<%04X>\s*)<0*>" % glyph, lambda m: m.group(1) + f"<{value}>", source, flags=re.I)
        stream = font["/ToUnicode"].get_object()
        stream.set_data(source.encode("latin-1"))
    return rewritten


def main(argv: list[str] | None = None) -> int:
    """Print the editions named in ``argv`` (both when none is), each in a process of its own and
    both at once: most of an edition's time is pypdf rewriting the printed file in Python (`finish`),
    so two processes use the machine's two cores where one would wait on the other."""
    langs = (sys.argv[1:] if argv is None else argv) or ["en", "ar"]
    if unknown := [lang for lang in langs if lang not in TOCS]:
        raise SystemExit(f"tools/pdf.py: no edition {unknown}; the editions are {sorted(TOCS)}")
    if len(langs) > 1:
        jobs = {lang: subprocess.Popen([sys.executable, __file__, lang]) for lang in langs}
        failed = [lang for lang, job in jobs.items() if job.wait() != 0]
        if failed:
            raise SystemExit(f"tools/pdf.py: the {', '.join(failed)} edition's PDF was not printed (its error is above)")
        return 0
    from playwright.sync_api import sync_playwright

    require_print_font()
    (lang,) = langs
    with serve(SITE) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        target = print_edition(lang, browser, base)
        print(f"wrote {target.relative_to(ROOT)} ({target.stat().st_size / 1024:.0f} KiB) "
              f"and its copy {LATEST.format(lang=lang)}", flush=True)
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
