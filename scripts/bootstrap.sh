#!/usr/bin/env bash
# Set up everything the site and its tests need, idempotently: system packages (when root and missing), the
# virtual environment .venv/ at the repository root, and the project's Python dependencies.
# Usage: scripts/bootstrap.sh [--for-tests]   (--for-tests: also Chromium for the browser tests and Wine, a real
#                                             registry client, for the .reg / reg.exe snippet tests)
set -euo pipefail
cd "$(dirname "$0")/.."

for_tests=0
[ "${1:-}" = "--for-tests" ] && for_tests=1

apt_packages=()
if ! python3 -c 'import ensurepip, venv' >/dev/null 2>&1; then
  apt_packages+=(python3-venv)  # Debian splits ensurepip out of python3
fi
if [ "$for_tests" = 1 ] && [ -z "${SBSKB_CHROMIUM:-}" ] && ! command -v chromium >/dev/null 2>&1; then
  apt_packages+=(chromium)      # Playwright cannot download its own browser here; Debian's works
fi
if [ "$for_tests" = 1 ] && ! command -v wine >/dev/null 2>&1; then
  apt_packages+=(wine64)        # provides the `wine` command, with regedit and reg.exe
fi
if [ "${#apt_packages[@]}" -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing system packages: ${apt_packages[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${apt_packages[@]}" >/dev/null
  else
    echo "Missing system packages: ${apt_packages[*]}" >&2
    echo "Install them (for example: sudo apt-get install ${apt_packages[*]}), or for the browser set" >&2
    echo "SBSKB_CHROMIUM to the path of a Chromium or Chrome executable, then run this again." >&2
    echo "(Without Wine the registry tests are skipped with a reason; everything else still runs.)" >&2
    exit 1
  fi
fi

if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
# Reinstall only when the dependency list changed since the last successful install.
stamp=.venv/.sbskb-installed
if [ ! -f "$stamp" ] || ! cmp -s pyproject.toml "$stamp"; then
  .venv/bin/python -m pip install --quiet --disable-pip-version-check --upgrade pip
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
  cp pyproject.toml "$stamp"
fi
