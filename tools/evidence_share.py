"""How the book's numeric rows are supported, table by table (issue 15: "print, with a script,
the share of numeric rows that cite the producer's own publication").

    .venv/bin/python tools/evidence_share.py

A numeric row is a row of a data table that reports a figure (a value, an amount, a share;
places' coordinates are not counted). Each is classed by the rule of bakumoscow/evidence.py
applied to its own sources (``source_id`` and ``also``): the producing body's own publication,
two independent publishers, or one publisher's report. Measured, printed, never asserted: the
Data appendix gives the same counts for the book's preferred facts.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bakumoscow import data, evidence  # noqa: E402

# The tables whose rows report figures, and the columns that hold them (a row reports a figure if any is filled).
NUMERIC = {
    "trade_bilateral": ("value_usd_m",), "trade_partners": ("value_usd_m", "share_pct", "rank"),
    "remittances": ("value",), "diaspora": ("value",), "gas_exports": ("value_bcm",), "arms_imports": ("value",),
    "armenia_trade": ("value",), "facts": ("value",), "corridor_freight": ("value_kt",),
}
LEVELS = ("producer", "two", "one")


def support_by_table() -> dict[str, dict[str, int]]:
    sources = data.load("sources")
    counts = {}
    for name, columns in NUMERIC.items():
        frame = data.load(name)
        has_figure = frame[list(columns)].notna().any(axis=1)
        tally = dict.fromkeys(LEVELS, 0)
        for _, row in frame[has_figure].iterrows():
            tally[evidence.assess(evidence.source_ids(row), sources).level] += 1
        counts[name] = tally
    return counts


def main() -> int:
    counts = support_by_table()
    print(f"{'table':<18}{'rows':>6}{'producer':>10}{'two':>6}{'one':>6}")
    for name, tally in counts.items():
        print(f"{name:<18}{sum(tally.values()):>6}" + "".join(f"{tally[level]:>{w}}" for level, w in zip(LEVELS, (10, 6, 6))))
    total = {level: sum(t[level] for t in counts.values()) for level in LEVELS}
    rows = sum(total.values())
    print(f"{'all':<18}{rows:>6}" + "".join(f"{total[level]:>{w}}" for level, w in zip(LEVELS, (10, 6, 6))))
    print(f"producer's own page: {100 * total['producer'] / rows:.1f}% of numeric rows; "
          f"two publishers or more: {100 * total['two'] / rows:.1f}%; one publisher: {100 * total['one'] / rows:.1f}%")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
