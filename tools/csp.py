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
from html.parser import HTMLParser
from pathlib import Path


ROOT = Path(__file__).resolve().parents[1]
SITE = ROOT / "_build" / "site"
SCRIPT_TYPES = ("", "text/javascript", "application/javascript", "module")


def digest(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


class _Inline(HTMLParser):
    """Collects a page's inline scripts, event-handler attributes, style elements and style
    attributes as it reads (no tree is built: reading every page is most of this step's time)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.scripts: list[str] = []
        self.styles: list[str] = []
        self.inside: tuple[str, list[str]] | None = None  # an inline script or style being read

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        self.scripts += [value for name, value in attrs if name.startswith("on") and value is not None]
        if values.get("style") is not None:
            self.styles.append(values["style"])
        if tag == "style" or (tag == "script" and not values.get("src")
                              and (values.get("type") or "").lower() in SCRIPT_TYPES):
            self.inside = (tag, [])

    def handle_data(self, data):
        if self.inside:
            self.inside[1].append(data)

    def handle_endtag(self, tag):
        if self.inside and tag == self.inside[0]:
            (self.scripts if tag == "script" else self.styles).append("".join(self.inside[1]))
            self.inside = None


def hashes(site: Path) -> tuple[set[str], set[str]]:
    """Hashes of the inline scripts (and event-handler attributes) and of the inline styles."""
    scripts, styles = set(), set()
    for page in sorted(site.rglob("*.html")):
        if "/_static/" in page.as_posix():
            continue
        found = _Inline()
        found.feed(page.read_text(encoding="utf-8"))
        found.close()
        scripts |= {digest(text) for text in found.scripts}
        styles |= {digest(text) for text in found.styles}
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
