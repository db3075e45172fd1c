#!/usr/bin/env bash
# Set up, build both editions from scratch, and run every test (pytest: data validation,
# nbval over the notebooks, the built site, and headless Chromium on served pages).
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/setup.sh
.venv/bin/python tools/build.py --all
.venv/bin/python -m pytest "$@"
