"""Run one notebook (or several) in place, storing its outputs, as the tests expect them.

    .venv/bin/python tools/run_notebook.py notebooks/trade.ipynb

The notebook runs in its own folder with the project's kernel; execution timings are
not recorded (they would change the notebook, and with it the execution-cache key).
Stamps the data digests first (tools/stamp.py), so the stored notebook matches the data.
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient

sys.path.insert(0, str(Path(__file__).resolve().parent))
import stamp  # noqa: E402


def run(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, timeout=600, kernel_name="python3", record_timing=False,
                            resources={"metadata": {"path": str(path.parent)}})
    client.execute()
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
    nbformat.write(nb, path)


def main(paths: list[str]) -> int:
    if not paths:
        print(__doc__)
        return 2
    resolved = [Path(name).resolve() for name in paths]
    stamp.main(paths=resolved)  # only these: several notebooks may run side by side
    for path in resolved:
        print(f"running {path.name} ...", flush=True)
        run(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
