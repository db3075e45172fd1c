"""Describe the data package's tables for readers: the Data appendix of both editions.

:class:`TableDoc` renders one table's description, coverage, fields and download links
as HTML in the edition's language, from ``datapackage.json`` (the schema is the single
source of the field descriptions: ``description`` in English, ``bm:description_ar`` in
Arabic) and from the validated table itself (coverage is computed, never typed).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

import pandas as pd

from . import i18n

DOWNLOADS = "data/"  # where the build copies data/ (tools/assemble.py), relative to <lang>/data.html

# The units of datapackage.json (a field's ``unit``) as each edition names them; a unit not listed
# here is shown as the code it is, isolated left to right.
UNITS = {
    "USD million": {"en": "USD million", "ar": "مليون دولار"},
    "bcm": {"en": "billion cubic metres", "ar": "مليار متر مكعب"},
    "percent": {"en": "percent", "ar": "نسبة مئوية"},
    "persons": {"en": "persons", "ar": "أشخاص"},
}
LATIN_RUN = re.compile(r"[A-Za-z][A-Za-z0-9_.:=/'-]*(?:[ -][0-9][0-9.-]*)?")


def arabic_html(text: str) -> str:
    """Arabic text as HTML with its Latin runs (codes, file names, values such as ``true``)
    isolated left to right, so that they draw in place inside the right-to-left line."""
    out, last = [], 0
    for match in LATIN_RUN.finditer(text):
        run = match.group().rstrip(".:")
        out.append(html.escape(text[last:match.start()]))
        out.append(f'<code dir="ltr" translate="no">{html.escape(run)}</code>')
        last = match.start() + len(run)
    out.append(html.escape(text[last:]))
    return "".join(out)


def unit_html(unit: str, lang: str) -> str:
    """A field's unit in the edition's words."""
    if not unit:
        return ""
    if unit in UNITS:
        return html.escape(UNITS[unit][lang])
    return f'<code dir="ltr">{html.escape(unit)}</code>' if lang == "ar" else html.escape(unit)


def coverage(name: str, frame: pd.DataFrame, sources: pd.DataFrame) -> dict:
    """Rows, period covered, number of sources and how many of them are primary (the producer's own page)."""
    out = {"rows": len(frame)}
    for start, end in (("year", "year"), ("window_start", "window_end"), ("date", "date")):
        if start in frame and end in frame:
            lo, hi = frame[start].min(), frame[end].max()
            if not pd.api.types.is_numeric_dtype(frame[start]):  # dates, whether parsed or ISO text
                lo, hi = pd.Timestamp(lo).year, pd.Timestamp(hi).year
            out["period"] = (int(lo), int(hi))
            break
    if "source_id" in frame and name != "sources":
        ids = set(frame["source_id"].dropna())
        if "also" in frame:
            ids |= {s for cell in frame["also"].dropna() for s in str(cell).split(";") if s}
        cited = sources.set_index("source_id").loc[sorted(ids)]
        out["sources"] = len(cited)
        out["primary"] = int((cited["kind"] == "primary").sum())
    return out


@dataclass
class TableDoc:
    """One table of the data package described for readers: what it holds, its coverage, its
    download and its fields (from the descriptor: ``description`` and ``bm:description_ar``)."""

    name: str
    lang: str
    frame: pd.DataFrame = field(repr=False)
    sources: pd.DataFrame = field(repr=False)
    resource: dict = field(repr=False)

    def __post_init__(self):
        i18n.check_lang(self.lang)

    def _text(self, item: dict, key: str = "description") -> str:
        return item.get(key, "") if self.lang == "en" else item.get(f"bm:{key}_ar", "")

    def _html(self, item: dict, key: str = "description") -> str:
        """The description as HTML: in Arabic, the codes it names isolated left to right."""
        text = self._text(item, key)
        return html.escape(text) if self.lang == "en" else arabic_html(text)

    def coverage_line(self) -> str:
        cov, t = coverage(self.name, self.frame, self.sources), (lambda key: i18n.t(key, self.lang))
        parts = [f"{t('catalog.rows')}: {i18n.number(cov['rows'], self.lang)}"]
        if "period" in cov:
            lo, hi = cov["period"]
            parts.append(f"{t('catalog.period')}: {i18n.span(lo, hi, self.lang)}" if lo != hi else f"{t('catalog.period')}: {lo}")
        if "sources" in cov:
            parts.append(f"{t('catalog.sources')}: {i18n.number(cov['sources'], self.lang)} "
                         f"({t('catalog.primary')}: {i18n.number(cov['primary'], self.lang)})")
        return " · ".join(parts)

    def fields_html(self) -> str:
        t = lambda key: i18n.t(key, self.lang)  # noqa: E731
        head = "".join(f'<th scope="col">{html.escape(t(k))}</th>'
                       for k in ("catalog.field", "catalog.type", "catalog.unit", "catalog.meaning"))
        rows = []
        keys = set(self.resource["schema"].get("primaryKey", []))
        for item in self.resource["schema"]["fields"]:
            required = item.get("constraints", {}).get("required", False)
            name = html.escape(item["name"])
            name = f"<strong>{name}</strong>" if item["name"] in keys else name
            kind = t(f"catalog.type.{item.get('type', 'string')}") + ("" if required else f" ({t('catalog.optional')})")
            rows.append(f'<tr><th scope="row"><code dir="ltr">{name}</code></th><td>{html.escape(kind)}</td>'
                        f'<td>{unit_html(item.get("unit", ""), self.lang)}</td><td>{self._html(item)}</td></tr>')
        return (f'<div class="bm-table-scroll" tabindex="0" role="region" aria-label="{html.escape(t("catalog.field"))}: '
                f'{html.escape(self.resource["path"])}"><table class="bm-data-table bm-fields">'
                f'<caption>{html.escape(t("catalog.key_note"))}</caption>'
                f'<thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table></div>')

    def html(self) -> str:
        t = lambda key: i18n.t(key, self.lang)  # noqa: E731
        path = html.escape(DOWNLOADS + self.resource["path"])
        return (
            f'<div class="bm-table-doc" id="table-{html.escape(self.name)}" lang="{self.lang}" dir="{i18n.DIRECTION[self.lang]}">'
            f"<p>{self._html(self.resource)}</p>"
            f'<p class="bm-coverage">{html.escape(self.coverage_line())}</p>'
            f'<p class="bm-download"><a href="{path}" download>{html.escape(t("catalog.download"))} '
            f'<code dir="ltr">{html.escape(self.resource["path"])}</code></a></p>'
            f"{self.fields_html()}</div>"
        )

    def _repr_html_(self) -> str:
        return self.html()


def package_summary(tables: dict[str, pd.DataFrame]) -> dict:
    """Counts for the appendix's opening paragraph."""
    sources = tables["sources"]
    return {
        "tables": len(tables),
        "rows": sum(len(f) for n, f in tables.items() if n not in ("sources", "publishers")),
        "sources": len(sources),
        "primary": int((sources["kind"] == "primary").sum()),
        "undated": int(sources["published"].isna().sum()),
        "publishers": len(tables["publishers"]),
    }


ARABIC_SORT = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه", "ؤ": "و", "ئ": "ي", "ـ": ""})
KINDS = ("person", "organisation", "place", "term")
OPENING_MARKS = "«»\"'“”‘’„()[] "


def sort_key(name: str, lang: str) -> str:
    """How an index orders a name: in Arabic, without the article «ال», quotation marks and
    brackets, with the hamza's seats and the final forms folded, as Arabic dictionaries and
    indexes do; in English, case-folded and without quotation marks."""
    name = name.strip(OPENING_MARKS)
    if lang == "en":
        return name.casefold()
    words = name.split()
    first = words[0][2:] if words and words[0].startswith("ال") and len(words[0]) > 3 else (words[0] if words else "")
    return " ".join([first, *words[1:]]).translate(ARABIC_SORT)


# People are listed by family name, as English and Arabic indexes list them: «بيسكوف، دميتري».
# The family name is the last word of the name, with the particles an English name carries before
# it (de, von der); where the Arabic spelling writes a one-word family name in several words, its
# Arabic family name is given here.
PARTICLES = {"de", "da", "del", "der", "di", "van", "von", "bin", "al", "le", "la"}
FAMILY_NAME_AR = {
    "sahib-alakbarov": "علي أكبروف",
    "tofiq-zulfugarov": "ذو الفقاروف",
    "hossein-amirabdollahian": "أمير عبد اللهيان",
    "aykhan-hajizada": "حاجي زاده",
    "alihuseyn-guluzade": "قلي زاده",
    "ilgar-velizade": "ولي زاده",
    "saeed-khatibzadeh": "خطيب زاده",
}


def family_name_words(name_en: str) -> int:
    """How many of an English name's last words make its family name ('Thomas de Waal': 2)."""
    words = name_en.split()
    n = 1
    while n < len(words) and words[-n - 1] in PARTICLES:
        n += 1
    return n


def inverted(name: str, lang: str, term_id: str = "", name_en: str = "") -> tuple[str, str]:
    """A person's name as an index gives it, family name first, and the family name alone (the
    sort key): ('Peskov, Dmitry', 'Peskov') / («بيسكوف، دميتري», «بيسكوف»)."""
    words = name.split()
    if lang == "ar" and term_id in FAMILY_NAME_AR:
        family = FAMILY_NAME_AR[term_id]
        if not name.endswith(" " + family):
            raise ValueError(f"catalog.FAMILY_NAME_AR[{term_id!r}]: {family!r} does not end the name {name!r}")
        n = len(family.split())
    else:
        n = family_name_words(name_en or name)
        n = n if n < len(words) else 1
    if n >= len(words):
        return name, name
    family, given = " ".join(words[-n:]), " ".join(words[:-n])
    return f"{family}{'، ' if lang == 'ar' else ', '}{given}", family


# What the glossary notes about a spelling met in the articles or the sources, in each edition
# (the ``variants`` cells of glossary.csv: "form (note, note)", forms separated by ';').
VARIANT_NOTES = {
    "machine translation": "ترجمة آلية",
    "Latin letters": "بحروف لاتينية",
    "Russian foreign ministry's English": "بالإنجليزية في موقع وزارة الخارجية الروسية",
    "Azerbaijani press": "الصحافة الأذربيجانية",
    "TASS": "تاس",
    "Trend": "ترند",
    "Middle East Eye": "ميدل إيست آي",
}
ARTICLE_NOTE = re.compile(r"^articles? (\d{3})(?:[–-](\d{3}))?$")
VARIANT = re.compile(r"^(?P<form>.*?)(?:\s*\((?P<notes>[^()]*)\))?$")


def variant_note(note: str, lang: str) -> str:
    """One note on a variant in the edition's words: 'article 003' / «المقال 003»."""
    note = note.strip()
    match = ARTICLE_NOTE.match(note)
    if match:
        first, last = match.groups()
        if lang == "en":
            return note
        return f"المقالات {i18n.span(first, last, lang)}" if last else f"المقال {first}"
    if note not in VARIANT_NOTES:
        raise ValueError(f"glossary.csv: the variant note {note!r} is not one the glossary can write in both "
                         f"editions; use 'article NNN' or one of {sorted(VARIANT_NOTES)} (bakumoscow/catalog.py), "
                         "and put anything else in the row's role")
    return note if lang == "en" else VARIANT_NOTES[note]


def variants_html(cell: str, lang: str) -> str:
    """The other spellings met, each in its own script and direction, with its notes in the
    edition's language, separated by '; ' / «؛ »."""
    items = []
    for part in re.split(r"\s*[;؛]\s*", cell or ""):
        if not part:
            continue
        match = VARIANT.match(part)
        form, notes = match.group("form").strip(), match.group("notes")
        direction = "auto" if i18n.ARABIC_SCRIPT.search(form) else "ltr"  # Latin and Cyrillic forms read left to right
        text = f'<bdi dir="{direction}">{html.escape(form)}</bdi>'
        if notes:
            said = ("، " if lang == "ar" else ", ").join(variant_note(n, lang) for n in notes.split(","))
            text += f" ({html.escape(said)})"
        items.append(text)
    return ("؛ " if lang == "ar" else "; ").join(items)


@dataclass
class Glossary:
    """The glossary of names (``data/glossary.csv``, the book's term base) as a table in the edition's
    language: grouped by kind (people, organisations, places, terms), ordered for the edition's
    readers (alphabetically by the edition's own form; people by family name, given as «بيسكوف،
    دميتري» / "Peskov, Dmitry"), each name with its forms in the other edition's language, Russian
    and Azerbaijani, what it is, and the other spellings met, their notes in the edition's words."""

    terms: pd.DataFrame = field(repr=False)
    lang: str

    def html(self) -> str:
        i18n.check_lang(self.lang)
        lang = self.lang
        t = lambda key: i18n.t(key, lang)  # noqa: E731
        own, other = i18n.col("name", lang), i18n.col("name", i18n.other(lang))
        other_lang = i18n.other(lang)
        head = "".join(f'<th scope="col">{html.escape(t(k))}</th>' for k in
                       ("glossary.name", "glossary.other", "glossary.ru", "glossary.az", "glossary.role", "glossary.variants"))
        cell = lambda value: "" if pd.isna(value) else html.escape(str(value))  # noqa: E731
        groups = []
        for kind in KINDS:
            rows = self.terms[self.terms["kind"] == kind]
            if rows.empty:
                continue
            shown, keys = [], []
            for _, r in rows.iterrows():
                if kind == "person":
                    name, family = inverted(r[own], lang, r["term_id"], r["name_en"])
                    keys.append((sort_key(family, lang), sort_key(r[own], lang)))
                else:
                    name = r[own]
                    keys.append((sort_key(name, lang), ""))
                shown.append(name)
            rows = rows.assign(_shown=shown, _key=keys).sort_values("_key")
            body = []
            for _, r in rows.iterrows():
                role = r[i18n.col("role", lang)]
                body.append(
                    f'<tr id="name-{html.escape(r["term_id"])}">'
                    f'<th scope="row"><strong>{i18n.text_html(str(r["_shown"]), lang)}</strong></th>'
                    f'<td lang="{other_lang}" dir="{i18n.DIRECTION[other_lang]}">{cell(r[other])}</td>'
                    f'<td lang="ru" dir="ltr">{cell(r["name_ru"])}</td><td lang="az" dir="ltr">{cell(r["name_az"])}</td>'
                    f"<td>{'' if pd.isna(role) else i18n.text_html(str(role), lang)}</td>"
                    f"<td>{variants_html('' if pd.isna(r['variants']) else str(r['variants']), lang)}</td></tr>")
            title = t(f"glossary.kind.{kind}")
            groups.append(
                f'<h2 id="glossary-{kind}">{html.escape(title)}</h2>'
                f'<div class="bm-table-scroll" tabindex="0" role="region" aria-labelledby="glossary-{kind}">'
                f'<table class="bm-data-table bm-glossary-table"><thead><tr>{head}</tr></thead>'
                f'<tbody>{"".join(body)}</tbody></table></div>')
        return f'<div class="bm-glossary" lang="{lang}" dir="{i18n.DIRECTION[lang]}">{"".join(groups)}</div>'

    def _repr_html_(self) -> str:
        return self.html()


@dataclass
class CountTable:
    """A table of counts with a total column (the Data appendix's measures of the evidence): rows and
    columns are named in the edition's language by the caller; the row's name is its header cell."""

    counts: pd.DataFrame = field(repr=False)
    lang: str
    row_header: str
    label: str
    rows: dict
    columns: dict
    total: str

    def _repr_html_(self) -> str:
        i18n.check_lang(self.lang)
        esc = html.escape
        head = (f'<th scope="col">{esc(self.row_header)}</th>'
                + "".join(f'<th scope="col">{esc(self.columns[c])}</th>' for c in self.counts.columns)
                + f'<th scope="col">{esc(self.total)}</th>')
        body = "".join(
            f'<tr><th scope="row">{esc(self.rows[index])}</th>'
            + "".join(f"<td>{i18n.number(int(v), self.lang)}</td>" for v in row)
            + f"<td><strong>{i18n.number(int(row.sum()), self.lang)}</strong></td></tr>"
            for index, row in self.counts.iterrows())
        return (f'<div class="bm-table-scroll" tabindex="0" role="region" aria-label="{esc(self.label)}" '
                f'lang="{self.lang}" dir="{i18n.DIRECTION[self.lang]}"><table class="bm-data-table">'
                f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>")
