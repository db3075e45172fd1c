"""The claims ledger: every claim points somewhere real, and every verdict is the data's."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from bakumoscow import data, ledger

from conftest import read_html  # tests/conftest.py

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def tables():
    return data.validate_all()


@pytest.fixture(scope="module")
def checked(tables):
    return ledger.verdicts(tables["claims"], tables)


def test_each_article_has_claims_of_each_checkable_kind(tables):
    claims = tables["claims"]
    assert set(claims["article_id"]) == set(tables["articles"]["article_id"])
    for article_id, rows in claims.groupby("article_id"):
        assert {"event", "thesis"} <= set(rows["kind"]), article_id
        assert (rows["kind"] == "number").any() or article_id == "003", article_id


def test_every_checked_claim_points_to_exactly_one_data_row(tables):
    claims = tables["claims"]
    tested = claims[claims["data_table"].notna()]
    assert len(tested) > 0.7 * len(claims)
    for _, claim in tested.iterrows():
        ledger.find_row(tables, claim["data_table"], claim["data_key"])  # raises unless exactly one row
        if not pd.isna(claim["base_key"]):
            ledger.find_row(tables, claim["data_table"], claim["base_key"])
    untested = claims[claims["data_table"].isna() & (claims["kind"] != "thesis")]
    assert (untested["verdict_recorded"] == "unsourced").all()


def test_computed_verdicts_match_the_reviewed_ones(checked):
    changed = checked[checked["verdict"] != checked["verdict_recorded"]]
    assert changed.empty, (
        "verdicts changed with the data; review these claims and update verdict_recorded in data/claims.csv:\n"
        + changed[["claim_id", "verdict_recorded", "verdict", "data_value"]].to_string())


def test_a_data_change_that_flips_a_verdict_is_caught(tmp_path):
    folder = tmp_path / "data"
    shutil.copytree(ROOT / "data", folder)
    facts = folder / "facts.csv"
    text = facts.read_text(encoding="utf-8")
    old = "azal8243_killed,azal8243,People killed in the AZAL 8243 crash,قتلى تحطم رحلة أزال 8243,38,"
    assert old in text
    facts.write_text(text.replace(old, old.replace(",38,", ",45,")), encoding="utf-8")
    tables = data.validate_all(folder)
    checked = ledger.verdicts(tables["claims"], tables)
    flipped = checked.loc[checked["verdict"] != checked["verdict_recorded"], "claim_id"]
    assert set(flipped) == {"001-03", "003-05"}  # the two articles' '38 killed'


def _claim(**fields) -> pd.Series:
    base = {"claim_id": "000-99", "kind": "number", "stated_value": None, "stated_unit": None, "stated_date": None,
            "stated_text": None, "data_table": "facts", "data_key": "fact_id=x", "data_column": None,
            "base_key": None, "tolerance": None}
    base.update(fields)
    return pd.Series(base)


SYNTHETIC = {
    "facts": pd.DataFrame({"fact_id": ["x", "y"], "value": [100.0, 50.0], "unit": ["usd_m", "persons"],
                           "preferred": [True, True]}),
    "events": pd.DataFrame({"event_id": ["e"], "date": [pd.Timestamp("2024-08-19")]}),
    "glossary": pd.DataFrame({"term_id": ["t"], "name_ar": ["إلهام علييف"], "variants": ["إيلهام علييف (article 003)"]}),
}


@pytest.mark.parametrize("stated, unit, tolerance, expected", [
    (0.1, "usd_bn", 0, "confirmed"),       # $0.1 billion is the $100 million in the data
    (0.104, "usd_bn", 5, "confirmed"),     # 4% off, within 5%
    (0.106, "usd_bn", 5, "differs"),       # 6% off
    (0.149, "usd_bn", 5, "differs"),       # 49% off
    (0.151, "usd_bn", 5, "contradicted"),  # more than 50% off
    (40, "usd_m", 10, "contradicted"),
])
def test_number_verdicts_follow_the_tolerance(stated, unit, tolerance, expected):
    claim = _claim(stated_value=stated, stated_unit=unit, tolerance=tolerance)
    assert ledger.verdict(claim, SYNTHETIC).verdict == expected


def test_numbers_in_units_that_cannot_be_compared_are_refused():
    with pytest.raises(ValueError, match="cannot compare"):
        ledger.verdict(_claim(stated_value=50, stated_unit="percent", data_key="fact_id=y"), SYNTHETIC)


@pytest.mark.parametrize("stated, tolerance, expected", [
    ("2024-08-19", 0, "confirmed"), ("2024-08-20", 0, "contradicted"), ("2024-08-20", 1, "confirmed"),
    ("2024-08", None, "confirmed"), ("2024-09", None, "contradicted"), ("2024", None, "confirmed"),
])
def test_event_verdicts_compare_at_the_precision_stated(stated, tolerance, expected):
    claim = _claim(kind="event", stated_date=stated, data_table="events", data_key="event_id=e", tolerance=tolerance)
    assert ledger.verdict(claim, SYNTHETIC).verdict == expected


@pytest.mark.parametrize("stated, expected", [
    ("إلهام علييف", "confirmed"), ("إيلهام علييف", "differs"), ("علييف إلهام حيدر", "contradicted")])
def test_names_are_compared_with_the_glossary(stated, expected):
    claim = _claim(kind="name", stated_text=stated, data_table="glossary", data_key="term_id=t")
    assert ledger.verdict(claim, SYNTHETIC).verdict == expected


def test_a_claim_without_data_is_unsourced_and_a_thesis_is_weighed():
    assert ledger.verdict(_claim(data_table=None, data_key=None, stated_value=1, stated_unit="count"), SYNTHETIC).verdict == "unsourced"
    assert ledger.verdict(_claim(kind="thesis"), SYNTHETIC).verdict == "weighed"


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_every_claim_section_exists_in_the_edition(site, tables, lang):
    missing = []
    for section in sorted(set(tables["claims"]["section"])):
        page = site / lang / "book" / lang / f"{section.split('-')[0]}.html"
        if not page.is_file() or read_html(page).find(id=section) is None:
            missing.append(section)
    assert missing == []


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_the_appendix_shows_the_computed_verdicts_and_every_article(site, checked, tables, lang):
    page = read_html(site / lang / "book" / lang / "claims.html")
    shown = {tr["id"].removeprefix("claim-"): tr["data-verdict"] for tr in page.select("table.bm-claims-table tbody tr")}
    assert shown == dict(zip(checked["claim_id"], checked["verdict"]))
    text = page.get_text()
    for title in tables["articles"]["title_ar"]:
        assert title in text
