#!/usr/bin/env bash
# Set up everything the site and its tests need, idempotently: system packages (installed from Debian's archive when
# running as root and missing), the virtual environment .venv/ at the repository root, and the Python dependencies,
# exactly as pinned, with their hashes, in requirements/serve.lock (serving) or requirements/test.lock (tests).
# Usage: scripts/bootstrap.sh [--for-tests]
#   --for-tests  also Chromium (the browser the end-to-end tests drive), Wine (a real registry client for the
#                .reg / reg.exe snippet tests), Exim and dnsmasq (mail and DNS servers for the SMTP probe tests)
#                and Node.js with the browser code's tools: esbuild, TypeScript and ESLint (package-lock.json;
#                serving needs none of them: the built bundles are committed)
# SBSKB_PYTHON names the Python to build .venv/ with (default: python3).
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
  # Real mail and DNS servers that the SMTP probe tests start on 127.0.0.x (tests/smtp, stack notes §12); both
  # programs live in /usr/sbin, which a non-root PATH may lack. dnsmasq-base is the program without a system service.
  # Debian's exim4 may start its own daemon on port 25 of the loopback addresses; the tests never use port 25.
  if ! { [ -x /usr/sbin/exim4 ] || command -v exim4 >/dev/null 2>&1; } \
     || ! { [ -x /usr/sbin/dnsmasq ] || command -v dnsmasq >/dev/null 2>&1; }; then
    install_packages exim4-daemon-light dnsmasq-base \
      || echo "Without Exim and dnsmasq (or as non-root) the SMTP probe tests are skipped; everything else runs." >&2
  fi
  if ! command -v npm >/dev/null 2>&1; then
    install_packages nodejs npm || exit 1
  fi
  # ESLint 9 needs Node.js 18.18 or later (Debian 12 ships 18.20); esbuild and TypeScript need less.
  if ! node -e 'const [a, b] = process.versions.node.split(".").map(Number); process.exit(a > 18 || (a === 18 && b >= 18) ? 0 : 1)'; then
    echo "Node.js $(node --version) is too old for the browser code's tools: they need 18.18 or later." >&2
    exit 1
  fi
  # The browser code's tools, exactly as package-lock.json pins them (with their integrity hashes). No install
  # scripts: esbuild's binary comes as the npm package @esbuild/linux-x64 (or the one for this machine), with no
  # download of its own.
  if [ ! -f node_modules/.sbskb-installed ] || ! cmp -s package-lock.json node_modules/.sbskb-installed; then
    echo "Installing the browser code's tools (esbuild, TypeScript, ESLint) into node_modules/"
    npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
    cp package-lock.json node_modules/.sbskb-installed
  fi
fi

python=${SBSKB_PYTHON:-python3}
if [ -z "${SBSKB_PYTHON:-}" ] && ! command -v python3 >/dev/null 2>&1; then
  install_packages python3 python3-venv || exit 1
fi
# The lock files are resolved for these versions (requirements/README.md): Debian 12's 3.11, newer Debian and
# Ubuntu's 3.12 and 3.13.
if ! "$python" -c 'import sys; sys.exit(not (3, 11) <= sys.version_info[:2] <= (3, 13))' 2>/dev/null; then
  echo "$("$python" --version 2>&1 || echo "$python: not found") is not supported: the lock files serve Python 3.11 to 3.13 (set SBSKB_PYTHON to one of those)." >&2
  exit 1
fi

# A .venv/ of another Python (or a broken one) is made anew.
wanted=$("$python" -c 'import sys; print("%d.%d" % sys.version_info[:2])')
if ! .venv/bin/python -m pip --version >/dev/null 2>&1 \
   || [ "$(.venv/bin/python -c 'import sys; print("%d.%d" % sys.version_info[:2])')" != "$wanted" ]; then
  rm -rf .venv
  if ! "$python" -m venv .venv >/dev/null 2>&1; then
    rm -rf .venv
    # Debian and Ubuntu split ensurepip out of python3 into python3-venv.
    install_packages python3-venv || exit 1
    "$python" -m venv .venv
  fi
fi

# Install exactly the locked set, every file checked against its hash, into a new .venv/ whenever the lock file changed
# (installing over the old one would keep packages the lock no longer names).
lock=requirements/serve.lock
[ "$for_tests" = 1 ] && lock=requirements/test.lock
stamp=.venv/.sbskb-installed
# The test set holds the serving set at the same versions (tests/unit/test_locks.py), so a .venv/ set up for the
# tests also serves, and scripts/offline.sh run by a test changes nothing.
installed() { [ -f "$stamp" ] && { cmp -s "$lock" "$stamp" || { [ "$for_tests" = 0 ] && cmp -s requirements/test.lock "$stamp"; }; }; }
if ! installed; then
  if [ -f "$stamp" ]; then
    rm -rf .venv
    "$python" -m venv .venv
  fi
  echo "Installing Python dependencies into .venv/ from $lock"
  .venv/bin/python -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r "$lock"
  cp "$lock" "$stamp"
fi
