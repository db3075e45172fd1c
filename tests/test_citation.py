"""The book can be cited, and cites: CITATION.cff is valid and current; the references are generated
from the data, one file per edition, in the edition's words; the bibliography page of each edition
has its three groups, lists every piece of literature a chapter cites, and every citation in the
pages resolves to it.

The tests without the ``site`` fixture read the data, the chapters' sources and the generated
references, and need no build; the others read the built site (short addresses:
``_build/site/<lang>/<page>.html``)."""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import urljoin, urlparse

import jsonschema
import pytest
import yaml

from conftest import parsed, read_html  # tests/conftest.py (parsed: each page once, read only; read_html: a copy to change)

ROOT = Path(__file__).resolve().parents[1]
LANGS = ("en", "ar")
BIBFILES = {"en": ROOT / "references.bib", "ar": ROOT / "references.ar.bib"}
# The Citation File Format 1.2.0 schema (CC BY 4.0, citation-file-format.github.io), as shipped
# in the cffconvert 2.0.0 wheel on PyPI; kept here so the test runs offline.
SCHEMA = ROOT / "tests" / "schemas" / "citation-file-format-1.2.0.schema.json"
CITE = re.compile(r"\{cite:[pt]\}`([^`]+)`")
ENTRY = re.compile(r"^@(\w+)\{([^,]+),\n(.*?)\n\}$", re.S | re.M)
SECTIONS = ("bibliography-literature", "bibliography-articles", "bibliography-data")
# Words the book itself adds to a reference in English, which the Arabic edition must say in Arabic.
ENGLISH_WORDS = ("headline not seen", "headline not shown", "title not shown", "not shown", "title from",
                 "Read in a copy", "seen via", "as relayed", "teaser", "Outlet not identified", "not identified",
                 "the site's byline", "author not shown", "Seen ", "URL:", "visited on", "Primary source")


def rows(name: str) -> list[dict]:
    with (ROOT / "data" / f"{name}.csv").open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


def bib_entries(lang: str) -> dict[str, dict[str, str]]:
    """The entries of an edition's references file: {key: {field: value}}."""
    text = BIBFILES[lang].read_text(encoding="utf-8")
    out = {}
    for _, key, body in ENTRY.findall(text):
        out[key] = dict(re.findall(r"^\s+(\w+) = \{(.*)\},?$", body, re.M))
    return out


def cited_keys(lang: str) -> set[str]:
    """Every key the edition's chapters cite."""
    keys = set()
    for page in (ROOT / "book" / lang).glob("*.md"):
        for group in CITE.findall(page.read_text(encoding="utf-8")):
            keys |= {k.strip() for k in group.split(",") if k.strip()}
    return keys


# --- CITATION.cff ---------------------------------------------------------------------------------

def test_citation_cff_is_valid_against_the_cff_schema():
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    cff["date-released"] = str(cff["date-released"])  # YAML reads the date as a date; the schema wants a string
    jsonschema.validate(cff, json.loads(SCHEMA.read_text(encoding="utf-8")))


def test_citation_cff_is_generated_from_metadata_yml():
    done = subprocess.run([sys.executable, "tools/citation.py", "--check"], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout


def test_the_changelog_has_an_entry_for_this_version():
    meta = yaml.safe_load((ROOT / "metadata.yml").read_text(encoding="utf-8"))
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert f"## {meta['version']} ({meta['date_released']})" in changelog


def test_the_data_package_carries_the_books_version():
    """The package a reader downloads says which edition of the book it belongs to (tools/release.py sets both)."""
    meta = yaml.safe_load((ROOT / "metadata.yml").read_text(encoding="utf-8"))
    package = json.loads((ROOT / "data" / "datapackage.json").read_text(encoding="utf-8"))
    assert package["version"] == meta["version"], (package["version"], meta["version"])
    import release

    text = (ROOT / "data" / "datapackage.json").read_text(encoding="utf-8")
    bumped = release.bump_package(text, "9.8.7")
    assert json.loads(bumped)["version"] == "9.8.7" and bumped.count("\n") == text.count("\n")
    assert json.loads(bumped)["resources"] == package["resources"]  # only the package's own version changes


# --- the references, generated from the data --------------------------------------------------------

def test_references_are_generated_from_the_data():
    done = subprocess.run([sys.executable, "tools/bibliography.py", "--check"], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout


def test_each_edition_reads_its_own_references_file():
    en = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    ar = yaml.safe_load((ROOT / "_config.ar.yml").read_text(encoding="utf-8"))
    assert en["bibtex_bibfiles"] == ["references.bib"]
    assert ar["bibtex_bibfiles"] == ["references.ar.bib"]


def test_both_references_files_hold_the_same_keys_and_every_source():
    en, ar = bib_entries("en"), bib_entries("ar")
    assert set(en) == set(ar)
    expected = ({s["source_id"] for s in rows("sources")} | {i["lit_id"] for i in rows("literature")}
                | {f"article-{a['article_id']}" for a in rows("articles")})
    assert set(en) == expected


@pytest.mark.parametrize("lang", LANGS)
def test_every_citation_in_the_chapters_is_a_reference(lang):
    missing = cited_keys(lang) - set(bib_entries(lang))
    assert missing == set(), f"book/{lang}: cites keys with no reference: {sorted(missing)}"


def test_every_literature_item_a_chapter_cites_is_listed_as_literature():
    literature = {i["lit_id"] for i in rows("literature")}
    for lang in LANGS:
        entries = bib_entries(lang)
        for key in cited_keys(lang) & literature:
            assert entries[key]["keywords"] == "literature", key


def test_the_arabic_references_carry_no_english_words_of_the_book():
    found = []
    for key, fields in bib_entries("ar").items():
        for name in ("author", "title", "titleaddon", "howpublished", "addendum", "note"):
            value = fields.get(name, "")
            found += [f"{key}.{name}: {value[:80]}" for word in ENGLISH_WORDS if word in value]
    assert found == [], f"{len(found)} English annotations in references.ar.bib, e.g. {found[:10]}"


def test_the_five_articles_are_named_in_arabic_in_the_arabic_references():
    entries = bib_entries("ar")
    for article in rows("articles"):
        fields = entries[f"article-{article['article_id']}"]
        assert fields["title"] == article["title_ar"]  # no English gloss in the Arabic edition
        assert not re.search(r"[A-Za-z]", fields.get("howpublished", "")), fields


def test_no_page_was_seen_after_today():
    today = dt.date.today().isoformat()
    late = [s["source_id"] for s in rows("sources") if s["seen"] > today]
    assert late == []
    for lang in LANGS:
        assert all(f.get("urldate", "") <= today for f in bib_entries(lang).values())


def test_the_literature_cites_no_staging_preview_or_archive_page_for_a_piece():
    sources = {s["source_id"]: s for s in rows("sources")}
    bad = []
    for item in rows("literature"):
        url = sources[item["source_id"]]["url"]
        host = urlparse(url).netloc
        if host.endswith(".") or "/preview/" in url or "newsletter-archive" in url:
            bad.append((item["lit_id"], url))
    assert bad == []


# --- the style: titles as published, the articles by number -----------------------------------------

def _styles():
    import bibstyle  # noqa: PLC0415

    return {"en": bibstyle.BookStyleEn, "ar": bibstyle.BookStyleAr}


@pytest.mark.parametrize("lang", LANGS)
def test_the_style_keeps_titles_as_published_and_numbers_the_articles_by_their_own_number(lang):
    from pybtex.backends.plaintext import Backend
    from pybtex.database import parse_file

    bib = parse_file(str(BIBFILES[lang]))
    keys = ["article-003", "icg-2020", "article-000", "markedonov-forbes", "article-004"]
    formatted = list(_styles()[lang]().format_entries([bib.entries[k] for k in keys]))
    labels = [e.label for e in formatted]
    assert labels == ["000", "1", "003", "2", "004"]  # [A000]… with the page's prefix
    text = " ".join(e.text.render(Backend()) for e in formatted)
    assert "Improving Prospects for Peace after the Nagorno-Karabakh War" in text
    assert "Эффект отсутствия: о чем говорит уход российских миротворцев из Карабаха" in text
    assert ("Seen 1 December 2026" if lang == "en" else "اطُّلع عليه في 1 ديسمبر 2026") in text


# --- the built bibliography pages ---------------------------------------------------------------------

def section(page, label: str):
    """The section a label names (its id is on the section, or on a target inside it)."""
    node = page.find(id=label)
    assert node is not None, f"no {label!r} on the page"
    return node if node.name == "section" else node.find_parent("section")


@pytest.mark.parametrize("lang", LANGS)
def test_the_bibliography_has_its_three_groups(site, lang):
    page = parsed(site / lang / "bibliography.html")
    counts = {label: len(section(page, label).select(".citation")) for label in SECTIONS}
    assert counts["bibliography-literature"] == len(rows("literature"))
    assert counts["bibliography-articles"] == len(rows("articles"))
    data = {s["source_id"] for s in rows("sources")}
    assert counts["bibliography-data"] == len(cited_keys(lang) & data)
    labels = [c.select_one(".label").get_text(strip=True) for c in section(page, "bibliography-articles").select(".citation")]
    assert labels == [f"[A{a['article_id']}]" for a in sorted(rows("articles"), key=lambda a: a["article_id"])]


@pytest.mark.parametrize("lang", LANGS)
def test_every_literature_item_a_chapter_cites_appears_in_the_bibliography(site, lang):
    page = parsed(site / lang / "bibliography.html")
    listed = {a["href"] for a in section(page, "bibliography-literature").select("a[href^='http']")}
    sources = {s["source_id"]: s for s in rows("sources")}
    missing = [item["lit_id"] for item in rows("literature")
               if item["lit_id"] in cited_keys(lang) and sources[item["source_id"]]["url"] not in listed]
    assert missing == []


@pytest.mark.parametrize("lang", LANGS)
def test_titles_keep_their_capitals_on_the_page(site, lang):
    page = read_html(site / lang / "bibliography.html")  # its links are removed below: a copy of its own
    for a in page.select(".citation a"):
        a.decompose()  # addresses are lower case by nature
    text = page.get_text(" ")
    assert "Nagorno-Karabakh War" in text and "nagorno-karabakh war" not in text


def test_the_arabic_bibliography_page_says_its_own_words_in_arabic(site):
    page = read_html(site / "ar" / "bibliography.html")  # its links are removed below: a copy of its own
    for a in page.select(".citation a"):
        a.decompose()
    text = " ".join(c.get_text(" ") for c in page.select(".citation"))
    found = [word for word in ENGLISH_WORDS if word in text]
    assert found == []


@pytest.mark.parametrize("lang", LANGS)
def test_citations_resolve_and_every_figure_names_sources_of_the_data(site, lang):
    folder = site / lang
    bibliography = parsed(folder / "bibliography.html")
    ids = {e["id"] for e in bibliography.select("[id]")}
    # The number a chapter prints ([D428]) is the one the bibliography gives the same entry: the data
    # sources are numbered book-wide, so a page left from an earlier build would cite stale numbers.
    labels = {c["id"]: c.select_one(".label").get_text(strip=True).strip("[]") for c in bibliography.select(".citation")}
    known = {s["url"] for s in rows("sources")}
    cited = 0
    for page in sorted(folder.glob("*.html")):
        soup = parsed(page)
        if soup.find("html") is None:  # a redirect stub
            continue
        for link in soup.select("a[href*='bibliography.html#']"):
            anchor = urlparse(urljoin(page.as_uri(), link["href"])).fragment
            assert anchor in ids, f"{page.name}: citation {link['href']} does not resolve"
            shown = link.get_text(strip=True).strip("[]")
            if re.fullmatch(r"[ADL]\d+", shown):
                assert shown == labels[anchor], \
                    f"{page.name}: cites [{shown}] for the entry the bibliography numbers [{labels[anchor]}]"
            cited += 1
        # a figure names its own sources under it, each a source of the data package
        for source in soup.select("figure.bm-figure .bm-source a[href]"):
            assert source["href"] in known, f"{page.name}: figure source {source['href']} is not in sources.csv"
    assert cited >= 20


def test_both_editions_give_each_data_source_the_same_number(site):
    # A reader who cites [D291] from one edition must find the same source under [D291] in the other:
    # the data sources are numbered by first citation across the book, so an Arabic page that cites two
    # sources in the other order than its English counterpart would swap their numbers everywhere after.
    def numbered(lang):
        bibliography = parsed(site / lang / "bibliography.html")
        return {c.select_one(".label").get_text(strip=True): c.select_one("a[href^='http']")["href"]
                for c in section(bibliography, "bibliography-data").select(".citation")}
    english, arabic = numbered("en"), numbered("ar")
    differ = [(label, url, arabic.get(label)) for label, url in english.items() if arabic.get(label) != url]
    assert len(english) == len(arabic) and differ == [], differ[:5]
