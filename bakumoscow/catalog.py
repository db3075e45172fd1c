"""Describe the data package's tables for readers: the Data appendix of both editions.

:class:`TableDoc` renders one table's description, coverage, fields and download links
as HTML in the edition's language, from ``datapackage.json`` (the schema is the single
source of the field descriptions: ``description`` in English, ``bm:description_ar`` in
Arabic) and from the validated table itself (coverage is computed, never typed).
"""

from __future__ import annotations

import html
from dataclasses import dataclass

import pandas as pd

from . import data, i18n

DOWNLOADS = "../../data/"  # where the build copies data/ (see _ext/bilingual.py), relative to book/<lang>/data.html


def coverage(name: str) -> dict:
    """Rows, period covered, number of sources and the share of them that are primary."""
    frame = data.load(name)
    out = {"rows": len(frame)}
    for start, end in (("year", "year"), ("window_start", "window_end"), ("date", "date")):
        if start in frame and end in frame:
            lo, hi = frame[start].min(), frame[end].max()
            if not pd.api.types.is_numeric_dtype(frame[start]):  # dates, whether parsed or ISO text
                lo, hi = pd.Timestamp(lo).year, pd.Timestamp(hi).year
            out["period"] = (int(lo), int(hi))
            break
    if "source_id" in frame and name != "sources":
        sources = data.load("sources").set_index("source_id")
        cited = sources.loc[sorted(set(frame["source_id"].dropna()))]  # optional in some tables
        out["sources"] = len(cited)
        out["primary"] = int((cited["kind"] == "primary").sum())
    return out


@dataclass
class TableDoc:
    name: str
    lang: str

    def __post_init__(self):
        i18n.check_lang(self.lang)
        self.resource = data.resource_descriptor(self.name)

    def _text(self, item: dict, key: str = "description") -> str:
        return item.get(key, "") if self.lang == "en" else item.get(f"bm:{key}_ar", "")

    def coverage_line(self) -> str:
        cov, t = coverage(self.name), (lambda key: i18n.t(key, self.lang))
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
        for field in self.resource["schema"]["fields"]:
            required = field.get("constraints", {}).get("required", False)
            name = html.escape(field["name"])
            name = f"<strong>{name}</strong>" if field["name"] in keys else name
            kind = t(f"catalog.type.{field.get('type', 'string')}") + ("" if required else f" ({t('catalog.optional')})")
            rows.append(f'<tr><td><code dir="ltr">{name}</code></td><td>{html.escape(kind)}</td>'
                        f'<td>{html.escape(field.get("unit", ""))}</td><td>{html.escape(self._text(field))}</td></tr>')
        return (f'<table class="bm-data-table bm-fields"><caption>{html.escape(t("catalog.key_note"))}</caption>'
                f'<thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>')

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


def package_summary() -> dict:
    """Counts for the appendix's opening paragraph."""
    tables = data.validate_all()
    sources = tables["sources"]
    return {
        "tables": len(tables),
        "rows": sum(len(f) for n, f in tables.items() if n not in ("sources", "publishers")),
        "sources": len(sources),
        "primary": int((sources["kind"] == "primary").sum()),
        "undated": int(sources["published"].isna().sum()),
        "publishers": len(tables["publishers"]),
    }


@dataclass
class Glossary:
    """The glossary of names (data/glossary.csv) as a table in the edition's language."""

    lang: str

    def html(self) -> str:
        i18n.check_lang(self.lang)
        t = lambda key: i18n.t(key, self.lang)  # noqa: E731
        table = data.load("glossary").sort_values(["kind", "name_en"])
        own, other = ("name_en", "name_ar") if self.lang == "en" else ("name_ar", "name_en")
        head = "".join(f'<th scope="col">{html.escape(t(k))}</th>' for k in
                       ("glossary.name", "glossary.other", "glossary.ru", "glossary.az", "glossary.role", "glossary.variants"))
        other_lang = "ar" if self.lang == "en" else "en"
        rows = []
        for _, r in table.iterrows():
            cells = [
                f"<td><strong>{html.escape(r[own])}</strong></td>",
                f'<td lang="{other_lang}" dir="{i18n.DIRECTION[other_lang]}">{html.escape(r[other])}</td>',
                f'<td lang="ru" dir="ltr">{html.escape(r["name_ru"] if pd.notna(r["name_ru"]) else "")}</td>',
                f'<td lang="az" dir="ltr">{html.escape(r["name_az"] if pd.notna(r["name_az"]) else "")}</td>',
                f"<td>{html.escape(r['role_en'] if self.lang == 'en' else r['role_ar'])}</td>",
                f"<td>{html.escape(r['variants'] if pd.notna(r['variants']) else '')}</td>",
            ]
            rows.append(f'<tr id="name-{html.escape(r["term_id"])}">{"".join(cells)}</tr>')
        # tabindex: the table scrolls sideways in the text column, so keyboard users must be able to focus it
        return (f'<table class="bm-data-table bm-glossary" tabindex="0"><thead><tr>{head}</tr></thead>'
                f'<tbody>{"".join(rows)}</tbody></table>')

    def _repr_html_(self) -> str:
        return self.html()
