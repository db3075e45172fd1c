"""The data package as a whole: valid for frictionless, every table loads, sources are used and unique."""

from __future__ import annotations

import os
from pathlib import Path

import frictionless
import pandas as pd

from bakumoscow import data

ROOT = Path(__file__).resolve().parents[1]


def test_the_package_is_valid_for_frictionless():
    cwd = os.getcwd()
    os.chdir(ROOT / "data")
    try:
        report = frictionless.Package("datapackage.json").validate()
    finally:
        os.chdir(cwd)
    assert report.valid, report.flatten(["resourcePath", "rowNumber", "fieldName", "type", "note"])[:20]


def test_every_table_loads_through_the_loader():
    tables = data.validate_all()
    assert set(tables) == set(data.table_names())
    for name, frame in tables.items():
        assert len(frame) > 0, f"{name} is empty"


def test_every_source_is_cited_and_has_its_own_url():
    tables = data.validate_all()
    sources = tables.pop("sources")
    assert sources["url"].is_unique, sources[sources["url"].duplicated(keep=False)][["source_id", "url"]]
    cited = set().union(*(set(frame["source_id"]) for name, frame in tables.items() if "source_id" in frame))
    unused = sorted(set(sources["source_id"]) - cited)
    assert unused == [], f"sources no row cites: {unused}"
    publishers = set(tables["publishers"]["publisher_id"])
    assert publishers == set(sources["publisher_id"]), "publishers.csv lists publishers no source has"


def test_preferred_trade_parts_add_up_to_turnover():
    """Where a full year has exports, imports and turnover, the preferred rows agree within 2%."""
    trade = data.load("trade_bilateral")
    used = trade[trade["preferred"]].pivot(index=["year", "months"], columns="flow", values="value_usd_m")
    complete = used.dropna(subset=["exports", "imports", "turnover"])
    assert len(complete) >= 3
    gap = (complete["exports"] + complete["imports"] - complete["turnover"]).abs() / complete["turnover"]
    assert (gap < 0.02).all(), gap[gap >= 0.02]


def test_events_run_from_the_2020_war_to_2026():
    events = data.load("events")
    timeline = events[events["category"] != "background"]
    assert timeline["date"].min() == pd.Timestamp("2020-11-10")
    assert timeline["date"].max().year == 2026
    assert set(timeline["category"]) == {"rapprochement", "rupture", "thaw", "regional"}
    # earlier events are kept only as background for claims in the articles
    assert (events.loc[events["category"] == "background", "date"] < pd.Timestamp("2020-11-10")).all()
