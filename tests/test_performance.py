"""What makes the built pages quick to show on a phone (issue #19), checked in the files: no timings.

The numbers themselves (Lighthouse's mobile scores, paint times, layout shift) are measured by
benchmarks/lighthouse.py, which prints and never fails; these tests keep the causes in place:

- what blocks the first paint is small: the stylesheets linked in <head> (tools/optimize.py makes
  them one reduced file, plus the Arabic typeface's @font-face rules) and no script without
  ``defer``/``async``;
- every figure is in the page as a static SVG image with its width and height, so its box is
  reserved before it loads and the page does not move;
- the themes' Jinja templates are not published as static files;
- nothing is loaded from another host.
"""

from __future__ import annotations

import gzip
import posixpath
import re
import shutil
from pathlib import Path
from urllib.parse import urlparse

import pytest
from bs4 import BeautifulSoup

LANGS = ("en", "ar")

# The bytes that must arrive before a page can paint: its <head>'s stylesheets (a host sends them
# compressed: gzip, level 6). Lighthouse's mobile profile loads over "slow 4G", 1.6 Mbit/s with
# 150 ms round trips: 40 kB take 0.2 s on top of the round trips, which keeps the first paint of
# a text page under 1.8 s (Lighthouse's "good") with room for the page itself. The theme's
# stylesheets as Jupyter Book links them are 489 kB, 80 kB compressed, in 13 files; reduced to
# what the pages use (tools/optimize.py) they are 116 kB, 22 kB compressed, in one file.
BLOCKING_BUDGET = 40_000
# Requests before the first paint: the stylesheet bundle and the Arabic typeface's fonts.css.
BLOCKING_REQUESTS = 2
JS_TYPES = ("", "text/javascript", "application/javascript")


# The search page loads Sphinx's search scripts in an order the optimizer cannot keep with defer
# (tools/optimize.py leaves its scripts as they are); it is a tool, not a page readers land on.
UNOPTIMIZED = ("search.html",)


def edition_pages(site: Path, lang: str, *, all_pages: bool = False) -> list[Path]:
    """Every page of an edition, without forwards to new addresses (which have no <head> content)
    and, unless ``all_pages``, without the search page."""
    out = []
    for page in sorted((site / lang).rglob("*.html")):
        if "_static" in page.relative_to(site / lang).parts:
            continue
        if not all_pages and page.name in UNOPTIMIZED:
            continue
        if 'http-equiv="refresh"' in page.read_text(encoding="utf-8")[:2000]:
            continue
        out.append(page)
    return out


def parts(page: Path) -> tuple[BeautifulSoup, list[BeautifulSoup], list[BeautifulSoup]]:
    """A page's <head>, its <script> elements and its figures, each parsed on its own (parsing
    whole pages, the bibliography's 700 kB among them, is what would make these tests slow)."""
    text = page.read_text(encoding="utf-8")
    head = BeautifulSoup(text[:text.find("</head>") + 7], "html.parser").head
    scripts = [BeautifulSoup(m.group(0), "html.parser").script
               for m in re.finditer(r"<script\b[^>]*>.*?</script>", text, re.S)]
    for script, match in zip(scripts, re.finditer(r"<script\b[^>]*>.*?</script>", text, re.S)):
        script.in_head = match.start() < text.find("</head>")
    figures = [BeautifulSoup(m.group(0), "html.parser").figure
               for m in re.finditer(r'<figure class="bm-figure".*?</figure>', text, re.S)]
    return head, scripts, figures


def local(page: Path, url: str, site: Path) -> Path | None:
    if not url or urlparse(url).scheme or url.startswith(("//", "#", "data:")):
        return None
    if url.startswith("/"):
        return site / url.split("?")[0].lstrip("/")
    return Path(posixpath.normpath((page.parent / url.split("?")[0].split("#")[0]).as_posix()))


def blocking(page: Path, site: Path) -> tuple[list[Path], list[str]]:
    """The files the page's first paint waits for (stylesheets in <head> for all media), and the
    external scripts in <head> that block parsing."""
    head = parts(page)[0]
    sheets, scripts = [], []
    for link in head.find_all("link"):
        rel = [r.lower() for r in link.get("rel", [])]
        if "stylesheet" in rel and link.get("media", "all") in ("all", "screen", "") and not link.has_attr("disabled"):
            target = local(page, link.get("href", ""), site)
            assert target is not None and target.is_file(), f"{page.relative_to(site)}: {link}"
            sheets.append(target)
    for script in head.find_all("script", src=True):
        kind = (script.get("type") or "").lower()
        if kind in JS_TYPES and not script.has_attr("defer") and not script.has_attr("async"):
            scripts.append(script["src"])
    return sheets, scripts


def compressed(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), compresslevel=6, mtime=0))


@pytest.mark.parametrize("lang", LANGS)
def test_what_blocks_the_first_paint_is_small(site, lang):
    pages = edition_pages(site, lang)
    assert len(pages) > 10
    over = []
    for page in pages:
        sheets, scripts = blocking(page, site)
        total = sum(compressed(s) for s in sheets)
        if total > BLOCKING_BUDGET or len(sheets) > BLOCKING_REQUESTS or scripts:
            over.append(f"{page.relative_to(site)}: {len(sheets)} stylesheets, {total:,} bytes compressed, "
                        f"blocking scripts {scripts}")
    assert not over, "pages whose first paint waits for too much (tools/optimize.py):\n  " + "\n  ".join(over)


@pytest.mark.parametrize("lang", LANGS)
def test_scripts_are_deferred(site, lang):
    """No page script blocks parsing: external scripts have defer (or async, or are modules), and the
    inline scripts left in <head> only set constants (and the theme's colour mode) before the rest."""
    allowed_inline = re.compile(r"^\s*((let|var|const)\s+\w+\s*=\s*('[^']*'|\"[^\"]*\"|true|false|-?\d+)\s*;?"
                                r"|document\.documentElement\.dataset\.\w+\s*=\s*localStorage\.getItem\(\"\w+\"\)"
                                r"\s*\|\|\s*\"\w+\";\s*)+$")
    problems = []
    for page in edition_pages(site, lang):
        for script in parts(page)[1]:
            kind = (script.get("type") or "").lower()
            if kind not in JS_TYPES:
                continue  # modules (deferred by nature) and data blocks (JSON, JSON-LD)
            if script.get("src"):
                if not (script.has_attr("defer") or script.has_attr("async")):
                    problems.append(f"{page.relative_to(site)}: <script src={script['src']}> blocks")
            elif script.in_head and not allowed_inline.match(script.string or ""):
                problems.append(f"{page.relative_to(site)}: inline script in <head>: {(script.string or '')[:60]!r}")
    assert not problems, "\n".join(problems[:20])


@pytest.mark.parametrize("lang", LANGS)
def test_every_figure_is_a_static_svg_with_its_size(site, lang):
    """The static view shows at first paint with no script; its width and height attributes (on the
    <img> and on each <source>) give the box its proportions before the image arrives."""
    figures = 0
    for page in edition_pages(site, lang):
        for index, figure in enumerate(parts(page)[2]):
            figures += 1
            where = f"{page.relative_to(site)}#{figure.get('id')}"
            img = figure.select_one(".bm-chart picture img.bm-static")
            assert img is not None, f"{where}: no static view"
            sources = figure.select(".bm-chart picture source")
            candidates = [(img, img.get("src", ""))] + [(s, s.get("srcset", "")) for s in sources]
            for element, url in candidates:
                assert url.split("?")[0].endswith(".svg"), f"{where}: {url} is not an SVG"
                target = local(page, url, site)
                assert target is not None and target.is_file(), f"{where}: {url} is missing"
                width, height = element.get("width", ""), element.get("height", "")
                assert width.isdigit() and height.isdigit() and int(width) > 0 and int(height) > 0, \
                    f"{where}: {element.name} without width and height ({width!r}, {height!r})"
                svg = target.read_text(encoding="utf-8")[:2000]
                box = re.search(r'viewBox="[-\d.]+ [-\d.]+ ([\d.]+) ([\d.]+)"', svg)
                if box:  # the attributes give the image's own proportions (else the box jumps when it loads)
                    assert abs(int(width) / int(height) - float(box.group(1)) / float(box.group(2))) < 0.02, \
                        f"{where}: {url} is {box.group(1)}x{box.group(2)}, the page says {width}x{height}"
            # the first figure may be the largest paint: only later ones wait until they are near
            if img.get("loading") == "lazy":
                assert index > 0, f"{where}: the first figure loads lazily"
    assert figures > 5, "no figures found: has the figure template changed?"


def test_no_template_files_are_published(site):
    """Sphinx copies the themes' static folders whole, Jinja templates included (webpack-macros.html,
    sbt-webpack-macros.html); they are not pages and they name files that do not exist."""
    stray = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html")
                   if "_static" in p.relative_to(site).parts)
    assert stray == []


def test_nothing_is_requested_from_another_host(site):
    """Every address a page loads (scripts, stylesheets, preloads, images, icons, frames, media),
    and every url() and @import of the site's stylesheets, is on the site itself."""
    loading = {"script": ["src"], "img": ["src", "srcset"], "source": ["src", "srcset"], "iframe": ["src"],
               "video": ["src", "poster"], "audio": ["src"], "embed": ["src"], "object": ["data"],
               "link": ["href"]}
    loaded_rels = {"stylesheet", "preload", "modulepreload", "icon", "apple-touch-icon", "manifest", "prefetch"}
    outside = []
    tags = re.compile(r"<(?:" + "|".join(loading) + r")\b[^>]*>", re.I)
    for page in sorted(site.rglob("*.html")):
        doc = BeautifulSoup("".join(tags.findall(page.read_text(encoding="utf-8"))), "html.parser")
        for tag, attributes in loading.items():
            for element in doc.find_all(tag):
                if tag == "link" and not ({r.lower() for r in element.get("rel", [])} & loaded_rels):
                    continue  # rel=alternate, canonical...: addresses, not loads
                for attribute in attributes:
                    for url in re.split(r"[\s,]+", element.get(attribute, "") or ""):
                        if urlparse(url).scheme in ("http", "https") or url.startswith("//"):
                            outside.append(f"{page.relative_to(site)}: <{tag} {attribute}={url}>")
    for css in sorted(site.rglob("*.css")):
        text = css.read_text(encoding="utf-8", errors="replace")
        for url in re.findall(r"url\(\s*['\"]?([^'\")]+)", text) + re.findall(r"@import\s+['\"]([^'\"]+)", text):
            if urlparse(url).scheme in ("http", "https") or url.startswith("//"):
                outside.append(f"{css.relative_to(site)}: {url}")
    assert outside == []


@pytest.mark.parametrize("lang", LANGS)
def test_stylesheets_and_preloads_point_at_files(site, lang):
    """The reduced stylesheet's url()s (re-pointed from the theme's folders) and the Arabic typeface's
    preload point at files that exist; a preload points at a font its page's fonts.css names."""
    pages = edition_pages(site, lang, all_pages=True)
    sheets = {s for page in pages for s in blocking(page, site)[0]}
    for sheet in sorted(sheets):
        text = sheet.read_text(encoding="utf-8")
        for url in re.findall(r"url\(\s*['\"]?([^'\")]+)", text):
            if url.startswith(("data:", "#")):
                continue
            assert (sheet.parent / url.split("?")[0].split("#")[0]).resolve().is_file(), f"{sheet.name}: {url}"
    fonts_css = site / lang / "_static" / "vendor" / "fonts.css"
    named = {(fonts_css.parent / u).resolve() for u in re.findall(r"url\(([^)]+\.woff2)\)", fonts_css.read_text())}
    for page in pages:
        for link in parts(page)[0].find_all("link", rel="preload"):
            target = local(page, link.get("href", ""), site)
            assert target is not None and target.is_file(), f"{page.relative_to(site)}: {link}"
            if link.get("as") == "font":
                assert link.has_attr("crossorigin"), f"{page.relative_to(site)}: a font preload needs crossorigin"
                assert target.resolve() in named, f"{page.relative_to(site)}: preloads {target.name}, not in fonts.css"


def test_the_optimizing_step_is_done_once_and_for_all(site, tmp_path):
    """tools/optimize.py run again over the built site changes nothing: its output is a function of
    its input (so two builds give the same files) and the site was optimized."""
    import optimize

    copy = tmp_path / "site"
    shutil.copytree(site, copy, ignore=shutil.ignore_patterns("*.pdf", "*.zip", "*.png"))
    before = {p.relative_to(copy): p.read_bytes() for p in sorted(copy.rglob("*")) if p.is_file()}
    optimize.optimize(copy)
    after = {p.relative_to(copy): p.read_bytes() for p in sorted(copy.rglob("*")) if p.is_file()}
    changed = sorted(str(p) for p in set(before) | set(after) if before.get(p) != after.get(p))
    assert changed == [], f"a second run changed: {changed[:10]}"
