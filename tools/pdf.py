"""Print each edition of the built book to one PDF, offline, with headless Chromium.

    .venv/bin/python tools/pdf.py            # after tools/build.py: writes _build/site/<lang>/<file>.pdf

For each edition it assembles one printable page from the built chapters, in the order of
the edition's table of contents: a title page, then each chapter's article (its charts
replaced by the static SVG the build renders for downloads, so nothing has to run), each
starting on a new page. Chromium prints it with the chapters' headings as the PDF's outline
(bookmarks). The Arabic edition is printed right to left with the book's Arabic typeface.
"""

from __future__ import annotations

import datetime as dt
import html
import re
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
SITE = ROOT / "_build" / "site"
CHROMIUM = "/usr/bin/chromium"
TOCS = {"en": "_toc.yml", "ar": "_toc.ar.yml"}
FILE = "baku-moscow-{lang}.pdf"

sys.path.insert(0, str(ROOT))
from bakumoscow import i18n  # noqa: E402
from citation import metadata  # noqa: E402
from serve import serve  # noqa: E402

PRINT_CSS = """
@page { size: A4; margin: 18mm 16mm 20mm; }
body { font-family: 'Source Sans 3', 'Helvetica Neue', Arial, 'DejaVu Sans', sans-serif; font-size: 10.5pt; line-height: 1.45; color: #111; }
html[lang=ar] body { font-family: 'Noto Naskh Arabic', 'Noto Sans Arabic', 'DejaVu Sans', sans-serif; font-size: 11pt; }
.bm-chapter { break-before: page; }
.bm-title-page { text-align: center; padding-top: 35vh; }
.bm-title-page h1 { font-size: 24pt; margin-bottom: 1em; }
img.bm-static-chart { width: 100%; height: auto; }
figure.bm-figure { break-inside: avoid; margin: 1em 0; }
.bm-figure-title { font-weight: 600; }
.bm-source, figcaption { font-size: 9pt; color: #333; }
details.bm-alt, .bm-downloads, script, .bm-claims-filters, .headerlink, .bm-lang-switch { display: none !important; }
details.bm-cite { display: block; font-size: 9pt; }
details.bm-cite > pre { display: none; }
table { border-collapse: collapse; font-size: 8.5pt; }
td, th { border: 1px solid #ccc; padding: 2px 4px; vertical-align: top; }
a { color: inherit; text-decoration: none; }
"""


def toc_pages(lang: str) -> list[str]:
    toc = yaml.safe_load((ROOT / TOCS[lang]).read_text(encoding="utf-8"))
    pages = [toc["root"]]
    for part in toc.get("parts", []):
        pages += [c["file"] for c in part.get("chapters", []) if c["file"].startswith("book/")]
    return pages


def article(page: Path) -> str:
    """The chapter's article, with each chart replaced by its static SVG."""
    text = page.read_text(encoding="utf-8")
    body = re.search(r'<article class="bd-article"[^>]*>(.*?)</article>', text, re.S).group(1)
    body = re.sub(r'<div class="bm-chart" id="fig-([a-z0-9-]+)-chart"></div>',
                  lambda m: f'<img class="bm-static-chart" src="figures/{m.group(1)}.svg" alt="">', body)
    return body


def printable(lang: str) -> str:
    meta = metadata()
    released = dt.date.fromisoformat(str(meta["date_released"]))
    author = meta["authors"][0]["name" if lang == "en" else "name_ar"]
    version = {"en": "Version {v}, {d}", "ar": "الإصدار {v}، {d}"}[lang].format(v=meta["version"], d=i18n.date(released, lang))
    chapters = "".join(f'<section class="bm-chapter">{article(SITE / lang / (p + ".html"))}</section>' for p in toc_pages(lang))
    return (f'<!DOCTYPE html><html lang="{lang}" dir="{i18n.DIRECTION[lang]}"><head><meta charset="utf-8">'
            f'<title>{html.escape(meta["title"][lang])}</title>'
            f'<link rel="stylesheet" href="_static/vendor/fonts.css"><style>{PRINT_CSS}</style></head><body>'
            f'<section class="bm-title-page"><h1>{html.escape(meta["title"][lang])}</h1>'
            f"<p>{html.escape(author)}</p><p>{html.escape(version)}</p><p>{html.escape(meta['url'])}</p></section>"
            f"{chapters}</body></html>")


def print_edition(lang: str, browser, base: str) -> Path:
    source = SITE / lang / "_print.html"
    source.write_text(printable(lang), encoding="utf-8")
    target = SITE / lang / FILE.format(lang=lang)
    page = browser.new_page()
    page.goto(f"{base}/{lang}/_print.html", wait_until="networkidle")
    page.evaluate("document.fonts.ready")
    page.pdf(path=str(target), format="A4", print_background=True, outline=True, tagged=True,
             display_header_footer=True, header_template="<span></span>",
             footer_template='<div style="font-size:8px;width:100%;text-align:center"><span class="pageNumber"></span></div>',
             margin={"top": "18mm", "bottom": "20mm", "left": "16mm", "right": "16mm"})
    headings = page.eval_on_selector_all(
        "h1, h2, h3, h4, h5, h6",
        "els => els.filter(e => e.offsetParent !== null || e.getClientRects().length)"
        "          .map(e => e.textContent.replace(/#/g, '').replace(/\\s+/g, ' ').trim())")
    page.close()
    source.unlink()
    fix_outline(target, headings)
    return target


def fix_outline(path: Path, headings: list[str]) -> None:
    """Give the bookmarks the headings' text in reading order.

    Chromium writes the outline's titles as laid out on the page; for Arabic headings that mix
    in numbers or a colon, that is not the order a PDF viewer expects, and the bookmarks read
    scrambled. The outline follows the headings one for one, so each title is replaced by its
    heading's text.
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
    with path.open("wb") as out:
        writer.write(out)


def main() -> int:
    from playwright.sync_api import sync_playwright

    with serve(SITE) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        for lang in ("en", "ar"):
            target = print_edition(lang, browser, base)
            print(f"wrote {target.relative_to(ROOT)} ({target.stat().st_size / 1024:.0f} KiB)")
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
