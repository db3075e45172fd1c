#!/usr/bin/env bash
# Set up (tools/setup.sh) and build both editions into _build/site/.
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/setup.sh
.venv/bin/python tools/build.py "$@"
