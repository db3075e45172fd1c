"""A data change reaches both editions on an incremental build: no stale numbers.

Builds a scratch copy of the repository (its execution cache seeded from this checkout's),
raises the peak year's turnover (on the Azerbaijani figures the chapter follows) in
data/trade_bilateral.csv, rebuilds without --all and
checks that the English and the Arabic pages quote the new value and draw it.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))

from scratch import env, scratch_copy  # noqa: E402

from bakumoscow import i18n  # noqa: E402


def build(work: Path) -> None:
    subprocess.run([sys.executable, "tools/build.py"], cwd=work, env=env(work), check=True, capture_output=True)


def page(work: Path, lang: str) -> str:
    return (work / "_build" / "site" / lang / "book" / lang / "trade.html").read_text(encoding="utf-8")


def test_changed_data_reaches_both_editions(tmp_path):
    work = scratch_copy(seed_cache=True, parent=tmp_path)
    build(work)
    csv = work / "data" / "trade_bilateral.csv"
    table = pd.read_csv(csv, dtype=str, keep_default_na=False)
    annual = table[(table["preferred"] == "true") & (table["months"] == "12") & (table["flow"] == "turnover")
                   & ~table["reporter"].str.startswith("ru_")]
    peak = annual.loc[annual["value_usd_m"].astype(float).idxmax()]
    new_value = float(peak["value_usd_m"]) + 1000
    for lang in ("en", "ar"):
        assert i18n.money_musd(new_value, lang) not in page(work, lang)
    table.loc[peak.name, "value_usd_m"] = f"{new_value:g}"
    table.to_csv(csv, index=False)
    build(work)
    for lang in ("en", "ar"):
        html = page(work, lang)
        assert i18n.money_musd(new_value, lang) in html, f"{lang} page still quotes the old value"
        assert f'"usd_bn":{new_value / 1000:g}' in html.replace(" ", ""), f"{lang} chart does not draw the new value"
