"""Copy the browser assets the book serves itself into _static/vendor/.

Sources are the npm packages pinned in package.json / package-lock.json (run `npm ci`):
  - vega, vega-lite, vega-embed -> _static/vendor/vega-bundle.js (one file, in load order,
    because vega-lite and vega-embed look for window.vega when they load);
  - @fontsource/noto-naskh-arabic -> _static/vendor/fonts/*.woff2 and fonts.css.
Fails if the installed Vega-Lite is not the version Altair writes its specifications for.
Licences of what is copied are recorded in THIRD-PARTY.md.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NODE = ROOT / "node_modules"
OUT = ROOT / "_static" / "vendor"
SCRIPTS = [
    ("vega", "build/vega.min.js"),
    ("vega-lite", "build/vega-lite.min.js"),
    ("vega-embed", "build/vega-embed.min.js"),
]
# Vega's CSP-safe expression interpreter ships only as an ES module importing from
# vega-util; vega's own bundle exports those helpers, so it is wrapped to use them.
INTERPRETER = ("vega-interpreter", "build/vega-interpreter.js")
FONT_PACKAGE = "@fontsource/noto-naskh-arabic"
FONT_FAMILY = "Noto Naskh Arabic"
FONT_WEIGHTS = (400, 700)
FONT_SUBSETS = ("arabic",)  # Latin text keeps the theme's own font


def installed_version(package: str) -> str:
    path = NODE / package / "package.json"
    if not path.is_file():
        raise SystemExit(f"{path} not found: run `npm ci` first (see README)")
    return json.loads(path.read_text())["version"]


def check_versions() -> None:
    import altair as alt

    wanted = json.loads((ROOT / "package.json").read_text())["dependencies"]
    for package, version in wanted.items():
        got = installed_version(package)
        if got != version:
            raise SystemExit(f"node_modules has {package} {got}, package.json pins {version}: run `npm ci`")
    if wanted["vega-lite"] != alt.VEGALITE_VERSION:
        raise SystemExit(f"Altair writes Vega-Lite {alt.VEGALITE_VERSION} specs but package.json pins {wanted['vega-lite']}")


def bundle() -> str:
    parts = []
    for package, rel in SCRIPTS:
        text = (NODE / package / rel).read_text(encoding="utf-8")
        text = re.sub(r"^//# sourceMappingURL=.*$", "", text, flags=re.M)
        parts.append(f"/* {package} {installed_version(package)} */\n{text.strip()}\n")
    parts.append(f"/* {INTERPRETER[0]} {installed_version(INTERPRETER[0])} */\n{interpreter()}\n")
    return "\n".join(parts)


def interpreter() -> str:
    """The ES module as a classic script that sets window.vega.expressionInterpreter."""
    text = (NODE / INTERPRETER[0] / INTERPRETER[1]).read_text(encoding="utf-8")
    text = re.sub(r"^//# sourceMappingURL=.*$", "", text, flags=re.M)
    imports = re.findall(r"^import \{([^}]*)\} from 'vega-util';$", text, flags=re.M)
    exports = re.findall(r"^export \{ (\w+) as expressionInterpreter \};$", text, flags=re.M)
    if len(imports) != 1 or len(exports) != 1 or re.search(r"^(import|export) ", text.replace(
            f"import {{{imports[0]}}} from 'vega-util';", "").replace(
            f"export {{ {exports[0]} as expressionInterpreter }};", ""), flags=re.M):
        raise SystemExit("vega-interpreter changed shape: update tools/vendor.py")
    body = re.sub(r"^import \{[^}]*\} from 'vega-util';$", f"const {{{imports[0]}}} = window.vega;", text, flags=re.M)
    body = re.sub(r"^export \{ \w+ as expressionInterpreter \};$",
                  f"window.vega.expressionInterpreter = {exports[0]};", body, flags=re.M)
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


def write_if_changed(path: Path, text: str) -> None:
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")


def main() -> None:
    check_versions()
    OUT.mkdir(parents=True, exist_ok=True)
    write_if_changed(OUT / "vega-bundle.js", bundle())
    write_if_changed(OUT / "fonts.css", fonts())


if __name__ == "__main__":
    main()
