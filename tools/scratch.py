"""A scratch copy of the repository, for measurements and tests that rebuild the book.

Copies the tracked (and untracked, not ignored) files, with the notebooks' stored outputs and
stamps, and links node_modules and .venv; nothing under _build/ is copied, so the copy draws its
figures afresh. Run commands in the copy with ``env(work)``: the linked .venv has this checkout's
bakumoscow installed in editable mode, and PYTHONPATH makes the copy's own package (and
with it the copy's data/) take precedence.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def scratch_copy(parent: Path | None = None) -> Path:
    parent = Path(parent or tempfile.mkdtemp(prefix="bm-scratch-"))
    work = parent / "book"
    files = subprocess.run(["git", "ls-files", "-co", "--exclude-standard"], cwd=ROOT, check=True,
                           capture_output=True, text=True).stdout.splitlines()
    for name in files:
        src = ROOT / name
        if src.is_file():
            (work / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, work / name)
    for linked in ("node_modules", ".venv"):
        (work / linked).symlink_to(ROOT / linked)
    return work


def env(work: Path) -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(work)}
