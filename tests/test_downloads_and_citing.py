"""Readers can reuse figures (SVG, PNG, the CSV of the data drawn), the sources and the PDFs."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from urllib.parse import urljoin, urlparse

import pytest
import yaml

from conftest import book_pages, parsed  # tests/conftest.py

ROOT = Path(__file__).resolve().parents[1]
LANGS = ("en", "ar")
META = yaml.safe_load((ROOT / "metadata.yml").read_text(encoding="utf-8"))


def chapters(site: Path, lang: str) -> list[Path]:
    """The edition's chapter and appendix pages (not its notebooks, search or index)."""
    return [p for p in book_pages(site, lang) if p.parent == site / lang and p.name not in ("search.html", "genindex.html")]


def spec_values(spec: dict) -> tuple[set[str], list[float]]:
    """Every string and number in the data the chart draws."""
    strings, numbers = set(), []

    def walk(value):
        if isinstance(value, dict):
            for v in value.values():
                walk(v)
        elif isinstance(value, list):
            for v in value:
                walk(v)
        elif isinstance(value, bool):
            return
        elif isinstance(value, (int, float)):
            numbers.append(float(value))
        elif isinstance(value, str):
            strings.add(value)

    for data in spec.get("data", []):
        walk(data.get("values", []))
    return strings, numbers


@pytest.mark.parametrize("lang", LANGS)
def test_every_figure_offers_svg_png_and_the_csv_of_what_it_draws(site, lang):
    checked = 0
    for page in chapters(site, lang):
        soup = parsed(page)
        for figure in soup.select("figure.bm-figure"):
            links = {a["href"].rsplit(".", 1)[-1]: a["href"] for a in figure.select(".bm-downloads a")}
            # the three downloads, and the figure's metadata (title, caption, sources) as JSON
            assert set(links) == {"svg", "png", "csv", "json"}, f"{page.name} {figure['id']}: {links}"
            files = {ext: Path(urlparse(urljoin(page.as_uri(), href)).path) for ext, href in links.items()}
            for ext, path in files.items():
                assert path.is_file(), f"{page.name}: {figure['id']} has no {ext} at {path}"
            assert files["png"].read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
            svg = files["svg"].read_text(encoding="utf-8")
            assert svg.lstrip().startswith("<svg") and "<path" in svg
            title = figure.select_one(".bm-figure-title").get_text()
            assert all(word in svg for word in title.split()[:2]), "the SVG carries the figure's title"
            spec = json.loads(figure.select_one("script.bm-spec").string.replace("<\\/", "</"))
            strings, numbers = spec_values(spec)
            rows = list(csv.reader(io.StringIO(files["csv"].read_text(encoding="utf-8"))))
            assert len(rows) > 1, f"{figure['id']}: empty CSV"
            # The CSV speaks the page's language, and its last column names each row's source
            # (publisher and address), which the chart does not draw: it must be filled in.
            header = [name.lstrip("\ufeff") for name in rows[0]]
            assert header[-1] == ("Source" if lang == "en" else "المصدر"), f"{figure['id']}: {header}"
            words = [h for h in header if re.search("[A-Za-z\u0600-\u06FF]", h)]
            assert all(bool(re.search("[\u0600-\u06FF]", h)) == (lang == "ar") for h in words), f"{figure['id']}: {header}"
            assert all(row[-1].strip() for row in rows[1:]), f"{figure['id']}: a row without its source"
            counted = [row["n"] for data in spec.get("data", []) for row in data.get("values", [])
                       if isinstance(row, dict) and "n" in row]
            if counted:  # a chart of counts: its CSV lists the things counted (one row each) or the counts
                assert len(rows) - 1 in (sum(counted), len(counted)), \
                    f"{figure['id']}: the CSV's rows are not what the chart counts"
                checked += 1
                continue
            # Every number of the CSV is one the chart holds (as a value, or in a label it draws),
            # rounded at most to the decimals the CSV shows (10.1 for 10.0688). Text cells are
            # written for readers (dates spelt out, categories named) and are not compared.
            # The CSV may also give an amount in a larger unit (US$ billion for the chart's million).
            label_numbers = [float(x) for text in strings for x in re.findall(r"-?\d+(?:\.\d+)?", text)]
            drawn = [n * scale for n in numbers + label_numbers for scale in (1, 1e-3)]
            for row in rows[1:]:
                for cell in row[:-1]:
                    try:
                        value = float(cell)
                    except ValueError:
                        continue
                    decimals = len(cell.split(".")[1]) if "." in cell else 0
                    tolerance = max(1e-3, 10 ** -decimals) if decimals else 1e-3
                    assert any(abs(value - n) <= max(tolerance, 1e-6 * abs(n)) for n in drawn), \
                        f"{figure['id']}: CSV number {value} is not in the chart's data"
            checked += 1
    assert checked >= 15


@pytest.mark.parametrize("lang", LANGS)
def test_every_page_shows_the_version_and_release_date(site, lang):
    for page in book_pages(site, lang):
        soup = parsed(page)
        line = soup.select_one(".bm-version")
        assert line is not None and META["version"] in line.get_text(), page


def test_the_sitemaps_list_every_page_with_its_counterpart(site):
    import xml.etree.ElementTree as ET

    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    index = ET.parse(site / "sitemap.xml").getroot()
    assert [e.text for e in index.findall("s:sitemap/s:loc", ns)] == [f"{META['url']}{lang}/sitemap.xml" for lang in LANGS]
    for lang in LANGS:
        urls = ET.parse(site / lang / "sitemap.xml").getroot().findall("s:url", ns)
        listed = {u.find("s:loc", ns).text.removeprefix(META["url"]) for u in urls}
        pages = {f"{lang}/{p.relative_to(site / lang).as_posix()}" for p in chapters(site, lang)}
        assert pages <= listed
        for url in urls:
            for alt in url.findall("x:link", ns):
                target = site / alt.get("href").removeprefix(META["url"])
                assert target.is_file(), f"sitemap alternate {alt.get('href')} does not exist"


@pytest.mark.parametrize("lang", LANGS)
def test_every_chapter_describes_itself_in_its_language(site, lang):
    for page in chapters(site, lang):
        soup = parsed(page)
        description = soup.find("meta", attrs={"name": "description"})["content"]
        assert len(description) > 60
        arabic = re.search(r"[\u0600-\u06FF]", description) is not None
        assert arabic == (lang == "ar"), f"{page.name}: description in the wrong language"
        assert soup.find("meta", attrs={"property": "og:locale"})["content"].startswith(lang)
        assert soup.find("meta", attrs={"property": "og:title"})["content"]


def test_the_site_has_a_bilingual_404_page_whose_links_work(site):
    soup = parsed(site / "404.html")
    assert {s["lang"] for s in soup.select("section[lang]")} == {"en", "ar"}
    for a in soup.select("a[href]"):
        assert (site / a["href"].lstrip("/")).is_file(), a["href"]


def _squeeze(text: str, lang: str) -> str:
    """Text without spaces or bidirectional controls: pdftotext spaces Arabic glyph clusters apart.
    In the Arabic edition only the letters are compared: pdftotext gives a right-to-left
    line's digits and brackets in visual order."""
    text = re.sub(r"[\s\u200e\u200f\u202a-\u202e\u2066-\u2069]", "", text)
    return re.sub(r"[^\u0600-\u06FF]", "", text) if lang == "ar" else text


@pytest.mark.parametrize("lang", LANGS)
def test_each_edition_is_a_pdf_with_its_chapters_as_text_and_bookmarks(site, lang):
    import subprocess

    from pypdf import PdfReader

    path = site / lang / f"baku-moscow-{lang}-{META['version']}.pdf"
    reader = PdfReader(str(path))
    assert len(reader.pages) > 20
    assert reader.metadata.title == META["title"][lang]
    text = _squeeze(subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout, lang)

    def outline_titles(items):
        for item in items:
            if isinstance(item, list):
                yield from outline_titles(item)
            else:
                yield item.title
    bookmarks = [_squeeze(t, lang) for t in outline_titles(reader.outline)]
    toc = yaml.safe_load((ROOT / ("_toc.yml" if lang == "en" else "_toc.ar.yml")).read_text(encoding="utf-8"))
    files = [c["file"] for part in toc["parts"] for c in part["chapters"] if c["file"].startswith("book/")]
    for file in files:
        page = parsed(site / lang / f"{Path(file).name}.html")
        title = _squeeze(page.select_one("article h1").get_text().replace("#", ""), lang)
        assert title in text, f"{file}: title not in the PDF's text"
        assert title in bookmarks, f"{file}: title not among the PDF's bookmarks"
    # a link to it from the edition's first page
    index = parsed(site / lang / "index.html")
    # (the unversioned copy: the address stays the same from release to release)
    assert any(a["href"].endswith(f"baku-moscow-{lang}.pdf") for a in index.select("a[href]"))


@pytest.mark.parametrize("lang", LANGS)
def test_pages_offer_their_source_and_notebooks_their_ipynb(site, lang):
    for page, suffix in [(p, ".md") for p in chapters(site, lang)] + \
                        [(p, ".ipynb") for p in sorted((site / lang / "notebooks").glob("*.html"))]:
        soup = parsed(page)
        links = [a["href"] for a in soup.select("a[href]") if "_sources/" in a["href"] and a["href"].endswith(suffix)]
        assert links, f"{page.name}: no download of its {suffix} source"
        assert Path(urlparse(urljoin(page.as_uri(), links[0])).path).is_file()


@pytest.mark.parametrize("lang", LANGS)
def test_no_exported_figure_prints_a_number_with_trailing_zeros(site, lang):
    """Axis ticks and labels read 0 · 0.5 · 1, never 0.00 · 0.50 · 1.00 (charts.trimmed): the house
    style, and the Arab press's, writes no insignificant zeros after the decimal point."""
    padded = re.compile(r"^[−-]?[\d,]+\.\d*0%?$")
    found = {}
    for svg in sorted((site / lang / "figures").glob(f"*.{lang}*.svg")):
        texts = re.findall(r"<text[^>]*>([^<]+)</text>", svg.read_text(encoding="utf-8"))
        bad = sorted({t.strip() for t in texts if padded.match(t.strip())})
        if bad:
            found[svg.name] = bad
    assert found == {}


def test_the_source_line_tells_two_items_of_one_publisher_and_year_apart():
    import book_figures

    def source(sid, publisher, date):
        return {"id": sid, "publisher": publisher, "year": date[:4] if date else None, "date": date}

    line = book_figures.source_line_text([source("a", "Report", "2026-03-10"), source("b", "Caliber.az", None),
                                          source("c", "Report", "2026-02-16"), source("d", "Trend", "2025-02-20")], "en")
    assert line == "Sources: Report (2026-03-10); Caliber.az (n.d.); Report (2026-02-16); Trend (2025)"
