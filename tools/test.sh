#!/usr/bin/env bash
# Set up, build both editions from scratch, and run every test (pytest: data validation,
# nbval over the notebooks, the built site, headless Chromium on served pages, and one build of a
# scratch copy of the repository).
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/setup.sh
.venv/bin/python tools/build.py --all
# Two workers, one test at a time (--dist loadgroup), except that a notebook's cells run in order in
# one kernel and tests/test_scratch_build.py's steps share one scratch copy (tests/conftest.py groups them).
.venv/bin/python -m pytest -n 2 --dist loadgroup "$@"
