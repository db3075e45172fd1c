"""Make the built pages fast to show on a phone: a step over the assembled site (tools/build.py runs it after
assembling the site).

    .venv/bin/python tools/optimize.py [SITE]      # by hand, on a built site (default _build/site)

What it changes, in each edition (en/, ar/), and why:

1. Stylesheets. Every page links thirteen stylesheets in <head>, all of which block its first
   paint; the theme's alone is 397 kB (Bootstrap and pydata-sphinx-theme, mostly rules for
   components the book never shows). They become one file per edition,
   ``_static/bm-styles.<digest>.css``, in the same order (so the cascade is unchanged), with
   the third-party sheets reduced to the rules whose selectors can match: a rule stays when every
   class and id it names (outside :not()/:is()/:where()/:has() and attribute selectors, which
   are kept whatever they say) occurs in some page of the edition or in a string of one of its
   scripts (the theme's, Bootstrap's, Sphinx's search, the book's own: classes added at run
   time), or begins with a prefix such a script builds names from ("bs-popover-" + x).
   Element, attribute, pseudo-class and @media conditions never remove a rule, so what is kept is
   a superset of what any page can use; dark mode, print and every screen width keep their rules.
   The book's own sheets (book.css, rtl.css, the icon subset) are copied whole. @import is
   inlined and url()s re-pointed, @font-face rules for families nothing uses any more are dropped.
   ``_static/vendor/fonts.css`` (the Arabic typeface) stays a link of its own, as it was.
2. Scripts. Scripts in <head> without ``defer`` block parsing and painting; none of the book's,
   the theme's or Sphinx's has to run before the first paint (each waits for DOMContentLoaded
   itself), so each gets ``defer``, which keeps their order. The two inline lines that set
   ``DOCUMENTATION_OPTIONS.*`` need documentation_options.js to have run: they become
   ``type="module"`` (same text, so the same CSP hash), which runs, like ``defer``, after parsing
   and in document order. Inline declarations of constants (toggle button hints) and the theme's
   colour-mode line stay as they are. A page whose order could not be kept (an unknown inline
   script after a deferred one, or an already deferred script before a blocking one, as on
   search.html) keeps its scripts untouched. The preload hints for the theme's two deferred
   scripts go: they competed with the stylesheet for the first round trips and the scripts are
   found at the end of <body> anyway.
3. The Arabic typeface: subset to the characters the site uses (53 kB -> 12 kB a weight), and
   preloaded on Arabic pages, both weights (its text is their largest paint; fonts.css's ``font-display: swap``
   shows the text at once in a fallback face, and a font that arrives before the first paint
   causes no reflow).
4. Figures: the first figure's static image may be the page's largest paint; the others get
   ``loading="lazy"`` (their width and height attributes keep their boxes, so nothing moves).
5. Stray files: _static/webpack-macros.html and _static/sbt-webpack-macros.html are the
   themes' Jinja templates, copied by Sphinx as static files: removed.

No inline script or style is added (the CSP stays as strict), nothing comes from another host,
every page reads the same with JavaScript off (only loading order changes), and the output is a
function of the input alone: files are written in sorted order and named by their content, so
two builds give identical files. Running it twice changes nothing the second time.
"""

from __future__ import annotations

import hashlib
import html
import io
import os
import posixpath
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SITE = ROOT / "_build" / "site"
EDITIONS = ("en", "ar")
STRAY = ("webpack-macros.html", "sbt-webpack-macros.html")
BUNDLE_PREFIX = "bm-styles."
# Third-party sheets: reduced to the rules that can match. Anything else is copied whole.
PURGED = re.compile(r"^_static/(styles/(theme|pydata-sphinx-theme|sphinx-book-theme)\.css|basic\.css|pygments\.css|"
                    r"togglebutton\.css|copybutton\.css|mystnb\.[0-9a-f]+\.css)$")
# Left as their own <link>: the Arabic typeface's @font-face rules (tests/test_site.py looks for it).
SEPARATE = {"_static/vendor/fonts.css"}
# Scripts whose strings are not class names (data, or Vega's own library).
NOT_CLASS_SOURCES = re.compile(r"(^|/)(vega-bundle\.js|searchindex\.js|.*\.min\.js\.map)$")
# Classes and ids set by scripts in ways a string scan cannot see; none known today, kept for the record.
KEEP_CLASSES: set[str] = set()
# Both weights: the text face and the bold of every page's title, whose late swap moved the whole page
# down (a layout shift Lighthouse measured at 0.07 on the Arabic claims appendix).
ARABIC_FONTS = ("_static/vendor/fonts/noto-naskh-arabic-arabic-400-normal.woff2",
                "_static/vendor/fonts/noto-naskh-arabic-arabic-700-normal.woff2")

_LINK = re.compile(r"<link\b[^>]*>", re.I)
_SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script>", re.I | re.S)
_ATTR = re.compile(r'([a-zA-Z_:][-a-zA-Z0-9_:.]*)(?:\s*=\s*(?:"([^"]*)"|\'([^\']*)\'|([^\s"\'=<>`]+)))?')


def attrs(tag: str) -> dict[str, str]:
    inner = re.sub(r"^<\w+|/?>$", "", tag)
    return {m.group(1).lower(): html.unescape(next((g for g in m.group(2, 3, 4) if g is not None), ""))
            for m in _ATTR.finditer(inner)}


def local_path(page: Path, href: str, edition: Path) -> str | None:
    """A link's target as a path relative to the edition ('_static/book.css'), or None if elsewhere."""
    if re.match(r"^[a-z]+:|^//|^/", href):
        return None
    target = posixpath.normpath(posixpath.join(page.parent.relative_to(edition).as_posix(), href.split("?")[0].split("#")[0]))
    return None if target.startswith("..") else target


def relative(from_page: Path, target: str, edition: Path) -> str:
    return posixpath.relpath(target, page_dir(from_page, edition) or ".")


def page_dir(page: Path, edition: Path) -> str:
    rel = page.parent.relative_to(edition).as_posix()
    return "" if rel == "." else rel


# --- CSS -----------------------------------------------------------------------------------

def _skip_string(text: str, i: int) -> int:
    quote = text[i]
    i += 1
    while i < len(text) and text[i] != quote:
        i += 2 if text[i] == "\\" else 1
    return i + 1


def _skip_comment(text: str, i: int) -> int:
    end = text.find("*/", i + 2)
    return len(text) if end < 0 else end + 2


_INTERESTING = re.compile(r"[\"';{}]|/\*")
_BRACES = re.compile(r"[\"'{}]|/\*")


def split_rules(text: str) -> list[tuple[str, str | None]]:
    """Top-level statements of a stylesheet: (prelude, block) for rules and block at-rules,
    (statement, None) for @charset/@import and licence comments (/*! ... */)."""
    out: list[tuple[str, str | None]] = []
    i, start, n = 0, 0, len(text)
    while i < n:
        hit = _INTERESTING.search(text, i)
        if not hit:
            break
        i = hit.start()
        c = text[i]
        if c in "\"'":
            i = _skip_string(text, i)
        elif text.startswith("/*", i):
            end = _skip_comment(text, i)
            if text.startswith("/*!", i) and not text[start:i].strip():
                out.append((text[i:end], None))
                start = end
            elif not text[start:i].strip():
                start = end  # a comment between rules: dropped
            i = end
        elif c == ";" and text[start:i].strip().startswith("@"):
            out.append((text[start:i + 1].strip(), None))
            i = start = i + 1
        elif c == "{":
            depth, j = 1, i + 1
            while j < n and depth:
                hit = _BRACES.search(text, j)
                if not hit:
                    j = n
                    break
                j = hit.start()
                if text[j] in "\"'":
                    j = _skip_string(text, j)
                    continue
                if text.startswith("/*", j):
                    j = _skip_comment(text, j)
                    continue
                depth += 1 if text[j] == "{" else -1
                j += 1
            out.append((text[start:i].strip(), text[i + 1:j - 1]))
            i = start = j
        elif c == "}":  # stray closing brace: keep the text as it is
            i += 1
        else:
            i += 1
    rest = text[start:].strip()
    if rest:
        out.append((rest, None))
    return out


def _outside_strings(text: str):
    """(index, character, depth) for every character of ``text`` outside quoted strings; depth is how
    many parentheses and brackets are open there, and is None for a parenthesis or bracket itself."""
    depth, i = 0, 0
    while i < len(text):
        c = text[i]
        if c in "\"'":
            i = _skip_string(text, i)
            continue
        if c in "([":
            depth += 1
            yield i, c, None
        elif c in ")]":
            depth -= 1
            yield i, c, None
        else:
            yield i, c, depth
        i += 1


def split_top(text: str, sep: str = ",") -> list[str]:
    """Split on ``sep`` outside parentheses, brackets and strings."""
    parts, start = [], 0
    for i, c, depth in _outside_strings(text):
        if c == sep and depth == 0:
            parts.append(text[start:i])
            start = i + 1
    parts.append(text[start:])
    return parts


_NAME = r"((?:[-\w]|\\[^0-9a-fA-F\n]|\\[0-9a-fA-F]{1,6}\s?|[^\x00-\x7f])+)"


def _unescape(name: str) -> str:
    name = re.sub(r"\\([0-9a-fA-F]{1,6})\s?", lambda m: chr(int(m.group(1), 16)), name)
    return re.sub(r"\\(.)", r"\1", name)


def _without_groups(selector: str) -> str:
    """The selector without parenthesised arguments, attribute selectors and strings."""
    return "".join(c for _, c, depth in _outside_strings(selector) if depth == 0)


@dataclass
class Known:
    """Class names and ids that can occur: in the pages, in scripts' strings, or built from a prefix."""

    names: set[str] = field(default_factory=set)
    prefixes: tuple[str, ...] = ()

    def has(self, name: str) -> bool:
        return name in self.names or name.startswith(self.prefixes)


def selector_can_match(selector: str, classes: Known, ids: Known) -> bool:
    bare = _without_groups(selector)
    for name in re.findall(r"\." + _NAME, bare):
        if not classes.has(_unescape(name)):
            return False
    for name in re.findall(r"#" + _NAME, bare):
        if not ids.has(_unescape(name)):
            return False
    return True


GROUPING = ("@media", "@supports", "@layer", "@container", "@document", "@-moz-document")


def purge(text: str, classes: Known, ids: Known) -> str:
    """Rules whose selectors can match, in their order; grouping at-rules purged inside."""
    out = []
    for prelude, block in split_rules(text):
        if block is None:
            if not prelude.lower().startswith("@charset"):
                out.append(prelude)
            continue
        lower = prelude.lower()
        if lower.startswith(GROUPING):
            inner = purge(block, classes, ids)
            if inner.strip():
                out.append(f"{prelude}{{{inner}}}")
        elif lower.startswith("@"):
            out.append(f"{prelude}{{{block}}}")  # @font-face, @keyframes, @page, @property...
        else:
            kept = [s.strip() for s in split_top(prelude) if selector_can_match(s, classes, ids)]
            if kept:
                out.append(f"{','.join(kept)}{{{block}}}")
    return "\n".join(out)


_URL = re.compile(r"""url\(\s*(?:"([^"]*)"|'([^']*)'|([^)'"\s]*))\s*\)""")
_IMPORT = re.compile(r"""@import\s+(?:url\(\s*)?["']?([^"')\s;]+)["']?\s*\)?\s*([^;]*);""")


def rebase_urls(text: str, source: str, bundle: str) -> str:
    """url()s of a sheet at ``source`` (edition-relative), rewritten for a sheet at ``bundle``."""
    here, there = posixpath.dirname(source), posixpath.dirname(bundle)

    def fix(match: re.Match) -> str:
        url = next(g for g in match.groups() if g is not None)
        if not url or re.match(r"^([a-z]+:|/|#)", url, re.I):
            return match.group(0)
        path, _, rest = url.partition("?")
        new = posixpath.relpath(posixpath.normpath(posixpath.join(here, path)), there or ".")
        return f'url("{new}{"?" + rest if rest else ""}")'

    return _URL.sub(fix, text)


def read_sheet(edition: Path, rel: str, bundle: str, seen: tuple[str, ...] = ()) -> str:
    """A stylesheet's text with its @imports inlined and url()s rebased to the bundle's folder."""
    if rel in seen:
        return ""
    text = (edition / rel).read_text(encoding="utf-8")

    def inline(match: re.Match) -> str:
        target = posixpath.normpath(posixpath.join(posixpath.dirname(rel), match.group(1)))
        media = match.group(2).strip()
        body = read_sheet(edition, target, bundle, seen + (rel,))
        return f"@media {media}{{{body}}}" if media else body

    imported: list[str] = []

    def hold(match: re.Match) -> str:
        imported.append(inline(match))
        return f"@import bm-inlined-{len(imported) - 1};"

    text = rebase_urls(_IMPORT.sub(hold, text), rel, bundle)
    return re.sub(r"@import bm-inlined-(\d+);", lambda m: imported[int(m.group(1))], text)


def used_font_families(css: str) -> set[str]:
    families = set()
    for prelude, block in split_rules(css):
        if block is None:
            continue
        if prelude.lower().startswith("@font-face"):
            continue
        if prelude.lower().startswith(GROUPING):
            families |= used_font_families(block)
            continue
        for name, value in re.findall(r"(font-family|font|--[-\w]+)\s*:\s*([^;}]*)", block):
            for part in split_top(value):
                families.add(_family(part.split(" ")[-1] if name == "font" and "'" not in part and '"' not in part
                                     else part))
                families.add(_family(part))
    return families


def _family(text: str) -> str:
    text = _unescape(text.strip().strip("\"'"))
    return re.sub(r"^.*\d(px|em|rem|%)?(/[\d.]+\w*)?\s+", "", text).strip("\"' ").lower()


def drop_unused_faces(css: str) -> str:
    """@font-face rules for families nothing names, and faces an identical later rule replaces."""
    families = used_font_families(css)
    rules = split_rules(css)
    faces = []
    for index, (prelude, block) in enumerate(rules):
        if block is not None and prelude.lower().startswith("@font-face"):
            desc = dict((k.strip().lower(), v.strip()) for k, _, v in
                        (d.partition(":") for d in block.split(";") if ":" in d))
            key = (_family(desc.get("font-family", "")), desc.get("font-weight", "400"), desc.get("font-style", "normal"),
                   desc.get("unicode-range", ""))
            faces.append((index, key))
    drop = set()
    for n, (index, key) in enumerate(faces):
        if key[0] not in families or any(k == key for _, k in faces[n + 1:]):
            drop.add(index)
    out = []
    for index, (prelude, block) in enumerate(rules):
        if index in drop:
            continue
        out.append(prelude if block is None else f"{prelude}{{{block}}}")
    return "\n".join(out)


def drop_unused_properties(css: str, outside: set[str]) -> str:
    """Custom property declarations (--name: value) that no var() in the sheet reads and no page or
    script names (the theme's sheet declares every Bootstrap colour; most are never read)."""
    read = set(re.findall(r"var\(\s*(--[-\w]+)", css)) | outside

    def blocks(text: str) -> str:
        out = []
        for prelude, block in split_rules(text):
            if block is None:
                out.append(prelude)
            elif prelude.lower().startswith(GROUPING):
                out.append(f"{prelude}{{{blocks(block)}}}")
            elif prelude.startswith("@"):
                out.append(f"{prelude}{{{block}}}")
            else:
                kept = [d for d in split_top(block, ";")
                        if not (re.match(r"\s*(--[-\w]+)\s*:", d) and re.match(r"\s*(--[-\w]+)", d).group(1) not in read)]
                body = ";".join(kept)
                if body.strip():
                    out.append(f"{prelude}{{{body}}}")
        return "\n".join(out)

    return blocks(css)


# --- What can occur -------------------------------------------------------------------------

_STRING = re.compile(r"""(["'`])((?:\\.|(?!\1)[^\\\n])*)\1""")


def script_tokens(text: str) -> tuple[set[str], set[str]]:
    """Words in a script's string literals, and the prefixes it may build names from."""
    words, prefixes = set(), set()
    for match in _STRING.finditer(text):
        value = match.group(2)
        for piece in re.split(r"\$\{[^}]*\}", value) if match.group(1) == "`" else [value]:
            for word in re.findall(r"[-\w]+", piece):
                words.add(word)
        for word in re.findall(r"([A-Za-z][-\w]*-)(?=$|\$\{)", value):
            prefixes.add(word)
    return words, prefixes


def known_names(edition: Path, pages: list[Path]) -> tuple[Known, Known, set[str]]:
    """Class names and ids in the pages, and the words of the scripts the pages load (scripts add
    classes at run time); files no page loads (the theme's unused Font Awesome script) do not count."""
    classes, ids, prefixes, scripts, styles = set(KEEP_CLASSES), set(), set(), set(), set()
    for page in pages:
        text = page.read_text(encoding="utf-8")
        styles.update(re.findall(r"--[-\w]+", text))
        for value in re.findall(r"""\sclass\s*=\s*(?:"([^"]*)"|'([^']*)')""", text):
            classes.update(html.unescape(value[0] or value[1]).split())
        for value in re.findall(r"""\sid\s*=\s*(?:"([^"]*)"|'([^']*)')""", text):
            ids.add(html.unescape(value[0] or value[1]))
        for match in _SCRIPT.finditer(text):
            target = local_path(page, attrs(f"<script{match.group(1)}>").get("src", ""), edition)
            if target and (edition / target).is_file():
                scripts.add(target)
    for rel in sorted(scripts):
        if NOT_CLASS_SOURCES.search(rel):
            continue
        words, found = script_tokens((edition / rel).read_text(encoding="utf-8", errors="replace"))
        classes |= words
        ids |= words
        prefixes |= found
    # a prefix of one or two letters would keep almost everything; such names are rare in CSS
    prefix = tuple(sorted(p for p in prefixes if len(p) > 3))
    properties = {w for w in classes | ids | styles if w.startswith("--")}
    return Known(classes, prefix), Known(ids, prefix), properties


# --- Pages ----------------------------------------------------------------------------------

@dataclass
class Report:
    bundles: dict[str, tuple[int, int]] = field(default_factory=dict)  # name -> (bytes before, after)
    pages: int = 0
    deferred: int = 0
    untouched_scripts: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    fonts: dict[str, tuple[int, int]] = field(default_factory=dict)


def edition_pages(edition: Path) -> list[Path]:
    return sorted(p for p in edition.rglob("*.html") if "_static" not in p.relative_to(edition).parts)


def head_of(text: str) -> tuple[int, int]:
    start = text.find("<head")
    end = text.find("</head>")
    return (start, end) if 0 <= start < end else (-1, -1)


def stylesheet_links(text: str, page: Path, edition: Path) -> list[tuple[re.Match, str]]:
    start, end = head_of(text)
    out = []
    for match in _LINK.finditer(text, start, end):
        a = attrs(match.group(0))
        if "stylesheet" not in a.get("rel", "").lower().split() or a.get("media", "all") not in ("all", ""):
            continue
        target = local_path(page, a.get("href", ""), edition)
        if target and (edition / target).is_file():
            out.append((match, target))
    return out


def build_bundle(edition: Path, sheets: list[str], classes: Known, ids: Known, properties: set[str],
                 report: Report) -> str:
    """Write the bundle of ``sheets`` (edition-relative paths, in order); its path."""
    texts = [(rel, read_sheet(edition, rel, "_static/bundle.css")) for rel in sheets]
    before = sum((edition / rel).stat().st_size for rel in sheets)
    key = hashlib.sha256(repr((CACHE_VERSION, texts, sorted(classes.names), classes.prefixes, sorted(ids.names),
                               sorted(properties))).encode()).hexdigest()
    cached = CACHE / f"{key}.css"
    if cached.is_file():
        css = cached.read_text(encoding="utf-8")
    else:
        parts = []
        for rel, text in texts:
            if PURGED.match(rel):
                text = purge(text, classes, ids)
            else:
                text = re.sub(r"@charset[^;]*;", "", text)
            parts.append(f"/* {rel} */\n{text.strip()}\n")
        css = '@charset "UTF-8";\n' + drop_unused_faces(drop_unused_properties("\n".join(parts), properties)) + "\n"
        store(cached, css.encode("utf-8"))
    name = f"_static/{BUNDLE_PREFIX}{hashlib.sha256(css.encode()).hexdigest()[:16]}.css"
    path = edition / name
    if not path.exists() or path.read_text(encoding="utf-8") != css:
        path.write_text(css, encoding="utf-8")
    report.bundles[f"{edition.name}/{name}"] = (before, len(css.encode()))
    return name


_DECLARATION = re.compile(r"^\s*(let|var|const)\s+[A-Za-z_$][\w$]*\s*=\s*"
                          r"('[^'\\]*'|\"[^\"\\]*\"|true|false|-?\d+(\.\d+)?)\s*;?\s*$")
_OPTION = re.compile(r"^\s*DOCUMENTATION_OPTIONS\.[A-Za-z_]\w*\s*=\s*"
                     r"('[^'\\]*'|\"[^\"\\]*\"|true|false|-?\d+)\s*;?\s*$")
_MODE = re.compile(r"^\s*document\.documentElement\.dataset\.(mode|theme)\s*=\s*"
                   r"localStorage\.getItem\(\"\w+\"\)\s*\|\|\s*\"\w+\";"
                   r"\s*document\.documentElement\.dataset\.(mode|theme)\s*=\s*"
                   r"localStorage\.getItem\(\"\w+\"\)\s*\|\|\s*\"\w+\";\s*$")
JS_TYPES = ("", "text/javascript", "application/javascript")


# pydata-sphinx-theme's search page focuses its search field: DOM calls only.
_FOCUS_SEARCH = re.compile(r"^\s*// Activate the search field on page load\s*let searchInput = document\.querySelector\([^)]*\);"
                           r"\s*if \(searchInput\) \{\s*searchInput\.focus\(\);\s*searchInput\.select\(\);"
                           r"\s*console\.log\([^)]*\);\s*\}\s*$")


def line_span(text: str, start: int, end: int) -> tuple[int, int]:
    """The span to delete to remove text[start:end]: its whole line when nothing else is on it."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    if not text[line_start:start].strip() and not text[end:line_end].strip():
        return line_start, min(line_end + 1, len(text))
    return start, end


def defer_scripts(text: str) -> tuple[str, int] | None:
    """The page with its blocking scripts deferred, in their order; None if that cannot be done safely.

    Before: blocking scripts ran as parsed, deferred ones after parsing. After: all of them after
    parsing, in document order. One thing changes for a deferred script: document.readyState is no
    longer "loading" when it runs, so code that waits for the DOM (Sphinx's ``_ready``, the theme's)
    runs at once instead of at DOMContentLoaded, before the scripts after it. Two scripts therefore
    move up, next to what they need, so that they still come before the code that reads them: the
    lines setting ``DOCUMENTATION_OPTIONS.*`` (now ``type="module"``, same text) go right after
    documentation_options.js, and the message catalogue (translations.js) right after doctools.js
    (sphinx_highlight.js writes a translated link when it starts). A page where a blocking script
    follows an already deferred one (search.html: Sphinx's search would start before the book's
    search script replaces its query function) or an inline script we cannot vouch for follows a
    deferred one is left as it is."""
    edits: list[tuple[int, int, str]] = []
    moves: dict[str, list[re.Match]] = {"documentation_options.js": [], "doctools.js": []}
    anchors: dict[str, re.Match] = {}
    deferred_seen, count = False, 0
    for match in _SCRIPT.finditer(text):
        a = attrs(f"<script{match.group(1)}>")
        kind = a.get("type", "").lower()
        if kind not in JS_TYPES and kind != "module":
            continue  # data blocks (JSON, JSON-LD)
        tag_end = match.start() + len("<script")
        if "src" in a:
            name = posixpath.basename(a["src"].split("?")[0])
            if "async" in a:
                continue
            if "defer" in a or kind == "module":
                deferred_seen = True
                continue
            if deferred_seen:
                return None  # a blocking script after a deferred one: deferring it would reorder them
            edits.append((tag_end, tag_end, ' defer="defer"'))
            count += 1
            if name in moves:
                anchors.setdefault(name, match)
            elif name == "translations.js" and "doctools.js" in anchors:
                moves["doctools.js"].append(match)
            continue
        body = match.group(2)
        if kind == "module" or not body.strip() or _DECLARATION.match(body) or _MODE.match(body) or _FOCUS_SEARCH.match(body):
            continue
        if _OPTION.match(body) and "documentation_options.js" in anchors:
            moves["documentation_options.js"].append(match)
            continue
        if count:
            return None  # an inline script we cannot vouch for after a script now deferred
    for name, moved in moves.items():
        if not moved:
            continue
        anchor = anchors[name]
        indent = re.match(r"[ \t]*", text[text.rfind("\n", 0, anchor.start()) + 1:]).group(0)
        block = ""
        for match in moved:
            start, end = line_span(text, match.start(), match.end())
            edits.append((start, end, ""))
            tag = match.group(0)
            if not tag.lower().startswith("<script src") and "src=" not in tag.split(">")[0]:
                tag = "<script type=\"module\"" + tag[len("<script"):]
            else:
                tag = "<script defer=\"defer\"" + tag[len("<script"):]
            block += "\n" + indent + tag
        edits.append((anchor.end(), anchor.end(), block))
        # the moved tags' own in-place edits (defer added where they stood) are not needed
        edits = [e for e in edits if not any(m.start() < e[0] < m.end() and e[2] == ' defer="defer"' for m in moved)]
    for start, end, new in sorted(edits, key=lambda e: (e[0], e[1]), reverse=True):
        text = text[:start] + new + text[end:]
    return text, count


def optimize_page(text: str, page: Path, edition: Path, bundles: dict[tuple[str, ...], str], report: Report) -> str:
    start, end = head_of(text)
    if start < 0 or 'http-equiv="refresh"' in text[:2000]:
        return text
    links = stylesheet_links(text, page, edition)
    sheets = tuple(rel for _, rel in links if rel not in SEPARATE)
    if sheets and not any(s.startswith(f"_static/{BUNDLE_PREFIX}") for s in sheets):
        href = html.escape(relative(page, bundles[sheets], edition))
        bundled = [match for match, rel in links if rel not in SEPARATE]
        for match in reversed(bundled[1:]):
            text = remove_tag(text, match.start(), match.end())
        first = bundled[0]
        text = text[:first.start()] + f'<link rel="stylesheet" type="text/css" href="{href}" />' + text[first.end():]
    # the theme's preload hints for its deferred scripts
    start, end = head_of(text)
    head = text[start:end]
    head = re.sub(r'[ \t]*<link rel="preload" as="script" href="[^"]*scripts/(bootstrap|pydata-sphinx-theme)\.js[^"]*" />\n?',
                  "", head)
    if page_lang(text) == "ar" and "as=\"font\"" not in head:
        hints = "".join(f'<link rel="preload" href="{html.escape(relative(page, font, edition))}" as="font" '
                        f'type="font/woff2" crossorigin="anonymous" />\n    '
                        for font in ARABIC_FONTS if (edition / font).is_file())
        head = re.sub(r'(<link[^>]*href="[^"]*vendor/fonts\.css[^"]*"[^>]*>)', lambda m: hints + m.group(1), head, count=1)
    text = text[:start] + head + text[end:]
    deferred = defer_scripts(text)
    if deferred is None:
        report.untouched_scripts.append(page.relative_to(edition.parent).as_posix())
    else:
        text, count = deferred
        report.deferred += count
    text = lazy_figures(text)
    return text


def remove_tag(text: str, start: int, end: int) -> str:
    """Remove text[start:end], and the line it stood on when nothing else is on it."""
    start, end = line_span(text, start, end)
    return text[:start] + text[end:]


def page_lang(text: str) -> str:
    match = re.search(r"<html\b[^>]*\slang=\"([^\"]+)\"", text[:3000])
    return match.group(1) if match else ""


_STATIC_IMG = re.compile(r'<img class="bm-static"([^>]*)>')


def lazy_figures(text: str) -> str:
    """Every figure's static image but the first loads lazily (its box is reserved by width/height)."""
    seen = 0

    def fix(match: re.Match) -> str:
        nonlocal seen
        seen += 1
        inner = match.group(1)
        if seen == 1 or "loading=" in inner:
            return match.group(0)
        return f'<img class="bm-static" loading="lazy"{inner}>'

    return _STATIC_IMG.sub(fix, text)


def optimize_edition(edition: Path, report: Report) -> None:
    for name in STRAY:
        stray = edition / "_static" / name
        if stray.exists():
            stray.unlink()
            report.removed.append(stray.relative_to(edition.parent).as_posix())
    pages = edition_pages(edition)
    classes, ids, properties = known_names(edition, pages)
    texts = {page: page.read_text(encoding="utf-8") for page in pages}
    bundles: dict[tuple[str, ...], str] = {}
    for page in pages:
        if 'http-equiv="refresh"' in texts[page][:2000]:
            continue
        sheets = tuple(rel for _, rel in stylesheet_links(texts[page], page, edition) if rel not in SEPARATE)
        if sheets and sheets not in bundles and not any(s.startswith(f"_static/{BUNDLE_PREFIX}") for s in sheets):
            bundles[sheets] = build_bundle(edition, list(sheets), classes, ids, properties, report)
    for page in pages:
        new = optimize_page(texts[page], page, edition, bundles, report)
        if new != texts[page]:
            page.write_text(new, encoding="utf-8")
            report.pages += 1


# --- The Arabic typeface ---------------------------------------------------------------------

# Kept in the subset whatever the pages say, so that a reader typing in the search box sees the
# book's typeface: the Arabic letters, harakat and digits, and Arabic punctuation.
ARABIC_BASE = set(range(0x0621, 0x064B)) | set(range(0x064B, 0x0653)) | set(range(0x0660, 0x066A)) | {
    0x060C, 0x061B, 0x061F, 0x0640, 0x066B, 0x066C, 0x200C, 0x200D, 0x200E, 0x200F, 0x0020, 0x00A0}
_FACE = re.compile(r"@font-face\s*\{[^}]*\}")
# Results of the slow steps (subsetting a font, reducing the theme's stylesheets), kept by a digest
# of everything they depend on, so that a build that changed nothing they read does not redo them.
CACHE = ROOT / "_build" / ".optimize-cache"
CACHE_VERSION = "optimize-1"


def store(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(path.suffix + f".{os.getpid()}.tmp")
    temporary.write_bytes(data)
    temporary.replace(path)


def site_characters(site: Path) -> set[int]:
    """Every character of every page and script of the site (charts' labels are in the pages)."""
    chars: set[str] = set()
    for path in sorted(site.rglob("*")):
        if path.suffix in (".html", ".js") and path.is_file() and not NOT_CLASS_SOURCES.search(path.name):
            chars.update(path.read_text(encoding="utf-8", errors="replace"))
    return {ord(c) for c in chars}


def arabic_typeface(edition: Path, chars: set[int], report: Report) -> None:
    """Subset the Arabic typeface to the characters the site uses, in place (the package's
    "arabic" files also cover Persian, Urdu, Sindhi and more: 53 kB a weight, of which the book
    needs 12). Small and preloaded, it usually arrives before the first paint, so the swap
    (font-display: swap, from fonts.css) that reflows every Arabic line, a layout shift, rarely
    happens. The print stylesheet uses the complete face installed on the machine."""
    from fontTools import subset

    css_path = edition / "_static" / "vendor" / "fonts.css"
    if not css_path.is_file():
        return
    css = css_path.read_text(encoding="utf-8")
    for face in _FACE.findall(css):
        for name in re.findall(r"url\(([^)]+\.woff2)\)", face):
            path = css_path.parent / name.strip("'\"")
            if not path.is_file():
                continue
            options = subset.Options()
            options.flavor = "woff2"
            options.layout_features = ["*"]  # Arabic shaping: init, medi, fina, rlig, marks...
            options.name_IDs = ["*"]
            options.name_languages = ["*"]
            options.notdef_outline = True
            options.recalc_timestamp = False
            source = path.read_bytes()
            key = hashlib.sha256(source + repr(sorted(chars | ARABIC_BASE)).encode() + CACHE_VERSION.encode()).hexdigest()
            cached = CACHE / f"{key}.woff2"
            if cached.is_file():
                data = cached.read_bytes()
            else:
                font = subset.load_font(str(path), options)
                wanted = sorted((chars | ARABIC_BASE) & set(font.getBestCmap()))
                if len(wanted) == len(font.getBestCmap()):
                    continue  # already no more than the site uses
                subsetter = subset.Subsetter(options)
                subsetter.populate(unicodes=wanted)
                subsetter.subset(font)
                out = io.BytesIO()
                subset.save_font(font, out, options)
                data = out.getvalue()
                store(cached, data)
            if data != source:
                path.write_bytes(data)
                report.fonts[path.relative_to(edition.parent).as_posix()] = (len(source), len(data))


def optimize(site: Path = SITE) -> Report:
    report = Report()
    chars = site_characters(site)
    for lang in EDITIONS:
        if (site / lang).is_dir():
            arabic_typeface(site / lang, chars, report)
            optimize_edition(site / lang, report)
    return report


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    site = Path(args[0]) if args else SITE
    report = optimize(site)
    for name, (before, after) in sorted(report.bundles.items()):
        print(f"optimize: {name}: {before / 1000:.0f} kB of stylesheets -> {after / 1000:.0f} kB")
    for name, (before, after) in sorted(report.fonts.items()):
        print(f"optimize: {name}: {before / 1000:.0f} kB -> {after / 1000:.0f} kB (the characters the site uses)")
    print(f"optimize: {report.pages} pages rewritten, {report.deferred} blocking scripts deferred"
          + (f"; scripts left as they were on {', '.join(report.untouched_scripts)}" if report.untouched_scripts else "")
          + (f"; removed {', '.join(report.removed)}" if report.removed else ""))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
