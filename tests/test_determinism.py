"""Two builds of the same commit give the same figures and the same downloads.

The second build runs in a scratch copy with an empty execution cache, so every notebook runs
again (nbval checks separately that re-running a notebook reproduces its stored outputs).
"""

from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))

from scratch import env, scratch_copy  # noqa: E402

SPEC = re.compile(r'<script type="application/json" class="bm-spec">(.*?)</script>', re.S)


def fingerprints(site: Path) -> dict[str, str]:
    """A digest of every chart specification (per page) and of every download (figures and data)."""
    out = {}
    for lang in ("en", "ar"):
        for page in sorted((site / lang / "book" / lang).glob("*.html")) + sorted((site / lang / "notebooks").glob("*.html")):
            specs = SPEC.findall(page.read_text(encoding="utf-8"))
            if specs:
                out[f"{page.relative_to(site)} (chart specs)"] = hashlib.sha256("\n".join(specs).encode()).hexdigest()
        for folder in ("figures", "data"):
            for path in sorted((site / lang / folder).rglob("*")):
                if path.is_file() and not path.name.startswith("."):
                    out[str(path.relative_to(site))] = hashlib.sha256(path.read_bytes()).hexdigest()
    return out


def test_a_second_build_of_the_same_commit_gives_the_same_figures_and_downloads(site):
    first = fingerprints(site)
    assert sum("figures/" in k for k in first) >= 90 and sum("chart specs" in k for k in first) >= 10
    work = scratch_copy(seed_cache=False)
    try:
        subprocess.run([sys.executable, "tools/build.py", "--all", "--no-pdf"], cwd=work, env=env(work), check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        second = fingerprints(work / "_build" / "site")
    finally:
        shutil.rmtree(work.parent)
    assert set(first) == set(second)
    differ = sorted(k for k in first if first[k] != second[k])
    assert differ == [], f"{len(differ)} outputs differ between two builds: {differ[:10]}"
