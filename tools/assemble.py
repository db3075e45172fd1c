"""Assemble the published site from the two built editions (run by tools/build.py).

    _build/site/
      index.html, 404.html, book.css     the front door (book/site-index.html), the page for missing addresses
      sitemap.xml, robots.txt, _headers  an index of the editions' sitemaps; the security headers for a host
      csp.txt                            the Content-Security-Policy the pages work under (tools/csp.py)
      en/, ar/                           each edition: its pages, figures/, data/ (the data package,
                                         also as one zip), its sitemap and its PDF

Each edition's pages come from Sphinx (``_build/<lang>/_build/html``); this module adds what is
not Sphinx's work: the data package, the Arabic pages' right-to-left direction (the theme's
template writes ``<html>`` itself), a search catalogue that needs no ``eval``, the sitemaps,
forwards for every address listed in ``addresses.txt`` that the build no longer has, and the
PDFs printed by an earlier build when this one skips printing (so no link points at nothing).
"""

from __future__ import annotations

import html
import json
import re
import shutil
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BUILD = ROOT / "_build"
SITE = BUILD / "site"
PDF_STASH = BUILD / "pdf"  # the last PDFs printed, kept across builds that skip printing
DATA = "data"
sys.path.insert(0, str(ROOT / "_ext"))
sys.path.insert(0, str(ROOT / "tools"))

from addresses import ADDRESSES, forward, read_manifest, withdrawn  # noqa: E402
from citation import metadata  # noqa: E402

_HTML_TAG = re.compile(r"<html(?![^>]*\sdir=)")


BOM = b"\xef\xbb\xbf"


def published_bytes(path: Path) -> bytes:
    """A data file as readers download it. CSVs get a UTF-8 byte-order mark: Excel opens a CSV
    without one in the system's legacy code page and garbles the Arabic columns, while
    LibreOffice, Google Sheets, pandas, R and Frictionless read UTF-8 either way. The files in
    the repository stay without it (clean diffs)."""
    data = path.read_bytes()
    return BOM + data if path.suffix == ".csv" and not data.startswith(BOM) else data


def copy_data(target: Path, version: str) -> None:
    """The data package (every CSV, datapackage.json and the maps' shapes), and all of it as one zip."""
    if target.exists():
        shutil.rmtree(target)
    (target / "geo").mkdir(parents=True)
    source = ROOT / DATA
    files = sorted(p for p in source.iterdir() if p.suffix in (".csv", ".json"))
    files += sorted(p for p in (source / "geo").iterdir() if p.suffix in (".geojson", ".md"))
    for path in files:
        (target / path.relative_to(source)).write_bytes(published_bytes(path))
    archive = target / f"baku-moscow-data-{version}.zip"
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for path in files:
            info = zipfile.ZipInfo(f"baku-moscow-data-{version}/{path.relative_to(source).as_posix()}",
                                   date_time=(2020, 1, 1, 0, 0, 0))  # a fixed time: the same data, the same zip
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, published_bytes(path))
    # The same archive under a name that does not change with the version (the Data appendix links it).
    shutil.copy2(archive, target / "baku-moscow-data.zip")


def right_to_left(edition: Path) -> None:
    """Arabic pages: ``<html lang="ar" dir="rtl">`` (the theme writes the tag without a ``dir``)."""
    for page in edition.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        new = _HTML_TAG.sub('<html dir="rtl"', text, count=1)
        if new != text:
            page.write_text(new, encoding="utf-8")


def csp_safe_translations(edition: Path) -> None:
    """Rewrite Sphinx's translations.js so that it needs no eval.

    Sphinx's ``Documentation.addTranslations`` compiles the catalogue's plural rule with
    ``new Function``, which a Content-Security-Policy without 'unsafe-eval' refuses (every
    Arabic page would log the violation). The same catalogue is loaded here with the rule
    written out as a function; the rule is Sphinx's own text for the language.
    """
    path = edition / "_static" / "translations.js"
    if not path.exists():
        return
    text = path.read_text(encoding="utf-8")
    match = re.fullmatch(r"\s*Documentation\.addTranslations\((\{.*\})\);\s*", text, re.S)
    if not match:
        return  # already rewritten, or a format this function does not know
    catalog = json.loads(match.group(1))
    expr = catalog.pop("plural_expr", "0")
    if not re.fullmatch(r"[n0-9 ?:=<>!&|%()+-]*", expr):
        raise ValueError(f"translations.js: unexpected plural rule {expr!r}")
    path.write_text(
        "// Written by tools/assemble.py: Sphinx's catalogue, loaded without eval (see csp_safe_translations).\n"
        f"(function (catalog) {{\n  Object.assign(Documentation.TRANSLATIONS, catalog.messages);\n"
        f"  Documentation.PLURAL_EXPR = function (n) {{ return ({expr}); }};\n"
        f"  Documentation.LOCALE = catalog.locale;\n}})({json.dumps(catalog, ensure_ascii=False, indent=1)});\n",
        encoding="utf-8")


def pages(edition: Path) -> list[str]:
    """The edition's pages a reader opens (its address, e.g. 'rupture.html'), without the theme's own."""
    out = []
    for page in sorted(edition.rglob("*.html")):
        rel = page.relative_to(edition).as_posix()
        if rel.startswith("_") or rel in ("genindex.html", "search.html") or "/_" in rel:
            continue
        if 'http-equiv="refresh"' in page.read_text(encoding="utf-8")[:600]:
            continue  # a forward, not a page
        out.append(rel)
    return out


def write_sitemap(edition: Path, lang: str, meta: dict) -> None:
    """sitemap.xml for the edition: every page, with its counterpart as an hreflang alternate
    (both editions give a page the same address)."""
    other = "ar" if lang == "en" else "en"
    entries = []
    for rel in pages(edition):
        here, there = f"{meta['url']}{lang}/{rel}", f"{meta['url']}{other}/{rel}"
        entries.append(f"  <url><loc>{html.escape(here)}</loc><lastmod>{meta['date_released']}</lastmod>"
                       f'<xhtml:link rel="alternate" hreflang="{lang}" href="{html.escape(here)}"/>'
                       f'<xhtml:link rel="alternate" hreflang="{other}" href="{html.escape(there)}"/></url>')
    (edition / "sitemap.xml").write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        'xmlns:xhtml="http://www.w3.org/1999/xhtml">\n' + "\n".join(entries) + "\n</urlset>\n", encoding="utf-8")


def forward_page(target: str, old: str, meta: dict) -> str:
    """A page that sends the reader from an old address to the new one (and says so)."""
    rel = "../" * old.count("/")
    href = html.escape(rel + target)
    canonical = html.escape(meta["url"] + target)
    return (f'<!DOCTYPE html>\n<html lang="{target[:2]}"><head><meta charset="utf-8">'
            f'<meta http-equiv="refresh" content="0; url={href}">'
            f'<link rel="canonical" href="{canonical}"><meta name="robots" content="noindex">'
            f"<title>{html.escape(target)}</title></head>"
            f'<body><p><a href="{href}">{html.escape(target)}</a></p></body></html>\n')


def published(site: Path) -> list[str]:
    """Every address of the built site that the book publishes (pages, figures, data, PDFs)."""
    out = []
    for path in sorted(site.rglob("*")):
        if not path.is_file():
            continue
        rel = path.relative_to(site).as_posix()
        if re.search(r"(^|/)_|/\.|\.digests|\.(wide|narrow)\.svg$|\.vega\.json$|csp\.txt$|book\.css$|objects\.inv$|"
                     r"searchindex\.js$|-\d+\.\d+\.\d+\.(pdf|zip)$", rel):  # a release's own files are not kept across releases
            continue
        out.append(rel)
    return out


def write_withdrawal_notice(path: Path, lang: str, fig_id: str, replacement: str, why: str, meta: dict) -> None:
    """At a withdrawn figure's old download address: a short notice in the file's own format
    (a CSV with one note, or an image saying so), naming the figure that replaces it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    where = f"{meta['url']}{lang}/figures/{replacement}.{lang}{path.suffix}"
    note = f"Figure '{fig_id}' was withdrawn from the book: {why}. See {where}"
    if path.suffix == ".csv":
        path.write_text(f"note\n\"{note}\"\n", encoding="utf-8-sig")
        return
    lines = [f"Figure '{fig_id}' was withdrawn from the book.", f"Replaced by '{replacement}':", where]
    svg = ('<svg xmlns="http://www.w3.org/2000/svg" width="720" height="120" viewBox="0 0 720 120">'
           '<rect width="720" height="120" fill="#fff"/>'
           + "".join(f'<text x="20" y="{35 + 30 * i}" font-family="DejaVu Sans, sans-serif" font-size="15">'
                     f"{html.escape(line)}</text>" for i, line in enumerate(lines)) + "</svg>")
    if path.suffix == ".svg":
        path.write_text(svg, encoding="utf-8")
    else:
        import vl_convert

        path.write_bytes(vl_convert.svg_to_png(svg, scale=1))


def forward_addresses(site: Path, meta: dict, printed: bool = True) -> list[str]:
    """Keep every address ``addresses.txt`` lists: forward the ones this build no longer has.
    A build that printed no PDF and finds none from an earlier build says so instead of failing."""
    problems = []
    for old in read_manifest((ROOT / ADDRESSES).read_text(encoding="utf-8")):
        if (site / old).exists():
            continue
        if old.endswith(".pdf") and not printed:
            print(f"note: {old} is missing: this build printed no PDF (run tools/build.py without --no-pdf)")
            continue
        gone = withdrawn(old)
        if gone:
            write_withdrawal_notice(site / old, *gone, meta)
            continue
        new = forward(old)
        if new == old or not (site / new).exists():
            problems.append(f"{old} (was published; this build has {'no page' if new == old else new + ' missing'})")
            continue
        (site / old).parent.mkdir(parents=True, exist_ok=True)
        if old.endswith(".html"):
            (site / old).write_text(forward_page(new, old, meta), encoding="utf-8")
        else:
            shutil.copy2(site / new, site / old)  # a file cannot forward: the old address gets a copy
    return problems


def assemble(outputs: dict[str, Path], pdfs: bool) -> None:
    """Copy the built editions into _build/site/ and add everything that is not Sphinx's work."""
    meta = metadata()
    SITE.mkdir(parents=True, exist_ok=True)
    for lang, html_dir in outputs.items():
        target = SITE / lang
        if target.exists():
            shutil.rmtree(target)
        shutil.copytree(html_dir, target, ignore=shutil.ignore_patterns(".buildinfo", ".doctrees"))
        copy_data(target / DATA, meta["version"])
        if lang == "ar":
            right_to_left(target)
        csp_safe_translations(target)
        write_sitemap(target, lang, meta)
        if not pdfs:  # an earlier build's PDF, rather than a link to nothing
            for pdf in PDF_STASH.glob(f"*-{lang}*.pdf"):
                shutil.copy2(pdf, target / pdf.name)
    # The front door names both editions as alternates, with absolute addresses as the chapters do
    # (search engines ignore relative hreflang links).
    front = (ROOT / "book" / "site-index.html").read_text(encoding="utf-8")
    base = html.escape(meta["url"])
    front = re.sub(r'<link rel="alternate" hreflang="(en|ar)" href="\1/index\.html">',
                   lambda m: f'<link rel="alternate" hreflang="{m.group(1)}" href="{base}{m.group(1)}/index.html">', front)
    (SITE / "index.html").write_text(front, encoding="utf-8")
    shutil.copy2(ROOT / "book" / "404.html", SITE / "404.html")
    shutil.copy2(ROOT / "_static" / "book.css", SITE / "book.css")
    (SITE / "sitemap.xml").write_text(  # an index of the two editions' sitemaps
        '<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        + "".join(f"  <sitemap><loc>{meta['url']}{lang}/sitemap.xml</loc></sitemap>\n" for lang in ("en", "ar"))
        + "</sitemapindex>\n", encoding="utf-8")
    (SITE / "robots.txt").write_text(f"User-agent: *\nAllow: /\nSitemap: {meta['url']}sitemap.xml\n", encoding="utf-8")
    (SITE / ".nojekyll").write_text("")


def finish(pdfs_printed: bool) -> None:
    """After the PDFs (if printed): keep them for later partial builds, forward old addresses."""
    if pdfs_printed:
        PDF_STASH.mkdir(parents=True, exist_ok=True)
        for old in PDF_STASH.glob("*.pdf"):  # an earlier version's PDFs must not come back
            old.unlink()
        for pdf in SITE.glob("*/*.pdf"):
            shutil.copy2(pdf, PDF_STASH / pdf.name)
    problems = forward_addresses(SITE, metadata(), printed=pdfs_printed)
    if problems:
        raise SystemExit("addresses the book published are gone (add a forward in _ext/addresses.py):\n  "
                         + "\n  ".join(problems))


def record() -> int:
    """Add the current build's addresses to addresses.txt (after adding pages, figures or tables)."""
    path = ROOT / ADDRESSES
    text = path.read_text(encoding="utf-8")
    known = set(read_manifest(text))
    new = [a for a in published(SITE) if a not in known]
    if new:
        version = metadata()["version"]
        path.write_text(text.rstrip("\n") + f"\n# {version}:\n" + "\n".join(new) + "\n", encoding="utf-8")
    print(f"{len(new)} new address(es) recorded in {ADDRESSES}")
    return 0


if __name__ == "__main__":
    if sys.argv[1:] == ["--record"]:
        raise SystemExit(record())
    raise SystemExit("usage: python tools/assemble.py --record   (the build runs the rest of this module)")
