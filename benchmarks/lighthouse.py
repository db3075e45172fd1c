"""Lighthouse scores of every page of the built site, under Lighthouse's mobile defaults; prints, never fails.

    .venv/bin/python benchmarks/lighthouse.py [SITE] [--json out.json] [--only rupture] [--no-default] [--audits]

SITE is a built site (default: _build/site, from tools/build.py). The script serves it on
127.0.0.1 as a static host would (HTTP/1.1, text compressed with gzip, a short cache lifetime,
and the Content-Security-Policy of SITE/csp.txt when there is one, as the build's _headers asks),
then runs Lighthouse (npm's lighthouse 13.5.0, installed on its own: see LIGHTHOUSE below) once per page, one page
at a time, with its mobile defaults: a Moto G Power-sized screen, simulated slow 4G and a 4x
slower CPU. Chromium is /usr/bin/chromium (CHROME_PATH), headless; nothing leaves the machine.

Pages: every page of both editions (chapters, appendices and notebooks, as listed by walking
en/ and ar/ for *.html, without forwards to new addresses, search.html, genindex.html and the
theme's files) and the site's front door. For comparison, unless --no-default, a default
Jupyter Book (`jupyter-book create` in a temporary folder, built with the same .venv) is
measured the same way.

Printed per page, worst first: the performance, accessibility, best-practices and SEO scores,
First Contentful Paint, Largest Contentful Paint, Cumulative Layout Shift, Total Blocking Time
and the bytes transferred (compressed, as sent). --audits adds, for each page under 100 in a
category, the audits that cost it points. --json writes every number (and those audits) to a file.
Lighthouse's own targets, for reference: performance 90+ (the book aims at 95), LCP 2.5 s or
less, CLS 0.1 or less.
"""

from __future__ import annotations

import argparse
import contextlib
import email.utils
import gzip
import http.server
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# Lighthouse is not a dependency of the book (it is large, and only this benchmark uses it):
# install it once with `npm install --no-save lighthouse@13.5.0`, or point LIGHTHOUSE at a copy.
sys.path.insert(0, str(ROOT / "tools"))
from serve import serve  # noqa: E402

LIGHTHOUSE = Path(os.environ.get("LIGHTHOUSE", ROOT / "node_modules" / ".bin" / "lighthouse"))
CHROME = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
METRICS = {  # Lighthouse audit id -> column
    "first-contentful-paint": "FCP",
    "largest-contentful-paint": "LCP",
    "cumulative-layout-shift": "CLS",
    "total-blocking-time": "TBT",
}
# What a static host (GitHub Pages, Netlify, nginx's gzip_types) compresses.
COMPRESSED = {".html", ".css", ".js", ".json", ".svg", ".xml", ".txt", ".csv", ".map", ".geojson", ".md", ".ipynb"}
SKIPPED = ("search.html", "genindex.html")


class StaticHost(http.server.SimpleHTTPRequestHandler):
    """Files as a static host sends them: HTTP/1.1 keep-alive, gzip for text, validators, a
    10-minute cache lifetime (GitHub Pages' default) and the site's security headers."""

    protocol_version = "HTTP/1.1"
    csp: str | None = None

    def log_message(self, *args):
        pass

    def send_head(self):  # noqa: C901 - the standard library's, with compression added
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not self.path.split("?")[0].endswith("/"):
                self.send_response(301)
                self.send_header("Location", self.path.split("?")[0] + "/")
                self.send_header("Content-Length", "0")
                self.end_headers()
                return None
            path = path / "index.html"
        if not path.is_file():
            self.send_error(404, "not found")
            return None
        body = path.read_bytes()
        stat = path.stat()
        ctype = self.guess_type(str(path))
        if ctype.startswith("text/") or path.suffix in (".js", ".json", ".svg", ".xml"):
            ctype += "; charset=utf-8" if "charset" not in ctype else ""
        zipped = path.suffix in COMPRESSED and "gzip" in self.headers.get("Accept-Encoding", "")
        if zipped:
            body = gzip.compress(body, compresslevel=6, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Last-Modified", email.utils.formatdate(stat.st_mtime, usegmt=True))
        self.send_header("Cache-Control", "max-age=600")
        if path.suffix in COMPRESSED:
            self.send_header("Vary", "Accept-Encoding")
        if zipped:
            self.send_header("Content-Encoding", "gzip")
        if self.csp and path.suffix == ".html":
            self.send_header("Content-Security-Policy", self.csp)
            self.send_header("X-Content-Type-Options", "nosniff")
        self.end_headers()
        return _Body(body)


class _Body:
    """A file-like body for SimpleHTTPRequestHandler.copyfile."""

    def __init__(self, data: bytes):
        self.data = data

    def read(self, *args):
        data, self.data = self.data, b""
        return data

    def close(self):
        pass


@contextlib.contextmanager
def host(directory: Path, csp: str | None) -> Iterator[str]:
    with serve(directory, type("Host", (StaticHost,), {"csp": csp})) as base:  # tools/serve.py
        yield base


def book_pages(site: Path) -> list[str]:
    """Every page of both editions a reader opens, and the front door (paths relative to site)."""
    out = ["index.html"] if (site / "index.html").is_file() else []
    for lang in ("en", "ar"):
        edition = site / lang
        for page in sorted(edition.rglob("*.html")):
            rel = page.relative_to(edition).as_posix()
            if rel.startswith(("_", "figures/", "data/")) or "/_" in rel or rel in SKIPPED:
                continue
            if 'http-equiv="refresh"' in page.read_text(encoding="utf-8", errors="replace")[:2000]:
                continue  # a forward from an earlier address, not a page
            out.append(f"{lang}/{rel}")
    return out


def lighthouse(url: str, out: Path) -> dict:
    env = dict(os.environ, CHROME_PATH=CHROME)
    cmd = [str(LIGHTHOUSE), url, "--output=json", f"--output-path={out}", "--quiet",
           "--chrome-flags=--headless=new --no-sandbox",
           "--only-categories=" + ",".join(CATEGORIES)]
    # Lighthouse and the Chromium it starts run in a process group of their own, ended with it
    # if this script is interrupted, so that no browser is left behind.
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)
    try:
        _, stderr = proc.communicate(timeout=600)
    except BaseException:
        # SIGINT: chrome-launcher then closes the browser it started (in a process group of its own)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGINT)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        raise
    if proc.returncode != 0 or not out.is_file():
        raise RuntimeError(f"lighthouse failed on {url}: {stderr.strip()[-600:]}")
    return json.loads(out.read_text(encoding="utf-8"))


def summary(report: dict) -> dict:
    audits = report["audits"]
    row = {c: round(100 * report["categories"][c]["score"]) if report["categories"][c]["score"] is not None else None
           for c in CATEGORIES}
    for audit, name in METRICS.items():
        row[name] = audits[audit].get("numericValue")
    row["bytes"] = audits["total-byte-weight"].get("numericValue")
    row["benchmark_index"] = report.get("environment", {}).get("benchmarkIndex")
    row["requests"] = len(audits.get("network-requests", {}).get("details", {}).get("items", []))
    origins = {item["url"].split("/")[2] for item in audits.get("network-requests", {}).get("details", {}).get("items", [])
               if item["url"].startswith("http")}
    row["hosts"] = sorted(origins)
    lost = {}
    for category in CATEGORIES:
        for ref in report["categories"][category]["auditRefs"]:
            audit = audits[ref["id"]]
            if ref.get("weight", 0) > 0 and audit.get("score") is not None and audit["score"] < 1:
                lost.setdefault(category, []).append(
                    f"{ref['id']} ({audit['score']:.2f}{', ' + audit['displayValue'] if audit.get('displayValue') else ''})")
    row["lost"] = lost
    blocking = audits.get("render-blocking-resources", {}).get("details", {}).get("items", [])
    row["render_blocking"] = [item["url"].split("/", 3)[-1] for item in blocking]
    return row


def default_book(work: Path) -> Path | None:
    """A default Jupyter Book (jupyter-book create), built with the book's .venv; its HTML folder."""
    jb = Path(sys.executable).parent / "jupyter-book"
    book = work / "default-book"
    try:
        subprocess.run([str(jb), "create", str(book)], check=True, capture_output=True, text=True)
        subprocess.run([str(jb), "build", str(book)], check=True, capture_output=True, text=True, timeout=600)
    except (OSError, subprocess.SubprocessError) as exc:
        print(f"(no default Jupyter Book measured: {exc})")
        return None
    html = book / "_build" / "html"
    return html if (html / "intro.html").is_file() else None


def write_json(path: str, version: str, chrome: str, site: Path, results: dict) -> None:
    Path(path).write_text(json.dumps({"lighthouse": version, "chrome": chrome, "site": str(site), "pages": results},
                                     indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def fmt(row: dict) -> str:
    def s(v):
        return "  -" if v is None else f"{v:3d}"
    return (f"{s(row['performance'])} {s(row['accessibility'])} {s(row['best-practices'])} {s(row['seo'])}"
            f"  {row['FCP'] / 1000:5.2f} {row['LCP'] / 1000:5.2f} {row['CLS']:5.3f} {row['TBT']:5.0f}"
            f"  {row['bytes'] / 1000:7.0f}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", nargs="?", default=str(ROOT / "_build" / "site"), help="built site (default _build/site)")
    parser.add_argument("--json", metavar="FILE", help="also write the results to FILE")
    parser.add_argument("--only", action="append", default=[], metavar="TEXT",
                        help="measure only pages whose path contains TEXT (repeatable)")
    parser.add_argument("--no-default", action="store_true", help="skip the default Jupyter Book for comparison")
    parser.add_argument("--audits", action="store_true", help="print the audits that cost each page points")
    parser.add_argument("--keep", metavar="DIR", help="keep the full Lighthouse reports in DIR")
    args = parser.parse_args()
    # `kill PID` ends the run like Ctrl-C: the browser in use is closed, what was measured is kept.
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    site = Path(args.site).resolve()
    if not LIGHTHOUSE.exists():
        raise SystemExit(f"{LIGHTHOUSE} not found: run `npm install --no-save lighthouse@13.5.0` (or set LIGHTHOUSE)")
    if not Path(CHROME).exists():
        raise SystemExit(f"no Chromium at {CHROME} (set CHROME_PATH)")
    pages = book_pages(site)
    if args.only:
        pages = [p for p in pages if any(t in p for t in args.only)]
    version = subprocess.run([str(LIGHTHOUSE), "--version"], capture_output=True, text=True).stdout.strip()
    chrome = subprocess.run([CHROME, "--version"], capture_output=True, text=True).stdout.strip()
    print(f"Lighthouse {version}, {chrome}, mobile defaults (simulated slow 4G, 4x CPU slowdown); "
          f"{len(pages)} pages of {site}; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores", flush=True)
    csp_file = site / "csp.txt"
    csp = csp_file.read_text(encoding="utf-8").strip() if csp_file.is_file() else None
    results: dict[str, dict] = {}
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="bm-lighthouse-") as tmp:
        tmp_path = Path(tmp)
        keep = Path(args.keep) if args.keep else None
        if keep:
            keep.mkdir(parents=True, exist_ok=True)
        with host(site, csp) as base:
            for n, page in enumerate(pages, 1):
                out = tmp_path / "report.json"
                try:
                    report = lighthouse(f"{base}/{page}", out)
                except RuntimeError as exc:
                    print(f"  {page}: {exc}", flush=True)
                    continue
                results[page] = summary(report)
                if args.json:  # written as it goes: a long run stopped half way keeps its numbers
                    write_json(args.json, version, chrome, site, results)
                if keep:
                    shutil.copy2(out, keep / (page.replace("/", "__") + ".json"))
                print(f"  [{n}/{len(pages)}] {page}: {fmt(results[page])}", flush=True)
        if not args.no_default:
            html = default_book(tmp_path)
            if html:
                with host(html, None) as base:
                    for page in ("intro.html", "markdown-notebooks.html", "notebooks.html"):
                        if (html / page).is_file():
                            try:
                                report = lighthouse(f"{base}/{page}", tmp_path / "report.json")
                            except RuntimeError as exc:
                                print(f"  (default Jupyter Book) {page}: {exc}", flush=True)
                                continue
                            results[f"(default Jupyter Book) {page}"] = summary(report)
                            print(f"  (default Jupyter Book) {page}: {fmt(results[f'(default Jupyter Book) {page}'])}",
                                  flush=True)
    marks = sorted(r["benchmark_index"] for r in results.values() if r.get("benchmark_index"))
    if marks:  # Lighthouse's CPU benchmark: lower means a busier or slower machine, so longer tasks
        print(f"\nLighthouse's CPU benchmark index: {marks[0]:.0f}–{marks[-1]:.0f} (median {marks[len(marks) // 2]:.0f}); "
              f"load average now {os.getloadavg()[0]:.1f}. Total blocking time and the paint times depend on it.")
    print(f"\nmeasured {len(results)} pages in {time.perf_counter() - started:.0f} s; worst first "
          "(scores /100; FCP, LCP in s; TBT in ms; kB sent, compressed)")
    print(f"{'page':44s} perf a11y  bp seo    FCP   LCP   CLS   TBT       kB")
    order = sorted(results.items(), key=lambda kv: (kv[1]["performance"] or 0, -(kv[1]["LCP"] or 0),
                                                     -(kv[1]["CLS"] or 0), kv[0]))
    for page, row in order:
        print(f"{page:44s} {fmt(row)}")
    book = [r for p, r in results.items() if not p.startswith("(default")]
    if book:
        below = [p for p, r in results.items() if not p.startswith("(default")
                 and ((r["performance"] or 0) < 95 or r["LCP"] > 2500 or r["CLS"] > 0.1)]
        print(f"\nbook pages: performance {min(r['performance'] for r in book)}–{max(r['performance'] for r in book)}, "
              f"LCP at most {max(r['LCP'] for r in book) / 1000:.2f} s, CLS at most {max(r['CLS'] for r in book):.3f}; "
              f"accessibility at least {min(r['accessibility'] for r in book)}, best practices at least "
              f"{min(r['best-practices'] for r in book)}, SEO at least {min(r['seo'] for r in book)}")
        print(f"pages under performance 95, LCP 2.5 s or CLS 0.1: {len(below)}" + (f" ({', '.join(below)})" if below else ""))
        others = sorted({h for r in book for h in r["hosts"] if not h.startswith("127.0.0.1")})
        print(f"requests to other hosts: {', '.join(others) if others else 'none'}")
    if args.audits:
        print("\naudits that cost points:")
        for page, row in order:
            if row["lost"]:
                print(f"  {page}")
                for category, lost in row["lost"].items():
                    print(f"    {category}: {'; '.join(lost)}")
                if row["render_blocking"]:
                    print(f"    render-blocking: {', '.join(row['render_blocking'])}")
    if args.json:
        write_json(args.json, version, chrome, site, results)
        print(f"\nwrote {args.json}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
