"""Describe the data package's tables for readers: the Data appendix of both editions.

:class:`TableDoc` renders one table's description, coverage, fields and download links
as HTML in the edition's language, from ``datapackage.json`` (the schema is the single
source of the field descriptions: ``description`` in English, ``bm:description_ar`` in
Arabic) and from the validated table itself (coverage is computed, never typed).
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field

import pandas as pd

from . import i18n

DOWNLOADS = "data/"  # where the build copies data/ (tools/assemble.py), relative to <lang>/data.html


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
                        f'<td>{html.escape(item.get("unit", ""))}</td><td>{html.escape(self._text(item))}</td></tr>')
        return (f'<div class="bm-table-scroll" tabindex="0" role="region" aria-label="{html.escape(t("catalog.field"))}: '
                f'{html.escape(self.resource["path"])}"><table class="bm-data-table bm-fields">'
                f'<caption>{html.escape(t("catalog.key_note"))}</caption>'
                f'<thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table></div>')

    def html(self) -> str:
        t = lambda key: i18n.t(key, self.lang)  # noqa: E731
        path = html.escape(DOWNLOADS + self.resource["path"])
        return (
            f'<div class="bm-table-doc" id="table-{html.escape(self.name)}" lang="{self.lang}" dir="{i18n.DIRECTION[self.lang]}">'
            f"<p>{html.escape(self._text(self.resource))}</p>"
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


def sort_key(name: str, lang: str) -> str:
    """How an index orders a name: in Arabic, without the article «ال» and with the hamza's seats
    and the final forms folded, as Arabic dictionaries and indexes do; in English, case-folded."""
    if lang == "en":
        return name.casefold()
    words = name.split()
    first = words[0][2:] if words and words[0].startswith("ال") and len(words[0]) > 3 else (words[0] if words else "")
    return " ".join([first, *words[1:]]).translate(ARABIC_SORT)


@dataclass
class Glossary:
    """The glossary of names (``data/glossary.csv``, the book's term base) as a table in the edition's
    language: grouped by kind (people, organisations, places, terms), ordered for the edition's
    readers (alphabetically by the edition's own form), each name with its forms in the other
    edition's language, Russian and Azerbaijani, what it is, and the other spellings met."""

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
            rows = rows.assign(_key=[sort_key(n, lang) for n in rows[own]]).sort_values("_key")
            body = []
            for _, r in rows.iterrows():
                body.append(
                    f'<tr id="name-{html.escape(r["term_id"])}"><th scope="row"><strong>{cell(r[own])}</strong></th>'
                    f'<td lang="{other_lang}" dir="{i18n.DIRECTION[other_lang]}">{cell(r[other])}</td>'
                    f'<td lang="ru" dir="ltr">{cell(r["name_ru"])}</td><td lang="az" dir="ltr">{cell(r["name_az"])}</td>'
                    f"<td>{cell(r[i18n.col('role', lang)])}</td><td>{cell(r['variants'])}</td></tr>")
            title = t(f"glossary.kind.{kind}")
            groups.append(
                f'<h3 id="glossary-{kind}">{html.escape(title)}</h3>'
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
        head = f'<th scope="col">{esc(self.row_header)}</th>' + "".join(
            f'<th scope="col">{esc(self.columns[c])}</th>' for c in self.counts.columns) + f'<th scope="col">{esc(self.total)}</th>'
        body = "".join(
            f'<tr><th scope="row">{esc(self.rows[index])}</th>'
            + "".join(f"<td>{i18n.number(int(v), self.lang)}</td>" for v in row)
            + f"<td><strong>{i18n.number(int(row.sum()), self.lang)}</strong></td></tr>"
            for index, row in self.counts.iterrows())
        return (f'<div class="bm-table-scroll" tabindex="0" role="region" aria-label="{esc(self.label)}" '
                f'lang="{self.lang}" dir="{i18n.DIRECTION[self.lang]}"><table class="bm-data-table">'
                f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>")
