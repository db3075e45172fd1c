"""The claims ledger shown to readers: the appendix's tables and the articles as references.

The verdicts themselves are computed in :mod:`bakumoscow.ledger`; this module only writes them
out, in the edition's language: the filterable table of every claim (``_static/bm-claims.js``
filters it), the table of claims on which two articles disagree, and each article as a reference.
Tables take the data they show as arguments; nothing is loaded here.
"""

from __future__ import annotations


import html as h
import math
import re
from dataclasses import dataclass, field

import pandas as pd

from . import arabic, i18n
from .ledger import CONVERSIONS, DEFAULT_COLUMN, VERDICTS, _unit_of, find_row, is_floor, row_sources, stated_text

# How each tally (ledger.tally) is counted in words: the noun counted and the adjective that follows
# it, agreeing in Arabic (adjectives.yml): «34 ادعاءً مؤكَّدًا», «ادعاءان مختلفان», «49 أطروحةً مقيَّمةً».
TALLY_WORDS = {"confirmed": ("claim", "confirmed"), "differs": ("claim", "differing"),
               "contradicted": ("claim", "contradicted"), "unsourced": ("claim", "unsourced"),
               "variant": ("name", "variant"), "weighed": ("thesis", "weighed")}


def tally_count(n: int, tally: str, lang: str, *, case: str = "nom") -> str:
    """``n`` claims counted as ``tally``, noun and adjective agreeing: '34 confirmed claims' /
    «34 ادعاءً مؤكَّدًا», '49 weighed theses' / «49 أطروحةً مقيَّمةً», '1 variant-spelled name' /
    «اسم واحد بصيغة بديلة». ``case``: "nom" in a list or as a subject, "obl" after a preposition."""
    noun, adjective = TALLY_WORDS[tally]
    return i18n.count(int(n), noun, lang, case=case, adjective=adjective)


def bibliography(article: pd.Series, lang: str) -> str:
    """One article as a reference: author, title, outlet, when written, language."""
    i18n.check_lang(lang)
    author = article.get("author_en" if lang == "en" else "author_ar", "")
    author = f"{author}. " if isinstance(author, str) and author else ""
    if lang == "en":
        original = (" English original; the book read an Arabic machine translation." if article["original_language"] == "en"
                    else " In Arabic.")
        return (f"{author}“{article['title_ar']}” [{article['title_en']}]. {article['outlet_en']}, "
                f"{article['written_en']}.{original}")
    original = (" الأصل بالإنجليزية، وقرأ الكتاب ترجمة آلية عربية." if article["original_language"] == "en" else " بالعربية.")
    return f"{author}«{article['title_ar']}». {article['outlet_ar']}، {article['written_ar']}.{original}"


def section_href(section: str) -> str:
    """The page and anchor of a section label ('rupture-flight' is #rupture-flight on rupture.html)."""
    return f"{section.split('-')[0]}.html#{section}"


def place_name(place_id: str, lang: str, tables: dict[str, pd.DataFrame]) -> str:
    """A place of the places table, by its id, named in the edition's language."""
    return tables["places"].set_index("place_id").loc[place_id, i18n.col("name", lang)]


def stated_shown(row: pd.Series, lang: str, tables: dict[str, pd.DataFrame]) -> str:
    """What the article states, as the tables show it (a place by its name, not its id)."""
    return place_name(row["stated_text"], lang, tables) if row["kind"] == "place" else stated_text(row, lang)


def data_text(row: pd.Series, lang: str, tables: dict[str, pd.DataFrame]) -> str:
    """What the data hold for a claim (a row of ``ledger.verdicts``), written for the edition;
    with the other count beside it where the claim names one (``other_key``)."""
    value = row["data_value"]
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    if row["kind"] == "number":
        if row["difference_unit"] == "points":
            text = i18n.percent(float(value), lang, 1)
        else:
            text = stated_text(_with_value(row, float(value)), lang)
            if bool(row.get("data_floor", False)):  # the sources give only a floor: say so
                text = i18n.more_than(text, lang)
        other = row.get("other_key")
        # The other count beside a level (a growth rate's other count is in the explanation).
        if isinstance(other, str) and other and row["difference_unit"] != "points":
            table, key = other_key(row)
            other_row = find_row(tables, table, key)
            column = row["data_column"] if isinstance(row.get("data_column"), str) and row["data_column"] \
                and table == row["data_table"] else DEFAULT_COLUMN[table]
            other_unit = _unit_of(table, column, other_row)
            # shown only where it counts the same thing in a comparable unit (a level beside a
            # growth rate would read as a rate: that other count is in the explanation instead)
            if other_unit == row["stated_unit"] or (row["stated_unit"], other_unit) in CONVERSIONS:
                factor = CONVERSIONS.get((row["stated_unit"], other_unit), 1.0)
                other_value = float(other_row[column]) / factor
                other_text = stated_text(_with_value(row, other_value), lang)
                if is_floor(other_row):
                    other_text = i18n.more_than(other_text, lang)
                text += f" ({i18n.t('claims.other_count', lang)}: {other_text})"
        return text
    if row["kind"] == "event":
        return i18n.date(pd.Timestamp(value), lang)
    if row["kind"] == "place":
        return place_name(value, lang, tables)
    return str(value)


def other_key(row: pd.Series) -> tuple[str, str]:
    """The row on the other base: 'key' in the claim's own table, or 'table:key' in another."""
    text = row["other_key"]
    head, sep, rest = text.partition(":")
    if sep and "=" not in head:
        return head, rest
    return row["data_table"], text


def _with_value(row: pd.Series, value: float) -> pd.Series:
    out = row.copy()
    out["stated_value"] = value
    return out


def difference_text(row: pd.Series, lang: str) -> str:
    """The gap between the article and the data: '+8 days' / «+8 أيام» (only the signed number isolated)."""
    diff, unit = row["difference"], row["difference_unit"]
    if diff is None or pd.isna(diff) or diff == 0:
        return ""
    sign = "+" if diff > 0 else "−"
    size = abs(diff)
    if unit == "percent":
        return i18n.ltr(f"{sign}{i18n.number(size, lang, 1)}%", lang)
    if unit == "points":
        number = i18n.ltr(f"{sign}{i18n.number(size, lang, 1)}", lang)
        return f"{number} {i18n.t('claims.points', lang)}"
    words = i18n.count(int(size), "day", lang)
    number, _, noun = words.partition(" ")
    if number.replace(",", "").isdigit():
        return f"{i18n.ltr(sign + number, lang)} {noun}"
    # Arabic writes one and two days without a numeral («يوم واحد», «يومان»); a signed gap needs one,
    # so it takes the unit's singular, as a measurement does: «+1 يوم».
    return f"{i18n.ltr(sign + str(int(size)), lang)} {arabic.noun('day')['one']}"


def now_text(row: pd.Series, lang: str) -> str:
    """Whether the claim still held at the book's cut-off."""
    if row.get("now") != "overtaken":
        return ""
    return i18n.t("claims.overtaken", lang).format(date=i18n.date(row["overtaken_on"], lang))


def _source_links(row, tables, lang) -> str:
    sources = tables["sources"].set_index("source_id")
    publishers = tables["publishers"].set_index("publisher_id")
    links = []
    for sid in row_sources(row, tables):
        src = sources.loc[sid]
        pub = publishers.loc[src["publisher_id"]]
        name = i18n.publisher_name(pub, lang)
        # in Arabic, a name in Latin letters (a foreign outlet, or an Arabic one without an Arabic name in the data)
        # reads left to right
        attrs = ' dir="ltr"' if lang == "ar" and not i18n.ARABIC_SCRIPT.search(name) else ""
        links.append(f'<a href="{h.escape(src["url"])}" hreflang="{h.escape(src["language"])}"{attrs}>{h.escape(name)}</a>')
    return i18n.join(links, lang)


def reserved_height(cells: str) -> int:
    """The height, in hundreds of pixels, a phone reserves for a claim's card before it is laid out.

    On a phone each claim is a card that the browser lays out only near the screen
    (``content-visibility: auto`` in ``_static/book.css``, classes ``bm-h3`` to ``bm-h20``). A card
    taller than its reserved box would spill over the next one until it is drawn, and assistive
    technology, which locates links by their boxes, would find them on top of each other. So the
    reservation is an upper bound, from the card's length in characters: measured at 320 px in
    both editions, no card is taller than 300 px plus 0.75 px a character (the Arabic cards are the
    tallest). A browser test holds every card inside its reservation."""
    chars = len(h.unescape(re.sub(r"<[^>]+>", "", cells)))
    return min(20, max(3, math.ceil((300 + 0.75 * chars) / 100)))


@dataclass
class ClaimsTable:
    """Every claim with its verdict (then and now), as a filterable HTML table."""

    checked: pd.DataFrame = field(repr=False)  # from ledger.verdicts(); kept out of the repr the notebook stores
    tables: dict = field(repr=False)
    lang: str

    def _repr_html_(self) -> str:
        lang = self.lang
        t = lambda key: i18n.t(key, lang)  # noqa: E731

        def options(name, values, label):
            opts = "".join(f'<option value="{h.escape(v)}">{h.escape(text)}</option>' for v, text in values)
            return (f'<label>{h.escape(label)} <select data-filter="{name}"><option value="">{h.escape(t("claims.all"))}'
                    f"</option>{opts}</select></label>")

        articles = sorted(self.checked["article_id"].unique())
        topics = sorted(self.checked["topic"].unique(), key=lambda x: t(f"topic.{x}"))
        filters = (
            '<div class="bm-claims-filters" role="search">'
            + options("article", [(a, i18n.t("article_n", lang).format(n=a)) for a in articles], t("article"))
            + options("verdict", [(v, t(f"verdict.{v}")) for v in VERDICTS] + [("overtaken", t("claims.overtaken_filter"))],
                      t("claims.verdict"))
            + options("topic", [(x, t(f"topic.{x}")) for x in topics], t("claims.topic"))
            + f'<label>{h.escape(t("claims.search"))} <input type="search" data-filter="text"></label>'
            + f'<p class="bm-claims-count" aria-live="polite">{h.escape(t("claims.shown"))}: '
              f'<span>{len(self.checked)}</span></p></div>'
        )
        head = "".join(f'<th scope="col">{h.escape(t(k))}</th>' for k in
                       ("claims.id", "claims.stated", "claims.data", "claims.verdict", "claims.why",
                        "claims.where", "sources"))
        body = []
        for _, row in self.checked.iterrows():
            verdict_text = t(f"verdict.{row['verdict']}")
            diff, now = difference_text(row, lang), now_text(row, lang)
            variant = row.get("tally") == "variant"
            single = row.get("support") == "one"  # an unsourced claim has no row, so no support
            extra = (f"<br><small>{h.escape(diff)}</small>" if diff else "") + \
                    (f'<br><small class="bm-support-one"><a href="data.html#data-single-source" '
                     f'title="{h.escape(t("evidence.single_title"))}">{h.escape(t("evidence.single"))}</a></small>'
                     if single else "") + \
                    (f'<br><small class="bm-variant">{h.escape(t("claims.variant_note"))}</small>' if variant else "") + \
                    (f'<br><small class="bm-overtaken">{h.escape(now)}</small>' if now else "")
            inline = verdict_text + (f" · {t('verdict.variant')}" if variant else "")
            label = lambda key: f' data-label="{h.escape(t(key))}"'  # noqa: E731  (a phone shows each cell with its column's name)
            cid = row["claim_id"]
            cells = (
                f'<th scope="row" class="bm-claim-key"><a class="bm-permalink" href="#claim-{cid}" dir="ltr">{cid}</a> '
                f'<span class="bm-claim-text">{i18n.text_html(row[i18n.col("claim", lang)], lang)}</span>'
                f'<span class="bm-verdict-inline bm-verdict-{row["verdict"]}">{h.escape(inline)}</span></th>'
                f"<td{label('claims.stated')}>{i18n.text_html(stated_shown(row, lang, self.tables), lang)}</td>"
                f"<td{label('claims.data')}>{i18n.text_html(data_text(row, lang, self.tables), lang)}</td>"
                f'<td{label("claims.verdict")} class="bm-verdict bm-verdict-{row["verdict"]}">'
                f'{h.escape(verdict_text)}{extra}</td>'
                f'<td{label("claims.why")}>{i18n.text_html(row[i18n.col("explanation", lang)], lang)}</td>'
                f'<td{label("claims.where")}><a href="{h.escape(section_href(row["section"]))}">'
                f'{h.escape(t("page." + row["section"].split("-")[0]))}</a></td>'
                f"<td{label('sources')}>{_source_links(row, self.tables, lang)}</td>"
            )
            body.append(
                f'<tr id="claim-{cid}" class="bm-h{reserved_height(cells)}" data-article="{row["article_id"]}" '
                f'data-verdict="{row["verdict"]}" data-now="{row["now"]}" data-topic="{row["topic"]}" '
                f'data-tally="{row.get("tally", row["verdict"])}" data-support="{row.get("support", "")}">'
                f"{cells}</tr>"
            )
        return (f'<div class="bm-claims" lang="{lang}" dir="{i18n.DIRECTION[lang]}">{filters}'
                f'<div class="bm-table-scroll" tabindex="0" role="region" aria-label="{h.escape(t("claims.table_label"))}">'
                f'<table class="bm-data-table bm-claims-table">'
                f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table></div></div>")


@dataclass
class DisagreementsTable:
    """Claims of two or more articles about the same quantity or question, side by side with the data."""

    checked: pd.DataFrame = field(repr=False)
    tables: dict = field(repr=False)
    lang: str

    def rows(self) -> pd.DataFrame:
        grouped = self.checked[self.checked["group"].notna() & (self.checked["group"] != "")]
        keep = grouped.groupby("group")["article_id"].transform("nunique") > 1
        return grouped[keep].sort_values(["group", "article_id"])

    def _repr_html_(self) -> str:
        lang = self.lang
        t = lambda key: i18n.t(key, lang)  # noqa: E731
        head = "".join(f'<th scope="col">{h.escape(t(k))}</th>' for k in
                       ("claims.group", "article", "claims.stated", "claims.data", "claims.verdict"))
        body = []
        for _, row in self.rows().iterrows():
            body.append(
                f'<tr><td>{i18n.text_html(row[i18n.col("claim", lang)], lang)}</td>'
                f'<td><a href="#claim-{row["claim_id"]}">'
                f'{h.escape(i18n.t("article_n", lang).format(n=row["article_id"]))}</a></td>'
                f"<td>{h.escape(stated_shown(row, lang, self.tables))}</td><td>{h.escape(data_text(row, lang, self.tables))}</td>"
                f'<td class="bm-verdict bm-verdict-{row["verdict"]}">{h.escape(t("verdict." + row["verdict"]))}</td></tr>')
        return (f'<div class="bm-table-scroll" tabindex="0" role="region" aria-label="{h.escape(t("claims.group"))}" '
                f'lang="{lang}" dir="{i18n.DIRECTION[lang]}"><table class="bm-data-table">'
                f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table></div>")
