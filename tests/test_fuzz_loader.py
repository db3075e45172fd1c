"""Randomly corrupted copies of the data: each either loads with exactly what was written, or
stops with the loader's own error naming the file. Never a traceback from inside pandas or
frictionless, never a number changed on the way."""

from __future__ import annotations

import csv
import io
import math
import shutil
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bakumoscow import data
from bakumoscow.data import DataError

ROOT = Path(__file__).resolve().parents[1]
TABLES = ["facts", "trade_bilateral", "events", "remittances"]

cell_text = st.one_of(
    st.sampled_from(["", " ", "NaN", "null", "-1", "1e9", "1e309", "0x10", "TRUE", "yes", "2024-13-01", "2024-02-30",
                     "12,5", "١٢", "∞", '"', "a,b", "line\nbreak", "<script>x</script>", "9" * 30]),
    st.text(max_size=12),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.integers(min_value=-10**12, max_value=10**12).map(str),
)


@pytest.fixture(scope="module")
def pristine(tmp_path_factory):
    folder = tmp_path_factory.mktemp("data") / "data"
    shutil.copytree(ROOT / "data", folder)
    return folder


def read_rows(path: Path) -> tuple[list[str], list[list[str]]]:
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    return rows[0], rows[1:]


def write_rows(path: Path, header: list[str], rows: list[list[str]]) -> None:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")


def same(a, b) -> bool:
    if pd.isna(a) and pd.isna(b):
        return True
    if isinstance(a, float) or isinstance(b, float):
        try:
            return math.isclose(float(a), float(b), rel_tol=1e-12, abs_tol=0)
        except (TypeError, ValueError):
            return False
    return a == b


@pytest.mark.parametrize("table", TABLES)
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data_=st.data())
def test_a_corrupted_cell_loads_as_written_or_fails_clearly(pristine, tmp_path_factory, table, data_):
    folder = tmp_path_factory.mktemp("fuzz") / "data"
    shutil.copytree(pristine, folder)
    path = folder / f"{table}.csv"
    header, rows = read_rows(path)
    original = data.load(table, pristine)
    r = data_.draw(st.integers(0, len(rows) - 1), label="row")
    c = data_.draw(st.integers(0, len(header) - 1), label="column")
    value = data_.draw(cell_text, label="value")
    rows[r][c] = value
    write_rows(path, header, rows)
    try:
        loaded = data.load(table, folder)
    except DataError as error:
        assert f"{table}.csv" in str(error)
        return
    # it loaded: every other cell is unchanged, and the changed one holds what was written
    column = header[c]
    for name in original.columns:
        for i in range(len(original)):
            if name == column and i == r:
                continue
            assert same(original[name].iloc[i], loaded[name].iloc[i]), f"{name}[{i}] changed without being edited"
    got = loaded[column].iloc[r]
    if pd.api.types.is_numeric_dtype(original[column]) and not pd.api.types.is_bool_dtype(original[column]):
        assert same(got, float(value)), f"{column}: wrote {value!r}, loaded {got!r}"
    elif value.strip() == "":
        assert pd.isna(got) or str(got).strip() == ""


@pytest.mark.parametrize("damage", ["truncate", "drop_header", "extra_field", "bad_bytes", "duplicate_row"])
@pytest.mark.parametrize("table", TABLES)
def test_a_damaged_file_fails_with_the_loaders_error(tmp_path, table, damage):
    folder = tmp_path / "data"
    shutil.copytree(ROOT / "data", folder)
    path = folder / f"{table}.csv"
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    if damage == "truncate":
        path.write_text(text[: len(text) // 2].rsplit(",", 1)[0] + "\n", encoding="utf-8")
    elif damage == "drop_header":
        path.write_text("".join(lines[1:]), encoding="utf-8")
    elif damage == "extra_field":
        path.write_text(lines[0] + lines[1].rstrip("\n") + ",surplus\n" + "".join(lines[2:]), encoding="utf-8")
    elif damage == "bad_bytes":
        path.write_bytes(text.encode("utf-8")[:200] + b"\xff\xfe\xfa" + text.encode("utf-8")[200:])
    elif damage == "duplicate_row":
        path.write_text(text + lines[1], encoding="utf-8")
    if damage == "truncate":
        # a file cut at a row boundary can still be a valid, shorter table; it must then load intact
        try:
            loaded = data.load(table, folder)
        except DataError as error:
            assert f"{table}.csv" in str(error)
            return
        assert 0 < len(loaded) < len(data.load(table))
        return
    with pytest.raises(DataError, match=rf"{table}\.csv"):
        data.load(table, folder)
