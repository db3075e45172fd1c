"""Words and number formats for the two editions.

Every piece of chart text (titles, axis titles, legend entries, tooltips) is looked up
here by key from ``labels.yml``, so no notebook carries its own dictionary. Numbers
and dates are formatted here too, once for English and once for Arabic.

The Arabic edition writes digits as 0-9 (as the Arabic press the book draws on does),
month names in the form used in Egypt and the Gulf, and amounts as
"4.4 مليار دولار".
"""

from __future__ import annotations

import datetime as dt
import math
from functools import lru_cache
from pathlib import Path

import yaml

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


def number(value: float, lang: str, digits: int = 0) -> str:
    """A plain number: 1,300 (both editions use 0-9 and a comma for thousands)."""
    check_lang(lang)
    return _round(value, digits)


def percent(value: float, lang: str, digits: int = 0) -> str:
    """A percentage given in percent units (23.4 -> '23%')."""
    check_lang(lang)
    return f"{_round(value, digits)}%"


def money_musd(value: float, lang: str, digits: int = 1) -> str:
    """An amount given in millions of US dollars, in words of the edition.

    4410 -> '$4.4 billion' / '4.4 مليار دولار'; 802.2 -> '$802 million' / '802 مليون دولار'.
    """
    check_lang(lang)
    if abs(value) >= 1000:
        amount, unit = _round(value / 1000, digits), ("billion", "مليار")
    else:
        amount, unit = _round(value, 0), ("million", "مليون")
    if lang == "en":
        return f"${amount} {unit[0]}"
    # Arabic counts three to ten take the plural: 8 مليارات، 5 ملايين.
    plural = {"مليار": "مليارات", "مليون": "ملايين"}
    whole = amount.replace(",", "")
    word = plural[unit[1]] if whole.isdigit() and 3 <= int(whole) <= 10 else unit[1]
    return f"{amount} {word} دولار"


def date(value: dt.date, lang: str, precision: str = "day") -> str:
    """25 December 2024 / 25 ديسمبر 2024; month or year precision drops the rest."""
    check_lang(lang)
    month = MONTHS[lang][value.month - 1]
    if precision == "year":
        return str(value.year)
    if precision == "month":
        return f"{month} {value.year}"
    return f"{value.day} {month} {value.year}"


LRI, PDI = "\u2066", "\u2069"  # left-to-right isolate, pop directional isolate


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
