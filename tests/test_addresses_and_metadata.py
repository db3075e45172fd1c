"""Citable like a journal: addresses that last, metadata reference managers read, citations to copy."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from conftest import ROOT, is_forward, parsed

import assemble  # noqa: E402

LANGS = ("en", "ar")
META = yaml.safe_load((ROOT / "metadata.yml").read_text(encoding="utf-8"))
TOC = {"en": "_toc.yml", "ar": "_toc.ar.yml"}


def chapters(site: Path, lang: str) -> list[Path]:
    """The pages of the edition's table of contents (chapters, part introductions, appendices)."""
    toc = yaml.safe_load((ROOT / TOC[lang]).read_text(encoding="utf-8"))
    files = [toc["root"]] + [c["file"] for part in toc["parts"] for c in part["chapters"]]
    return [site / lang / (Path(f).name + ".html") for f in files if f.startswith(f"book/{lang}/")]


def meta(soup, name: str) -> list[str]:
    return [m["content"] for m in soup.find_all("meta", attrs={"name": name})]


def test_every_address_the_book_ever_published_still_answers(site):
    listed = assemble.read_manifest((ROOT / "addresses.txt").read_text(encoding="utf-8"))
    assert len(listed) > 400
    missing = [a for a in listed if not (site / a).exists()]
    assert missing == [], f"published addresses gone: {missing[:10]}"
    for address in listed:
        path = site / address
        if path.suffix == ".html" and is_forward(path):
            target = re.search(r'url=([^"]+)"', path.read_text(encoding="utf-8")).group(1)
            assert (path.parent / target).resolve().is_file(), f"{address} forwards to a missing page"


def test_every_current_address_is_recorded(site):
    listed = set(assemble.read_manifest((ROOT / "addresses.txt").read_text(encoding="utf-8")))
    unrecorded = sorted(set(assemble.published(site)) - listed)
    assert unrecorded == [], f"run `python tools/assemble.py --record` and commit addresses.txt: {unrecorded[:10]}"


def test_chapters_have_short_addresses_without_the_source_folder(site):
    for lang in LANGS:
        pages = chapters(site, lang)
        assert len(pages) >= 20
        for page in pages:
            assert page.is_file() and not is_forward(page), page
            canonical = parsed(page).find("link", rel="canonical")["href"]
            assert canonical == f"{META['url']}{lang}/{page.name}"
            alternates = {alt["hreflang"]: alt["href"] for alt in parsed(page).find_all("link", rel="alternate", hreflang=True)}
            # each edition's alternate is this page's address in that edition, a page that exists
            assert alternates == {"en": f"{META['url']}en/{page.name}", "ar": f"{META['url']}ar/{page.name}",
                                  "x-default": f"{META['url']}en/{page.name}"}, page
            for href in alternates.values():
                assert (site / href.removeprefix(META["url"])).is_file(), href


@pytest.mark.parametrize("lang", LANGS)
def test_highwire_dublin_core_and_schema_org_match_metadata_yml(site, lang):
    date = META["date_released"]
    for page in chapters(site, lang):
        soup = parsed(page)
        title = meta(soup, "citation_title")
        assert len(title) == 1 and title[0], page.name
        assert meta(soup, "citation_author") == [a["name" if lang == "en" else "name_ar"] for a in META["authors"]]
        assert meta(soup, "citation_publication_date") == [date.replace("-", "/")]
        assert meta(soup, "citation_inbook_title") == [META["title"][lang]]
        assert meta(soup, "citation_publisher") == [META["publisher"][lang]]
        assert meta(soup, "citation_language") == [lang]
        assert meta(soup, "citation_pdf_url") == [f"{META['url']}{lang}/baku-moscow-{lang}-{META['version']}.pdf"]
        assert meta(soup, "DC.title") == title and meta(soup, "DC.date") == [date]
        assert meta(soup, "DC.identifier") == [f"{META['url']}{lang}/{page.name}"]
        (ld,) = [json.loads(s.string) for s in soup.find_all("script", type="application/ld+json")]
        assert ld["@type"] == "Chapter" and ld["name"] == title[0] and ld["inLanguage"] == lang
        assert ld["isPartOf"]["@type"] == "Book" and ld["isPartOf"]["name"] == META["title"][lang]
        assert ld["isPartOf"]["bookEdition"] == META["version"] and ld["datePublished"] == date
        other = "ar" if lang == "en" else "en"
        # the English chapter names its translation, the Arabic one the work it translates
        link = ld["workTranslation" if lang == "en" else "translationOfWork"]
        assert link["url"] == f"{META['url']}{other}/{page.name}" and link["inLanguage"] == other
        assert (site / other / page.name).is_file()


@pytest.mark.parametrize("lang", LANGS)
def test_each_chapter_and_figure_can_be_cited_in_three_formats(site, lang):
    figures = 0
    for page in chapters(site, lang):
        soup = parsed(page)
        block = soup.select_one(".bm-cite")
        assert block is not None and block.get("id"), f"{page.name}: no 'Cite this chapter'"
        assert soup.select_one(f'a[href="#{block["id"]}"]') is not None, f"{page.name}: nothing leads to the citation"
        title = meta(soup, "citation_title")[0]
        url = f"{META['url']}{lang}/{page.name}"
        reference = block.select_one(".bm-cite-reference").get_text()
        assert META["title"][lang] in reference and META["version"] in reference and url in reference
        codes = [c.get_text() for c in block.select(".bm-cite-body .bm-cite-code")][:3]
        bibtex, ris, csl = codes
        assert re.search(r"title\s*=\s*\{" + re.escape(title) + r"\}", bibtex) and f"url       = {{{url}}}" in bibtex
        assert ris.startswith("TY  - CHAP") and f"TI  - {title}" in ris and f"UR  - {url}" in ris
        (item,) = json.loads(csl)
        assert item["title"] == title and item["URL"] == url and item["container-title"] == META["title"][lang]
        for figure in soup.select("figure.bm-figure[id]"):
            cites = [c for c in soup.select(".bm-cite-figure .bm-cite-reference")
                     if f"{url}#{figure['id']}" in c.get_text()]
            assert len(cites) == 1, f"{page.name}: no 'Cite this figure' for {figure['id']}"
            figures += 1
    assert figures >= 15


def test_hosts_that_read_headers_get_the_same_policy(site):
    policy = (site / "csp.txt").read_text(encoding="utf-8").strip()
    lines = (site / "_headers").read_text(encoding="utf-8").splitlines()
    assert lines == ["/*", f"  Content-Security-Policy: {policy}"]


def test_the_front_door_names_both_editions_with_absolute_addresses(site):
    alternates = {alt["hreflang"]: alt["href"] for alt in parsed(site / "index.html").find_all("link", rel="alternate")}
    assert alternates == {"en": f"{META['url']}en/index.html", "ar": f"{META['url']}ar/index.html"}
