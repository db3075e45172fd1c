"""The code follows the house rules (pyproject.toml, [tool.ruff]): ruff on the Python files, nbqa ruff on the notebooks."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent  # the environment's scripts: .venv/bin


def run(*command: str) -> subprocess.CompletedProcess:
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300)


def test_python_files_pass_ruff():
    result = run(str(BIN / "ruff"), "check", ".")
    assert result.returncode == 0, f"ruff check . found problems:\n{result.stdout}{result.stderr}"


def test_notebooks_pass_nbqa_ruff():
    result = run(str(BIN / "nbqa"), "ruff", "notebooks")
    assert result.returncode == 0, f"nbqa ruff notebooks found problems:\n{result.stdout}{result.stderr}"
