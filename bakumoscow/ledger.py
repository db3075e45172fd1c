"""The claims ledger: what the five articles state, and what the data say about it.

Each row of ``data/claims.csv`` is one checkable claim of one article (``data/articles.csv``):
a number, a dated event, a place, a name or a thesis, with the row of the data package
that tests it (``data_table`` + ``data_key``). :func:`verdict` computes the verdict from
that row; nothing in the ledger states a verdict except ``verdict_recorded``, which the
tests compare with the computed one so that a data change that would flip a verdict
fails until the ledger is reviewed.

Verdicts:

- **confirmed**: a number within ``tolerance`` (percent; percentage points for a growth
  rate) of the data; an event on the date stated (at the precision stated, give or take
  ``tolerance`` days); a place or a name as the data have it.
- **differs**: a number outside the tolerance but within :data:`CONTRADICT_AT` percent
  (points) of the data; a name written in a variant the glossary records.
- **contradicted**: a number further off than that; an event on another date; another place.
- **unsourced**: no row in the data tests it; said plainly.
- **weighed**: a thesis; the explanation gives the evidence for and against.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from . import i18n

VERDICTS = ("confirmed", "differs", "contradicted", "unsourced", "weighed")
# Okabe–Ito colours (and a grey) that read as their verdict: green, orange, vermillion, grey, sky blue.
VERDICT_COLORS = ["#009E73", "#E69F00", "#D55E00", "#8C8C8C", "#56B4E9"]
CONTRADICT_AT = 50.0
# The column a claim is compared with, when the claim does not name one.
DEFAULT_COLUMN = {"facts": "value", "trade_bilateral": "value_usd_m", "trade_partners": "value_usd_m",
                  "remittances": "value", "diaspora": "value", "gas_exports": "value", "arms_imports": "value",
                  "events": "date", "places": "place_id", "glossary": "name_ar"}
# The unit of a compared column when the table has no unit column.
COLUMN_UNIT = {"value_usd_m": "usd_m", "share_pct": "percent", "rank": "rank", "diaspora.value": "persons"}
# stated unit -> (data unit, factor): the stated value times factor is in the data's unit.
CONVERSIONS = {("usd_bn", "usd_m"): 1000.0, ("million_persons", "persons"): 1e6, ("eur_m", "eur_m"): 1.0}


@dataclass(frozen=True)
class Verdict:
    verdict: str
    data_value: object = None    # the value in the data (number, date, place id or name)
    difference: float | None = None  # stated minus data: percent of the data, points, or days
    difference_unit: str = ""    # "percent", "points" or "days"


def parse_key(text: str) -> dict[str, str]:
    """``"year=2023;months=12;flow=turnover"`` -> ``{"year": "2023", ...}``."""
    out = {}
    for part in str(text).split(";"):
        name, sep, value = part.partition("=")
        if not sep or not name.strip():
            raise ValueError(f"data key {text!r}: expected 'column=value' pairs separated by ';'")
        out[name.strip()] = value.strip()
    return out


def find_row(tables: dict[str, pd.DataFrame], table: str, key: str) -> pd.Series:
    """The one row of ``table`` that ``key`` names (the preferred one, where the table marks it)."""
    if table not in tables:
        raise KeyError(f"no table {table!r} in the data package")
    frame = tables[table]
    rows = frame
    for column, value in parse_key(key).items():
        if column not in frame.columns:
            raise KeyError(f"table {table!r} has no column {column!r} (key {key!r})")
        rows = rows[rows[column].astype(str).str.removesuffix(".0") == value]
    if "preferred" in rows.columns and len(rows) > 1:
        rows = rows[rows["preferred"]]
    if len(rows) != 1:
        raise KeyError(f"{len(rows)} rows of {table!r} match {key!r}, expected one")
    return rows.iloc[0]


def _unit_of(table: str, column: str, row: pd.Series) -> str:
    if "unit" in row.index and column in ("value", "value_high") and not pd.isna(row["unit"]):
        return str(row["unit"])
    return COLUMN_UNIT.get(f"{table}.{column}", COLUMN_UNIT.get(column, ""))


def _number_verdict(stated: float, data: float, tolerance: float, unit: str) -> Verdict:
    if unit == "points":
        diff = stated - data
    else:
        if data == 0:
            raise ValueError("cannot compare with a data value of zero")
        diff = 100.0 * (stated - data) / data
    size = abs(diff)
    verdict = "confirmed" if size <= tolerance else "differs" if size <= CONTRADICT_AT else "contradicted"
    return Verdict(verdict, data, round(diff, 1), unit)


def verdict(claim: pd.Series, tables: dict[str, pd.DataFrame]) -> Verdict:
    """The verdict on one claim, from the data it points to."""
    kind = claim["kind"]
    if kind == "thesis":
        return Verdict("weighed")
    if pd.isna(claim.get("data_table")) or not claim.get("data_table"):
        return Verdict("unsourced")
    table, tolerance = claim["data_table"], float(claim["tolerance"]) if not pd.isna(claim["tolerance"]) else 0.0
    row = find_row(tables, table, claim["data_key"])
    column = claim["data_column"] if not pd.isna(claim.get("data_column")) else DEFAULT_COLUMN[table]
    if kind == "number":
        data_unit = _unit_of(table, column, row)
        if not pd.isna(claim.get("base_key")) and claim.get("base_key"):
            base = find_row(tables, table, claim["base_key"])
            growth = 100.0 * (float(row[column]) / float(base[column]) - 1.0)
            return _number_verdict(float(claim["stated_value"]), round(growth, 1), tolerance, "points")
        stated_unit = claim["stated_unit"]
        factor = 1.0 if stated_unit == data_unit else CONVERSIONS.get((stated_unit, data_unit))
        if factor is None:
            raise ValueError(f"cannot compare {stated_unit!r} with {data_unit!r}")
        result = _number_verdict(float(claim["stated_value"]) * factor, float(row[column]), tolerance, "percent")
        return Verdict(result.verdict, float(row[column]) / factor, result.difference, result.difference_unit)
    if kind == "event":
        stated = str(claim["stated_date"])
        actual = pd.Timestamp(row[column])
        precision = {4: "year", 7: "month", 10: "day"}[len(stated)]
        if precision == "day":
            days = (pd.Timestamp(stated) - actual).days
            ok = abs(days) <= tolerance
            return Verdict("confirmed" if ok else "contradicted", actual.date(), float(days), "days")
        same = actual.strftime("%Y-%m" if precision == "month" else "%Y") == stated
        return Verdict("confirmed" if same else "contradicted", actual.date())
    if kind == "place":
        return Verdict("confirmed" if claim["stated_text"] == row[column] else "contradicted", row[column])
    if kind == "name":
        stated = str(claim["stated_text"])
        if stated == row[column]:
            return Verdict("confirmed", row[column])
        variants = str(row.get("variants", "") or "")
        return Verdict("differs" if stated in variants else "contradicted", row[column])
    raise ValueError(f"unknown kind {kind!r}")


def verdicts(claims: pd.DataFrame, tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """``claims`` with the computed verdict, the data value and the difference."""
    rows = []
    for _, claim in claims.iterrows():
        try:
            v = verdict(claim, tables)
        except (KeyError, ValueError) as exc:
            raise ValueError(f"data/claims.csv: claim {claim['claim_id']}: {exc}") from None
        rows.append({"verdict": v.verdict, "data_value": v.data_value, "difference": v.difference,
                     "difference_unit": v.difference_unit})
    return pd.concat([claims.reset_index(drop=True), pd.DataFrame(rows)], axis=1)


def stated_text(claim: pd.Series, lang: str) -> str:
    """The claim's number or date as the article states it, written for the edition."""
    i18n.check_lang(lang)
    if claim["kind"] == "number" and not pd.isna(claim["stated_value"]):
        value, unit = float(claim["stated_value"]), claim["stated_unit"]
        digits = 0 if value == int(value) else (2 if abs(value * 10 - round(value * 10)) > 1e-9 else 1)
        if unit == "usd_bn":
            return i18n.money_musd(value * 1000, lang, digits)
        if unit == "usd_m":
            return i18n.money_musd(value, lang, digits)
        if unit == "usd":
            return f"${i18n.number(value, lang, digits)}" if lang == "en" else f"{i18n.number(value, lang, digits)} دولار"
        if unit == "eur_m":
            # Arabic counts 3 to 10 take the plural (ملايين), other numbers the singular.
            plural = value == int(value) and 3 <= value <= 10
            return (f"€{i18n.number(value, lang, digits)} million" if lang == "en"
                    else f"{i18n.number(value, lang, digits)} {'ملايين' if plural else 'مليون'} يورو")
        if unit == "percent":
            return i18n.percent(value, lang, digits)
        if unit == "million_persons":
            return i18n.t("million_n", lang).format(n=i18n.number(value, lang, digits))
        return i18n.number(value, lang, digits) + (" " + i18n.t(f"unit.{unit}", lang) if unit in UNIT_WORDS else "")
    if claim["kind"] == "event" and not pd.isna(claim["stated_date"]):
        stated = str(claim["stated_date"])
        precision = {4: "year", 7: "month", 10: "day"}[len(stated)]
        return i18n.date(pd.Timestamp(stated if len(stated) > 4 else stated + "-01-01"), lang, precision)
    if not pd.isna(claim.get("stated_text")):
        return str(claim["stated_text"])
    return ""


UNIT_WORDS = ("bcm", "barrels_per_day", "companies", "days", "years")


def bibliography(article: pd.Series, lang: str) -> str:
    """One article as a reference: outlet, author, title, when written, language."""
    i18n.check_lang(lang)
    author = "" if article["author"] == "not named" else f"{article['author']}. "
    if lang == "en":
        original = (" English original; the book read an Arabic machine translation." if article["original_language"] == "en"
                    else " In Arabic.")
        return (f"{author}“{article['title_ar']}” [{article['title_en']}]. {article['outlet_en']}, "
                f"{article['written_en']}.{original}")
    original = (" الأصل بالإنجليزية، وقرأ الكتاب ترجمة آلية عربية." if article["original_language"] == "en" else " بالعربية.")
    return f"{author}«{article['title_ar']}». {article['outlet_ar']}، {article['written_ar']}.{original}"


def section_href(section: str) -> str:
    """The page and anchor of a section label, relative to the claims appendix (same folder)."""
    return f"{section.split('-')[0]}.html#{section}"


def data_text(row: pd.Series, lang: str, tables: dict[str, pd.DataFrame]) -> str:
    """What the data hold for a claim (a row of :func:`verdicts`), written for the edition."""
    value = row["data_value"]
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    if row["kind"] == "number":
        if row["difference_unit"] == "points":
            return i18n.percent(float(value), lang, 1)
        return stated_text(_with_value(row, float(value)), lang)
    if row["kind"] == "event":
        return i18n.date(pd.Timestamp(value), lang)
    if row["kind"] == "place":
        return place_name(value, lang, tables)
    return str(value)


def place_name(place_id: str, lang: str, tables: dict[str, pd.DataFrame]) -> str:
    """A place of the places table, by its id, named in the edition's language."""
    return tables["places"].set_index("place_id").loc[place_id, "name_en" if lang == "en" else "name_ar"]


def stated_shown(row: pd.Series, lang: str, tables: dict[str, pd.DataFrame]) -> str:
    """What the article states, as the appendix's tables show it: :func:`stated_text`, and a
    place by its name in the edition rather than its id."""
    return place_name(row["stated_text"], lang, tables) if row["kind"] == "place" else stated_text(row, lang)


def _with_value(row: pd.Series, value: float) -> pd.Series:
    out = row.copy()
    out["stated_value"] = value
    return out


def difference_text(row: pd.Series, lang: str) -> str:
    diff, unit = row["difference"], row["difference_unit"]
    if diff is None or pd.isna(diff) or diff == 0:
        return ""
    sign = "+" if diff > 0 else "−"
    size = abs(diff)
    if unit == "percent":
        text = f"{sign}{i18n.number(size, lang, 1)}%"
    elif unit == "points":
        text = f"{sign}{i18n.number(size, lang, 1)} {i18n.t('claims.points', lang)}"
    else:
        text = f"{sign}{i18n.number(size, lang, 0)} {i18n.t('claims.days', lang)}"
    return f"{i18n.LRI}{text}{i18n.PDI}" if lang == "ar" else text


def row_sources(row: pd.Series, tables: dict[str, pd.DataFrame]) -> list[str]:
    """Source ids behind a claim's verdict: the data row's and the claim's own."""
    out = []
    if isinstance(row.get("data_table"), str) and row["data_table"]:
        found = find_row(tables, row["data_table"], row["data_key"])
        if "source_id" in found.index and not pd.isna(found["source_id"]):
            out.append(found["source_id"])
        if not pd.isna(row.get("base_key")) and row.get("base_key"):
            base = find_row(tables, row["data_table"], row["base_key"])
            out.append(base["source_id"])
    if isinstance(row.get("source_id"), str) and row["source_id"]:
        out.append(row["source_id"])
    return list(dict.fromkeys(out))


@dataclass
class ClaimsTable:
    """Every claim with its verdict, as a filterable HTML table (``_static/bm-claims.js`` filters it)."""

    checked: pd.DataFrame = field(repr=False)  # from verdicts(); kept out of the repr the notebook stores
    tables: dict = field(repr=False)
    lang: str

    def _repr_html_(self) -> str:
        import html as h
        lang, t = self.lang, (lambda key: i18n.t(key, self.lang))
        sources = self.tables["sources"].set_index("source_id")
        publishers = self.tables["publishers"].set_index("publisher_id")
        name_col = "name_en" if lang == "en" else "name_ar"

        def options(name, values, label):
            opts = "".join(f'<option value="{h.escape(v)}">{h.escape(text)}</option>' for v, text in values)
            return (f'<label>{h.escape(label)} <select data-filter="{name}"><option value="">{h.escape(t("claims.all"))}'
                    f"</option>{opts}</select></label>")

        articles = sorted(self.checked["article_id"].unique())
        topics = sorted(self.checked["topic"].unique(), key=lambda x: t(f"topic.{x}"))
        filters = (
            '<div class="bm-claims-filters" role="search">'
            + options("article", [(a, i18n.t("article_n", lang).format(n=a)) for a in articles], t("article"))
            + options("verdict", [(v, t(f"verdict.{v}")) for v in VERDICTS], t("claims.verdict"))
            + options("topic", [(x, t(f"topic.{x}")) for x in topics], t("claims.topic"))
            + f'<label>{h.escape(t("claims.search"))} <input type="search" data-filter="text"></label>'
            + f'<p class="bm-claims-count" aria-live="polite"><span>{len(self.checked)}</span> {h.escape(t("claims.shown"))}</p>'
            + "</div>"
        )
        head = "".join(f'<th scope="col">{h.escape(t(k))}</th>' for k in
                       ("claims.id", "claims.topic", "claims.claim", "claims.stated", "claims.data", "claims.verdict",
                        "claims.why", "claims.where", "sources"))
        body = []
        for _, row in self.checked.iterrows():
            links = []
            for sid in row_sources(row, self.tables):
                src = sources.loc[sid]
                links.append(f'<a href="{h.escape(src["url"])}" hreflang="{h.escape(src["language"])}">'
                             f'{h.escape(publishers.loc[src["publisher_id"], name_col])}</a>')
            verdict_text = t(f"verdict.{row['verdict']}")
            diff = difference_text(row, lang)
            stated = stated_shown(row, lang, self.tables)
            body.append(
                f'<tr id="claim-{row["claim_id"]}" data-article="{row["article_id"]}" data-verdict="{row["verdict"]}" '
                f'data-topic="{row["topic"]}">'
                f'<td dir="ltr" class="bm-nowrap">{row["claim_id"]}</td><td>{h.escape(t("topic." + row["topic"]))}</td>'
                f'<td>{h.escape(row["claim_en" if lang == "en" else "claim_ar"])}</td>'
                f"<td>{h.escape(stated)}</td><td>{h.escape(data_text(row, lang, self.tables))}</td>"
                f'<td class="bm-verdict bm-verdict-{row["verdict"]}">{h.escape(verdict_text)}'
                + (f"<br><small>{h.escape(diff)}</small>" if diff else "") + "</td>"
                f'<td>{h.escape(row["explanation_en" if lang == "en" else "explanation_ar"])}</td>'
                f'<td><a href="{h.escape(section_href(row["section"]))}">{h.escape(t("page." + row["section"].split("-")[0]))}</a></td>'
                f'<td>{"; ".join(links)}</td></tr>'
            )
        return (f'<div class="bm-claims" lang="{lang}" dir="{i18n.DIRECTION[lang]}">{filters}'
                f'<div class="bm-table-scroll" tabindex="0" role="region" aria-label="{h.escape(t("claims.id"))}">'
                f'<table class="bm-data-table bm-claims-table">'
                f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table></div></div>")


@dataclass
class DisagreementsTable:
    """Claims of two or more articles about the same quantity, side by side with the data."""

    checked: pd.DataFrame = field(repr=False)
    tables: dict = field(repr=False)
    lang: str

    def rows(self) -> pd.DataFrame:
        grouped = self.checked[self.checked["group"].notna() & (self.checked["group"] != "")]
        keep = grouped.groupby("group")["article_id"].transform("nunique") > 1
        return grouped[keep].sort_values(["group", "article_id"])

    def _repr_html_(self) -> str:
        import html as h
        lang, t = self.lang, (lambda key: i18n.t(key, self.lang))
        head = "".join(f'<th scope="col">{h.escape(t(k))}</th>' for k in
                       ("claims.group", "article", "claims.stated", "claims.data", "claims.verdict"))
        body = []
        for _, row in self.rows().iterrows():
            stated = stated_shown(row, lang, self.tables)
            body.append(
                f'<tr><td>{h.escape(row["claim_en" if lang == "en" else "claim_ar"])}</td>'
                f'<td><a href="#claim-{row["claim_id"]}">{h.escape(i18n.t("article_n", lang).format(n=row["article_id"]))}</a></td>'
                f"<td>{h.escape(stated)}</td><td>{h.escape(data_text(row, lang, self.tables))}</td>"
                f'<td class="bm-verdict bm-verdict-{row["verdict"]}">{h.escape(t("verdict." + row["verdict"]))}</td></tr>')
        return (f'<div class="bm-table-scroll" tabindex="0" role="region" aria-label="{h.escape(t("claims.group"))}" '
                f'lang="{lang}" dir="{i18n.DIRECTION[lang]}"><table class="bm-data-table">'
                f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table></div>")
