"""The Arabic edition's grammar helpers, its term base and its text.

- the number–noun agreement and the formats of sums, quantities, quarters and ranges
  (bakumoscow/arabic.py, bakumoscow/i18n.py), in both editions;
- the term base (data/glossary.csv): one Arabic spelling per name, and none of the spellings it
  rejects (``avoid_ar``) in the Arabic pages or in the Arabic columns of the tables the prose and the
  charts use, outside quotations of the five articles;
- no Latin-script word in Arabic prose outside roles, code, links, directives, tags isolated with
  ``dir="ltr"`` and the short allow-list (bakumoscow/latin_allowed.yml).

No build is needed: the checks read the Markdown and the data package.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import pandas as pd
import pytest

from bakumoscow import arabic, data, i18n, terms

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "seeds"
PAGES = sorted((ROOT / "book" / "ar").glob("*.md"))
LRI, PDI = "\u2066", "\u2069"

def page_param(path: Path, unfinished_fail: bool = False):
    """A page as a test parameter, named by its stem."""
    return pytest.param(path, id=path.stem)


# --- number–noun agreement ---------------------------------------------------------------------

@pytest.mark.parametrize(("n", "case", "expected"), [
    (1, "obl", "ادعاء واحد"),
    (2, "nom", "ادعاءان"),
    (2, "obl", "ادعاءين"),
    (3, "obl", "3 ادعاءات"),
    (10, "obl", "10 ادعاءات"),
    (11, "obl", "11 ادعاءً"),
    (36, "obl", "36 ادعاءً"),
    (99, "obl", "99 ادعاءً"),
    (100, "obl", "100 ادعاء"),
    (101, "obl", "101 ادعاء"),
    (102, "obl", "102 ادعاء"),
    (103, "obl", "103 ادعاءات"),
    (110, "obl", "110 ادعاءات"),
    (111, "obl", "111 ادعاءً"),
    (119, "obl", "119 ادعاءً"),
    (200, "obl", "200 ادعاء"),
    (1003, "obl", "1,003 ادعاءات"),
])
def test_count_agrees_with_the_number(n, case, expected):
    assert arabic.count(n, "claim", case=case) == expected


def test_count_feminine_and_multiword_nouns():
    assert arabic.count(1, "checkable") == "واقعة قابلة للتحقق واحدة"
    assert arabic.count(2, "checkable", case="nom") == "واقعتان قابلتان للتحقق"
    assert arabic.count(8, "day") == "8 أيام"
    assert arabic.count(88, "checkable") == "88 واقعةً قابلةً للتحقق"
    assert arabic.count(480, "dollar") == "480 دولارًا"


def test_arabic_numbers_never_end_in_a_zero_after_the_point():
    """Arabic has no «.0» anywhere (house style: prose, tables, figure descriptions); English keeps its decimals."""
    assert i18n.number(3.0, "ar", 1) == "3"
    assert i18n.number(1.8, "ar", 1) == "1.8"
    assert i18n.number(19.99, "ar", 3) == "19.99"
    assert i18n.number(1300, "ar") == "1,300"
    assert i18n.percent(11.0, "ar", 1) == "11%"
    assert i18n.percent(8.8, "ar", 1) == "8.8%"
    assert i18n.number(3.0, "en", 1) == "3.0"
    assert i18n.percent(11.0, "en", 1) == "11.0%"


def test_count_definite_forms():
    assert arabic.count(1, "claim", definite=True) == "الادعاء الواحد"
    assert arabic.count(1, "paragraph", definite=True) == "الفقرة الواحدة"
    assert arabic.count(2, "claim", definite=True) == "الادعاءين"
    assert arabic.count(2, "claim", case="nom", definite=True) == "الادعاءان"
    assert arabic.count(2, "checkable", definite=True) == "الواقعتين القابلتين للتحقق"
    assert arabic.count(5, "article", definite=True) == "الـ5 مقالات"
    assert arabic.count(36, "claim", definite=True) == "الـ36 ادعاءً"


def test_count_refuses_what_is_not_a_count():
    with pytest.raises(ValueError):
        arabic.count(2.5, "claim")
    with pytest.raises(ValueError):
        arabic.count(-1, "claim")
    with pytest.raises(KeyError):
        arabic.count(3, "no-such-noun")


def test_count_in_both_editions():
    assert i18n.count(1, "claim", "en") == "1 claim"
    assert i18n.count(1300, "claim", "en") == "1,300 claims"
    assert i18n.count(3, "claim", "ar") == "3 ادعاءات"


# --- a counted noun with an adjective ----------------------------------------------------------

@pytest.mark.parametrize(("n", "case", "expected"), [
    (1, "nom", "ادعاء واحد مؤكَّد"),              # 1: the singular, «واحد» then the adjective
    (1, "obl", "ادعاء واحد مؤكَّد"),
    (2, "nom", "ادعاءان مؤكَّدان"),                # 2: the dual in both words, as a subject …
    (2, "obl", "ادعاءين مؤكَّدين"),                # … and after a preposition or as an object
    (3, "nom", "3 ادعاءات مؤكَّدة"),               # 3–10: a plural of things takes the feminine singular
    (10, "obl", "10 ادعاءات مؤكَّدة"),
    (11, "nom", "11 ادعاءً مؤكَّدًا"),              # 11–99: the accusative singular, like the tamyiz
    (34, "nom", "34 ادعاءً مؤكَّدًا"),
    (99, "obl", "99 ادعاءً مؤكَّدًا"),
    (100, "nom", "100 ادعاء مؤكَّد"),              # 100 and up: by the last two digits
    (101, "nom", "101 ادعاء مؤكَّد"),
    (102, "nom", "102 ادعاء مؤكَّد"),
    (103, "nom", "103 ادعاءات مؤكَّدة"),
    (110, "nom", "110 ادعاءات مؤكَّدة"),
    (111, "nom", "111 ادعاءً مؤكَّدًا"),
    (142, "nom", "142 ادعاءً مؤكَّدًا"),
    (200, "nom", "200 ادعاء مؤكَّد"),
    (1003, "nom", "1,003 ادعاءات مؤكَّدة"),
    (0, "nom", "0 ادعاء مؤكَّد"),
])
def test_an_adjective_agrees_with_the_count(n, case, expected):
    assert arabic.count(n, "claim", case=case, adjective="confirmed") == expected
    assert i18n.count(n, "claim", "ar", case=case, adjective="confirmed") == expected


@pytest.mark.parametrize(("n", "case", "expected"), [
    (1, "nom", "أطروحة واحدة مقيَّمة"),
    (2, "nom", "أطروحتان مقيَّمتان"),
    (2, "obl", "أطروحتين مقيَّمتين"),
    (7, "nom", "7 أطروحات مقيَّمة"),
    (49, "nom", "49 أطروحةً مقيَّمةً"),
    (142, "nom", "142 أطروحةً مقيَّمةً"),
    (300, "nom", "300 أطروحة مقيَّمة"),
])
def test_a_feminine_noun_takes_the_feminine_adjective(n, case, expected):
    assert arabic.count(n, "thesis", case=case, adjective="weighed") == expected


@pytest.mark.parametrize(("n", "case", "adjective", "expected"), [
    (1, "nom", "contradicted", "ادعاء واحد تدحضه البيانات"),   # a relative clause: its pronoun agrees
    (2, "nom", "contradicted", "ادعاءان تدحضهما البيانات"),
    (2, "obl", "contradicted", "ادعاءين تدحضهما البيانات"),
    (6, "nom", "contradicted", "6 ادعاءات تدحضها البيانات"),
    (11, "nom", "contradicted", "11 ادعاءً تدحضه البيانات"),
    (2, "nom", "differing", "ادعاءان مختلفان"),
    (24, "nom", "differing", "24 ادعاءً مختلفًا"),
    (2, "nom", "unsourced", "ادعاءان بلا مصدر"),               # a phrase that does not inflect
    (3, "nom", "unsourced", "3 ادعاءات بلا مصدر"),
])
def test_a_relative_clause_or_a_fixed_phrase_takes_the_place_of_an_adjective(n, case, adjective, expected):
    assert arabic.count(n, "claim", case=case, adjective=adjective) == expected


def test_an_adjective_after_people_takes_their_plural_and_after_things_the_feminine():
    assert arabic.count(3, "worker", adjective="confirmed") == "3 عمال مؤكَّدون"
    assert arabic.count(3, "article", adjective="confirmed") == "3 مقالات مؤكَّدة"
    assert arabic.count(2, "paragraph", case="nom", adjective="differing") == "فقرتان مختلفتان"
    with pytest.raises(KeyError, match="plural_human"):
        arabic.count(3, "worker", adjective="weighed")  # no plural for people given: an error, not a guess


def test_an_adjective_in_both_editions_and_what_is_refused():
    assert i18n.count(34, "claim", "en", adjective="confirmed") == "34 confirmed claims"
    assert i18n.count(1, "thesis", "en", adjective="weighed") == "1 weighed thesis"
    assert i18n.count(34, "claim", "ar") == "34 ادعاءً"  # without an adjective, as before
    with pytest.raises(KeyError):
        arabic.count(3, "claim", adjective="no-such-adjective")
    with pytest.raises(ValueError):
        arabic.count(3, "claim", adjective="confirmed", definite=True)
    for key in arabic.adjectives():  # every adjective has all its forms
        assert arabic.adjective(key)["plural"] and arabic.adjective(key)["en"]


# --- sums of money -----------------------------------------------------------------------------

@pytest.mark.parametrize(("millions", "ar", "en"), [
    (2000, "ملياري دولار", "$2 billion"),
    (1000, "مليار دولار", "$1 billion"),
    (3000, "3 مليارات دولار", "$3 billion"),
    (11000, "11 مليار دولار", "$11 billion"),
    (4410, "4.4 مليار دولار", "$4.4 billion"),
    (4000, "4 مليارات دولار", "$4 billion"),
    (999.96, "مليار دولار", "$1 billion"),
    (999.6, "مليار دولار", "$1 billion"),
    (500, "500 مليون دولار", "$500 million"),
    (802.5, "802.5 مليون دولار", "$802.5 million"),
    (1, "مليون دولار", "$1 million"),
    (2, "مليوني دولار", "$2 million"),
    (0.5, "500 ألف دولار", "$500,000"),
    (0.4, "400 ألف دولار", "$400,000"),
    (0.0015, "1,500 دولار", "$1,500"),
    (0.00048, "480 دولارًا", "$480"),
])
def test_money_musd(millions, ar, en):
    assert i18n.money_musd(millions, "ar") == ar
    assert i18n.money_musd(millions, "en") == en


def test_a_range_of_money_writes_its_scale_and_currency_once():
    assert i18n.money_range(4300, 4500, "en") == "$4.3–4.5 billion"
    assert i18n.money_range(4300, 4500, "ar") == "ما بين 4.3 و4.5 مليار دولار"
    assert i18n.money_range(3000, 10000, "ar") == "ما بين 3 و10 مليارات دولار"   # the noun agrees with 10
    assert i18n.money_range(300, 450, "en") == "$300–450 million"
    with pytest.raises(ValueError, match="one scale"):
        i18n.money_range(800, 1200, "en")
    with pytest.raises(ValueError, match="lower end"):
        i18n.money_range(4500, 4300, "en")


def test_money_digits_are_respected():
    assert i18n.money_musd(4410, "en", 2) == "$4.41 billion"
    assert i18n.money_musd(4410, "ar", 2) == "4.41 مليار دولار"
    assert i18n.money_musd(4410, "en", 0) == "$4 billion"
    assert i18n.money_musd(802.46, "en", 0) == "$802 million"
    assert ".0" not in i18n.money_musd(2000, "en") + i18n.money_musd(2000.04, "ar")


def test_money_signs_euros_and_missing_values():
    assert i18n.money_musd(-21, "en") == "−$21 million"
    assert i18n.money_musd(-21, "ar") == "−21 مليون دولار"
    assert i18n.money_eur_m(1300, "ar") == "1.3 مليار يورو"
    assert i18n.money_eur_m(1300, "en") == "€1.3 billion"
    assert i18n.money_eur_m(0.0004, "ar") == "400 يورو"
    with pytest.raises(ValueError):
        i18n.money_musd(float("nan"), "en")


def test_dollars():
    assert i18n.dollars(480, "ar") == "480 دولارًا"
    assert i18n.dollars(480, "en") == "$480"


# --- quantities, gas, quarters -----------------------------------------------------------------

@pytest.mark.parametrize(("value", "noun", "ar", "en"), [
    (300_000, "worker", "300 ألف عامل", "300,000 workers"),
    (2_000, "worker", "ألفي عامل", "2,000 workers"),
    (1_200_000, "barrel", "1.2 مليون برميل", "1.2 million barrels"),
    (2_000_000, "barrel", "مليوني برميل", "2 million barrels"),
    (3_000_000, "person", "3 ملايين شخص", "3 million people"),
    (474_576, "person", "474,576 شخصًا", "474,576 people"),
    (1_500, "worker", "1,500 عامل", "1,500 workers"),
])
def test_quantity(value, noun, ar, en):
    assert i18n.quantity(value, noun, "ar") == ar
    assert i18n.quantity(value, noun, "en") == en


def test_quantity_with_its_own_unit():
    assert i18n.quantity(2.6e9, "tonne", "ar", unit="متر مكعب") == "2.6 مليار متر مكعب"


@pytest.mark.parametrize(("value", "ar", "en"), [
    (1, "مليار متر مكعب", "1 bcm"),
    (2, "ملياري متر مكعب", "2 bcm"),
    (3, "3 مليارات متر مكعب", "3 bcm"),
    (12.5, "12.5 مليار متر مكعب", "12.5 bcm"),
    (12.0, "12 مليار متر مكعب", "12 bcm"),
])
def test_bcm(value, ar, en):
    assert i18n.bcm(value, "ar") == ar
    assert i18n.bcm(value, "en") == en


def test_quarter():
    assert i18n.quarter(4, 2024, "ar") == "الربع الرابع من 2024"
    assert i18n.quarter(1, 2025, "ar") == "الربع الأول من 2025"
    assert i18n.quarter(4, 2024, "en") == "Q4 2024"
    with pytest.raises(ValueError):
        i18n.quarter(5, 2024, "ar")


def test_rank_and_ordinals():
    assert i18n.rank(3, "ar") == "الثالثة"
    assert i18n.rank(3, "en") == "third"
    assert arabic.ordinal(12) == "الـ12"


# --- bidirectional isolation -------------------------------------------------------------------

def test_ranges_and_latin_runs_are_isolated_in_arabic_only():
    assert i18n.span(2020, 2024, "ar") == f"{LRI}2020–2024{PDI}"
    assert i18n.span(2020, 2024, "en") == "2020–2024"
    assert i18n.ltr("TRIPP", "ar") == f"{LRI}TRIPP{PDI}"
    assert i18n.ltr("TRIPP", "en") == "TRIPP"
    text = f"بين {i18n.span(2009, 2013, 'ar')} كان"
    assert text.count(LRI) == text.count(PDI) == 1
    # a range typed into a figure's Arabic caption is isolated once; one already isolated is left as it is
    typed = f"أرقام 2022–2023 و4.3-4.5 و{i18n.span(2014, 2017, 'ar')}"
    assert i18n.isolate_ranges(typed, "ar") == f"أرقام {LRI}2022–2023{PDI} و{LRI}4.3-4.5{PDI} و{LRI}2014–2017{PDI}"
    assert i18n.isolate_ranges("years 2022–2023", "en") == "years 2022–2023"


def test_text_from_the_data_isolates_latin_runs_and_number_ranges_in_arabic():
    html = i18n.text_html("بين 2009–2013 و4.3–4.5 مليار، على موقع 1news.az، وفي ⁦2014–2025⁩", "ar")
    assert '<bdi dir="ltr">2009–2013</bdi>' in html and '<bdi dir="ltr">4.3–4.5</bdi>' in html
    assert '<bdi dir="ltr">1news.az</bdi>' in html
    assert "⁦2014–2025⁩" in html and html.count("<bdi") == 3  # an isolated range is not isolated twice
    assert i18n.text_html("2009–2013 & Co", "en") == "2009–2013 &amp; Co"
    # a name wholly in Latin letters, accents and punctuation included, draws as one run
    for name in ("Hürriyet Daily News", "UOL Notícias", "24.kg", "Pipeline & Gas Journal",
                 "Centre for Army, Conversion and Disarmament Studies (CACDS)"):
        assert i18n.text_html(name, "ar") == f'<bdi dir="ltr">{name.replace("&", "&amp;")}</bdi>'
    assert i18n.text_html("نقلًا عن Hürriyet Daily News أمس", "ar") == 'نقلًا عن <bdi dir="ltr">Hürriyet Daily News</bdi> أمس'


def test_a_signed_gap_of_one_or_two_days_keeps_its_numeral_in_arabic():
    from bakumoscow import ledger_view
    gap = lambda n: ledger_view.difference_text(pd.Series({"difference": n, "difference_unit": "days"}), "ar")  # noqa: E731
    assert gap(1.0) == f"{LRI}+1{PDI} يوم"
    assert gap(-2.0) == f"{LRI}−2{PDI} يوم"
    assert gap(8.0) == f"{LRI}+8{PDI} أيام"


def test_join_uses_the_arabic_semicolon():
    assert i18n.join(["أ", "ب"], "ar") == "أ؛ ب"
    assert i18n.join(["a", "b"], "en") == "a; b"


# --- the term base -----------------------------------------------------------------------------

@lru_cache(maxsize=1)
def glossary() -> pd.DataFrame:
    return data.load("glossary")


@lru_cache(maxsize=1)
def term_base() -> list[terms.Term]:
    return terms.load(glossary())


@lru_cache(maxsize=1)
def article_text() -> str:
    """The five articles' own wording: the seed files when they are beside the repository, and in
    any case the article wording the ledger records (claim_ar, stated_text, facets as stated)."""
    parts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))] if SEEDS.is_dir() else []
    claims, facets = data.load("claims"), data.load("claim_facets")
    for column in (claims["claim_ar"], claims["stated_text"], facets["stated_ar"]):
        parts += [str(v) for v in column.dropna()]
    return "\n".join(parts)


def test_every_glossary_row_has_both_names_and_a_known_kind():
    g = glossary()
    assert g["name_ar"].notna().all() and g["name_en"].notna().all()
    assert (g["name_ar"].str.strip() != "").all() and (g["name_en"].str.strip() != "").all()
    assert set(g["kind"]) <= {"person", "organisation", "place", "term"}


def test_one_arabic_spelling_per_term():
    g = glossary()
    duplicated = g[g["name_ar"].duplicated(keep=False)]
    assert duplicated.empty, duplicated[["term_id", "name_ar"]].to_string()


def test_no_preferred_spelling_is_avoided_elsewhere():
    avoided_by = {v: t.term_id for t in term_base() for v in t.avoid}
    clashes = [(r.term_id, r.name_ar, avoided_by[r.name_ar]) for r in glossary().itertuples() if r.name_ar in avoided_by]
    assert not clashes, clashes
    own = [(t.term_id, v) for t in term_base() for v in t.avoid if v == t.name_ar]
    assert not own, own


def test_the_glossary_uses_its_own_spellings():
    """No avoided spelling of one name inside another row's Arabic name or description."""
    found = [(r.term_id, col, hit) for r in glossary().itertuples() for col in ("name_ar", "role_ar")
             for hit in terms.avoided(str(getattr(r, col)), term_base())]
    assert not found, found


def test_avoided_variants_are_found_as_words():
    base = [terms.Term("grozny", "place", "غروزني", ("جروزني",)),
            terms.Term("cb", "term", "البنك المركزي", ("المصرف المركزي",)),
            terms.Term("cb-az", "organisation", "البنك المركزي الأذربيجاني", ("المصرف المركزي الأذربيجاني",))]
    assert terms.avoided("وصلت إلى جروزني مساءً", base) == [("جروزني", "غروزني", "grozny")]
    assert terms.avoided("وبجروزني، ثم", base) == [("جروزني", "غروزني", "grozny")]
    assert terms.avoided("جروزنيون", base) == []
    assert terms.avoided("وللمصرف المركزي رأي", base) == [("المصرف المركزي", "البنك المركزي", "cb")]
    assert terms.avoided("أرقام المصرف المركزي الأذربيجاني", base) == [
        ("المصرف المركزي الأذربيجاني", "البنك المركزي الأذربيجاني", "cb-az")]


def test_quotations_of_the_articles_keep_their_spelling():
    base = [terms.Term("grozny", "place", "غروزني", ("جروزني",))]
    page = "يضع المقال الوفيات «بالقرب من جروزني» لكن جروزني خطأ."
    hits = terms.avoided_in_page(page, base, "قتل 38 شخصًا بالقرب من جروزني.")
    assert [h[1] for h in hits] == ["جروزني"]
    assert not terms.avoided_in_page("«بالقرب من جروزني»", base, "بالقرب من جروزني")
    assert terms.avoided_in_page("«في جروزني اليوم»", base, "بالقرب من جروزني")


@pytest.mark.parametrize("page", [page_param(p, unfinished_fail=True) for p in PAGES])
def test_no_avoided_spelling_in_the_arabic_pages(page):
    found = terms.avoided_in_page(page.read_text(encoding="utf-8"), term_base(), article_text())
    assert not found, "\n".join(f"{page.name}:{line}: «{v}» → «{p}» ({t})" for line, v, p, t in found)


DATA_COLUMNS = {  # the Arabic columns of the tables the prose and the charts use (claim_ar keeps the articles' wording)
    "events": ["title_ar"], "facts": ["label_ar"], "statements": ["speaker_ar", "gist_ar"],
    "literature": ["argument_ar"], "places": ["name_ar"], "claim_facets": ["found_ar"],
    "claims": ["explanation_ar"],
}


@pytest.mark.parametrize("table", sorted(DATA_COLUMNS))
def test_no_avoided_spelling_in_the_arabic_data(table):
    frame = data.load(table)
    found = []
    for column in DATA_COLUMNS[table]:
        for key, text in zip(frame.iloc[:, 0], frame[column]):
            if pd.isna(text):
                continue
            found += [(key, column, v, p) for _, v, p, _ in terms.avoided_in_page(str(text), term_base(), article_text())]
    assert not found, "\n".join(f"{table} {k} {c}: «{v}» → «{p}»" for k, c, v, p in found)


# --- Latin letters in Arabic prose ---------------------------------------------------------------

def test_the_latin_allow_list_gives_reasons():
    allowed = terms.latin_allowed()
    assert allowed and all(reason.strip() for reason in allowed.values())


def test_latin_words_outside_allowed_contexts_are_found():
    text = "\n".join([
        "(label-x)=", "# عنوان", "نص {fact}`trade/x` و{cite:p}`tass-2024` و{ltr}`CSV` و`code` [رابط](data.md)",
        "```{chart} trade/figure", ":name: value", "```", "<span dir=\"ltr\">APT29</span> و<a href=\"x.pdf\">PDF</a>",
        "```python", "print('hello')", "```", "لكن Draft هنا",
    ])
    assert terms.latin_words(text, {"PDF": "a file format"}) == [(11, "Draft")]


def test_prose_directives_are_checked():
    text = "```{container} bm-argues\n**ما يطرحه الفصل.** نص فيه SIPRI\n```"
    assert terms.latin_words(text, {}) == [(2, "SIPRI")]


@pytest.mark.parametrize("page", [page_param(p) for p in PAGES])
def test_no_latin_in_arabic_prose(page):
    found = terms.latin_words(page.read_text(encoding="utf-8"))
    assert not found, "\n".join(f"{page.name}:{line}: {word} (isolate it with {{ltr}}`…` or write it in Arabic)"
                                for line, word in found)


def test_en_dash_ranges_in_arabic_prose_are_isolated():
    """A range of numbers written with an en dash draws reversed in Arabic unless isolated."""
    found = []
    for page in PAGES:
        text = terms.prose(page.read_text(encoding="utf-8"))
        found += [(page.name, text.count("\n", 0, m.start()) + 1, m.group(0))
                  for m in re.finditer(r"\d[\d,.]*\s*[–—]\s*\d", text)]
    assert not found, found


@pytest.mark.parametrize(("n", "tally", "ar", "en"), [
    (34, "confirmed", "34 ادعاءً مؤكَّدًا", "34 confirmed claims"),      # the appendix's and the scorecard's counts
    (105, "confirmed", "105 ادعاءات مؤكَّدة", "105 confirmed claims"),
    (2, "differs", "ادعاءان مختلفان", "2 differing claims"),
    (1, "differs", "ادعاء واحد مختلف", "1 differing claim"),
    (2, "contradicted", "ادعاءان تدحضهما البيانات", "2 contradicted claims"),
    (2, "unsourced", "ادعاءان بلا مصدر", "2 unsourced claims"),
    (1, "variant", "اسم واحد بصيغة بديلة", "1 variant-spelled name"),
    (6, "variant", "6 أسماء بصيغة بديلة", "6 variant-spelled names"),
    (49, "weighed", "49 أطروحةً مقيَّمةً", "49 weighed theses"),
    (142, "weighed", "142 أطروحةً مقيَّمةً", "142 weighed theses"),
])
def test_verdict_counts_agree_with_their_noun(n, tally, ar, en):
    from bakumoscow import ledger, ledger_view
    assert set(ledger_view.TALLY_WORDS) == set(ledger.TALLIES)
    assert ledger_view.tally_count(n, tally, "ar") == ar
    assert ledger_view.tally_count(n, tally, "en") == en


def test_the_weighed_theses_label_is_the_house_term():
    assert i18n.t("verdict_n.weighed", "ar") == "أطروحات مقيَّمة"
    assert "موزون" not in i18n.t("verdict.weighed", "ar") + i18n.t("verdict_word.weighed", "ar")


def test_politicians_are_counted_as_politicians():
    assert i18n.count(83, "politician", "ar") == "83 سياسيًا"  # the article's «83 سياسياً», not «83 شخصًا»
    assert i18n.count(83, "politician", "en") == "83 politicians"
