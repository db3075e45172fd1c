"""The build, run in a scratch copy of this checkout as a contributor would run it.

One copy, three steps in order (the module's tests share it):

1. broken data stops the build before any notebook runs, naming the file, the row and the problem;
2. a build of the same commit in the copy (no _build/, so every figure is drawn afresh) gives
   the same chart specifications and the same downloads as the checkout's build;
3. a data change reaches both editions on an incremental build: the notebooks that read the
   table run again, and both editions quote and draw the new value.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parents[1]

from scratch import env, scratch_copy  # noqa: E402

from bakumoscow import i18n  # noqa: E402

pytestmark = pytest.mark.slow  # a second build of the book: CI runs it (tests/conftest.py)

SPEC = re.compile(r'<script type="application/json" class="bm-spec"[^>]*>(.*?)</script>', re.S)


@pytest.fixture(scope="module")
def work(tmp_path_factory):
    copy = scratch_copy(parent=tmp_path_factory.mktemp("scratch"))
    yield copy
    shutil.rmtree(copy.parent, ignore_errors=True)


def build(work: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "tools/build.py", "--no-pdf"], cwd=work, env=env(work),
                          capture_output=True, text=True)


def fingerprints(site: Path) -> dict[str, str]:
    """A digest of every page's chart specifications and of every download (figures and data)."""
    out = {}
    for lang in ("en", "ar"):
        for page in sorted((site / lang).glob("*.html")) + sorted((site / lang / "notebooks").glob("*.html")):
            specs = SPEC.findall(page.read_text(encoding="utf-8"))
            if specs:
                out[f"{page.relative_to(site)} (chart specs)"] = hashlib.sha256("\n".join(specs).encode()).hexdigest()
        for folder in ("figures", "data"):
            for path in sorted((site / lang / folder).rglob("*")):
                if path.is_file() and not path.name.startswith("."):
                    out[str(path.relative_to(site))] = hashlib.sha256(path.read_bytes()).hexdigest()
    return out


def test_broken_data_stops_the_build_naming_file_row_and_problem(work):
    csv = work / "data" / "events.csv"
    good = csv.read_text(encoding="utf-8")
    lines = good.splitlines(keepends=True)
    fields = lines[2].split(",")
    fields[1] = "2025-13-45"  # the date of the second event
    lines[2] = ",".join(fields)
    csv.write_text("".join(lines), encoding="utf-8")
    notebooks = {p: p.read_bytes() for p in (work / "notebooks").glob("*.ipynb")}
    try:
        result = build(work)
    finally:
        csv.write_text(good, encoding="utf-8")
    report = result.stdout + result.stderr
    assert result.returncode != 0
    assert "events.csv" in report and "line 3" in report and "2025-13-45" in report, report[-2000:]
    assert not (work / "_build" / "en").exists(), "an edition was built from broken data"
    assert all(p.read_bytes() == before for p, before in notebooks.items()), "a notebook ran on broken data"


def test_a_second_build_of_the_same_commit_gives_the_same_figures_and_downloads(site, work):
    result = build(work)
    assert result.returncode == 0, (result.stdout + result.stderr)[-3000:]
    first, second = fingerprints(site), fingerprints(work / "_build" / "site")
    assert sum("figures/" in k for k in first) >= 90 and sum("chart specs" in k for k in first) >= 10
    assert set(first) == set(second)
    differ = sorted(k for k in first if first[k] != second[k])
    assert differ == [], f"{len(differ)} outputs differ between two builds: {differ[:10]}"


def test_changed_data_reaches_both_editions(work):
    assert (work / "_build" / "site" / "en" / "trade.html").is_file(), "the previous test's build failed"
    csv = work / "data" / "trade_bilateral.csv"
    table = pd.read_csv(csv, dtype=str, keep_default_na=False)
    annual = table[(table["preferred"] == "true") & (table["months"] == "12") & (table["flow"] == "turnover")
                   & ~table["reporter"].str.startswith("ru_")]
    peak = annual.loc[annual["value_usd_m"].astype(float).idxmax()]
    new_value = float(peak["value_usd_m"]) + 1000

    def page(lang: str) -> str:
        return (work / "_build" / "site" / lang / "trade.html").read_text(encoding="utf-8")

    for lang in ("en", "ar"):
        assert i18n.money_musd(new_value, lang) not in page(lang)
    table.loc[peak.name, "value_usd_m"] = f"{new_value:g}"
    table.to_csv(csv, index=False, lineterminator="\n")
    result = build(work)
    assert result.returncode == 0, (result.stdout + result.stderr)[-3000:]
    assert "trade.ipynb" in result.stdout, "the notebooks that read the table did not run again"
    for lang in ("en", "ar"):
        html = page(lang)
        assert i18n.money_musd(new_value, lang) in html, f"{lang} page still quotes the old value"
        assert f'"usd_bn":{new_value / 1000:g}' in html.replace(" ", ""), f"{lang} chart does not draw the new value"
