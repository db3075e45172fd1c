"""Run notebooks in place, storing their outputs together with the stamp of what they were computed from.

    .venv/bin/python tools/run_notebook.py notebooks/trade.ipynb [more ...]

Each notebook runs in its own folder with the project's kernel; execution timings are not
recorded (they would change the notebook for nothing). The stamp (tools/stamp.py) is written
with the outputs, after a successful run only, so a notebook that fails stays stale and
tools/build.py tries it again. Several notebooks run two at a time.
"""

from __future__ import annotations

import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import nbformat
from nbclient import NotebookClient

sys.path.insert(0, str(Path(__file__).resolve().parent))
import stamp  # noqa: E402

WORKERS = 2  # the project's machines have two cores


def run(path: Path) -> str:
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, timeout=600, kernel_name="python3", record_timing=False,
                            resources={"metadata": {"path": str(path.parent)}})
    client.execute()
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
    stamp.stamp(nb, path)
    nbformat.write(nb, path)
    return path.name


def run_all(paths: list[Path]) -> None:
    """Run ``paths``, two at a time; the first failure stops with the notebook's error."""
    if len(paths) == 1:
        print(f"running {paths[0].name} ...", flush=True)
        run(paths[0])
        return
    print(f"running {', '.join(p.name for p in paths)} ...", flush=True)
    with ProcessPoolExecutor(max_workers=WORKERS) as pool:
        for name in pool.map(run, paths):
            print(f"  ran {name}", flush=True)


def main(paths: list[str]) -> int:
    if not paths:
        print(__doc__)
        return 2
    run_all([Path(name).resolve() for name in paths])
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
