"""Words and number formats for the two editions.

Every piece of chart text (titles, axis titles, legend entries, tooltips) is looked up
here by key from ``labels.yml``, so no notebook carries its own dictionary. Numbers
and dates are formatted here too, once for English and once for Arabic.

The Arabic edition writes digits as 0-9 (as the Arabic press the book draws on does),
month names in the form used in Egypt and the Gulf, amounts as «4.4 مليار دولار» and
«ملياري دولار», and every counted noun in agreement with its number (:func:`count`; the
rules are in :mod:`bakumoscow.arabic`). Runs of Latin letters or of numbers with punctuation
are isolated (:func:`ltr`, :func:`span`) so that they draw the same way everywhere.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from functools import lru_cache
from pathlib import Path

import yaml

from . import arabic

LRI, PDI = "\u2066", "\u2069"  # left-to-right isolate, pop directional isolate

LANGS = ("en", "ar")
DIRECTION = {"en": "ltr", "ar": "rtl"}

MONTHS = {
    "en": ["January", "February", "March", "April", "May", "June", "July",
           "August", "September", "October", "November", "December"],
    "ar": ["يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو",
           "أغسطس", "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر"],
}
SHORT_MONTHS = {
    "en": [m[:3] for m in MONTHS["en"]],
    "ar": MONTHS["ar"],
}
DAYS = {
    "en": ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"],
    "ar": ["الأحد", "الإثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت"],
}


def check_lang(lang: str) -> str:
    if lang not in LANGS:
        raise ValueError(f"unknown edition language {lang!r}; expected one of {LANGS}")
    return lang


@lru_cache(maxsize=1)
def labels() -> dict[str, dict[str, str]]:
    path = Path(__file__).with_name("labels.yml")
    table = yaml.safe_load(path.read_text(encoding="utf-8"))
    for key, entry in table.items():
        missing = [lang for lang in LANGS if not entry.get(lang)]
        if missing:
            raise ValueError(f"{path.name}: label {key!r} has no text for {', '.join(missing)}")
    return table


def col(base: str, lang: str) -> str:
    """The column of a bilingual table that holds ``base`` in the edition's language: 'name_en' / 'name_ar'."""
    return f"{base}_{check_lang(lang)}"


def publisher_name(publisher, lang: str) -> str:
    """The name a publisher (a row of publishers.csv, as a dict or a Series) goes by in an edition.
    The Arabic edition names in Arabic the publishers the data name in Arabic (Arabic-language
    outlets, official bodies, international organisations, outlets the chapters name in Arabic) and
    keeps the other foreign outlets in their own form, as Arab research centres do. Source lines,
    timeline tables, the claims ledger and the bibliography all use this, so a publisher is named one
    way across the book."""
    if check_lang(lang) == "ar":
        name = publisher.get("name_ar")
        if isinstance(name, str) and name.strip():
            return name.strip()
    return publisher["name_en"]


def other(lang: str) -> str:
    """The other edition's language."""
    return "ar" if check_lang(lang) == "en" else "en"


def t(key: str, lang: str) -> str:
    """The label ``key`` in language ``lang``."""
    check_lang(lang)
    try:
        return labels()[key][lang]
    except KeyError:
        raise KeyError(f"labels.yml has no label {key!r}") from None


def _round(value: float, digits: int) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        raise ValueError("cannot format a missing value")
    return f"{value:,.{digits}f}"


def _trim(text: str) -> str:
    """'4.0' -> '4', '4.40' -> '4.4' (no trailing zeros after the point)."""
    return text.rstrip("0").rstrip(".") if "." in text else text


def number(value: float, lang: str, digits: int = 0) -> str:
    """A plain number with ``digits`` decimals: 1,300 (both editions use 0-9 and a comma for thousands).
    Arabic drops trailing zeros everywhere, as the Arab press writes numbers: «3» not «3.0», «19.99» not
    «19.990», in prose, tables and figure descriptions alike; English keeps the fixed number of
    decimals (25.0 beside 13.5 in a column)."""
    check_lang(lang)
    text = _round(value, digits)
    return _trim(text) if lang == "ar" else text


def percent(value: float, lang: str, digits: int = 0) -> str:
    """A percentage given in percent units (23.4 -> '23%'); Arabic as for :func:`number` («11%» not «11.0%»)."""
    return f"{number(value, lang, digits)}%"


def count(n: int, noun: str, lang: str, *, case: str = "obl", definite: bool = False,
          adjective: str | None = None) -> str:
    """``n`` things, the noun agreeing with the number: '3 claims' / «3 ادعاءات», '88' «88 واقعةً»,
    2 «ادعاءين» (nouns and their forms: nouns.yml; the Arabic rules: bakumoscow.arabic).
    ``adjective`` (a key of adjectives.yml) qualifies the noun and agrees with it in Arabic:
    '34 confirmed claims' / «34 ادعاءً مؤكَّدًا», '2 confirmed claims' / «ادعاءان مؤكَّدان» (case="nom")."""
    check_lang(lang)
    if lang == "ar":
        if adjective is None:  # the call as it was before adjectives: unchanged
            return arabic.count(n, noun, case=case, definite=definite)
        return arabic.count(n, noun, case=case, definite=definite, adjective=adjective)
    forms = arabic.noun(noun)
    word = forms["en"] if n == 1 else forms["en_plural"]
    if adjective is not None:
        word = f"{arabic.adjective(adjective)['en']} {word}"
    return f"{int(n):,} {word}"


def quantity(value: float, noun: str, lang: str, digits: int = 1, *, unit: str | None = None) -> str:
    """A large quantity of a counted thing: 300,000 workers / «300 ألف عامل»; 1.2 million barrels /
    «1.2 مليون برميل». ``unit`` replaces the noun's Arabic singular after a scale word (e.g. «متر مكعب»)."""
    check_lang(lang)
    v = float(value)
    forms = arabic.noun(noun)
    for size, scale in ((1e9, "billion"), (1e6, "million")):
        if abs(round(v / size, digits)) >= 1:
            if lang == "en":
                return f"{_trim(_round(v / size, digits))} {scale} {forms['en_plural']}"
            return arabic.scaled(v / size, scale, unit or forms["one"], digits)
    if lang == "en":
        return f"{_round(v, 0)} {forms['en'] if v == 1 else forms['en_plural']}"
    if abs(v) >= 1000 and round(v) % 1000 == 0:
        return arabic.scaled(v / 1000, "thousand", unit or forms["one"], 0)
    return arabic.count(int(round(v)), noun)


CURRENCIES = {"usd": ("$", "دولار", "dollar"), "eur": ("€", "يورو", "euro")}


SCALE_DIVISOR = {"billion": 1000, "million": 1}  # a sum in millions, written in its scale


def _scale(millions: float, digits: int) -> str:
    """The scale a sum in millions is written in: 'billion' where it would print as 1,000 million or
    more, 'million' from one million, '' below (written in thousands or exactly)."""
    if round(millions) >= 1000:
        return "billion"
    return "million" if round(millions, digits) >= 1 else ""


def money(value: float, lang: str, digits: int = 1, *, currency: str = "usd", case: str = "obl") -> str:
    """An amount given in millions of a currency, in words of the edition, rounded to ``digits``
    decimals of its scale and written without trailing zeros:

    4410 -> '$4.4 billion' / «4.4 مليار دولار»; 2000 -> '$2 billion' / «ملياري دولار»;
    802.5 -> '$802.5 million' / «802.5 مليون دولار»; 0.4 -> '$400,000' / «400 ألف دولار».
    A sum that would print as 1,000 million or more is written in billions: 999.6 and 999.96
    are '$1 billion', not '$999.6 million' or '$1,000 million'. Below a million, a round number of
    thousands is written with «ألف» and any other sum exactly: 0.0015 -> «1,500 دولار».
    """
    check_lang(lang)
    if value is None or (isinstance(value, float) and math.isnan(value)):
        raise ValueError("cannot format a missing value")
    symbol, word, _ = CURRENCIES[currency]
    sign = "−" if value < 0 else ""
    v = abs(float(value))
    scale = _scale(v, digits)
    if scale:
        amount = v / SCALE_DIVISOR[scale]
    else:
        units = round(v * 1e6)
        if lang == "en":
            return f"{sign}{symbol}{units:,}"
        if units >= 1000 and units % 1000 == 0:
            return sign + arabic.scaled(units / 1000, "thousand", word, 0, case=case)
        if currency == "usd":
            return sign + arabic.count(units, "dollar")
        return f"{sign}{units:,} {word}"  # «يورو» does not inflect
    if lang == "en":
        return f"{sign}{symbol}{_trim(_round(amount, digits))} {scale}"
    return sign + arabic.scaled(amount, scale, word, digits, case=case)


def more_than(text: str, lang: str) -> str:
    """A figure the sources give only as a floor: 'more than $4 billion' / «أكثر من 4 مليارات دولار»."""
    return f"{t('claims.more_than', lang)} {text}"


def money_range(low: float, high: float, lang: str, digits: int = 1) -> str:
    """A range of US-dollar amounts in millions, both ends on one scale, the scale and the currency
    written once: (4300, 4500) -> '$4.3–4.5 billion' / «ما بين 4.3 و4.5 مليار دولار» (the noun
    agrees with the upper end)."""
    check_lang(lang)
    if not low < high:
        raise ValueError(f"a range runs from the lower end to the higher: {low} to {high}")
    scale = _scale(low, digits)
    if low < 1 or not scale or _scale(high, digits) != scale:
        raise ValueError(f"both ends of a range must be on one scale of at least a million: {low}, {high}")
    divisor = SCALE_DIVISOR[scale]
    first = _trim(_round(low / divisor, digits))
    if lang == "en":
        return f"${first}–{_trim(_round(high / divisor, digits))} {scale}"
    return f"ما بين {first} و{arabic.scaled(high / divisor, scale, CURRENCIES['usd'][1], digits)}"


def money_musd(value: float, lang: str, digits: int = 1, *, case: str = "obl") -> str:
    """:func:`money` in US dollars (the unit of most of the book's tables)."""
    return money(value, lang, digits, currency="usd", case=case)


def money_eur_m(value: float, lang: str, digits: int = 1) -> str:
    """:func:`money` in euros."""
    return money(value, lang, digits, currency="eur")


def bcm(value: float, lang: str, digits: int = 1) -> str:
    """Billion cubic metres of gas: '1 bcm', '12.5 bcm' / «مليار متر مكعب», «12.5 مليار متر مكعب»."""
    check_lang(lang)
    if lang == "en":
        return f"{_trim(_round(value, digits))} bcm"
    return arabic.scaled(value, "billion", "متر مكعب", digits)


def dollars(value: float, lang: str) -> str:
    """A sum in whole dollars: '$480' / «480 دولارًا»."""
    check_lang(lang)
    return f"${_round(value, 0)}" if lang == "en" else arabic.count(int(round(value)), "dollar")


def quarter(q: int, year: int, lang: str) -> str:
    """'Q4 2024' / «الربع الرابع من 2024»."""
    check_lang(lang)
    return f"Q{q} {year}" if lang == "en" else arabic.quarter(q, year)


def rank(n: int, lang: str) -> str:
    """A rank among partners: 'third' / «الثالثة» (as in «في المرتبة الثالثة»)."""
    check_lang(lang)
    if lang == "ar":
        return arabic.ordinal(n, "f")
    words = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth"]
    return words[n - 1] if 1 <= n <= 10 else f"{n}th"


def ltr(text: str, lang: str) -> str:
    """A run of Latin letters or of numbers with punctuation, isolated so that it draws the same
    way wherever it stands in Arabic text (no change in English)."""
    check_lang(lang)
    return f"{LRI}{text}{PDI}" if lang == "ar" else text


# Latin letters include the accented ones of Latin-script names (Hürriyet, Notícias).
LATIN_RUN = re.compile(r"[0-9.]*[A-Za-z\u00C0-\u024F][A-Za-z\u00C0-\u024F0-9.\-’'&/]*"
                       r"(?:,?\s+&?\s*[A-Za-z\u00C0-\u024F0-9(][A-Za-z\u00C0-\u024F0-9.\-’'&/)]*)*")
# A range of numbers ("2009–2013", "4.3–4.5"), which an Arabic line would otherwise draw reversed.
NUMBER_RANGE = re.compile(r"(?<![\d\u2066])\d[\d,.]*[–-]\d[\d,.]*(?![\d\u2069])")
LEFT_TO_RIGHT_RUN = re.compile(f"{LATIN_RUN.pattern}|{NUMBER_RANGE.pattern}")
ARABIC_SCRIPT = re.compile("[\u0600-\u06FF]")
LATIN_LETTER = re.compile("[A-Za-z\u00C0-\u024F]")


def isolate_ranges(text: str, lang: str) -> str:
    """Plain text (a figure's title, caption or text alternative) with each range of numbers not yet
    isolated wrapped in a left-to-right isolate in Arabic, as :func:`span` writes one; English as is."""
    check_lang(lang)
    return NUMBER_RANGE.sub(lambda m: f"{LRI}{m.group()}{PDI}", text) if lang == "ar" else text


def text_html(text: str, lang: str) -> str:
    """Text from the data as HTML: escaped and, in Arabic, with each run of Latin words (a name kept
    in its own letters, an outlet's address, a quoted phrase) and each range of numbers isolated left
    to right in a ``<bdi dir="ltr">``, as the {ltr} role and :func:`span` do in the chapters."""
    import html

    check_lang(lang)
    if lang != "ar":
        return html.escape(text)
    if not ARABIC_SCRIPT.search(text):  # a name or title wholly in Latin letters: one isolate
        return f'<bdi dir="ltr">{html.escape(text)}</bdi>' if LATIN_LETTER.search(text) else html.escape(text)
    out, last = [], 0
    for match in LEFT_TO_RIGHT_RUN.finditer(text):
        out.append(html.escape(text[last:match.start()]))
        out.append(f'<bdi dir="ltr">{html.escape(match.group())}</bdi>')
        last = match.end()
    out.append(html.escape(text[last:]))
    return "".join(out)


def join(items: list[str], lang: str) -> str:
    """A list written out: 'a; b; c' / «أ؛ ب؛ ج» (the Arabic semicolon between items)."""
    check_lang(lang)
    return ("؛ " if lang == "ar" else "; ").join(items)


def date(value: dt.date, lang: str, precision: str = "day") -> str:
    """25 December 2024 / 25 ديسمبر 2024; month or year precision drops the rest."""
    check_lang(lang)
    month = MONTHS[lang][value.month - 1]
    if precision == "year":
        return str(value.year)
    if precision == "month":
        return f"{month} {value.year}"
    return f"{value.day} {month} {value.year}"


def span(first, last, lang: str) -> str:
    """A range of years or numbers, '2009–2013'. In Arabic text the bidirectional algorithm
    would show it reversed ('2013–2009'), so the Arabic form is wrapped in a left-to-right isolate."""
    check_lang(lang)
    text = f"{first}–{last}"
    return f"{LRI}{text}{PDI}" if lang == "ar" else text


def period(year: int, months: int, lang: str) -> str:
    """A period counted from January: '2023' for a whole year, '2023 (Jan–Sep)' otherwise."""
    check_lang(lang)
    if months == 12:
        return str(year)
    first, last = SHORT_MONTHS[lang][0], SHORT_MONTHS[lang][months - 1]
    return f"{year} ({first}–{last})"


def vega_locale(lang: str) -> dict:
    """Vega locale options (for _static/bm-charts.js) that make axis numbers and dates follow the edition."""
    check_lang(lang)
    number_locale = {"decimal": ".", "thousands": ",", "grouping": [3],
                     "currency": ["$", ""] if lang == "en" else ["", " دولار"]}
    time_locale = {
        "dateTime": "%A %e %B %Y %X", "date": "%d/%m/%Y", "time": "%H:%M:%S",
        "periods": ["AM", "PM"] if lang == "en" else ["ص", "م"],
        "days": DAYS[lang], "shortDays": DAYS[lang] if lang == "ar" else [d[:3] for d in DAYS[lang]],
        "months": MONTHS[lang], "shortMonths": SHORT_MONTHS[lang],
    }
    return {"formatLocale": number_locale, "timeFormatLocale": time_locale}
