"""Search for Arabic readers (_ext/search.py and _static/bm-search*.js), in both editions.

The index folds Arabic spellings and the page folds the query the same way, so «اذربيجان» finds
what «أذربيجان» finds; the search page counts what it found with Arabic number–noun agreement
(the rules of bakumoscow/arabic.py), says so when nothing was found, and ranks chapters above
notebook pages.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import search  # noqa: E402
from bakumoscow import arabic  # noqa: E402

STATIC = ROOT / "_static"
NONSENSE = {"en": "qzxvkwj", "ar": "ضظغثقفز"}


# --- Folding, in Python (the index) -----------------------------------------------------------

@pytest.mark.parametrize("typed, folded", [
    ("أذربيجان", "اذربيجان"), ("إيران", "ايران"), ("آستارا", "استارا"), ("ٱلله", "الله"),
    ("موسى", "موسي"), ("القاهرة", "القاهره"),
    ("أذربيجانُ", "اذربيجان"), ("مُسْتَشْفًى", "مستشفي"), ("روسيّا", "روسيا"),  # harakat, tanwin, shadda
    ("روســـيا", "روسيا"),  # tatweel
    ("ا\u0654ذربيجان", "اذربيجان"),  # alef with a combining hamza (decomposed أ)
    ("ایران", "ايران"), ("کرملین", "كرملين"),  # Persian yeh and kaf
    ("٢٠٢٤", "2024"), ("۲۰۲۴", "2024"),  # Arabic-Indic digits
    ("Azerbaijan 2024", "Azerbaijan 2024"),  # Latin text is left alone
])
def test_normalise_folds_arabic_spellings(typed, folded):
    assert search.normalise(typed) == folded


def test_spellings_a_reader_may_type_fold_to_one():
    spellings = ["أذربيجان", "اذربيجان", "أذربيجانَ", "أَذْرَبِيجَان", "أذربيـجان"]
    assert {search.normalise(s) for s in spellings} == {"اذربيجان"}


def test_variants_take_proclitics_off_for_the_index():
    assert search.variants("واذربيجان") == ["واذربيجان", "اذربيجان"]
    assert set(search.variants("بالحرب")) == {"بالحرب", "حرب", "الحرب"}
    assert {"حرب", "الحرب"} <= set(search.variants("للحرب"))  # لل is ل + ال
    assert set(search.variants("والحرب")) >= {"الحرب", "حرب"}
    # never shorter than three letters, and never for Latin words
    assert search.variants("بحر") == ["بحر"]
    assert search.variants("barrel") == ["barrel"]
    # the word itself always comes first, unchanged
    assert search.variants("بوتين")[0] == "بوتين"


def test_the_index_splitter_folds_and_adds_variants():
    lang = search.SearchArabic({})
    words = lang.split("قالت موسكو: «وأذربيجانُ شريكٌ»، 2024.")
    assert "اذربيجان" in words and "واذربيجان" in words and "شريك" in words and "2024" in words
    assert not any(re.search("[أإآٱىة\u064b-\u065f\u0640]", w) for w in words), words
    english = search.SearchEnglishBook({})
    assert english.split("Baku and «أذربيجان»") == ["Baku", "and", "اذربيجان"]


# --- The same folding and counting in the page's scripts (Node runs them) ----------------------

def run_node(script: str) -> object:
    node = shutil.which("node")
    if node is None:
        pytest.fail("node not found: the book's set-up installs Node 20 (tools/setup.sh)")
    done = subprocess.run([node, "-e", script], capture_output=True, text=True, timeout=60, check=True)
    return json.loads(done.stdout)


SAMPLES = ["أذربيجان", "إيران", "آستارا", "ٱلله", "موسى", "القاهرة", "مُسْتَشْفًى", "روســـيا",
           "ا\u0654ذربيجان", "ایران", "کرملین", "٢٠٢٤", "۲۰۲۴", "Azerbaijan 2024", "ذ\u200cر",
           "ﻻ", "قَالَتْ مُوسْكُو: «وَأَذْرَبِيجَانُ شَرِيكٌ»"]


def test_the_page_folds_queries_as_the_index_folds_words():
    code = (STATIC / "bm-search-language.js").read_text(encoding="utf-8")
    out = run_node(code + f"\nprocess.stdout.write(JSON.stringify({json.dumps(SAMPLES)}"
                   ".map(s => [BookSearchLanguage.normalise(s), splitQuery(s)])));")
    for sample, (folded, split) in zip(SAMPLES, out):
        assert folded == search.normalise(sample), sample
        assert split == re.findall(r"\w+", search.normalise(sample)), sample


def test_the_page_counts_pages_as_arabic_py_does():
    forms = search._noun_forms()
    code = (STATIC / "bm-search.js").read_text(encoding="utf-8")
    numbers = list(range(0, 1250)) + [2000, 2002, 2011, 10_000, 100_101, 1_000_000]
    shim = "var window = {}; var document = {currentScript: null, documentElement: {lang: 'ar'}};\n"
    out = run_node(shim + code + f"\nvar forms = {json.dumps(forms, ensure_ascii=False)};"
                   f"\nprocess.stdout.write(JSON.stringify({json.dumps(numbers)}.map(n => ["
                   "window.BookSearch.countArabic(n, forms, 'obl'), window.BookSearch.countArabic(n, forms, 'nom')])));")
    for n, (oblique, nominative) in zip(numbers, out):
        assert oblique == arabic.count(n, search.COUNTED, case="obl"), n
        assert nominative == arabic.count(n, search.COUNTED, case="nom"), n
    assert out[1][0] == "صفحة واحدة" and out[2][0] == "صفحتين" and out[3][0] == "3 صفحات"
    assert out[11][0] == "11 صفحةً" and out[100][0] == "100 صفحة" and out[103][0] == "103 صفحات"


# --- The built index ------------------------------------------------------------------------

def load_index(site: Path, lang: str) -> dict:
    text = (site / lang / "searchindex.js").read_text(encoding="utf-8")
    assert text.startswith("Search.setIndex(") and text.endswith(")")
    return json.loads(text[len("Search.setIndex("):-1])


def test_the_arabic_index_holds_folded_words_under_the_pages_short_addresses(site):
    index = load_index(site, "ar")
    terms = set(index["terms"]) | set(index["titleterms"])
    unfolded = sorted(t for t in terms if re.search("[أإآٱىةـ\u064b-\u065f]", t))
    assert unfolded == [], f"terms not folded: {unfolded[:20]}"
    assert "اذربيجان" in terms
    # addresses.py's short addresses are kept: chapters at the edition's root, notebooks below
    assert "rupture" in index["docnames"] and "notebooks/rupture" in index["docnames"]
    assert not any(d.startswith("book/") for d in index["docnames"])


def test_the_search_page_loads_the_book_s_language_scorer_and_script(site):
    for lang in ("en", "ar"):
        language_data = (site / lang / "_static" / "language_data.js").read_text(encoding="utf-8")
        assert "BookSearchLanguage" in language_data and "kindOffset" in language_data, lang
        page = (site / lang / "search.html").read_text(encoding="utf-8")
        assert re.search(r'<script[^>]* defer="defer"[^>]*src="_static/bm-search\.js', page), lang
    chapter = (site / "ar" / "rupture.html").read_text(encoding="utf-8")
    assert "bm-search" not in chapter  # the search's scripts stay off the other pages


def test_the_arabic_script_catalogue_has_the_search_messages_and_no_empty_ones(site):
    text = (site / "ar" / "_static" / "translations.js").read_text(encoding="utf-8")
    match = re.search(r"\}\)\((\{.*\})\);\s*$", text, re.S) or re.search(r"addTranslations\((\{.*\})\);", text, re.S)
    catalogue = json.loads(match.group(1))
    messages = catalogue["messages"]
    assert all(value for value in messages.values()), [k for k, v in messages.items() if not v]
    for msgid in ("Search Results", "Searching", "Preparing search...", "Hide Search Matches", *search.SCRIPT_MESSAGES):
        assert re.search("[\u0600-\u06ff]", messages.get(msgid, "")), msgid


# --- The search page, in Chromium -----------------------------------------------------------

def run_search(visit, lang: str, query: str):
    page = visit(f"{lang}/search.html?q={query}").page
    page.wait_for_selector("#search-results p.search-summary:not(:empty)", timeout=15000)
    links = page.eval_on_selector_all("#search-results ul.search li > a", "els => els.map(e => e.getAttribute('href'))")
    status = page.text_content("#search-results p.search-summary").strip()
    title = page.text_content("#search-results h2").strip()
    return page, links, status, title


def check_chapters_rank_first(page, links, lang):
    kinds = ["notebook" if link.startswith("notebooks/") else "chapter" for link in links]
    assert "chapter" in kinds and "notebook" in kinds, links
    assert kinds == sorted(kinds), f"a notebook page ranks above a chapter: {links}"
    # notebook results say what they are, in the edition's language
    marks = page.eval_on_selector_all("#search-results li .bm-search-kind", "els => els.map(e => e.textContent)")
    assert len(marks) == kinds.count("notebook")
    assert set(marks) == {" (دفتر حسابي)" if lang == "ar" else " (notebook)"}


def test_arabic_search_without_hamza_finds_what_the_hamza_spelling_finds_and_counts_in_arabic(visit):
    page, links, status, title = run_search(visit, "ar", "اذربيجان")
    assert len(links) >= 5
    count = page.evaluate("n => BookSearch.countPhrase(n)", len(links))
    assert count == arabic.count(len(links), "page", case="obl")
    assert status == f"اكتمل البحث: عُثر على {count}."
    assert title == "نتائج البحث"
    assert not re.search("[A-Za-z]", status + title)
    # the excerpts show the word as the pages spell it, with its hamza
    page.wait_for_selector("#search-results li p.context", timeout=15000)
    excerpts = page.eval_on_selector_all("#search-results li p.context", "els => els.map(e => e.textContent)")
    assert excerpts and all("أذربيجان" in text for text in excerpts[:3]), excerpts[:3]
    # the spelling with the hamza finds the same pages, chapters first
    page, hamza_links, _, _ = run_search(visit, "ar", "أذربيجان")
    assert set(links) == set(hamza_links)
    check_chapters_rank_first(page, hamza_links, "ar")


def test_arabic_search_for_a_nonsense_word_says_nothing_was_found_in_arabic(visit):
    _, links, status, title = run_search(visit, "ar", NONSENSE["ar"])
    assert links == []
    assert status == "لم يُعثر على أي صفحة تطابق البحث. تحقّق من كتابة الكلمات، أو جرّب كلمة أخرى."
    assert title == "نتائج البحث"


def test_english_search_counts_in_english_and_says_when_nothing_was_found(visit):
    _, links, status, _ = run_search(visit, "en", "Yekaterinburg")
    assert "rupture.html" in links
    n = len(links)
    assert status == f"Search finished: found {n} {'page' if n == 1 else 'pages'}."
    _, links, status, _ = run_search(visit, "en", NONSENSE["en"])
    assert links == [] and status.startswith("No page matches the search.")


@pytest.mark.parametrize("lang, query", [("ar", "روسيا"), ("en", "Azerbaijan"), ("en", "Russia")])
def test_chapters_rank_above_notebook_pages(visit, lang, query):
    page, links, _, _ = run_search(visit, lang, query)
    check_chapters_rank_first(page, links, lang)
