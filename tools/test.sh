#!/usr/bin/env bash
# Set up, make sure both editions are a clean build of the present files, and run every test (pytest:
# data validation, nbval over the notebooks, the built site, headless Chromium on served pages, and one
# build of a scratch copy of the repository).
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/setup.sh
# --clean builds from an empty Sphinx environment (as --all), unless _build/site/ already is such a build
# of exactly these files and is untouched since (tools/build.py checks both digests), as after
# `bash tools/book.sh` on a fresh clone: then the tests read that site instead of an identical rebuild.
.venv/bin/python tools/build.py --clean
# Two workers, one test at a time (--dist loadgroup), except that a notebook's cells run in order in
# one kernel and tests/test_scratch_build.py's steps share one scratch copy (tests/conftest.py groups them).
.venv/bin/python -m pytest -n 2 --dist loadgroup "$@"
