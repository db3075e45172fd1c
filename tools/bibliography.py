"""Write the book's references from the data package, one file per edition: every source
(sources.csv), the literature the book engages (literature.csv) and the five articles, each keyed by
its id and marked `data`, `literature` or `article`.

    .venv/bin/python tools/bibliography.py           # write references.bib and references.ar.bib
    .venv/bin/python tools/bibliography.py --check   # exit 1 if either is out of date

Entries are BibTeX @misc (author, title, publisher as howpublished, year, language, url, urldate),
which every BibTeX style accepts. A reference keeps its original language and its title as
published; what the book itself says about a reference is written in the edition's language:

- a title the page did not show (``title_basis`` ``described`` in sources.csv, or a literature
  title in square brackets) is the book's description, in brackets, in the edition's language (the
  Arabic from ``title_ar``; «[بلا عنوان ظاهر]» where there is none, rather than English words of
  the book's own);
- a title read from the page's address (``title_basis`` ``address``, or a literature title ending
  in ``(title from the address)``) says so in ``titleaddon``;
- an author not shown (``not shown`` in literature.csv) is said so in the edition's words;
- a text the book read in another site's copy (literature.csv ``seen``: ``relay``, ``mirror``,
  ``reprint``) names that site in ``addendum``;
- publishers and the five articles are named in the edition's language where the data give an
  Arabic name (publishers.csv ``name_ar``, articles.csv ``*_ar``).

The English edition reads references.bib, the Arabic edition references.ar.bib (``bibtex_bibfiles``
in _config.yml and _config.ar.yml); both hold the same keys, so the chapters' citations resolve in
both. The files are generated, never edited by hand; tools/build.py writes them before a build.
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from bakumoscow import i18n  # noqa: E402
DATA = ROOT / "data"
FILES = {"en": ROOT / "references.bib", "ar": ROOT / "references.ar.bib"}
LANGID = {"en": "english", "ar": "arabic", "ru": "russian", "az": "azerbaijani", "hy": "armenian", "fr": "french",
          "it": "italian", "de": "german", "tr": "turkish", "pl": "polish", "uk": "ukrainian", "fa": "persian"}

# The book's own words in a reference, in each edition.
WORDS = {
    "untitled": {"en": "[headline not seen]", "ar": "[بلا عنوان ظاهر]"},
    "address": {"en": "title from the page's address", "ar": "العنوان مأخوذ من رابط الصفحة"},
    "author_not_shown": {"en": "[author not shown]", "ar": "[الكاتب غير ظاهر]"},
    "copy": {"en": "Read in a copy at {site}", "ar": "قُرئ في نسخة منشورة على {site}"},
    "outlet_unknown": {"en": "Outlet not identified", "ar": "الناشر غير معروف"},
    "primary": {"en": "Primary source.", "ar": ""},
}
ADDRESS_MARK = " (title from the address)"  # literature.csv: a title read from the page's address
COPY_SEEN = re.compile(r"\b(relay|mirror|reprint)\b")  # literature.csv `seen`: read in another site's copy
# What sources.csv titles of basis `described` add to the description (removed: the basis says it).
NOT_SEEN = re.compile(r"(headline|title)s? (not seen|not shown|from the address)|no (title|headline)|"
                      r"gave no title|as given in URL", re.I)


def rows(name: str) -> list[dict]:
    with (DATA / f"{name}.csv").open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


def clean(text: str) -> str:
    """A field value for BibTeX: braces balanced away, LaTeX specials escaped. A dollar sign is left
    as it is: the citation plugin (pybtex) prints an escaped one with its backslash ("\\$5"), and
    shows a bare one as written."""
    text = " ".join(text.split()).replace("{", "(").replace("}", ")")
    for char in "&%#_":
        text = text.replace(char, "\\" + char)
    return text


def url(text: str) -> str:
    return text.replace("{", "%7B").replace("}", "%7D")


def entry(kind: str, key: str, fields: dict[str, str]) -> str:
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields.items() if value)
    return f"@{kind}{{{key},\n{body}\n}}\n"


def description(title: str) -> str:
    """The book's description of an untitled page (a sources.csv title of basis `described`),
    without the notes that no headline was seen: '' when the title is only such a note."""
    text = re.sub(r"^\s*\[[^\]]*\]\s*", lambda m: "" if NOT_SEEN.search(m.group()) else m.group(), title)

    def paren(match: re.Match) -> str:
        kept = [part.strip() for part in match.group(1).split(";") if not NOT_SEEN.search(part)]
        return f" ({'; '.join(kept)})" if kept else ""

    text = re.sub(r"\s*\(([^()]*)\)", paren, text).strip()
    return "" if re.fullmatch(r"(not shown|untitled)?\W*", text, re.I) else text


def described(english: str, arabic: str | None, lang: str) -> str:
    """The book's description of a page whose headline was not seen, in brackets in the edition's
    language; «[بلا عنوان ظاهر]» (or its English) when the edition has none."""
    text = english.strip() if lang == "en" else (arabic or "").strip()
    return f"[{text}]" if text else WORDS["untitled"][lang]


def source_title(source: dict, lang: str) -> tuple[str, str]:
    """(title, titleaddon) of a data source in an edition."""
    basis, title = source["title_basis"], source["title"]
    if basis == "described" or NOT_SEEN.search(title) and not description(title):
        return described(description(title), source.get("title_ar"), lang), ""
    return title, WORDS["address"][lang] if basis == "address" else ""


def literature_title(item: dict, lang: str) -> tuple[str, str]:
    """(title, titleaddon) of an item of literature.csv: '[...]' is the book's description of a
    piece whose headline was not seen; '… (title from the address)' a title read from its address."""
    title = item["title"].strip()
    if title.startswith("[") and title.endswith("]"):
        return described(title[1:-1], item.get("title_ar"), lang), ""
    if title.endswith(ADDRESS_MARK):
        return title[: -len(ADDRESS_MARK)], WORDS["address"][lang]
    return title, ""


def article_entries(lang: str, sources: dict) -> list[str]:
    out = []
    for article in rows("articles"):
        seen = sources.get(article["source_id"]) if article["source_id"] else None
        if lang == "en":
            title, outlet = f"{article['title_ar']} [{article['title_en']}]", article["outlet_en"]
            author = article.get("author_en", "")
            note = (f"Article {article['article_id']} of the book's starting material; "
                    f"written {article['written_en']}. {article['note_en']}")
            unknown = outlet in ("", "not identified")
        else:
            title, outlet, author = article["title_ar"], article["outlet_ar"], article.get("author_ar", "")
            note = (f"المقال {article['article_id']} من المقالات الخمسة التي ينطلق منها الكتاب؛ "
                    f"كُتب في {article['written_ar']}. {article['note_ar']}")
            unknown = outlet in ("", "غير معروف")
        fields = {"author": "" if author in ("", "not named") else "{" + clean(author) + "}",
                  "title": clean(title),
                  "howpublished": WORDS["outlet_unknown"][lang] if unknown else clean(outlet),
                  "year": article["written"][:4], "keywords": "article", "note": clean(note),
                  "langid": LANGID.get(article["language"], article["language"]),
                  "url": url(seen["url"]) if seen else "", "urldate": seen.get("seen", "") if seen else ""}
        out.append(entry("misc", f"article-{article['article_id']}", fields))
    return out


def source_entries(lang: str, sources: dict, publishers: dict) -> list[str]:
    out = []
    for source in sources.values():
        title, addon = source_title(source, lang)
        note = (WORDS["primary"][lang] + " " if source["kind"] == "primary" else "") + (source["note"] if lang == "en" else "")
        fields = {"title": clean(title), "titleaddon": clean(addon),
                  "howpublished": clean(i18n.publisher_name(publishers[source["publisher_id"]], lang)),
                  "year": source["published"][:4], "langid": LANGID.get(source["language"], source["language"]),
                  "note": clean(note), "url": url(source["url"]), "urldate": source.get("seen", ""), "keywords": "data"}
        out.append(entry("misc", source["source_id"], fields))
    return out


def literature_entries(lang: str, sources: dict, publishers: dict) -> list[str]:
    out = []
    for item in rows("literature"):
        seen = sources.get(item["source_id"])
        publisher = publishers[seen["publisher_id"]] if seen else {}
        title, addon = literature_title(item, lang)
        outlet, author = item["outlet"], item["author"]
        if lang == "ar" and item["language"] == "ar" and publisher.get("name_ar"):
            author = publisher["name_ar"] if author == outlet else author  # an Arabic body named as it names itself
            outlet = publisher["name_ar"]
        author = WORDS["author_not_shown"][lang] if author == "not shown" else author
        copied = COPY_SEEN.search(item["seen"]) and seen
        copy = WORDS["copy"][lang].format(site=i18n.publisher_name(publisher, lang)) if copied else ""
        # The author as written (a person, several, or a body): braced, so BibTeX does not parse it as names.
        fields = {"author": "{" + clean(author) + "}", "title": clean(title), "titleaddon": clean(addon),
                  "howpublished": clean(outlet), "year": item["published"][:4],
                  "langid": LANGID.get(item["language"], item["language"]), "addendum": clean(copy),
                  "url": url(seen["url"]) if seen else "", "urldate": seen.get("seen", "") if seen else "",
                  "keywords": "literature"}
        out.append(entry("misc", item["lit_id"], fields))
    return out


def build(lang: str = "en") -> str:
    """The references of one edition, as BibTeX."""
    publishers = {p["publisher_id"]: p for p in rows("publishers")}
    sources = {s["source_id"]: s for s in rows("sources")}
    head = ["% Generated by tools/bibliography.py from data/literature.csv, data/sources.csv, data/publishers.csv\n"
            f"% and data/articles.csv for the {'Arabic' if lang == 'ar' else 'English'} edition; edit those, not this file.\n\n"]
    return "\n".join(head + article_entries(lang, sources) + source_entries(lang, sources, publishers)
                     + literature_entries(lang, sources, publishers))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if a references file is out of date")
    args = parser.parse_args()
    stale = []
    for lang, path in FILES.items():
        text = build(lang)
        if args.check:
            ok = path.is_file() and path.read_text(encoding="utf-8") == text
            print(f"{path.name}: {'up to date' if ok else 'OUT OF DATE (run tools/bibliography.py)'}")
            stale += [] if ok else [path.name]
        else:
            path.write_text(text, encoding="utf-8")
            print(f"wrote {path.name} ({text.count('@misc')} entries)")
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main())
