#!/usr/bin/env bash
# Set up everything the book needs on a Debian machine with Python 3.11 and Node 20:
#   - Debian packages: chromium (browser tests), fonts with Arabic glyphs (static chart
#     exports), poppler-utils (PDF checks) — installed with apt-get if missing;
#   - a virtual environment in .venv with the pinned Python packages and this project;
#   - the pinned npm packages (Vega, vega-embed, the Arabic typeface) in node_modules.
# Safe to run again: each step is skipped when already done.
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
# The PDF prints Arabic with the full Noto Naskh Arabic (its text layer stays whole; tools/pdf.py).
# grep reads the whole list (no -q): under pipefail, -q's early exit can kill fc-list with SIGPIPE and
# the font would then look missing.
fc-list 2>/dev/null | grep -i "Noto Naskh Arabic" >/dev/null || need_apt+=(fonts-noto-core)
command -v pdftotext >/dev/null 2>&1 || need_apt+=(poppler-utils)
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "== apt-get install ${need_apt[*]}"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need_apt[@]}" fontconfig
fi

if [ ! -x .venv/bin/python ]; then
  echo "== python3.11 -m venv .venv"
  python3.11 -m venv .venv 2>/dev/null || python3 -m venv .venv
fi
stamp=.venv/.requirements.sha
want=$(cat requirements.txt constraints.txt pyproject.toml | sha256sum | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  echo "== pip install -r requirements.txt -c constraints.txt"
  .venv/bin/python -m pip install -q --disable-pip-version-check -r requirements.txt -c constraints.txt
  .venv/bin/python -m pip install -q --disable-pip-version-check --no-build-isolation --no-deps -e .
  .venv/bin/python -m ipykernel install --sys-prefix --name python3 >/dev/null
  echo "$want" > "$stamp"
fi

lock=node_modules/.package-lock.sha
want=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ "$(cat "$lock" 2>/dev/null)" != "$want" ]; then
  echo "== npm ci"
  npm ci --no-audit --no-fund --loglevel=error
  echo "$want" > "$lock"
fi
