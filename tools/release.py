"""Make a release: one command bumps the version and writes what an archive needs.

    .venv/bin/python tools/release.py 0.5.0              # release dated today
    .venv/bin/python tools/release.py 0.5.0 --date 2026-12-03
    .venv/bin/python tools/release.py --check            # exit 1 if .zenodo.json or CITATION.cff is stale

It
1. sets ``version`` and ``date_released`` in ``metadata.yml`` (the one place the book's citation
   metadata lives; every page, citation format and PDF name follows it);
2. moves the changelog's "Unreleased" section under "<version> (<date>)" and links that release's
   PDFs, which carry the version in their names (``baku-moscow-en-<version>.pdf``);
3. writes ``.zenodo.json`` (title, authors, licence, keywords in both languages, related
   identifiers) so that a tagged release archived by Zenodo gets a DOI, and ``CITATION.cff``;
4. sets the data package's ``version`` in ``data/datapackage.json`` (the package follows the book).

Then commit, tag ``v<version>`` and push the tag. When Zenodo has minted the DOI, put it in
``metadata.yml`` (``doi``) and rebuild: the pages' metadata and every citation format carry it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
from citation import cff_text, metadata  # noqa: E402

METADATA = ROOT / "metadata.yml"
CHANGELOG = ROOT / "CHANGELOG.md"
ZENODO = ROOT / ".zenodo.json"
VERSION = re.compile(r"^\d+\.\d+\.\d+$")
PACKAGE = ROOT / "data" / "datapackage.json"


def zenodo(meta: dict) -> dict:
    """The Zenodo deposit metadata for the release (Zenodo reads .zenodo.json from the tagged tree)."""
    related = [{"identifier": meta["url"], "relation": "isAlternateIdentifier", "resource_type": "publication-book",
                "scheme": "url"},
               {"identifier": meta["repository"], "relation": "isSupplementedBy", "resource_type": "software",
                "scheme": "url"}]
    out = {
        "title": f"{meta['title']['en']} / {meta['title']['ar']}",
        "upload_type": "publication",
        "publication_type": "book",
        "description": f"<p>{meta['abstract']}</p><p lang=\"ar\" dir=\"rtl\">{meta['abstract_ar']}</p>",
        "creators": [{"name": a["name"]} for a in meta["authors"]],
        "version": meta["version"],
        "publication_date": str(meta["date_released"]),
        "license": meta["license"].lower(),
        "keywords": list(meta["keywords"]) + list(meta.get("keywords_ar", [])),
        "language": "eng",
        "related_identifiers": related,
        "notes": "Bilingual: English and Arabic editions. Text and data CC BY 4.0; code MIT.",
    }
    if meta.get("doi"):
        out["doi"] = meta["doi"]
    return out


def zenodo_text(meta: dict) -> str:
    return json.dumps(zenodo(meta), ensure_ascii=False, indent=2) + "\n"


def write_zenodo() -> None:
    """.zenodo.json from metadata.yml (the build calls this, so the file never lags behind)."""
    ZENODO.write_text(zenodo_text(metadata()), encoding="utf-8")


def bump_package(text: str, version: str) -> str:
    """``datapackage.json`` with its top-level ``version`` set (the first such key; the file's layout kept)."""
    text, n = re.subn(r'^(  "version": )"[^"]*"', rf'\g<1>"{version}"', text, count=1, flags=re.M)
    if n != 1:
        raise SystemExit("data/datapackage.json: expected a top-level \"version\" line")
    return text


def bump_metadata(text: str, version: str, date: str) -> str:
    text, n = re.subn(r'^version: ".*"$', f'version: "{version}"', text, count=1, flags=re.M)
    text, m = re.subn(r'^date_released: ".*"$', f'date_released: "{date}"', text, count=1, flags=re.M)
    if n != 1 or m != 1:
        raise SystemExit("metadata.yml: expected one 'version:' and one 'date_released:' line")
    return text


def release_changelog(text: str, version: str, date: str, url: str) -> str:
    """'## Unreleased' becomes '## <version> (<date>)' with the release's PDFs linked; a fresh,
    empty 'Unreleased' section goes above it."""
    if "\n## Unreleased\n" not in text:
        raise SystemExit("CHANGELOG.md has no '## Unreleased' section to release")
    pdfs = " · ".join(f"[PDF ({name})]({url}{lang}/baku-moscow-{lang}-{version}.pdf)"
                      for lang, name in (("en", "English"), ("ar", "العربية")))
    return text.replace("\n## Unreleased\n", f"\n## Unreleased\n\n## {version} ({date})\n\n{pdfs}\n", 1)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("version", nargs="?")
    parser.add_argument("--date", default=dt.date.today().isoformat())
    parser.add_argument("--check", action="store_true", help="only check that .zenodo.json and CITATION.cff are current")
    args = parser.parse_args(argv)
    if args.check:
        meta = metadata()
        stale = [p.name for p, text in ((ZENODO, zenodo_text(meta)), (ROOT / "CITATION.cff", cff_text(meta)))
                 if not p.is_file() or p.read_text(encoding="utf-8") != text]
        print("stale: " + ", ".join(stale) if stale else ".zenodo.json and CITATION.cff are current")
        return 1 if stale else 0
    if not args.version or not VERSION.match(args.version):
        parser.error("give the new version as MAJOR.MINOR.PATCH")
    dt.date.fromisoformat(args.date)
    METADATA.write_text(bump_metadata(METADATA.read_text(encoding="utf-8"), args.version, args.date), encoding="utf-8")
    meta = metadata()
    CHANGELOG.write_text(release_changelog(CHANGELOG.read_text(encoding="utf-8"), args.version, args.date, meta["url"]),
                         encoding="utf-8")
    ZENODO.write_text(zenodo_text(meta), encoding="utf-8")
    (ROOT / "CITATION.cff").write_text(cff_text(meta), encoding="utf-8")
    PACKAGE.write_text(bump_package(PACKAGE.read_text(encoding="utf-8"), args.version), encoding="utf-8")
    print(f"released {args.version} ({args.date}): metadata.yml, CHANGELOG.md, .zenodo.json, CITATION.cff, "
          f"data/datapackage.json. "
          f"Now commit, `git tag v{args.version}` and push the tag.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
