"""The built site: both editions, every page paired with its counterpart, nothing from other hosts."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urljoin, urlparse

import pytest

from conftest import book_pages, is_forward, parsed  # tests/conftest.py

LANGS = ("en", "ar")
# Attributes through which a page loads something (as opposed to linking to it).
LOADING = {"script": ["src"], "link": ["href"], "img": ["src", "srcset"], "iframe": ["src"],
           "source": ["src", "srcset"], "audio": ["src"], "video": ["src", "poster"], "embed": ["src"],
           "object": ["data"], "use": ["href", "xlink:href"], "image": ["href"]}
PLAIN_LINK_RELS = {"alternate", "canonical", "index", "search", "next", "prev", "author", "license"}


def all_pages(site: Path) -> list[Path]:
    """Every HTML file of the site, forwards and the theme's files included."""
    return sorted(site.rglob("*.html"))


def counterpart(rel: str, lang: str, other: str) -> str:
    """The same page in the other edition: both share addresses (en/rupture.html, ar/rupture.html);
    the forwards of 0.4's addresses keep the language in their path (en/book/en/rupture.html)."""
    return rel.replace(f"book/{lang}/", f"book/{other}/", 1)


def test_both_editions_are_built(site):
    for lang in LANGS:
        assert (site / lang / "index.html").is_file() and not is_forward(site / lang / "index.html")
    entry = parsed(site / "index.html")
    targets = {a["href"] for a in entry.find_all("a", class_="enter")}
    assert targets == {"en/index.html", "ar/index.html"}


@pytest.mark.parametrize("lang, other", [("en", "ar"), ("ar", "en")])
def test_every_page_has_a_counterpart(site, lang, other):
    missing = []
    for page in sorted((site / lang).rglob("*.html")):
        rel = page.relative_to(site / lang).as_posix()
        if not (site / other / counterpart(rel, lang, other)).is_file():
            missing.append(rel)
    assert missing == []


@pytest.mark.parametrize("lang", LANGS)
def test_every_content_page_links_to_its_counterpart(site, lang):
    other = "ar" if lang == "en" else "en"
    checked = 0
    for page in book_pages(site, lang):
        rel = page.relative_to(site / lang).as_posix()
        links = parsed(page).select("nav.bm-lang-switch a.bm-lang-link")
        assert len(links) == 1, f"{lang}/{rel}: {len(links)} language switchers"
        target = urlparse(urljoin(f"http://book/{lang}/{rel}", links[0]["href"])).path.lstrip("/")
        assert target == f"{other}/{counterpart(rel, lang, other)}", f"{lang}/{rel} links to {target}"
        assert (site / target).is_file()
        checked += 1
    assert checked >= 4


@pytest.mark.parametrize("lang", LANGS)
def test_pages_declare_language_and_direction(site, lang):
    for page in book_pages(site, lang):
        html = parsed(page).find("html")
        assert html.get("lang") == lang, page
        assert html.get("dir") == ("rtl" if lang == "ar" else None), page


def _external_loads(site: Path) -> list[str]:
    found = []
    for page in all_pages(site):
        doc = parsed(page)
        for tag, attrs in LOADING.items():
            for element in doc.find_all(tag):
                if tag == "link" and set(element.get("rel", [])) & PLAIN_LINK_RELS:
                    continue
                for attr in attrs:
                    for url in re.split(r"[\s,]+", element.get(attr, "") or ""):
                        if urlparse(url).scheme in ("http", "https") or url.startswith("//"):
                            found.append(f"{page.relative_to(site)}: <{tag} {attr}={url}>")
        for style in doc.find_all("style"):
            found += [f"{page.relative_to(site)}: {u}" for u in _css_urls(style.get_text())]
    for css in sorted(site.rglob("*.css")):
        found += [f"{css.relative_to(site)}: {u}" for u in _css_urls(css.read_text(encoding="utf-8", errors="replace"))]
    return found


def _css_urls(text: str) -> list[str]:
    urls = re.findall(r"url\(\s*['\"]?([^'\")]+)", text) + re.findall(r"@import\s+['\"]([^'\"]+)", text)
    return [u for u in urls if urlparse(u).scheme in ("http", "https") or u.startswith("//")]


def test_nothing_is_loaded_from_another_host(site):
    assert _external_loads(site) == []


def test_the_arabic_typeface_is_served_by_the_book(site):
    css = (site / "ar" / "_static" / "vendor" / "fonts.css").read_text(encoding="utf-8")
    files = re.findall(r"url\(fonts/([^)]+\.woff2)\)", css)
    assert files and all((site / "ar" / "_static" / "vendor" / "fonts" / f).stat().st_size > 10_000 for f in files)
    page = parsed(site / "ar" / "index.html")
    assert any("vendor/fonts.css" in link.get("href", "") for link in page.find_all("link"))


def test_the_chart_libraries_are_served_by_the_book(site):
    for lang in LANGS:
        text = (site / lang / "_static" / "vega-bundle.js").read_text(encoding="utf-8")
        for library in ("/* vega ", "/* vega-interpreter "):  # tooltips are the book's own (bm-charts.js)
            assert library in text
        page = parsed(site / lang / "trade.html")
        srcs = [s.get("src", "").split("?")[0] for s in page.find_all("script")]
        assert any(s.endswith("_static/bm-charts.js") for s in srcs)
        assert '_static/vega-bundle.js' in (site / lang / "_static" / "bm-charts.js").read_text()


def test_the_chart_libraries_are_not_put_on_every_page(site):
    # Over half a megabyte: bm-charts.js loads them only where a chart is drawn.
    for page in all_pages(site):
        srcs = [s.get("src", "") for s in parsed(page).find_all("script")]
        assert not any("vega-bundle.js" in s for s in srcs), page.relative_to(site)


def test_every_icon_a_page_uses_is_served(site):
    css = (site / "en" / "_static" / "vendor" / "icons.css").read_text(encoding="utf-8")
    served = set(re.findall(r"\.fa-([a-z0-9-]+)::before", css)) | {"solid", "lg"}
    used = set()
    for page in all_pages(site):
        for element in parsed(page).find_all(class_=re.compile(r"^fa-")):
            used |= {c[3:] for c in element.get("class", []) if c.startswith("fa-")}
    assert used, "no icons found: has the theme changed?"
    assert used <= served, f"icons used but not in tools/vendor.py ICONS: {sorted(used - served)}"


@pytest.mark.parametrize("lang", LANGS)
def test_the_data_appendix_offers_every_table_for_download(site, lang):
    """Each table of datapackage.json has a block with a download link to the very file in data/."""
    import json

    root = Path(__file__).resolve().parents[1]
    package = json.loads((root / "data" / "datapackage.json").read_text(encoding="utf-8"))
    page = site / lang / "data.html"
    html = parsed(page)
    for resource in package["resources"]:
        block = html.find(id=f"table-{resource['name']}")
        assert block is not None, f"{lang}: no block for table {resource['name']}"
        link = block.select_one("p.bm-download a")
        target = (page.parent / link["href"]).resolve()
        assert target.is_file(), f"{lang}: {link['href']} does not exist"
        # the published CSV is the repository's with a UTF-8 byte-order mark (tools/assemble.py)
        assert target.read_bytes().removeprefix(b"\xef\xbb\xbf") == (root / "data" / resource["path"]).read_bytes()
        fields = [code.get_text() for code in block.select("table.bm-fields tbody tr > :first-child code")]
        assert fields == [f["name"] for f in resource["schema"]["fields"]]


@pytest.mark.parametrize("lang", LANGS)
def test_every_point_of_the_rupture_timeline_links_to_its_source(site, lang):
    import csv
    import json

    root = Path(__file__).resolve().parents[1] / "data"
    urls = {r["source_id"]: r["url"] for r in csv.DictReader((root / "sources.csv").open(encoding="utf-8"))}
    events = [r for r in csv.DictReader((root / "events.csv").open(encoding="utf-8"))
              if "2024-12-25" <= r["date"] <= "2025-12-31" and r["category"] in ("rupture", "thaw", "regional")]  # from the crash
    page = parsed(site / lang / "rupture.html")
    block = page.select_one("#fig-rupture-timeline script.bm-spec")
    spec = json.loads(block.string)
    rows = [row for data in spec["data"] for row in data.get("values", []) if "bm_url" in row]
    assert len(rows) == len(events)
    assert sorted(row["bm_url"] for row in rows) == sorted(urls[e["source_id"]] for e in events)
    # the link is offered by the point's pinned tooltip (in a new tab): no mark navigates on a tap
    assert '"href"' not in json.dumps(spec["marks"]), "a point of the timeline navigates when tapped"


def test_every_internal_link_and_anchor_resolves(site):
    """Links between the book's own pages, files and anchors (external links are not followed)."""
    broken = []
    ids_cache: dict[Path, set[str]] = {}

    def ids(path: Path) -> set[str]:
        if path not in ids_cache:
            ids_cache[path] = {e["id"] for e in parsed(path).select("[id]")} | {a["name"] for a in parsed(path).select("a[name]")}
        return ids_cache[path]

    pages = [p for p in all_pages(site) if "/_static/" not in p.as_posix()]
    for page in pages:
        for a in parsed(page).select("a[href]"):
            href = a["href"]
            if href.startswith(("http:", "https:", "mailto:", "javascript:", "data:")) or href in ("", "#"):
                continue
            url = urlparse(urljoin(page.as_uri(), href))
            target = Path(url.path) if url.path.startswith(str(site)) else site / url.path.lstrip("/")
            if target.is_dir():
                target = target / "index.html"
            if not target.is_file():
                broken.append(f"{page.relative_to(site)}: {href}")
            elif url.fragment and target.suffix == ".html" and url.fragment not in ids(target):
                broken.append(f"{page.relative_to(site)}: {href} (no anchor)")
    assert broken == [], f"{len(broken)} broken links, e.g. {broken[:15]}"


def test_source_urls_are_well_formed_and_unique():
    import csv

    rows = list(csv.DictReader((Path(__file__).resolve().parents[1] / "data" / "sources.csv").open(encoding="utf-8")))
    urls = [r["url"] for r in rows]
    assert len(urls) == len(set(urls))
    for r in rows:
        parsed = urlparse(r["url"])
        assert parsed.scheme in ("http", "https") and parsed.netloc and " " not in r["url"], r["source_id"]


def test_the_content_security_policy_allows_no_other_origin_nor_unsafe_code(site):
    policy = (site / "csp.txt").read_text(encoding="utf-8")
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";") if d.strip())
    assert directives["default-src"] == "'self'"
    for name in ("script-src", "style-src", "img-src", "font-src", "connect-src"):
        sources = directives[name].split()
        assert sources[0] == "'self'", name
        assert not any(s in ("'unsafe-inline'", "'unsafe-eval'", "*", "https:", "http:") for s in sources), name
        assert all(s.startswith("'") or s == "data:" for s in sources), f"{name} names another origin"
    assert directives["object-src"] == "'none'" and directives["frame-ancestors"] == "'none'"
