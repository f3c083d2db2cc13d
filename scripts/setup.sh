#!/usr/bin/env bash
# Set up a fresh Debian machine (Python 3.11) for building and testing the handbook:
# system packages from Debian, then a virtual environment in .venv with the project.
# Safe to run again: it installs only what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

# fonts-noto-cjk: the CJK font of every PDF and diagram; libharfbuzz-subset0: fast font
# subsetting (a Chinese page takes 0.3 s instead of 6 s); graphviz: org chart and
# flowcharts; chromium: browser tests; poppler-utils: pdftotext/pdftoppm in tests.
# (`handbook init`'s CI files install the first three: generator/scaffold/init.py.)
PACKAGES=(fonts-noto-cjk libharfbuzz-subset0 graphviz chromium poppler-utils)
# Node.js and npm: yaml-language-server (the server behind VS Code's YAML extension), which
# the editor tests drive; Debian's nodejs is enough. A machine with its own Node.js keeps it.
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then PACKAGES+=(nodejs npm); fi

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ]; then SUDO=""; elif command -v sudo >/dev/null; then SUDO="sudo"; else
    echo "setup: please install as root: apt-get install ${missing[*]}" >&2; exit 1
  fi
  echo "setup: installing ${missing[*]}" >&2
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
.venv/bin/python -m pip install -q --upgrade pip >/dev/null 2>&1 || true
.venv/bin/python -m pip install -q -e '.[test]'
.venv/bin/python -c "import generator, weasyprint, mkdocs" # fail here, not in the first build
# the pinned yaml-language-server of tests/editor/, from .tools/package-lock.json
if [ ! -x .tools/node_modules/.bin/yaml-language-server ] || [ .tools/package-lock.json -nt .tools/node_modules/.package-lock.json ]; then
  (cd .tools && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
fi
echo "setup: ready (.venv)" >&2
