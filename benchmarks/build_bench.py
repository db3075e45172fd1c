"""Measure the build and the weight of a chapter page; prints, never fails.

    .venv/bin/python benchmarks/build_bench.py [--page book/en/trade]

Works on a scratch copy of the tracked files (node_modules and .venv are linked, not
copied), so your own _build/ is left alone. Prints:
  - cold build: both editions, empty execution cache (every notebook runs);
  - no-change rebuild: the same command again;
  - one-page edit: a sentence appended to one chapter page, then rebuilt;
  - notebook execution: the total of the notebooks' run times in the cache;
  - printing both editions to PDF (tools/pdf.py; the three builds above skip it);
  - page weight: bytes a reader downloads for one chapter page (HTML, JS, CSS, fonts),
    measured in headless Chromium, and the time until its charts are drawn.
Targets (README): no-change rebuild under 15% of the cold build; a chapter page under 1.5 MB.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import os
import platform
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))

from scratch import env, scratch_copy  # noqa: E402


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # the measurements are the output, not the request log
        pass


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

    handler = functools.partial(QuietHandler, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{httpd.server_address[1]}"
    sizes: dict[str, tuple[int, int]] = {}
    with sync_playwright() as p:
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
    httpd.shutdown()
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
    for lang in ("en", "ar"):
        rel = f"{lang}/" + args.page.replace("book/en/", f"book/{lang}/")
        total, zipped, kinds, drawn = page_weight(work / "_build" / "site", rel)
        detail = ", ".join(f"{k} {v / 1024:.0f} KB" for k, v in sorted(kinds.items()))
        print(f"page weight {rel}: {total / 1024 / 1024:.2f} MB uncompressed ({detail}), "
              f"{zipped / 1024 / 1024:.2f} MB gzipped; charts drawn {drawn:.2f} s after navigation (target < 1.5 MB)")
    shutil.rmtree(work.parent)


if __name__ == "__main__":
    main()
