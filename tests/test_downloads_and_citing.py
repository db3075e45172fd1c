"""Readers can reuse figures (SVG, PNG, the CSV of the data drawn) and cite every chapter."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from urllib.parse import urljoin, urlparse

import pytest
import yaml

from conftest import read_html  # tests/conftest.py

ROOT = Path(__file__).resolve().parents[1]
LANGS = ("en", "ar")
META = yaml.safe_load((ROOT / "metadata.yml").read_text(encoding="utf-8"))


def chapters(site: Path, lang: str) -> list[Path]:
    return sorted((site / lang / "book" / lang).glob("*.html"))


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
        soup = read_html(page)
        for figure in soup.select("figure.bm-figure"):
            links = {a["href"].rsplit(".", 1)[-1]: a["href"] for a in figure.select(".bm-downloads a")}
            assert set(links) == {"svg", "png", "csv"}, f"{page.name} {figure['id']}: {links}"
            files = {ext: Path(urlparse(urljoin(page.as_uri(), href)).path) for ext, href in links.items()}
            for ext, path in files.items():
                assert path.is_file(), f"{page.name}: {figure['id']} has no {ext} at {path}"
            assert files["png"].read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
            svg = files["svg"].read_text(encoding="utf-8")
            assert svg.lstrip().startswith("<svg") and "<path" in svg
            title = figure.select_one(".bm-figure-title").get_text()
            assert all(word in svg for word in title.split()[:2]), "the SVG carries the figure's title"
            spec = json.loads(figure.select_one("script.bm-spec").string.replace("<\\/", "</"))["spec"]
            strings, numbers = spec_values(spec)
            rows = list(csv.reader(io.StringIO(files["csv"].read_text(encoding="utf-8"))))
            assert len(rows) > 1, f"{figure['id']}: empty CSV"
            for row in rows[1:]:
                for cell in row:
                    if cell == "":
                        continue
                    try:
                        value = float(cell)
                    except ValueError:
                        assert cell in strings, f"{figure['id']}: CSV text {cell!r} is not in the chart's data"
                    else:
                        assert any(abs(value - n) <= max(1e-3, 1e-6 * abs(n)) for n in numbers), \
                            f"{figure['id']}: CSV number {value} is not in the chart's data"
            checked += 1
    assert checked >= 15


@pytest.mark.parametrize("lang", LANGS)
def test_every_chapter_can_be_cited_with_its_own_title_version_and_address(site, lang):
    for page in chapters(site, lang):
        soup = read_html(page)
        heading = soup.select_one("article h1") or soup.select_one("main h1")
        title = heading.get_text().replace("#", "").strip()
        block = soup.select_one("details.bm-cite")
        assert block is not None, f"{page.name}: no 'Cite this chapter'"
        reference = block.select_one(".bm-cite-reference").get_text()
        url = f"{META['url']}{lang}/book/{lang}/{page.stem}.html#{page.stem}"
        assert title in reference and META["title"][lang] in reference and META["version"] in reference
        assert url in reference
        bibtex = block.select_one(".bm-cite-bibtex").get_text()
        assert re.search(r"title\s*=\s*\{" + re.escape(title) + r"\}", bibtex), bibtex
        assert f"url       = {{{url}}}" in bibtex
        assert soup.find(id=page.stem) is not None, f"{page.name}: the cited anchor #{page.stem} is missing"


@pytest.mark.parametrize("lang", LANGS)
def test_every_page_shows_the_version_and_release_date(site, lang):
    for page in sorted((site / lang).rglob("*.html")):
        soup = read_html(page)
        if soup.find("html") is None or page.relative_to(site / lang).parts[0].startswith("_"):
            continue
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
        soup = read_html(page)
        description = soup.find("meta", attrs={"name": "description"})["content"]
        assert len(description) > 60
        arabic = re.search(r"[\u0600-\u06FF]", description) is not None
        assert arabic == (lang == "ar"), f"{page.name}: description in the wrong language"
        assert soup.find("meta", attrs={"property": "og:locale"})["content"].startswith(lang)
        assert soup.find("meta", attrs={"property": "og:title"})["content"]


def test_the_site_has_a_bilingual_404_page_whose_links_work(site):
    soup = read_html(site / "404.html")
    assert {s["lang"] for s in soup.select("section[lang]")} == {"en", "ar"}
    for a in soup.select("a[href]"):
        assert (site / a["href"].lstrip("/")).is_file(), a["href"]


def _squeeze(text: str) -> str:
    """Text without spaces or bidirectional controls: pdftotext spaces Arabic glyph clusters apart."""
    return re.sub(r"[\s\u200e\u200f\u202a-\u202e\u2066-\u2069]", "", text)


@pytest.mark.parametrize("lang", LANGS)
def test_each_edition_is_a_pdf_with_its_chapters_as_text_and_bookmarks(site, lang):
    import subprocess

    from pypdf import PdfReader

    path = site / lang / f"baku-moscow-{lang}.pdf"
    reader = PdfReader(str(path))
    assert len(reader.pages) > 20
    assert reader.metadata.title == META["title"][lang]
    text = _squeeze(subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout)

    def outline_titles(items):
        for item in items:
            if isinstance(item, list):
                yield from outline_titles(item)
            else:
                yield item.title
    bookmarks = [_squeeze(t) for t in outline_titles(reader.outline)]
    toc = yaml.safe_load((ROOT / ("_toc.yml" if lang == "en" else "_toc.ar.yml")).read_text(encoding="utf-8"))
    files = [c["file"] for part in toc["parts"] for c in part["chapters"] if c["file"].startswith("book/")]
    for file in files:
        page = read_html(site / lang / f"{file}.html")
        title = _squeeze(page.select_one("article h1").get_text().replace("#", ""))
        assert title in text, f"{file}: title not in the PDF's text"
        assert title in bookmarks, f"{file}: title not among the PDF's bookmarks"
    # a link to it from the edition's first page
    index = read_html(site / lang / "book" / lang / "index.html")
    assert any(a["href"].endswith(path.name) for a in index.select("a[href]"))


@pytest.mark.parametrize("lang", LANGS)
def test_pages_offer_their_source_and_notebooks_their_ipynb(site, lang):
    for page, suffix in [(p, ".md") for p in chapters(site, lang)] + \
                        [(p, ".ipynb") for p in sorted((site / lang / "notebooks").glob("*.html"))]:
        soup = read_html(page)
        links = [a["href"] for a in soup.select("a[href]") if "_sources/" in a["href"] and a["href"].endswith(suffix)]
        assert links, f"{page.name}: no download of its {suffix} source"
        assert Path(urlparse(urljoin(page.as_uri(), links[0])).path).is_file()
