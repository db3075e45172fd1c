"""Measure the build and the weight of a chapter page; prints, never fails.

    .venv/bin/python benchmarks/build_bench.py [--page book/en/trade]

Works on a scratch copy of the tracked files (node_modules and .venv are linked, not
copied), so your own _build/ is left alone. Prints:
  - cold build: both editions, empty execution cache (every notebook runs);
  - no-change rebuild: the same command again;
  - one-page edit: a sentence appended to one chapter page, then rebuilt;
  - notebook execution: the total of the notebooks' run times in the cache;
  - printing both editions to PDF (tools/pdf.py; the three builds above skip it);
  - for every page of both editions: the bytes a reader downloads (HTML, JS, CSS, fonts),
    measured in headless Chromium, and the time until its charts are drawn; the heaviest
    and slowest pages are listed.
Targets (README): no-change rebuild under 15% of the cold build; every page under 1.5 MB and its
charts drawn within 1.5 s.
"""

from __future__ import annotations

import argparse
import gzip
import os
import platform
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))

from scratch import env, scratch_copy  # noqa: E402
from serve import serve  # noqa: E402


# Decimal units throughout (1 MB = 1,000,000 bytes, as browsers' network panels count), and
# bytes as stored: the test server does not compress, so this is the most a reader downloads.
BUDGET_BYTES = 1_500_000


def timed_build(work: Path, *args: str) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "tools/build.py", *args], cwd=work, env=env(work), check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


def execution_seconds(work: Path) -> float:
    from jupyter_cache import get_cache

    cache = get_cache(work / "_build" / ".jupyter_cache")
    return sum(r.data.get("execution_seconds", 0.0) for r in cache.list_cache_records())


def page_weight(site: Path, page: str) -> tuple[int, dict[str, int], float]:
    from playwright.sync_api import sync_playwright

    sizes: dict[str, tuple[int, int]] = {}
    with serve(site) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        tab = browser.new_page()
        tab.on("response", lambda r: sizes.__setitem__(r.url, _sizes(r.body())) if r.ok else None)
        started = time.perf_counter()
        tab.goto(f"{base}/{page}.html", wait_until="load")
        tab.wait_for_function("() => [...document.querySelectorAll('.bm-chart')]"
                              ".every(e => e.dataset.bmDrawn === 'yes')", timeout=30000)
        drawn = time.perf_counter() - started
        tab.wait_for_load_state("networkidle")
        browser.close()
    by_kind: dict[str, int] = {}
    for url, (size, _) in sizes.items():
        path = url.split("?")[0]
        kind = {"html": "HTML", "js": "JS", "css": "CSS", "woff2": "fonts", "woff": "fonts"}.get(
            path.rsplit(".", 1)[-1], "other")
        by_kind[kind] = by_kind.get(kind, 0) + size
    return sum(s for s, _ in sizes.values()), sum(g for _, g in sizes.values()), by_kind, drawn


def _sizes(body: bytes) -> tuple[int, int]:
    """Bytes as stored, and as sent by a server that gzips text (fonts are already compressed)."""
    return len(body), len(gzip.compress(body, compresslevel=6, mtime=0))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--page", default="book/en/trade", help="chapter page (en edition path) to weigh")
    args = parser.parse_args()
    work = scratch_copy()
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, scratch copy {work}")
    # The site builds without the PDFs here; printing them is timed on its own below.
    cold = timed_build(work, "--all", "--no-pdf")
    warm = timed_build(work, "--no-pdf")
    page = work / (args.page + ".md")
    page.write_text(page.read_text(encoding="utf-8") + "\nOne more sentence.\n", encoding="utf-8")
    edit = timed_build(work, "--no-pdf")
    started = time.perf_counter()
    subprocess.run([sys.executable, "tools/pdf.py"], cwd=work, env=env(work), check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    pdfs = time.perf_counter() - started
    notebooks = execution_seconds(work)
    print(f"cold build (both editions, empty cache): {cold:6.1f} s")
    print(f"no-change rebuild:                       {warm:6.1f} s  ({100 * warm / cold:.0f}% of cold; target < 15%)")
    print(f"rebuild after editing {args.page}.md:     {edit:6.1f} s")
    print(f"notebook execution (total, from cache):  {notebooks:6.1f} s")
    print(f"printing both editions to PDF:           {pdfs:6.1f} s")
    site = work / "_build" / "site"
    results = []
    for lang in ("en", "ar"):
        for html_page in sorted((site / lang).rglob("*.html")):
            rel = html_page.relative_to(site).as_posix()
            inner = html_page.relative_to(site / lang).as_posix()
            # every page a reader can open: chapters, notebooks, appendices, the index and search
            # (not redirects, which have no article, nor files under _static/ or figures/)
            text = html_page.read_text(encoding="utf-8")
            if inner.startswith(("_", "figures/")) or ("<article" not in text and inner != "search.html"):
                continue
            total, zipped, kinds, drawn = page_weight(site, rel.removesuffix(".html"))
            results.append((rel, total, zipped, kinds, drawn))
    print(f"pages weighed: {len(results)} (every page of both editions; targets: under 1.5 MB, charts within 1.5 s)")
    over = [r for r in results if r[1] > BUDGET_BYTES]
    slow = [r for r in results if r[4] > 1.5]
    print(f"over 1.5 MB: {len(over)}; charts later than 1.5 s: {len(slow)}")
    print("heaviest pages:")
    for rel, total, zipped, kinds, drawn in sorted(results, key=lambda r: -r[1])[:5]:
        detail = ", ".join(f"{k} {v / 1000:.0f} kB" for k, v in sorted(kinds.items()))
        print(f"  {rel}: {total / 1e6:.3f} MB ({detail}), {zipped / 1e6:.2f} MB gzipped")
    print("slowest charts:")
    for rel, total, zipped, kinds, drawn in sorted(results, key=lambda r: -r[4])[:5]:
        print(f"  {rel}: drawn {drawn:.2f} s after navigation")
    shutil.rmtree(work.parent)


if __name__ == "__main__":
    main()
