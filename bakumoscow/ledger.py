"""The claims ledger: what the five articles state, and the verdict of the data on it.

Each row of ``data/claims.csv`` is one claim of one article (``data/articles.csv``), from one of
its paragraphs (``data/paragraphs.csv`` accounts for every paragraph): a number, a dated event,
a place, a name or a thesis, with the row of the data package that tests it (``data_table`` +
``data_key``). :func:`verdict` computes the verdict; the ledger states none except
``verdict_recorded``, which the tests compare with the computed one, so that a data change that
would flip a verdict fails until the ledger is reviewed.

The rules, in code here and stated to readers in the appendix (:data:`RULES`):

- **Facets.** A claim may state several things at once: an amount and a direction (who lent to
  whom), a date and a title, a place and an actor. The main comparison tests one of them; each
  other facet the claim states is a row of ``data/claim_facets.csv`` with what the article says,
  what the sources show and its source. The claim's verdict is the **worst** of its facets, so a
  right amount with a reversed direction is contradicted, never confirmed.
- **Base.** Numbers are compared on the same base. A claim may declare its base (``base``:
  ``count=ru`` for the Russian count, ``count=az``, ``period=6`` for a half-year,
  ``share_of=supply``); the data row it points to must have the same base, or the verdict
  refuses to be computed (:class:`BaseMismatch`). ``other_key`` names the row on the other base,
  which the appendix shows beside it.
- **Time.** A verdict is given **as of the article's publication** and **at the book's cut-off**.
  ``overtaken_by`` names the event after which a claim that held no longer holds: if it came after
  the article, the claim held then and is counted apart ("held then, overtaken since"), not as an
  error; if it came before, the article should have known, and the claim is contradicted.
- **Durations.** A number of days checked against ``events`` runs from the event ``data_key`` names
  to the one ``base_key`` names, both days counted.
- **Tolerance.** The tolerance is not chosen claim by claim: :func:`tolerance` reads it from the
  figure as the article writes it (``stated_value``) and from its ``wording``. A figure is read at
  its own precision, half a unit of its last significant digit (the trailing zeros of a whole number
  are not significant), never less than :data:`ROUNDING_FLOOR` and never more than :data:`ABOUT`;
  a figure the article gives as "about", "nearly" or "around" gets :data:`ABOUT`. A figure given as
  a floor ("more than", "exceeded") is borne out by any value at or above it, less its own rounding;
  a data value the source gives as a floor (``bound`` in facts.csv: "more than 4 billion") bears out a
  stated figure from the floor up to the next round figure at the floor's own precision (4.0 to 4.99
  billion: a speaker with five billion in mind would have said so), and the table then shows the floor
  ("more than …") with no difference, since the data give none. The tolerance is a share of the
  article's figure; the difference shown, of the data.
  Beyond the tolerance a number *differs*, and it is *contradicted* where one of the two is more than
  :data:`CONTRADICT_AT` percent above the other. A growth rate is compared in percentage points, with
  the same tolerance taken of the stated rate. A date stated to the day is confirmed within
  :data:`DATE_SLACK` day (a statement of one evening is often reported the next day), a month or a
  year when it falls in it, and is contradicted otherwise; places and names must match (a variant
  the glossary records differs).
- **Sources that disagree.** Where the data hold the figure from more than one source (rows for the
  same key, one ``preferred``), a figure the preferred source does not bear out but another source
  gives, within the tolerance, *differs*: the article repeats a published figure the book does not
  prefer. The table shows both (:func:`alternative`).
- **Ambiguity.** A statement that can be read two ways, one right and one wrong, *differs*: the
  main comparison tests the right reading and a facet the other, marked ``differs`` (an editors'
  rule, recorded in ``claim_facets.csv``).
- **Support.** A verdict is only as strong as the row it is computed from: :func:`support` says
  whether that row (and the row a growth rate is measured from) rests on the producing body's own
  page, on two publishers or on one (the rule of :mod:`bakumoscow.evidence`); the table shows
  "single source" beside a verdict that rests on one, and the appendix counts them.
- **Families.** Each claim is counted once, in one family by its kind (:func:`family`): statements
  of fact the data test (numbers, dates, places), names (compared with the glossary: a spelling is
  not a matter of substance, so names are counted apart), and theses. A thesis is weighed in words
  unless it also states a fact that the sources do not bear out, when it takes that fact's verdict.
  The appendix, the scorecard and the table count by :func:`tally`: the verdict, except that a name
  written as a variant the glossary records is counted as a *variant spelling*, not as differing.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from decimal import Decimal
from typing import NamedTuple

import pandas as pd

from . import evidence, i18n

VERDICTS = ("confirmed", "differs", "contradicted", "unsourced", "weighed")
FAMILIES = ("fact", "name", "thesis")  # how the appendix and the scorecard count claims (family())
# What the appendix, the scorecard and the table count (tally()): the verdicts, with names spelt as a
# glossary variant apart.
TALLIES = ("confirmed", "differs", "contradicted", "unsourced", "variant", "weighed")
SEVERITY = {"confirmed": 0, "weighed": 0, "unsourced": 1, "differs": 2, "contradicted": 3}
# Okabe–Ito colours (and a grey) that read as their verdict: green, orange, vermillion, grey, sky blue.
VERDICT_COLORS = ["#009E73", "#E69F00", "#D55E00", "#8C8C8C", "#56B4E9"]
# The same colours by tally, the variant spellings in Okabe–Ito yellow (between confirmed and differing).
TALLY_COLORS = [dict(zip(VERDICTS, VERDICT_COLORS)).get(t, "#F0E442") for t in TALLIES]
CONTRADICT_AT = 50.0
ROUNDING_FLOOR = 2.0   # percent: the least tolerance a stated figure gets for its own rounding
ABOUT = 10.0           # percent: the tolerance of a figure the article gives as "about", and the most any gets
DATE_SLACK = 1         # days: a date stated to the day may be one day off
# How an article words a figure (claims.csv ``wording``): as a point, as "about" it, or as a floor.
WORDINGS = ("", "about", "more_than")
RULES = {"contradict_at": CONTRADICT_AT, "rounding_floor": ROUNDING_FLOOR, "about": ABOUT,
         "date_slack": DATE_SLACK}

# The column a claim is compared with, when the claim does not name one.
DEFAULT_COLUMN = {"facts": "value", "trade_bilateral": "value_usd_m", "trade_partners": "value_usd_m",
                  "remittances": "value", "diaspora": "value", "gas_exports": "value_bcm", "arms_imports": "value",
                  "events": "date", "places": "place_id", "glossary": "name_ar", "contacts": "date"}
# The unit of a compared column when the table has no unit column.
COLUMN_UNIT = {"value_usd_m": "usd_m", "share_pct": "percent", "rank": "rank", "diaspora.value": "persons",
               "value_bcm": "bcm"}
# stated unit -> (data unit, factor): the stated value times factor is in the data's unit.
CONVERSIONS = {("usd_bn", "usd_m"): 1000.0, ("million_persons", "persons"): 1e6, ("eur_m", "eur_m"): 1.0}


class Comparison(NamedTuple):
    """A claim's main comparison with the data (:func:`main_verdict`)."""
    verdict: str
    data_value: object
    difference: float | None   # stated minus data: percent of the data, points, or days
    difference_unit: str       # "percent", "points", "days" or ""
    data_floor: bool = False   # the data value is one its sources give only as a floor


class BaseMismatch(ValueError):
    """A claim and the data row it points to count on different bases."""


@dataclass(frozen=True)
class Verdict:
    verdict: str                      # as of the article's publication
    data_value: object = None         # the value in the data (number, date, place id or name)
    difference: float | None = None   # stated minus data: percent of the data, points, or days
    difference_unit: str = ""         # "percent", "points" or "days"
    now: str = "holds"                # at the book's cut-off: "holds", or "overtaken"
    overtaken_on: object = None       # the date the claim stopped holding
    facet_verdicts: tuple = ()        # (facet, verdict) of each further facet
    alt_value: object = None          # where sources disagree: the other source's value the article repeats
    alt_source: str | None = None     # … and that source
    data_floor: bool = False          # the data value is one its sources give only as a floor ("more than")


def parse_key(text: str) -> dict[str, str]:
    """``"year=2023;months=12;flow=turnover"`` -> ``{"year": "2023", ...}``."""
    out = {}
    for part in str(text).split(";"):
        name, sep, value = part.partition("=")
        if not sep or not name.strip():
            raise ValueError(f"data key {text!r}: expected 'column=value' pairs separated by ';'")
        out[name.strip()] = value.strip()
    return out


def _matches(series: pd.Series, value: str) -> pd.Series:
    """Rows whose cell equals ``value`` as written in a key: numbers compare as numbers, others as text."""
    if pd.api.types.is_numeric_dtype(series):
        return series == float(value)
    if pd.api.types.is_bool_dtype(series):
        return series == (value == "true")
    if pd.api.types.is_datetime64_any_dtype(series):
        return series == pd.Timestamp(value)
    return series.astype("string") == value


def find_row(tables: dict[str, pd.DataFrame], table: str, key: str) -> pd.Series:
    """The one row of ``table`` that ``key`` names (the preferred one, where the table marks it)."""
    if table not in tables:
        raise KeyError(f"no table {table!r} in the data package")
    frame = tables[table]
    rows = frame
    for column, value in parse_key(key).items():
        if column not in frame.columns:
            raise KeyError(f"table {table!r} has no column {column!r} (key {key!r})")
        rows = rows[_matches(rows[column], value).fillna(False)]
    if "preferred" in rows.columns and len(rows) > 1:
        rows = rows[rows["preferred"].fillna(False).astype(bool)]
    if len(rows) != 1:
        raise KeyError(f"{len(rows)} rows of {table!r} match {key!r}, expected one")
    return rows.iloc[0]


def data_base(table: str, row: pd.Series) -> dict[str, str]:
    """The base a data row counts on: whose count (reporter), over how many months, a share of what."""
    base = {}
    reporter = row.get("reporter")
    if isinstance(reporter, str) and reporter:
        base["count"] = "ru" if reporter.startswith("ru_") else "intl" if reporter in ("imf", "un_comtrade") else \
            "unknown" if reporter == "unstated" else "az"
    if "months" in row.index and not pd.isna(row["months"]):
        base["period"] = str(int(row["months"]))
    if "base" in row.index and isinstance(row["base"], str) and row["base"]:
        base.update(parse_key(row["base"]))
    return base


def check_base(claim: pd.Series, table: str, row: pd.Series) -> None:
    stated = claim.get("base")
    if not isinstance(stated, str) or not stated:
        return
    actual = data_base(table, row)
    for name, value in parse_key(stated).items():
        if actual.get(name, value) not in (value, "unknown"):
            raise BaseMismatch(f"claim {claim['claim_id']} counts on {name}={value} but its data row counts on "
                               f"{name}={actual[name]}: point it at a row on the same base (and show the other in other_key)")


def precision(stated: float) -> float:
    """Half a unit of the last significant digit of a figure as written: 4.4 -> 0.05, 19.99 -> 0.005,
    480 -> 5, 2000 -> 500 (the trailing zeros of a whole number are not significant)."""
    if not stated:
        return 0.5
    exponent = Decimal(repr(abs(float(stated)))).normalize().as_tuple().exponent
    return 0.5 * 10.0 ** exponent


def wording(claim: pd.Series) -> str:
    value = claim.get("wording")
    value = "" if value is None or pd.isna(value) else str(value)
    if value not in WORDINGS:
        raise ValueError(f"wording {value!r} is none of {WORDINGS}")
    return value


def tolerance(claim: pd.Series) -> float:
    """The tolerance of a stated number, in percent of the stated figure: its own precision (at least
    ROUNDING_FLOOR, at most ABOUT), or ABOUT where the article says "about". A floor ("more than")
    keeps its rounding tolerance below it and has no limit above."""
    if wording(claim) == "about":
        return ABOUT
    stated = float(claim["stated_value"])
    return min(ABOUT, max(ROUNDING_FLOOR, 100.0 * precision(stated) / abs(stated)))


def _number_verdict(stated: float, data: float, tolerance: float, unit: str, *,
                    floor: bool = False, data_floor: bool = False) -> tuple[str, float | None]:
    """Compare a stated number with the data: the verdict and the difference (percent of the data, or
    points). ``tolerance`` is in percent of the stated figure; ``floor``: the stated figure is a lower
    bound ("more than"), borne out by any value at or above it; ``data_floor``: the data value is one
    (the row's ``bound``), which bears out a stated figure at or above it and below the next round figure
    at the floor's precision (:func:`below_next_round`); the difference is then None: the data give
    only a floor, so there is no gap to show."""
    if unit == "points":
        diff = stated - data
        allowed = tolerance * abs(stated) / 100.0
        apart = abs(diff) > CONTRADICT_AT / 100.0 * min(abs(stated), abs(data)) or stated * data < 0
    else:
        if data == 0:
            raise ValueError("cannot compare with a data value of zero")
        diff = 100.0 * (stated - data) / data
        allowed = tolerance * abs(stated) / abs(data)
        apart = max(abs(stated), abs(data)) > (1.0 + CONTRADICT_AT / 100.0) * min(abs(stated), abs(data)) \
            or stated * data < 0
    if data_floor and not floor and unit != "points" and below_next_round(stated, data):
        return "confirmed", None
    if abs(diff) <= allowed + 1e-9 or (floor and diff < 0):
        verdict = "confirmed"
    else:
        verdict = "contradicted" if apart else "differs"
    return verdict, round(diff, 1)


def below_next_round(stated: float, floor: float) -> bool:
    """A stated figure at or above a floor the sources give ("more than 4 billion") and below the next
    round figure at the floor's own precision (5 billion): 4.2 is, 5.5 is not; 1,450 is above "more
    than 1,400", 1,500 is not."""
    return floor <= stated < floor + 2.0 * precision(floor) - 1e-9


def _claim_verdict(claim: pd.Series, stated: float, data: float, unit: str, *,
                   data_floor: bool = False) -> tuple[str, float | None]:
    """:func:`_number_verdict` with the claim's own tolerance and wording."""
    return _number_verdict(stated, data, tolerance(claim), unit, floor=wording(claim) == "more_than",
                           data_floor=data_floor)


def is_floor(row: pd.Series) -> bool:
    """The data row gives its value as a floor (``bound`` = more_than, facts.csv)."""
    value = row.get("bound")
    return isinstance(value, str) and value == "more_than"


def _unit_of(table: str, column: str, row: pd.Series) -> str:
    if "unit" in row.index and column in ("value", "value_high") and not pd.isna(row["unit"]):
        return str(row["unit"])
    return COLUMN_UNIT.get(f"{table}.{column}", COLUMN_UNIT.get(column, ""))


def main_verdict(claim: pd.Series, tables: dict[str, pd.DataFrame]) -> Comparison:
    """The verdict of the claim's main comparison, with the data value, the difference and its unit."""
    kind = claim["kind"]
    if kind == "thesis":
        return Comparison("weighed", None, None, "")
    if pd.isna(claim.get("data_table")) or not claim.get("data_table"):
        return Comparison("unsourced", None, None, "")
    table = claim["data_table"]
    row = find_row(tables, table, claim["data_key"])
    check_base(claim, table, row)
    column = claim["data_column"] if not pd.isna(claim.get("data_column")) else DEFAULT_COLUMN[table]
    if kind == "number" and table == "events":
        # A duration: from the event data_key names to the one base_key names, counted inclusively
        # (a war from 13 to 24 June is a 12-day war).
        if claim["stated_unit"] != "days" or not isinstance(claim.get("base_key"), str):
            raise ValueError("a number checked against events is a duration in days: give the first event in "
                             "data_key and the last in base_key")
        end = find_row(tables, table, claim["base_key"])
        days = float((pd.Timestamp(end["date"]) - pd.Timestamp(row["date"])).days + 1)
        verdict, diff = _claim_verdict(claim, float(claim["stated_value"]), days, "percent")
        return Comparison(verdict, days, diff, "percent")
    if kind == "number":
        if not pd.isna(claim.get("base_key")) and claim.get("base_key"):
            base = find_row(tables, table, claim["base_key"])
            growth = round(100.0 * (float(row[column]) / float(base[column]) - 1.0), 1)
            verdict, diff = _claim_verdict(claim, float(claim["stated_value"]), growth, "points")
            return Comparison(verdict, growth, diff, "points")
        data_unit = _unit_of(table, column, row)
        stated_unit = claim["stated_unit"]
        factor = 1.0 if stated_unit == data_unit else CONVERSIONS.get((stated_unit, data_unit))
        if factor is None:
            raise ValueError(f"cannot compare {stated_unit!r} with {data_unit!r}")
        floor = is_floor(row)
        verdict, diff = _claim_verdict(claim, float(claim["stated_value"]) * factor, float(row[column]), "percent",
                                       data_floor=floor)
        return Comparison(verdict, float(row[column]) / factor, diff, "percent", floor)
    if kind == "event":
        stated = str(claim["stated_date"])
        actual = pd.Timestamp(row[column])
        stated_to = {4: "year", 7: "month", 10: "day"}[len(stated)]
        if stated_to == "day":
            days = (pd.Timestamp(stated) - actual).days
            verdict = "confirmed" if abs(days) <= DATE_SLACK else "contradicted"
            return Comparison(verdict, actual.date(), float(days), "days")
        same = actual.strftime("%Y-%m" if stated_to == "month" else "%Y") == stated
        return Comparison(("confirmed" if same else "contradicted"), actual.date(), None, "")
    if kind == "place":
        stated = claim["stated_text"]
        if stated not in set(tables["places"]["place_id"]):
            raise ValueError(f"a place claim states a place of places.csv by its id; {stated!r} is none")
        return Comparison(("confirmed" if stated == row[column] else "contradicted"), row[column], None, "")
    if kind == "name":
        stated = str(claim["stated_text"])
        if stated == row[column]:
            return Comparison("confirmed", row[column], None, "")
        variants = str(row.get("variants", "") or "")
        return Comparison(("differs" if stated in variants else "contradicted"), row[column], None, "")
    raise ValueError(f"unknown kind {kind!r}")


def family(kind: str) -> str:
    """The family a claim is counted in: 'fact' (a number, a dated event, a place: the data test it),
    'name' (compared with the glossary, counted apart) or 'thesis'."""
    if kind in ("number", "event", "place"):
        return "fact"
    if kind in ("name", "thesis"):
        return kind
    raise ValueError(f"unknown kind {kind!r}")


def tally(kind: str, verdict: str) -> str:
    """What a claim is counted as: its verdict, except a name that differs only as a spelling the
    glossary records as a variant (a name's further facets, its title, are contradicted when wrong),
    which is a 'variant' spelling, counted apart from the errors of substance."""
    if verdict not in VERDICTS:
        raise ValueError(f"unknown verdict {verdict!r}")
    return "variant" if family(kind) == "name" and verdict == "differs" else verdict


def alternative(claim: pd.Series, tables: dict[str, pd.DataFrame]) -> tuple[float, str] | None:
    """Where sources disagree: the value and source of a row for the claim's key, other than the
    preferred one, that bears out the stated number within the claim's tolerance (or None).
    Only levels are looked at (not growth rates or durations)."""
    if claim["kind"] != "number" or not isinstance(claim.get("data_table"), str) or not claim.get("data_table"):
        return None
    if isinstance(claim.get("base_key"), str) and claim["base_key"] or claim["data_table"] == "events":
        return None
    table = claim["data_table"]
    frame = tables[table]
    rows = frame
    for column, value in parse_key(claim["data_key"]).items():
        rows = rows[_matches(rows[column], value).fillna(False)]
    if len(rows) < 2 or "preferred" not in rows.columns:
        return None
    chosen = find_row(tables, table, claim["data_key"])
    column = claim["data_column"] if not pd.isna(claim.get("data_column")) else DEFAULT_COLUMN[table]
    for _, row in rows.iterrows():
        if row.equals(chosen) or row.get("source_id") == chosen.get("source_id"):
            continue
        data_unit = _unit_of(table, column, row)
        factor = 1.0 if claim["stated_unit"] == data_unit else CONVERSIONS.get((claim["stated_unit"], data_unit))
        if factor is None or pd.isna(row[column]):
            continue
        found, _ = _claim_verdict(claim, float(claim["stated_value"]) * factor, float(row[column]), "percent",
                                  data_floor=is_floor(row))
        if found == "confirmed":
            return float(row[column]) / factor, row.get("source_id")
    return None


def facet_verdicts(claim_id: str, facets: pd.DataFrame | None) -> list[tuple[str, str]]:
    """Each further facet of a claim: confirmed where the editors found that the article states what
    the sources show (``matches``), else the verdict they gave the difference (``if_different``)."""
    if facets is None or not len(facets):
        return []
    out = []
    for _, facet in facets[facets["claim_id"] == claim_id].iterrows():
        if facet["matches"]:
            out.append((facet["facet"], "confirmed"))
        elif facet["if_different"] in ("differs", "contradicted"):
            out.append((facet["facet"], facet["if_different"]))
        else:
            raise ValueError(f"claim_facets.csv: claim {claim_id}, facet {facet['facet']}: it does not match, "
                             "so if_different must say 'differs' or 'contradicted'")
    return out


def worst(verdicts: list[str]) -> str:
    """The worst of several verdicts (a thesis stays weighed unless a facet is off)."""
    return max(verdicts, key=lambda v: SEVERITY[v])


def verdict(claim: pd.Series, tables: dict[str, pd.DataFrame]) -> Verdict:
    """The verdict on one claim: its main comparison and every further facet, the worst deciding;
    as of the article's publication, and whether it still held at the book's cut-off."""
    main, value, diff, unit, floor = main_verdict(claim, tables)
    alt_value = alt_source = None
    if main in ("differs", "contradicted"):
        found = alternative(claim, tables)
        if found is not None:  # the article repeats the figure of a source the book does not prefer
            main, (alt_value, alt_source) = "differs", found
    facets = facet_verdicts(claim["claim_id"], tables.get("claim_facets"))
    then = worst([main] + [v for _, v in facets])
    now, on = "holds", None
    overtaken = claim.get("overtaken_by")
    if isinstance(overtaken, str) and overtaken:
        on = find_row(tables, "events", f"event_id={overtaken}")["date"].date()
        written = written_on(tables["articles"], claim["article_id"])
        if on <= written:
            then = "contradicted"  # the article could have known
        else:
            now = "overtaken"
    return Verdict(then, value, diff, unit, now, on, tuple(facets), alt_value, alt_source, floor)


def written_on(articles: pd.DataFrame, article_id: str):
    row = articles[articles["article_id"] == article_id]
    if len(row) != 1:
        raise KeyError(f"articles.csv: no article {article_id!r}")
    return pd.Timestamp(row.iloc[0]["written"]).date()


SUPPORTS = ("producer", "two", "one")  # the producer's page, two publishers, one publisher


def support(claim: pd.Series, tables: dict[str, pd.DataFrame]) -> str:
    """How well the data row a verdict is computed from is sourced: 'producer', 'two' or 'one' (the
    weakest of the row and, for a growth rate, the row it grows from); '' when no row tests the claim."""
    if not isinstance(claim.get("data_table"), str) or not claim["data_table"]:
        return ""
    rows = [find_row(tables, claim["data_table"], claim["data_key"])]
    if isinstance(claim.get("base_key"), str) and claim["base_key"]:
        rows.append(find_row(tables, claim["data_table"], claim["base_key"]))
    found = []
    for row in rows:
        ids = evidence.source_ids(row) if "source_id" in row.index else []
        if not ids:
            raise ValueError(f"the row {claim['data_key']!r} of {claim['data_table']} names no source")
        found.append(evidence.assess(ids, tables["sources"]).level)
    return max(found, key=SUPPORTS.index)


def verdicts(claims: pd.DataFrame, tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """``claims`` with the computed verdict (then and now), the data value and the difference."""
    rows = []
    for _, claim in claims.iterrows():
        try:
            v = verdict(claim, tables)
        except (KeyError, ValueError, TypeError) as exc:
            raise ValueError(f"data/claims.csv: claim {claim['claim_id']}: {exc}") from None
        rows.append({"verdict": v.verdict, "data_value": v.data_value, "difference": v.difference,
                     "difference_unit": v.difference_unit, "now": v.now, "overtaken_on": v.overtaken_on,
                     "facets": len(v.facet_verdicts), "alt_value": v.alt_value, "alt_source": v.alt_source,
                     "family": family(claim["kind"]), "tally": tally(claim["kind"], v.verdict),
                     "support": support(claim, tables) if family(claim["kind"]) == "fact" else "",
                     "data_floor": v.data_floor})
    return pd.concat([claims.reset_index(drop=True), pd.DataFrame(rows)], axis=1)


# -- paragraphs ---------------------------------------------------------------------------------

def paragraphs(text: str) -> list[str]:
    """An article's paragraphs, as the ledger numbers them: every non-empty line, in order."""
    return [line.strip() for line in text.splitlines() if line.strip()]


def fingerprint(paragraph: str) -> str:
    """A short digest of a paragraph's text (paragraphs.csv records it, so a changed text is noticed)."""
    return hashlib.sha1(paragraph.encode("utf-8")).hexdigest()[:12]


def unaccounted(claims: pd.DataFrame, notes: pd.DataFrame) -> list[str]:
    """Paragraphs with neither a claim nor a recorded reason, as 'article 000, paragraph 12'."""
    out = []
    for article_id, group in notes.groupby("article_id"):
        claimed = set(claims.loc[claims["article_id"] == article_id, "paragraph"].dropna().astype(int))
        for _, row in group.iterrows():
            reason = row.get("reason_en")
            if int(row["paragraph"]) not in claimed and (pd.isna(reason) or not str(reason).strip()):
                out.append(f"article {article_id}, paragraph {int(row['paragraph'])}")
    return out


# -- what the article states, written for an edition ---------------------------------------------

UNIT_NOUNS = {"bcm": None, "barrels_per_day": "barrel", "companies": "company", "days": "day", "years": "year",
              "persons": "person", "troops": "soldier", "count": None}


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
            return i18n.dollars(value, lang)
        if unit == "eur_m":
            return i18n.money_eur_m(value, lang, digits)
        if unit == "percent":
            return i18n.percent(value, lang, digits)
        if unit == "million_persons":
            return i18n.quantity(value * 1e6, "person", lang, digits)
        if unit == "bcm":
            return i18n.bcm(value, lang, max(digits, 1))
        if unit == "barrels_per_day":
            return i18n.quantity(value, "barrel", lang) + " " + i18n.t("per_day", lang)
        noun = UNIT_NOUNS.get(unit)
        if noun and value == int(value) and value < 1000:
            return i18n.count(int(value), noun, lang)
        if noun:
            return i18n.quantity(value, noun, lang)
        return i18n.number(value, lang, digits)
    if claim["kind"] == "event" and not pd.isna(claim["stated_date"]):
        stated = str(claim["stated_date"])
        precision = {4: "year", 7: "month", 10: "day"}[len(stated)]
        return i18n.date(pd.Timestamp(stated if len(stated) > 4 else stated + "-01-01"), lang, precision)
    if not pd.isna(claim.get("stated_text")):
        return str(claim["stated_text"])
    return ""


def row_sources(row: pd.Series, tables: dict[str, pd.DataFrame]) -> list[str]:
    """Source ids behind a claim's verdict: the data row's (with its further sources), the base row's,
    the facets' and the claim's own (with its further sources, ``also``)."""
    out: list[str] = []

    def add(found: pd.Series) -> None:
        if "source_id" in found.index and isinstance(found["source_id"], str):
            out.append(found["source_id"])
        if "also" in found.index and isinstance(found["also"], str) and found["also"]:
            out.extend(found["also"].split(";"))

    if isinstance(row.get("data_table"), str) and row["data_table"]:
        add(find_row(tables, row["data_table"], row["data_key"]))
        if isinstance(row.get("base_key"), str) and row["base_key"]:
            add(find_row(tables, row["data_table"], row["base_key"]))
    facets = tables.get("claim_facets")
    if facets is not None and len(facets):
        for _, facet in facets[facets["claim_id"] == row["claim_id"]].iterrows():
            add(facet)
    add(row)
    return list(dict.fromkeys(out))
