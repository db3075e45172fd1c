"""Arabic number–noun agreement, as the Arab press writes it with Western digits.

Every counted noun the Arabic edition prints goes through :func:`count` (and amounts of money
and large quantities through :func:`scaled`), so the grammar lives here once:

- 1: the noun and «واحد/واحدة» after it: «ادعاء واحد», «واقعة واحدة»;
- 2: the dual: «ادعاءان» (subject) or «ادعاءين» (after a preposition or as an object);
- 3–10: the plural, genitive: «3 ادعاءات», «8 أيام»;
- 11–99: the singular, accusative (tamyiz, with tanwin): «11 ادعاءً», «88 واقعةً»;
- 100 and up: by the last two digits (203 → «203 ادعاءات», 119 → «119 ادعاءً»); a round
  hundred, or 1–2 after hundreds, takes the singular genitive: «100 ادعاء», «101 ادعاء».

An adjective after the counted noun agrees with what stands before it (``adjective=``; the forms are
in ``adjectives.yml``): «ادعاء واحد مؤكَّد», «ادعاءان مؤكَّدان» / «ادعاءين مؤكَّدين», «3 ادعاءات
مؤكَّدة» (a plural of things takes the feminine singular), «34 ادعاءً مؤكَّدًا» (the accusative
singular, like the tamyiz), «100 ادعاء مؤكَّد», «49 أطروحةً مقيَّمةً».

The noun forms are in ``nouns.yml`` (singular, its accusative with tanwin, dual in both cases,
plural, gender); a noun missing there is an error, not a guess. Large amounts are written with
the scale word, which is itself counted: «مليار دولار», «ملياري دولار», «3 مليارات دولار»,
«4.4 مليار دولار», «300 ألف», «نصف مليون»; no trailing «.0».
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml

ORDINALS_F = ["الأولى", "الثانية", "الثالثة", "الرابعة", "الخامسة", "السادسة", "السابعة", "الثامنة",
              "التاسعة", "العاشرة"]
ORDINALS_M = ["الأول", "الثاني", "الثالث", "الرابع", "الخامس", "السادس", "السابع", "الثامن", "التاسع", "العاشر"]
FIELDS = ("one", "acc", "dual", "dual_obl", "plural", "gender")


@lru_cache(maxsize=1)
def nouns() -> dict[str, dict[str, str]]:
    path = Path(__file__).with_name("nouns.yml")
    table = yaml.safe_load(path.read_text(encoding="utf-8"))
    for key, forms in table.items():
        missing = [f for f in FIELDS if not forms.get(f)]
        if missing:
            raise ValueError(f"{path.name}: noun {key!r} lacks {', '.join(missing)}")
        if forms["gender"] not in ("m", "f"):
            raise ValueError(f"{path.name}: noun {key!r}: gender must be 'm' or 'f'")
    return table


def noun(key: str) -> dict[str, str]:
    try:
        return nouns()[key]
    except KeyError:
        raise KeyError(f"nouns.yml has no noun {key!r}") from None


ADJECTIVE_FORMS = ("one", "acc", "dual", "dual_obl")


@lru_cache(maxsize=1)
def adjectives() -> dict[str, dict]:
    path = Path(__file__).with_name("adjectives.yml")
    table = yaml.safe_load(path.read_text(encoding="utf-8"))
    for key, entry in table.items():
        for gender in ("m", "f"):
            missing = [f for f in ADJECTIVE_FORMS if not (entry.get(gender) or {}).get(f)]
            if missing:
                raise ValueError(f"{path.name}: adjective {key!r} lacks {gender}: {', '.join(missing)}")
        if not entry.get("plural") or not entry.get("en"):
            raise ValueError(f"{path.name}: adjective {key!r} lacks its plural or its English")
    return table


def adjective(key: str) -> dict:
    try:
        return adjectives()[key]
    except KeyError:
        raise KeyError(f"adjectives.yml has no adjective {key!r}") from None


def _adjective_form(key: str, noun_forms: dict, form: str) -> str:
    """The form of adjective ``key`` that agrees with a noun (its gender) in ``form``: one of
    one/acc/dual/dual_obl, or plural."""
    entry = adjective(key)
    if form != "plural":
        return entry[noun_forms["gender"]][form]
    if noun_forms.get("human"):
        if not entry.get("plural_human"):
            raise KeyError(f"adjectives.yml: adjective {key!r} has no plural_human for the noun {noun_forms['one']!r}")
        return entry["plural_human"]
    return entry["plural"]


def _digits(n: int) -> str:
    return f"{n:,}"


def count(n: int, key: str, *, case: str = "obl", definite: bool = False, adjective: str | None = None) -> str:
    """``n`` of the noun ``key``, agreeing in number: «3 ادعاءات», «88 واقعةً», «ادعاءان».

    ``case`` matters only for the dual: "nom" (a subject) or "obl" (after a preposition, an
    object: the common case in the book's sentences). ``definite`` writes «الـ36 ادعاءً».
    ``adjective`` (a key of adjectives.yml) follows the noun and agrees with it: «34 ادعاءً مؤكَّدًا».
    """
    if int(n) != n or n < 0:
        raise ValueError(f"count(): {n!r} is not a whole number of things")
    if adjective is not None:
        if definite:
            raise ValueError("count(): a definite count with an adjective is not supported; write the phrase out")
        return _count_with_adjective(int(n), key, adjective, case)
    n = int(n)
    forms = noun(key)
    one_word = "واحد" if forms["gender"] == "m" else "واحدة"
    prefix = "الـ" if definite else ""
    if n == 0:
        return f"{prefix}0 {forms['one']}"
    if n == 1:
        return f"{_definite(forms['one'])} ال{one_word}" if definite else f"{forms['one']} {one_word}"
    if n == 2:
        dual = forms["dual"] if case == "nom" else forms["dual_obl"]
        return _definite(dual) if definite else dual
    tail = n % 100
    if n < 100 and 3 <= n <= 10 or n >= 100 and 3 <= tail <= 10:
        return f"{prefix}{_digits(n)} {forms['plural']}"
    if 11 <= tail <= 99:
        return f"{prefix}{_digits(n)} {forms['acc']}"
    return f"{prefix}{_digits(n)} {forms['one']}"  # 100, 200 …, and 101, 102 …


def _count_with_adjective(n: int, key: str, adj: str, case: str) -> str:
    """:func:`count` with an adjective after the noun, each agreeing with the number: the plural of
    3–10 takes the adjective's plural, the tamyiz of 11–99 its accusative singular, the dual its dual
    in the same case, and 1 (or 0, 100, 101 …) its singular."""
    forms = noun(key)
    if n == 1:
        return f"{count(1, key)} {_adjective_form(adj, forms, 'one')}"
    if n == 2:
        form = "dual" if case == "nom" else "dual_obl"
        return f"{count(2, key, case=case)} {_adjective_form(adj, forms, form)}"
    tail = n % 100
    if 3 <= tail <= 10:
        form = "plural"
    elif 11 <= tail <= 99:
        form = "acc"
    else:
        form = "one"  # 0, and 100, 101, 102, 200 …: the singular genitive
    return f"{count(n, key)} {_adjective_form(adj, forms, form)}"


def _definite(phrase: str) -> str:
    """A noun phrase with the article on the noun and on each adjective, not on a prepositional
    complement: «واقعتين قابلتين للتحقق» -> «الواقعتين القابلتين للتحقق»."""
    return " ".join(w if w.startswith(("ال", "لل")) else "ال" + w for w in phrase.split())


def _trim(value: float, digits: int) -> str:
    """A number with at most ``digits`` decimals and no trailing zeros: 4.0 -> '4', 4.40 -> '4.4'."""
    text = f"{value:,.{digits}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


SCALES = {"billion": "billion", "million": "million", "thousand": "thousand"}


def scaled(value: float, scale: str, unit: str = "", digits: int = 1, *, case: str = "obl") -> str:
    """An amount in a scale word, counted: (4.4, "billion", "دولار") -> «4.4 مليار دولار»;
    (2, "billion") -> «ملياري دولار»; (3, "million") -> «3 ملايين»; (0.5, "million") -> «نصف مليون».

    ``unit`` is the counted unit that follows («دولار», «برميل», «متر مكعب»); it stays singular
    after the scale word, as the press writes it."""
    if scale not in SCALES:
        raise ValueError(f"scaled(): unknown scale {scale!r}")
    text = _trim(value, digits)
    rounded = float(text.replace(",", ""))
    tail = f" {unit}" if unit else ""
    forms = noun(scale)
    if rounded == 0.5 and scale in ("million", "billion"):
        return f"نصف {forms['one']}{tail}"
    if rounded != int(rounded):
        return f"{text} {forms['one']}{tail}"
    n = int(rounded)
    if not unit:
        return count(n, scale, case=case)
    if n in (1, 2):
        return _small_scale(n, scale, tail, case)
    last = n % 100
    # Before its unit the scale word is in construct: «11 مليار دولار», not «مليارًا».
    form = forms["plural"] if 3 <= last <= 10 and (n < 100 or last >= 3) else forms["one"]
    return f"{_digits(n)} {form}{tail}"


def _small_scale(n: int, scale: str, tail: str, case: str) -> str:
    """One or two of a scale word before a unit: «مليار دولار», «ملياري دولار» (construct state: the
    dual loses its nun before the unit)."""
    forms = noun(scale)
    if n == 1:
        return f"{forms['one']}{tail}"
    dual = forms["dual"] if case == "nom" else forms["dual_obl"]
    return f"{dual.removesuffix('ن')}{tail}"


def ordinal(n: int, gender: str = "f") -> str:
    """«الثالثة» (a rank, «المرتبة الثالثة»); 11 and up in digits: «الـ11»."""
    if 1 <= n <= 10:
        return (ORDINALS_F if gender == "f" else ORDINALS_M)[n - 1]
    return f"الـ{n}"


QUARTERS = ["الأول", "الثاني", "الثالث", "الرابع"]


def quarter(q: int, year: int) -> str:
    """«الربع الرابع من 2024»."""
    if not 1 <= q <= 4:
        raise ValueError(f"quarter(): {q!r} is not a quarter")
    return f"الربع {QUARTERS[q - 1]} من {year}"
