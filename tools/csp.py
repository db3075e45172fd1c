"""Write the Content-Security-Policy the built site works under, for the server that hosts it.

    .venv/bin/python tools/csp.py        # after tools/build.py (which runs it): writes _build/site/csp.txt

The policy allows nothing from another origin. Scripts come only from the book's own files,
plus the theme's few inline scripts, each allowed by its SHA-256 hash (no 'unsafe-inline');
Vega draws with its expression interpreter, so no 'unsafe-eval' is needed. Styles likewise:
the book's files, and the inline style elements and attributes the pages carry, by hash
('unsafe-hashes' is what lets a hash cover a style attribute). The tests serve every page
with this header and fail on any violation.
"""

from __future__ import annotations

import base64
import hashlib
import sys
from pathlib import Path

from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parents[1]
SITE = ROOT / "_build" / "site"
SCRIPT_TYPES = ("", "text/javascript", "application/javascript", "module")


def digest(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


def hashes(site: Path) -> tuple[set[str], set[str]]:
    """Hashes of the inline scripts (and event-handler attributes) and of the inline styles."""
    scripts, styles = set(), set()
    for page in sorted(site.rglob("*.html")):
        if "/_static/" in page.as_posix():
            continue
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for tag in soup.find_all("script"):
            if not tag.get("src") and (tag.get("type") or "").lower() in SCRIPT_TYPES:
                scripts.add(digest(tag.string or ""))
        for tag in soup.find_all(True):
            for name, value in tag.attrs.items():
                if name.startswith("on") and isinstance(value, str):
                    scripts.add(digest(value))
        for tag in soup.find_all("style"):
            styles.add(digest(tag.string or ""))
        for tag in soup.select("[style]"):
            styles.add(digest(tag["style"]))
    return scripts, styles


def policy(site: Path = SITE, runtime_styles: tuple[str, ...] = ()) -> str:
    scripts, styles = hashes(site)
    styles |= set(runtime_styles)
    return "; ".join([
        "default-src 'self'",
        "script-src 'self' 'unsafe-hashes' " + " ".join(sorted(scripts)),
        "style-src 'self' 'unsafe-hashes' " + " ".join(sorted(styles)),
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ])


def main() -> int:
    text = policy()
    (SITE / "csp.txt").write_text(text + "\n", encoding="utf-8")
    # The same policy for hosts that read a _headers file (Netlify, Cloudflare Pages): every path.
    (SITE / "_headers").write_text(f"/*\n  Content-Security-Policy: {text}\n", encoding="utf-8")
    print(f"wrote {(SITE / 'csp.txt').relative_to(ROOT)} ({len(text)} characters) and _headers")
    return 0


if __name__ == "__main__":
    sys.exit(main())
