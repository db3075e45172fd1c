"""The loader stops on bad input with a message naming file, line, column and problem.

Each case copies the real schemas (data/datapackage.json) and the small valid tables in
tests/fixtures/base/ to a temporary folder, puts the case's bad file from
tests/fixtures/bad/<case>/ over them, and loads the table.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from bakumoscow import data

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def package_with(tmp_path: Path, case: str | None = None, remove: tuple[str, ...] = ()) -> Path:
    shutil.copy2(ROOT / "data" / "datapackage.json", tmp_path / "datapackage.json")
    for path in (FIXTURES / "base").iterdir():
        shutil.copy2(path, tmp_path / path.name)
    if case:
        for path in (FIXTURES / "bad" / case).iterdir():
            shutil.copy2(path, tmp_path / path.name)
    for name in remove:
        (tmp_path / name).unlink()
    return tmp_path


def error_for(folder: Path, table: str) -> str:
    with pytest.raises(data.DataError) as info:
        data.load(table, folder)
    return str(info.value)


def test_base_fixture_is_valid(tmp_path):
    folder = package_with(tmp_path)
    frame = data.load("trade_bilateral", folder)
    assert len(frame) == 2
    assert frame["value_usd_m"].tolist() == [4400.0, 4400.0]
    events = data.load("events", folder)
    assert events["date"].dt.strftime("%Y-%m-%d").tolist() == ["2024-12-25", "2025-06-01"]


CASES = [
    # case, table, what the message must contain
    ("missing_column", "trade_bilateral", ["trade_bilateral.csv", "line 1", "missing column 'reporter'"]),
    ("extra_column", "trade_bilateral", ["trade_bilateral.csv", "line 1", "extra column 'comment'"]),
    ("wrong_type", "trade_bilateral", ["trade_bilateral.csv", "line 3", "column 'value_usd_m'", "'4.4bn'", "wrong type"]),
    ("duplicate_key", "trade_bilateral", ["trade_bilateral.csv", "line 3", "duplicate key"]),
    ("unknown_source", "trade_bilateral", ["trade_bilateral.csv", "line 3", "unknown reference", "no-such-source"]),
    ("out_of_range", "trade_bilateral", ["trade_bilateral.csv", "line 3", "column 'months'", "'13'", "maximum"]),
    ("two_preferred", "trade_bilateral", ["trade_bilateral.csv", "lines 2, 3", "column 'preferred'", "more than one row"]),
    ("malformed_date", "events", ["events.csv", "line 3", "column 'date'", "'25/06/2025'", "a date written YYYY-MM-DD"]),
    ("month_precision", "events", ["events.csv", "line 3", "column 'date'", "1st of the month"]),
]


@pytest.mark.parametrize("case, table, expected", CASES, ids=[c[0] for c in CASES])
def test_bad_input_is_named(tmp_path, case, table, expected):
    message = error_for(package_with(tmp_path, case), table)
    for part in expected:
        assert part in message, f"{part!r} missing from:\n{message}"


def test_missing_file_is_named(tmp_path):
    message = error_for(package_with(tmp_path, remove=("trade_bilateral.csv",)), "trade_bilateral")
    assert "trade_bilateral.csv: file not found" in message


def test_unknown_table_is_named(tmp_path):
    message = error_for(package_with(tmp_path), "no_such_table")
    assert "no table named 'no_such_table'" in message


def test_a_fixed_file_loads_again(tmp_path):
    """The cache never hides a change: the same folder, broken then mended."""
    folder = package_with(tmp_path, "wrong_type")
    error_for(folder, "trade_bilateral")
    shutil.copy2(FIXTURES / "base" / "trade_bilateral.csv", folder / "trade_bilateral.csv")
    assert len(data.load("trade_bilateral", folder)) == 2


def test_a_copy_with_other_sources_is_checked_against_its_own(tmp_path):
    """The loader reuses a validation of sources.csv only for the same bytes: in a copy of the data
    whose sources.csv lost the source a row cites under 'also' (checked by the loader, not by a
    foreign key), or whose publishers.csv lost the publisher of every source, the table fails."""
    first = tmp_path / "first"
    first.mkdir()
    package_with(first)
    sources = (first / "sources.csv").read_text(encoding="utf-8")
    cited = "fixture-c,news-az,Fixture source C,,https://example.org/c,2024-03-01,en,secondary,,News.Az,2024-07-20,page\n"
    (first / "sources.csv").write_text(sources + cited, encoding="utf-8")
    table = (first / "trade_bilateral.csv").read_text(encoding="utf-8")
    (first / "trade_bilateral.csv").write_text(table.replace(",true,,\n", ",true,,fixture-c\n", 1), encoding="utf-8")
    assert data.load("trade_bilateral", first)["also"].tolist()[0] == "fixture-c"

    second = shutil.copytree(first, tmp_path / "second")
    (second / "sources.csv").write_text(sources, encoding="utf-8")
    message = error_for(second, "trade_bilateral")
    assert "trade_bilateral.csv" in message and "unknown source 'fixture-c'" in message, message

    third = shutil.copytree(first, tmp_path / "third")
    publishers = (third / "publishers.csv").read_text(encoding="utf-8")
    (third / "publishers.csv").write_text(publishers.splitlines(keepends=True)[0], encoding="utf-8")
    message = error_for(third, "trade_bilateral")
    assert "sources.csv" in message and "news-az" in message, message


def test_one_takes_the_preferred_row_and_can_insist_on_it():
    """``one`` picks the preferred row among several; ``preferred=True`` refuses a lone row the book does not use."""
    frame = pd.DataFrame({"year": [2023, 2023, 2024], "source_id": ["a", "b", "c"],
                          "preferred": pd.array([True, False, False], dtype="boolean")})
    assert data.one(frame, "t.csv", year=2023)["source_id"] == "a"  # two rows: the preferred one
    assert data.one(frame, "t.csv", year=2024)["source_id"] == "c"  # one row: taken, preferred or not
    assert data.one(frame, "t.csv", year=2023, preferred=True)["source_id"] == "a"
    assert data.one(frame, "t.csv", year=2023, preferred=False)["source_id"] == "b"
    with pytest.raises(KeyError, match=r"t\.csv: 0 rows match year=2024, preferred=True"):
        data.one(frame, "t.csv", year=2024, preferred=True)
    with pytest.raises(KeyError, match="t.csv: 0 rows match year=2025"):
        data.one(frame, "t.csv", year=2025)
