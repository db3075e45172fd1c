"""Copy the browser assets the book serves itself into _static/vendor/.

Sources are the npm packages pinned in package.json / package-lock.json (run `npm ci`):
  - vega, vega-interpreter -> _assets/vega-bundle.js (one file, Vega first, because the
    interpreter takes its helpers from window.vega); tooltips are the book's own
    (_static/bm-charts.js). The charts arrive as Vega
    specifications compiled from Vega-Lite at build time (bakumoscow.charts, with
    vl-convert-python), so the reader's browser needs no Vega-Lite compiler, and
    _static/bm-charts.js draws them with Vega's own View, so no vega-embed either.
    It sits outside _static/ so that Jupyter Book does not put it on every page;
    _static/bm-charts.js loads it only on pages that have a chart;
  - @fontsource/noto-naskh-arabic -> _static/vendor/fonts/*.woff2 and fonts.css;
  - @fortawesome/fontawesome-free -> the theme's icons (icons.css and a subset font).
Fails if the installed Vega is not the version the compiled specifications are written for.
Licences of what is copied are recorded in THIRD-PARTY.md.
"""

from __future__ import annotations

import io
import json
import re
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NODE = ROOT / "node_modules"
OUT = ROOT / "_static" / "vendor"
ASSETS = ROOT / "_assets"
SCRIPTS = [
    ("vega", "build/vega.min.js"),
]
# Vega's CSP-safe expression interpreter ships only as an ES module importing from vega-util;
# vega's own bundle exports those helpers, so it is wrapped as a classic script that takes them
# from window.vega and publishes what the book uses.
MODULES = [
    ("vega-interpreter", "build/vega-interpreter.js", {"expressionInterpreter": "vega.expressionInterpreter"}),
]
FONT_PACKAGE = "@fontsource/noto-naskh-arabic"
FONT_FAMILY = "Noto Naskh Arabic"
FONT_WEIGHTS = (400, 700)
FONT_SUBSETS = ("arabic",)  # Latin text keeps the theme's own font
# The theme's icons. pydata-sphinx-theme ships Font Awesome as a 1.5 MB script holding
# every icon; the book serves the few glyphs its pages use, as a subset web font
# (_templates/static/webpack-macros.html drops the script). tests/test_site.py fails if a
# page uses an icon missing here.
ICON_PACKAGE = "@fortawesome/fontawesome-free"
ICONS = ("angle-left", "angle-right", "arrow-up", "bars", "circle-half-stroke", "code", "download",
         "expand", "file", "file-lines", "file-pdf", "home", "lightbulb", "list", "magnifying-glass",
         "moon", "outdent", "pencil", "pencil-alt", "play", "rocket", "sun")


def installed_version(package: str) -> str:
    path = NODE / package / "package.json"
    if not path.is_file():
        raise SystemExit(f"{path} not found: run `npm ci` first (see README)")
    return json.loads(path.read_text())["version"]


def check_versions() -> None:
    import vl_convert

    wanted = json.loads((ROOT / "package.json").read_text())["dependencies"]
    for package, version in wanted.items():
        got = installed_version(package)
        if got != version:
            raise SystemExit(f"node_modules has {package} {got}, package.json pins {version}: run `npm ci`")
    if wanted["vega"] != vl_convert.get_vega_version():
        raise SystemExit(f"vl-convert compiles for Vega {vl_convert.get_vega_version()} "
                         f"but package.json pins vega {wanted['vega']}")


def bundle() -> str:
    parts = []
    for package, rel in SCRIPTS:
        text = (NODE / package / rel).read_text(encoding="utf-8")
        text = re.sub(r"^//# sourceMappingURL=.*$", "", text, flags=re.M)
        parts.append(f"/* {package} {installed_version(package)} */\n{text.strip()}\n")
    for package, rel, publish in MODULES:
        parts.append(f"/* {package} {installed_version(package)} */\n{classic_script(package, rel, publish)}\n")
    return "\n".join(parts)


def classic_script(package: str, rel: str, publish: dict[str, str]) -> str:
    """An ES module that imports only from vega-util, as a classic script.

    Its one import line takes the helpers from window.vega; its one export line becomes
    assignments of the names in ``publish`` (exported name -> global path, such as
    ``vega.expressionInterpreter``). Any other shape stops the build: the wrapper would
    no longer be known to be right.
    """
    text = (NODE / package / rel).read_text(encoding="utf-8")
    text = re.sub(r"^//# sourceMappingURL=.*$", "", text, flags=re.M)
    imports = re.findall(r"^import \{([^}]*)\} from 'vega-util';$", text, flags=re.M)
    exports = re.findall(r"^export \{([^}]*)\};$", text, flags=re.M)
    rest = re.sub(r"^(import \{[^}]*\} from 'vega-util'|export \{[^}]*\});$", "", text, flags=re.M)
    if len(imports) > 1 or len(exports) != 1 or re.search(r"^(import|export)\b", rest, flags=re.M):
        raise SystemExit(f"{package} changed shape: update tools/vendor.py")
    local = {}
    for item in exports[0].split(","):
        name, _, alias = item.strip().partition(" as ")
        local[(alias or name).strip()] = name.strip()
    missing = set(publish) - set(local)
    if missing:
        raise SystemExit(f"{package} no longer exports {sorted(missing)}: update tools/vendor.py")
    lines = []
    for exported, target in publish.items():
        root, _, attribute = target.partition(".")
        lines.append(f"window.{root} = window.{root} || {{}}; window.{root}.{attribute} = {local[exported]};")
    body = re.sub(r"^import \{([^}]*)\} from 'vega-util';$", r"const {\1} = window.vega;", text, flags=re.M)
    body = re.sub(r"^export \{[^}]*\};$", "\n".join(lines), body, flags=re.M)
    return "(function () {\n" + body.strip() + "\n}());"


def fonts() -> str:
    folder = OUT / "fonts"
    folder.mkdir(parents=True, exist_ok=True)
    rules = []
    for subset in FONT_SUBSETS:
        css = (NODE / FONT_PACKAGE / f"{subset}.css").read_text(encoding="utf-8")
        for block in re.findall(r"@font-face\s*{[^}]*}", css):
            weight = int(re.search(r"font-weight:\s*(\d+)", block).group(1))
            if weight not in FONT_WEIGHTS:
                continue
            files = re.findall(r"url\(\./files/([^)]+\.woff2)\)", block)
            for name in files:
                shutil.copy2(NODE / FONT_PACKAGE / "files" / name, folder / name)
            block = re.sub(r"src:[^;]*;", f"src: url(fonts/{files[0]}) format('woff2');", block)
            rules.append(block)
    if not rules:
        raise SystemExit(f"no @font-face rules found in {FONT_PACKAGE}")
    header = f"/* {FONT_FAMILY} from {FONT_PACKAGE} {installed_version(FONT_PACKAGE)} (SIL Open Font License 1.1) */\n"
    return header + "\n".join(rules) + "\n"


def icons() -> str:
    """CSS for the listed icons and a subset of the solid icon font holding only them."""
    from fontTools import subset

    package = NODE / ICON_PACKAGE
    css = (package / "css" / "fontawesome.css").read_text(encoding="utf-8")
    codes = {}
    extra = theme_icon_codepoints()
    for name in ICONS:
        match = re.search(r"\.fa-" + re.escape(name) + r"::before\s*{\s*content:\s*\"\\([0-9a-f]+)\";", css)
        if not match:
            raise SystemExit(f"icon {name!r} not found in {ICON_PACKAGE}")
        codes[name] = match.group(1)
    font = OUT / "fonts" / "fa-solid-900-subset.woff2"
    font.parent.mkdir(parents=True, exist_ok=True)
    options = subset.Options()
    options.flavor = "woff2"
    options.layout_features = []
    options.name_IDs = ["*"]
    options.notdef_outline = True
    source = subset.load_font(str(package / "webfonts" / "fa-solid-900.ttf"), options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted({int(c, 16) for c in codes.values()} | extra))
    subsetter.subset(source)
    data = io.BytesIO()
    subset.save_font(source, data, options)
    if not font.exists() or font.read_bytes() != data.getvalue():
        font.write_bytes(data.getvalue())
    rules = [
        f"/* Font Awesome Free {installed_version(ICON_PACKAGE)}, solid icons used by the theme "
        "(icons CC BY 4.0, font SIL OFL 1.1, code MIT) */",
        ":root { --fa-font-solid: normal 900 1em/1 'Font Awesome 6 Free'; }",
        "@font-face { font-family: 'Font Awesome 6 Free'; font-style: normal; font-weight: 900;"
        " font-display: block; src: url(fonts/fa-solid-900-subset.woff2) format('woff2'); }",
        ".fa, .fas, .fa-solid { font-family: 'Font Awesome 6 Free'; font-weight: 900; font-style: normal;"
        " font-variant: normal; line-height: 1; text-rendering: auto; display: inline-block;"
        " -webkit-font-smoothing: antialiased; }",
        ".fa-lg { font-size: 1.25em; line-height: 0.05em; vertical-align: -0.075em; }",
    ]
    rules += [f'.fa-{name}::before {{ content: "\\{code}"; }}' for name, code in codes.items()]
    return "\n".join(rules) + "\n"


def theme_icon_codepoints() -> set[int]:
    """Icons the theme's stylesheet draws itself (admonitions, external links, arrows)."""
    import pydata_sphinx_theme

    css = (Path(pydata_sphinx_theme.__file__).parent / "theme" / "pydata_sphinx_theme" / "static"
           / "styles" / "pydata-sphinx-theme.css").read_text(encoding="utf-8")
    found = {}
    for name, value in re.findall(r'--pst-icon-([a-z-]+):"([^"]+)"', css):
        if name not in ("github", "gitlab"):  # brand icons: another font, not used here
            found[name] = ord(value)
    if not found:
        raise SystemExit("no --pst-icon-* variables in the theme's stylesheet: update tools/vendor.py")
    return set(found.values())


def write_if_changed(path: Path, text: str) -> None:
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")


def main() -> None:
    check_versions()
    OUT.mkdir(parents=True, exist_ok=True)
    ASSETS.mkdir(exist_ok=True)
    write_if_changed(ASSETS / "vega-bundle.js", bundle())
    write_if_changed(OUT / "fonts.css", fonts())
    write_if_changed(OUT / "icons.css", icons())


if __name__ == "__main__":
    main()
