#!/usr/bin/env bash
# Set up everything the site and its tests need, idempotently: system packages (installed from Debian's archive when
# running as root and missing), the virtual environment .venv/ at the repository root, and the Python dependencies.
# Usage: scripts/bootstrap.sh [--for-tests]
#   --for-tests  also Chromium (the browser the end-to-end tests drive) and Wine (a real registry client for the
#                .reg / reg.exe snippet tests)
set -euo pipefail
cd "$(dirname "$0")/.."

for_tests=0
[ "${1:-}" = "--for-tests" ] && for_tests=1

install_packages() {  # install_packages PACKAGE... ; returns 1 when that is not possible here
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing system packages: $*"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq "$@" >/dev/null
  else
    echo "Missing system packages: $* (install them with: sudo apt-get install $*)" >&2
    return 1
  fi
}

if [ "$for_tests" = 1 ]; then
  if [ -z "${SBSKB_CHROMIUM:-}" ] && ! command -v chromium >/dev/null 2>&1; then
    # Playwright cannot download its own browser here; Debian's chromium works (stack notes §2, §4).
    install_packages chromium || {
      echo "Or set SBSKB_CHROMIUM to the path of a Chromium or Chrome executable." >&2
      exit 1
    }
  fi
  if ! command -v wine >/dev/null 2>&1; then
    # `wine` holds the wine command (it is only a Recommends of wine64); wine64 runs regedit and reg.exe.
    install_packages wine wine64 || echo "Without Wine the registry tests are skipped; everything else runs." >&2
  fi
fi

if ! .venv/bin/python -m pip --version >/dev/null 2>&1; then
  rm -rf .venv
  if ! python3 -m venv .venv >/dev/null 2>&1; then
    rm -rf .venv
    # Debian and Ubuntu split ensurepip out of python3 into python3-venv.
    install_packages python3-venv || exit 1
    python3 -m venv .venv
  fi
fi

# Reinstall only when the dependency list changed since the last successful install.
stamp=.venv/.sbskb-installed
if [ ! -f "$stamp" ] || ! cmp -s pyproject.toml "$stamp"; then
  echo "Installing Python dependencies into .venv/"
  .venv/bin/python -m pip install --quiet --disable-pip-version-check --upgrade pip
  .venv/bin/python -m pip install --quiet --disable-pip-version-check '.[test]'
  cp pyproject.toml "$stamp"
fi
